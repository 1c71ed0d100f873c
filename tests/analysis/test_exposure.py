"""analysis/exposure.py: held-out pass@1 against the exercises of the problem's family seen."""

import matplotlib
import pandas as pd
import pytest

from phi1lib.analysis import exposure
from phi1lib.eval.passk import wilson_interval

matplotlib.use("Agg")

# families a (1 exercise), b (3), c (5) seen in finetuning; z never (a held-out family)
EXERCISES = [{"concept": "a"}] + [{"concept": "b"}] * 3 + [{"concept": "c"}] * 5 + [{"name": "no concept"}]
HELDOUT = [{"task_id": f"{c}{i}", "concept": c, "answer": "x" * (i + 1)} for c in "abcz" for i in range(2)]


def _per_problem(passes: dict[str, list[int]], model: str = "m", benchmark=lambda t: "heldout_instance"):
    return [{"model": model, "benchmark": "heldout_family" if t.startswith("z") else benchmark(t),
             "task_id": t, "sample": s, "passed": bool(p)} for t, ps in passes.items() for s, p in enumerate(ps)]


def test_family_counts_skip_exercises_without_a_family():
    assert exposure.family_counts(EXERCISES) == {"a": 1, "b": 3, "c": 5}


def test_pass_at_1_per_bin_of_exercises_seen_with_wilson_intervals():
    rows = _per_problem({"a0": [0], "a1": [0], "b0": [1], "b1": [0], "c0": [1], "c1": [1], "z0": [0], "z1": [0]})
    rows += _per_problem({"a0": [1], "a1": [1]}, model="other")
    rows += [{"model": "m", "benchmark": "humaneval", "task_id": "HumanEval/0", "sample": 0, "passed": True}]
    table = exposure.exposure_table(pd.DataFrame(rows), HELDOUT, EXERCISES, models=["m"], n_bins=3)
    assert list(table.columns) == exposure.COLUMNS and set(table["model"]) == {"m"}
    assert list(table["exercises seen"]) == ["0 (held-out families)", "1", "3", "5"]
    assert list(table["problems"]) == [2, 2, 2, 2] and list(table["passed"]) == [0, 0, 1, 2]
    assert list(table["pass@1"]) == [0.0, 0.0, 0.5, 1.0] and list(table["families"]) == [1, 1, 1, 1]
    assert list(table["answer chars (mean)"]) == [1.5] * 4  # each bin's problems: answers of 1 and 2 chars
    assert (table.loc[2, "pass@1_lo"], table.loc[2, "pass@1_hi"]) == pytest.approx(wilson_interval(0.5, 2))
    assert table.loc[0, "pass@1_lo"] == 0.0 and table.loc[0, "pass@1_hi"] > 0


def test_bins_hold_ranges_of_counts_and_samples_average_per_problem():
    rows = _per_problem({"a0": [1, 0], "a1": [0, 0], "b0": [1, 1], "b1": [0, 0], "c0": [1, 1], "c1": [1, 1]})
    table = exposure.exposure_table(pd.DataFrame(rows), HELDOUT, EXERCISES, n_bins=2)
    assert list(table["exercises seen"]) == ["1-3", "5"]  # a and b share a bin
    assert table.loc[0, "pass@1"] == pytest.approx((0.5 + 0 + 1 + 0) / 4) and table.loc[0, "problems"] == 4
    empty = exposure.exposure_table(pd.DataFrame(rows), HELDOUT, EXERCISES, models=["nobody"])
    assert empty.empty and list(empty.columns) == exposure.COLUMNS


def test_plot_draws_one_line_with_intervals_per_model():
    rows = _per_problem({"a0": [1], "c0": [0], "z0": [0]}) + _per_problem({"a0": [0], "c0": [1], "z0": [0]}, "n")
    table = exposure.exposure_table(pd.DataFrame(rows), HELDOUT, EXERCISES)
    ax = exposure.plot_exposure(table).axes[0]
    assert len(ax.containers) == 2 and [t.get_text() for t in ax.get_legend().get_texts()] == ["m", "n"]
    assert [t.get_text().split("\n")[0] for t in ax.get_xticklabels()] == ["0 (held-out families)", "1", "5"]
    assert not exposure.plot_exposure(pd.DataFrame(columns=exposure.COLUMNS)).axes[0].axison
