"""core/stats.py: bits per character and the bootstrap intervals, equal to the copies they replaced.

Each `_old_*` below is the code a caller had before `core.stats` was their one home (issue 16): the
data ablation, the emergence tables, `passk` and `loglik`. Same seed, same inputs: the same numbers,
to the last bit.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from phi1lib.core import stats
from phi1lib.eval import passk


def _old_loglik_bpc(total, chars):  # eval/loglik.py, per problem and summarized
    return -total / math.log(2) / chars if chars else float("nan")


def _old_ablation_bpc(lp, chars):  # analysis/ablation.py
    return -lp.sum(axis=-1) / math.log(2) / chars.sum(axis=-1)


def _old_emergence_bits(rows):  # analysis/emergence_tables.py
    return -rows["sum_logprob"] / math.log(2)


def _old_bootstrap_ci(values, n_boot=10_000, alpha=0.05, seed=0):  # eval/passk.py
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    means = x[rng.integers(0, x.size, size=(n_boot, x.size))].mean(axis=1)
    return float(np.quantile(means, alpha / 2)), float(np.quantile(means, 1 - alpha / 2))


def _old_two_level(n_seeds, n_tasks, n_boot, rng):  # analysis/ablation.py
    seeds = rng.integers(0, n_seeds, size=(n_boot, n_seeds)) if n_seeds > 1 else np.zeros((n_boot, 1), int)
    tasks = rng.integers(0, n_tasks, size=(n_boot, n_tasks))
    return seeds, tasks


def _old_boot(xa, wa, xb=None, wb=None, *, paired_problems=True, paired_units=False, n_boot=2000, seed=0):
    # analysis/emergence_tables.py
    if xa.size == 0 or (xb is not None and xb.size == 0):
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(seed)

    def value(x, w, counts, units):
        sums = counts @ x.T
        return np.take_along_axis(sums, units, axis=1).mean(axis=1) / (counts @ w)

    def draw(x, r):
        n, k = x.shape[1], x.shape[0]
        return rng.multinomial(n, np.full(n, 1.0 / n), size=r).astype(float), rng.integers(0, k, size=(r, k))

    out = []
    for start in range(0, n_boot, 250):
        r = min(250, n_boot - start)
        ca, ua = draw(xa, r)
        v = value(xa, wa, ca, ua)
        if xb is not None:
            cb, ub = draw(xb, r)
            v = v - value(xb, wb, ca if paired_problems else cb, ua if paired_units else ub)
        out.append(v)
    out = np.concatenate(out)
    return float(np.quantile(out, 0.025)), float(np.quantile(out, 0.975))


def _same(a, b) -> bool:
    """Equal to the bit, NaN equal to NaN."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.all((a == b) | (np.isnan(a) & np.isnan(b))))


def test_bits_per_char_equals_every_former_copy():
    rng = np.random.default_rng(0)
    for total, chars in zip(-rng.uniform(0, 500, 200), rng.integers(0, 80, 200)):
        assert _same(stats.bits_per_char(total, chars), _old_loglik_bpc(total, chars))
        assert _same(stats.bits_per_char(float(total), int(chars)), _old_loglik_bpc(float(total), int(chars)))
    assert math.isnan(stats.bits_per_char(-3.0, 0))
    lp, chars = -rng.uniform(0, 90, (4, 37)), rng.integers(1, 60, 37).astype(float)
    assert _same(stats.bits_per_char(lp.sum(axis=-1), chars.sum(axis=-1)), _old_ablation_bpc(lp, chars))
    idx = rng.integers(0, 37, (50, 37))
    assert _same(stats.bits_per_char(lp[:, idx].transpose(1, 0, 2).sum(axis=-1), chars[idx][:, None, :].sum(axis=-1)),
                 _old_ablation_bpc(lp[:, idx].transpose(1, 0, 2), chars[idx][:, None, :]))
    rows = pd.DataFrame({"sum_logprob": lp.ravel()})
    assert stats.bits(rows["sum_logprob"]).equals(_old_emergence_bits(rows))


def test_bootstrap_ci_equals_the_former_passk_copy():
    rng = np.random.default_rng(1)
    for n in (0, 1, 7, 50, 164):
        values = (rng.random(n) < 0.3).astype(float)
        for seed in (0, 3):
            assert _same(stats.bootstrap_ci(values, 1500, seed=seed), _old_bootstrap_ci(values, 1500, seed=seed))
            assert _same(stats.bootstrap_ci(values, 800, 0.1, seed), _old_bootstrap_ci(values, 800, 0.1, seed))
    assert passk.bootstrap_ci is stats.bootstrap_ci


def test_percentile_interval_is_the_former_quantile_pair():
    values = np.random.default_rng(2).normal(size=999)
    assert stats.percentile_interval(values) == (float(np.quantile(values, 0.025)), float(np.quantile(values, 0.975)))
    assert stats.percentile_interval(values, 0.05) == (float(np.quantile(values, 0.05 / 2)),
                                                       float(np.quantile(values, 1 - 0.05 / 2)))


@pytest.mark.parametrize("n_units", [1, 2, 3, 5])
def test_two_level_indices_equal_the_former_ablation_draws(n_units):
    new = stats.two_level_indices(n_units, 40, 300, np.random.default_rng(4))
    old = _old_two_level(n_units, 40, 300, np.random.default_rng(4))
    assert all(np.array_equal(a, b) for a, b in zip(new, old))


def test_two_level_interval_equals_the_former_emergence_copy():
    rng = np.random.default_rng(5)
    xa, xb = rng.normal(2, 1, (3, 45)), rng.normal(2.2, 1, (3, 45))
    wa = rng.integers(10, 90, 45).astype(float)
    for kwargs in ({}, {"paired_units": True}, {"paired_problems": False}, {"n_boot": 777, "seed": 9}):
        assert _same(stats.two_level_interval(xa, wa, xb, wa, **kwargs), _old_boot(xa, wa, xb, wa, **kwargs))
        assert _same(stats.two_level_interval(xa, wa, **kwargs), _old_boot(xa, wa, **kwargs))
    ones = np.ones(20)
    pa = (rng.random((1, 20)) < 0.4).astype(float)
    assert _same(stats.two_level_interval(pa, ones, n_boot=300), _old_boot(pa, ones, n_boot=300))
    assert _same(stats.two_level_interval(np.empty((2, 0)), np.empty(0)), (np.nan, np.nan))
