"""Two runs of the study side by side: what a change of recipe or data did to every model it trained.

Reads each run's stage-5 tables (``evaluate/summary.csv`` and ``parse_rates.csv``: the files a reference run
keeps) and lines up, per model and benchmark, the problems passed, the share of completions that parse and
the reference answers' bits per character. The runs must name their models alike (the same profile).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from phi1lib.core.stats import bits_per_char, percentile_interval

KEYS = ["model", "benchmark"]


def run_figures(evaluate_dir: Path | str) -> pd.DataFrame:
    """One row per model and benchmark of one run: problems, passed, pass@1, parse share, bits/char."""
    d = Path(evaluate_dir)
    summary = pd.read_csv(d / "summary.csv")
    parse = pd.read_csv(d / "parse_rates.csv")[[*KEYS, "parse"]]
    out = summary[[*KEYS, "n_tasks", "pass@1", "bits_per_char"]].merge(parse, on=KEYS, how="left")
    out.insert(3, "passed", (out["pass@1"] * out["n_tasks"]).round().astype(int))
    return out


def side_by_side(a: pd.DataFrame, b: pd.DataFrame, labels: tuple[str, str] = ("a", "b")) -> pd.DataFrame:
    """`run_figures` of two runs on the models and benchmarks both hold, in `a`'s order: passed/problems,
    parse % and bits/char of each, and b's bits/char minus a's."""
    both = a.merge(b, on=KEYS, suffixes=("_a", "_b"))
    la, lb = labels
    rows = []
    for r in both.itertuples(index=False):
        row = dict(zip(KEYS, (r.model, r.benchmark)))
        row[f"passed, {la}"] = f"{r.passed_a}/{r.n_tasks_a}"
        row[f"passed, {lb}"] = f"{r.passed_b}/{r.n_tasks_b}"
        row[f"parse %, {la}"] = round(100 * r.parse_a, 1)
        row[f"parse %, {lb}"] = round(100 * r.parse_b, 1)
        row[f"bits/char, {la}"] = round(r.bits_per_char_a, 3)
        row[f"bits/char, {lb}"] = round(r.bits_per_char_b, 3)
        row["bits/char change"] = round(r.bits_per_char_b - r.bits_per_char_a, 3)
        rows.append(row)
    return pd.DataFrame(rows)


def _runs_without_syntax_error(result: pd.Series) -> pd.Series:
    return ~result.astype(str).str.contains("SyntaxError|IndentationError", regex=True)


def paired_differences(a: pd.DataFrame, b: pd.DataFrame, model: str, n_boot: int = 4000,
                       seed: int = 0) -> pd.DataFrame:
    """b minus a for one model on the problems both runs scored (``per_problem.csv`` rows: benchmark,
    task_id, passed, result, sum_logprob, n_chars), per benchmark, each with a 95% percentile interval from
    one bootstrap over problems shared by the three: pass@1, the share of programs that ran without a
    syntax error (`result`; the parse table's share, up to programs whose test code fails to compile) and
    bits per character of the reference answers."""
    rng = np.random.default_rng(seed)
    rows = []
    for bench in dict.fromkeys(a.loc[a["model"] == model, "benchmark"]):
        x = a[(a["model"] == model) & (a["benchmark"] == bench)].drop_duplicates("task_id").set_index("task_id")
        y = b[(b["model"] == model) & (b["benchmark"] == bench)].drop_duplicates("task_id").set_index("task_id")
        tasks = x.index.intersection(y.index)
        if tasks.empty:
            continue
        x, y = x.loc[tasks], y.loc[tasks]
        idx = rng.integers(0, len(tasks), size=(n_boot, len(tasks)))
        chars = x["n_chars"].to_numpy(dtype=float)
        row = {"benchmark": bench, "problems": len(tasks)}
        for name, va, vb in (
                ("pass@1", x["passed"].astype(float).to_numpy(), y["passed"].astype(float).to_numpy()),
                ("no syntax error", _runs_without_syntax_error(x["result"]).to_numpy(float),
                 _runs_without_syntax_error(y["result"]).to_numpy(float))):
            row[f"{name}, a"], row[f"{name}, b"] = va.mean(), vb.mean()
            row[f"{name} change"] = vb.mean() - va.mean()
            row[f"{name} change_lo"], row[f"{name} change_hi"] = percentile_interval((vb[idx] - va[idx]).mean(axis=1))
        la, lb = x["sum_logprob"].to_numpy(dtype=float), y["sum_logprob"].to_numpy(dtype=float)
        row["bits/char, a"] = bits_per_char(la.sum(), chars.sum())
        row["bits/char, b"] = bits_per_char(lb.sum(), chars.sum())
        row["bits/char change"] = row["bits/char, b"] - row["bits/char, a"]
        boots = bits_per_char(lb[idx].sum(axis=1), chars[idx].sum(axis=1)) - bits_per_char(la[idx].sum(axis=1),
                                                                                            chars[idx].sum(axis=1))
        row["bits/char change_lo"], row["bits/char change_hi"] = percentile_interval(boots)
        rows.append(row)
    return pd.DataFrame(rows)
