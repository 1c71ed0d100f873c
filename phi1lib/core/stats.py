"""Numbers the evaluation and the analyses share: bits per character and bootstrap intervals.

Bits per character (`bits`, `bits_per_char`): a reference solution's log-probability in nats turned
into bits and divided by its characters, a tokenizer-free unit (`eval.loglik`). Summed over problems
before dividing (character-weighted), so long solutions count for what they are; lower is better.

Bootstrap intervals, all percentile intervals (`percentile_interval`, 95% by default), in three
resampling schemes that give different numbers from the same seed, so each caller keeps its own:

- `bootstrap_ci`: the mean of one vector, resampling its entries (problems) with replacement. pass@k
  over problems (`eval.passk.summarize`) and the emergence tables' per-cell pass@1.
- `two_level_indices`: index matrices that resample models (seeds) and problems together, for
  arrays small enough to gather whole (n_boot x seeds x problems): the data ablation
  (`analysis.ablation`), whose paired comparisons share the problem draw and draw each side's seeds.
- `two_level_interval`: the same two levels for a ratio of sums (bits over characters, passes over
  problems) as problem counts (multinomial) times the matrix, in chunks of 250 replicates, so the memory
  stays at 250 x problems however many problems are scored, with pairing of problems and of units
  as options: the emergence analysis (`analysis.emergence_tables`).

A bootstrap over problems alone calls seed-to-seed noise significant; the two-level schemes cover both
sources of spread. Where every problem fails the bootstrap collapses to a point; pass rates widen it
to Wilson's interval (`eval.passk.pass_interval`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

LN2 = math.log(2)


def bits(logprob: Any) -> Any:
    """Information in bits of a log-probability in nats (a float, an array or a pandas Series)."""
    return -logprob / LN2


def bits_per_char(sum_logprob: Any, n_chars: Any) -> Any:
    """Bits per character of `n_chars` characters scored `sum_logprob` nats in all.

    Scalars: a float, NaN for no characters. Arrays (element by element): no NaN guard.
    """
    if np.ndim(sum_logprob) == 0 and np.ndim(n_chars) == 0:
        return bits(sum_logprob) / n_chars if n_chars else float("nan")
    return bits(sum_logprob) / n_chars


def percentile_interval(values: Any, alpha: float = 0.05) -> tuple[float, float]:
    """The (alpha/2, 1 - alpha/2) quantiles of bootstrap replicates `values`."""
    return float(np.quantile(values, alpha / 2)), float(np.quantile(values, 1 - alpha / 2))


def bootstrap_ci(values: Sequence[float], n_boot: int = 10_000, alpha: float = 0.05,
                 seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean of `values` (resampling them with replacement)."""
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    means = x[rng.integers(0, x.size, size=(n_boot, x.size))].mean(axis=1)
    return percentile_interval(means, alpha)


def two_level_indices(n_units: int, n_problems: int, n_boot: int,
                      rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(units, problems): ``n_boot x n_units`` and ``n_boot x n_problems`` indices drawn with
    replacement, units first; one unit is never resampled (all zeros, no draw from `rng`).
    ``x[units[:, :, None], problems[:, None, :]]`` is replicates x units x problems."""
    units = rng.integers(0, n_units, size=(n_boot, n_units)) if n_units > 1 else np.zeros((n_boot, 1), int)
    problems = rng.integers(0, n_problems, size=(n_boot, n_problems))
    return units, problems


def two_level_interval(xa: np.ndarray, wa: np.ndarray, xb: np.ndarray | None = None,
                       wb: np.ndarray | None = None, *, paired_problems: bool = True,
                       paired_units: bool = False, n_boot: int = 2000, seed: int = 0,
                       alpha: float = 0.05) -> tuple[float, float]:
    """Percentile interval of S(a) - S(b) (S(a) alone without b), where for a units x problems
    matrix x and problem weights w, S = mean over units of sum_p x[u, p] / sum_p w[p]; each
    replicate resamples the problems (the same draw for both sides when paired_problems) and the
    units (rows; the same draw when paired_units)."""
    if xa.size == 0 or (xb is not None and xb.size == 0):
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(seed)

    def value(x, w, counts, units):
        sums = counts @ x.T  # replicates x units: each unit's sum over the resampled problems
        return np.take_along_axis(sums, units, axis=1).mean(axis=1) / (counts @ w)

    def draw(x, r):
        n, k = x.shape[1], x.shape[0]
        return rng.multinomial(n, np.full(n, 1.0 / n), size=r).astype(float), rng.integers(0, k, size=(r, k))

    stats = []
    for start in range(0, n_boot, 250):  # chunks bound the memory at 250 x problems
        r = min(250, n_boot - start)
        ca, ua = draw(xa, r)
        v = value(xa, wa, ca, ua)
        if xb is not None:
            cb, ub = draw(xb, r)
            v = v - value(xb, wb, ca if paired_problems else cb, ua if paired_units else ub)
        stats.append(v)
    return percentile_interval(np.concatenate(stats), alpha)
