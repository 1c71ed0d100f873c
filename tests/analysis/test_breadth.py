"""analysis/breadth.py: held-out pass@1 against the number of concept families seen."""

import math

import matplotlib
import pandas as pd
import pytest

from phi1lib.analysis import breadth
from phi1lib.core.stats import bits_per_char
from phi1lib.eval.passk import wilson_interval

matplotlib.use("Agg")


def test_problem_group_by_split_and_the_runs_families():
    assert breadth.problem_group({"split": "family", "concept": "a"}, ["a"]) == "held-out family"
    assert breadth.problem_group({"split": "instance", "concept": "a"}, ["a", "b"]) == "seen"
    assert breadth.problem_group({"split": "instance", "concept": "c"}, ["a", "b"]) == "unseen"


def _results():
    rows = []
    # two runs at 2 families (seeds 0, 1), one at 4 (it saw every family: no "unseen" group)
    for k, seed, groups in [(2, 0, {"seen": [1, 1, 0, 0], "unseen": [1, 0], "held-out family": [0, 0, 0]}),
                            (2, 1, {"seen": [1, 0, 0, 0], "unseen": [0, 0], "held-out family": [0, 0, 0]}),
                            (4, 0, {"seen": [1, 1, 1, 0, 0, 0], "held-out family": [1, 0, 0]})]:
        for group, passes in groups.items():
            for i, p in enumerate(passes):
                rows.append({"families": k, "seed": seed, "group": group, "passed": bool(p), "parses": i % 2 == 0,
                             "sum_logprob": -float(i + 1), "n_chars": 10})
    return pd.DataFrame(rows)


def test_breadth_table_per_run_and_group():
    results = _results()
    table = breadth.breadth_table(results)
    assert list(table.columns) == breadth.COLUMNS
    assert list(table["group"]) == ["seen"] * 3 + ["unseen"] * 2 + ["held-out family"] * 3
    assert list(zip(table["families"], table["seed"]))[:3] == [(2, 0), (2, 1), (4, 0)]
    seen = table.iloc[0]
    assert (seen["problems"], seen["passed"], seen["pass@1"]) == (4, 2, 0.5)
    assert (seen["pass@1_lo"], seen["pass@1_hi"]) == pytest.approx(wilson_interval(0.5, 4))
    assert seen["bits_per_char"] == pytest.approx(bits_per_char(-10.0, 40))  # character-weighted, summed first
    assert seen["parse"] == 0.5
    nothing = table[(table["group"] == "held-out family") & (table["families"] == 2)].iloc[0]
    assert nothing["pass@1"] == 0 and nothing["pass@1_lo"] == 0.0 and nothing["pass@1_hi"] > 0
    assert not ((table["group"] == "unseen") & (table["families"] == 4)).any()


def test_seed_means_report_the_spread_over_runs():
    means = breadth.seed_means(breadth.breadth_table(_results()))
    row = means[(means["group"] == "seen") & (means["families"] == 2)].iloc[0]
    assert (row["seeds"], row["problems"], row["passed"]) == (2, 8, 3)
    assert (row["pass@1"], row["pass@1_min"], row["pass@1_max"]) == (0.375, 0.25, 0.5)
    one = means[(means["group"] == "seen") & (means["families"] == 4)].iloc[0]
    assert one["seeds"] == 1 and one["pass@1"] == 0.5 and not math.isnan(one["bits_per_char"])


def test_plot_draws_a_line_per_group_on_both_panels():
    fig = breadth.plot_breadth(breadth.breadth_table(_results()))
    passes, bpc = fig.axes
    assert [t.get_text().split(" (")[0] for t in passes.get_legend().get_texts()] == list(breadth.GROUPS)
    assert len(passes.containers) == 3 and len(bpc.get_legend().get_texts()) == 3
    assert [t.get_text() for t in passes.get_xticklabels()] == ["2", "4"]
    assert passes.get_ylim()[0] < 0  # a line at 0 stays visible above the axis


def test_plot_draws_the_model_before_finetuning_as_dashed_lines():
    base = pd.DataFrame([{"families": 0, "seed": 0, "group": g, "passed": False, "parses": True,
                          "sum_logprob": -30.0, "n_chars": 10} for g in ("unseen", "held-out family")])
    table = breadth.breadth_table(pd.concat([_results(), base]))
    assert list(table[table["families"] == 0]["group"]) == ["unseen", "held-out family"]
    passes, bpc = breadth.plot_breadth(table).axes
    dashed = [line for line in bpc.get_lines() if line.get_linestyle() == "--" and len(line.get_ydata())]
    assert sorted(line.get_ydata()[0] for line in dashed) == pytest.approx([bits_per_char(-30.0, 10)] * 2)
    assert [t.get_text() for t in passes.get_xticklabels()] == ["2", "4"]  # 0 is no point on the log axis
    assert "dashed: before finetuning" in [t.get_text() for t in bpc.get_legend().get_texts()]
    assert not breadth.plot_breadth(pd.DataFrame(columns=breadth.COLUMNS)).axes[0].axison


def test_load_sweep_reads_what_the_sweep_kept(tmp_path):
    assert breadth.load_sweep(tmp_path) is None
    table = breadth.breadth_table(_results())
    table.to_csv(tmp_path / "breadth.csv", index=False)
    (tmp_path / "runs.json").write_text('{"steps": 5, "runs": []}')
    loaded, meta = breadth.load_sweep(tmp_path)
    pd.testing.assert_frame_equal(loaded, table, check_dtype=False)
    assert meta["steps"] == 5
    assert breadth.sweep_dir().parts[-3:] == ("benchmarks", "results", "families")
