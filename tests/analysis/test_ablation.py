"""ablation.py on hand-made per-problem results: estimates, intervals, paired checks, the figure."""

import math

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

from phi1lib.analysis import ablation as A
from phi1lib.eval.passk import wilson_interval

TASKS = [f"T/{i}" for i in range(40)]


def _rows(model, bench, passed, logprob, chars=10):
    return [{"model": model, "benchmark": bench, "task_id": t, "sample": 0, "passed": p,
             "sum_logprob": lp, "n_chars": chars, "n_tokens": 4} for t, p, lp in zip(TASKS, passed, logprob)]


def _study(rng=np.random.default_rng(0)):
    """unfiltered < filtered (clearly, in bits/char) on one shape with 3 seeds, a larger shape with 1."""
    per, summ = [], []
    for data, shape, params, seeds, base in (("unfiltered code", "s", 1e6, 3, -30.0), ("filtered code", "s", 1e6, 3, -25.0),
                                             ("filtered code", "l", 4e6, 1, -20.0)):
        for seed in range(seeds):
            name = f"{shape}-{data[:4]}-s{seed}"
            passed = [bool(i < 10) if data == "filtered code" else bool(i < 2) for i in range(len(TASKS))]
            per += _rows(name, "humaneval", passed, base + rng.normal(0, 0.5, len(TASKS)))
            summ.append({"model": name, "benchmark": "humaneval", "shape": shape, "seed": seed, "data": data,
                         "params": params, "tokens_seen": 1000})
    return pd.DataFrame(summ), pd.DataFrame(per)


def test_group_estimates_match_direct_computation():
    summary, per = _study()
    models = ["s-filt-s0", "s-filt-s1", "s-filt-s2"]
    est = A.group_estimates(per, models, "humaneval", n_boot=500)
    part = per[per["model"].isin(models)]
    assert est["seeds"] == 3 and est["n_tasks"] == 40
    assert est["pass@1"] == pytest.approx(10 / 40)
    bpc = [-part[part.model == m]["sum_logprob"].sum() / math.log(2) / 400 for m in models]
    assert est["bits_per_char"] == pytest.approx(np.mean(bpc))
    assert est["bits_per_char_lo"] < est["bits_per_char"] < est["bits_per_char_hi"]
    assert est["pass@1_lo"] < 0.25 < est["pass@1_hi"]
    assert A.group_estimates(per, models, "mbpp")["n_tasks"] == 0


def test_model_groups_follow_the_figure_order():
    summary, _ = _study()
    groups = A.model_groups(summary.iloc[::-1])
    assert list(zip(groups["data"], groups["shape"])) == [("unfiltered code", "s"), ("filtered code", "s"),
                                                         ("filtered code", "l")]
    assert groups["models"][0] == ["s-unfi-s0", "s-unfi-s1", "s-unfi-s2"]


def test_ablation_table_has_every_group_with_intervals():
    summary, per = _study()
    table = A.ablation_table(summary, per, n_boot=300)
    assert list(table["seeds"]) == [3, 3, 1]
    assert (table["bits_per_char_lo"] <= table["bits_per_char"]).all()
    assert (table["bits_per_char"] <= table["bits_per_char_hi"]).all()
    assert table["bits_per_char"].is_monotonic_decreasing  # better data, bigger model: fewer bits


def test_direction_checks_say_agrees_disagrees_or_cannot_tell():
    summary, per = _study()
    checks = A.direction_checks(summary, per, n_boot=500)
    data_row = checks[checks["claim (paper)"] == "filtered code beats unfiltered code"].iloc[0]
    assert data_row["bits/char verdict"] == "agrees" and data_row["bits_per_char_gain"] > 0
    assert data_row["pass@1 verdict"] == "agrees" and data_row["pass@1_gain"] == pytest.approx(8 / 40)
    size_row = checks[checks["claim (paper)"] == "the larger model beats the smaller"].iloc[0]
    assert size_row["compared"] == "s -> l" and size_row["bits/char verdict"] == "agrees"
    # the same comparison the other way round disagrees
    flipped = A.paired_difference(per, ["s-filt-s0"], ["s-unfi-s0"], "humaneval", n_boot=300)
    assert A.verdict(flipped["bits_per_char_gain_lo"], flipped["bits_per_char_gain_hi"]) == "disagrees"


def test_verdict():
    assert A.verdict(0.1, 0.3) == "agrees" and A.verdict(-0.3, -0.1) == "disagrees"
    assert A.verdict(-0.1, 0.2) == "cannot tell" and A.verdict(float("nan"), 1.0) == "not measured"


def test_plot_ablation_draws_paper_and_ours():
    summary, per = _study()
    fig = A.plot_ablation(A.ablation_table(summary, per, n_boot=100))
    assert len(fig.axes) == 3 and len(fig.axes[1].patches) == 3 and len(fig.axes[2].patches) == 3
    empty = A.plot_ablation(pd.DataFrame())
    assert not empty.axes[1].axison


def test_table1_puts_ours_with_intervals_under_the_papers_rows():
    summary, per = _study()
    table = A.table1(A.ablation_table(summary, per, n_boot=200), label="measured here (test)")
    paper = table[table["source"] == "reported by the paper"]
    ours = table[table["source"] == "measured here (test)"]
    assert len(paper) == 6 and list(ours["model"]) == ["s (unfiltered code)", "s (filtered code)", "l (filtered code)"]
    assert ours.iloc[1]["HumanEval pass@1 (%)"] == 25.0
    assert ours.iloc[1]["HumanEval pass@1 % [95% CI]"].startswith("25.0 [")
    assert ours.iloc[0]["seeds"] == 3 and ours.iloc[2]["params"] == "4.0M"
    assert len(A.table1(pd.DataFrame())) == 6


def test_wilson_interval_and_a_zero_pass_rate_is_not_certain():
    from phi1lib.eval.passk import summarize

    lo, hi = wilson_interval(0.0, 50)
    assert lo == 0.0 and hi == pytest.approx(0.0713, abs=1e-3)
    assert [wilson_interval(0.0, n)[0] for n in (300, 500)] == [0.0, 0.0]  # exactly: floats left ~1e-18
    assert wilson_interval(1.0, 50)[1] == 1.0
    lo, hi = wilson_interval(0.5, 100)
    assert lo == pytest.approx(0.4038, abs=1e-3) and hi == pytest.approx(0.5962, abs=1e-3)
    summary, per = _study()
    per = per.assign(passed=False)
    est = A.group_estimates(per, ["s-filt-s0"], "humaneval", n_boot=200)
    assert est["pass@1"] == 0 and est["pass@1_lo"] == 0 and est["pass@1_hi"] == pytest.approx(wilson_interval(0, 40)[1])
    zero = summarize([{"task_id": t, "passed": False} for t in TASKS[:50]], (1,))
    assert zero["pass@1"] == 0 and zero["pass@1_ci"] == pytest.approx((0.0, wilson_interval(0, 40)[1]))
