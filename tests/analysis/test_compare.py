"""Two runs side by side: the figures per model, and paired differences with their intervals."""

import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from phi1lib.analysis.compare import paired_differences, run_figures, side_by_side

ROOT = Path(__file__).resolve().parents[2]


def _evaluate_dir(path: Path, passes: float, parse: float, bpc: float) -> Path:
    path.mkdir()
    pd.DataFrame([{"model": "m", "benchmark": "humaneval", "n_tasks": 164, "pass@1": passes, "bits_per_char": bpc,
                   "seed": 0}]).to_csv(path / "summary.csv", index=False)
    pd.DataFrame([{"model": "m", "benchmark": "humaneval", "completions": 164, "parse": parse}]).to_csv(
        path / "parse_rates.csv", index=False)
    return path


def test_run_figures_and_side_by_side(tmp_path):
    a = run_figures(_evaluate_dir(tmp_path / "a", 3 / 164, 0.5, 2.0))
    b = run_figures(_evaluate_dir(tmp_path / "b", 1 / 164, 0.75, 1.5))
    assert a.loc[0, "passed"] == 3 and b.loc[0, "passed"] == 1
    row = side_by_side(a, b, ("old", "new")).iloc[0]
    assert row["passed, old"] == "3/164" and row["passed, new"] == "1/164"
    assert row["parse %, old"] == 50.0 and row["parse %, new"] == 75.0
    assert row["bits/char change"] == -0.5


def _per_problem(passed, syntax, logprobs):
    def result(p, s):
        return "failed: SyntaxError: x" if s else ("passed" if p else "failed: AssertionError")

    return pd.DataFrame([{"model": "m", "benchmark": "x", "task_id": f"t{i}", "passed": p, "result": result(p, s),
                          "sum_logprob": lp, "n_chars": 10}
                         for i, (p, s, lp) in enumerate(zip(passed, syntax, logprobs))])


def test_paired_differences_equal_the_hand_computed_ones():
    a = _per_problem([1, 0, 0, 0], [0, 1, 1, 0], [-10, -10, -10, -10])
    b = _per_problem([1, 1, 0, 0], [0, 0, 1, 0], [-5, -5, -5, -5])
    row = paired_differences(a, b, "m", n_boot=500).iloc[0]
    assert row["problems"] == 4
    assert row["pass@1 change"] == pytest.approx(0.25) and row["no syntax error change"] == pytest.approx(0.25)
    assert row["bits/char, a"] == pytest.approx(10 / math.log(2) / 10)
    assert row["bits/char change"] == pytest.approx(-5 / math.log(2) / 10)
    # every problem changes bits/char by the same amount, so every replicate does too
    assert row["bits/char change_lo"] == pytest.approx(row["bits/char change_hi"])
    assert row["pass@1 change_lo"] <= 0.25 <= row["pass@1 change_hi"] and row["pass@1 change_lo"] >= 0
    # only the problems both runs scored are paired
    assert paired_differences(a, b.iloc[:2], "m").iloc[0]["problems"] == 2
    assert paired_differences(a, b, "other").empty


def test_compare_runs_script_refuses_a_folder_without_tables(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "compare_runs.py"), str(tmp_path), str(tmp_path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2 and str(tmp_path) in done.stderr and len(done.stderr.strip().splitlines()) == 1
