"""Transfer against the number of concept families seen, at a fixed number of finetuning exercises.

The paper's answer to "how does a small model learn to *program*, not the exercises it was shown?"
is breadth: diverse topics in the teacher's data. Within one run the study can only say how pass@1
rises with the exercises of a problem's own family (`analysis.exposure`). This module reads runs that
each finetuned on the exercises of `k` concept families (`data.exercises.family_subset`, the same
number of exercises for every `k`) and asks, per run, how its held-out problems fare in three groups:

- ``seen``: held-out instances of a family the run trained on;
- ``unseen``: held-out instances of a training family this run was *not* given (a sibling of what it
  saw, from the same teacher: transfer within the teacher's themes);
- ``held-out family``: the problems of the families no run ever trains on.

pass@1 per group with Wilson's interval over problems, the bits per character of the groups'
reference answers (`eval.loglik`: continuous where pass@1 is 0) and the share of completions that
parse. `benchmarks/sweep_families.py` trains and scores the runs; `plot_breadth` draws the figure.
The sweep costs an hour of the 2-core machine, more than the study's whole budget, so it is not a
stage: the repository keeps its measured tables (`SWEEP_DIR`) and notebook 02 shows them (`load_sweep`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from phi1lib.core.paths import repo_root
from phi1lib.core.stats import bits_per_char
from phi1lib.eval.passk import wilson_interval

GROUPS = ("seen", "unseen", "held-out family")
COLUMNS = ["families", "seed", "group", "problems", "passed", "pass@1", "pass@1_lo", "pass@1_hi",
           "bits_per_char", "parse"]


def sweep_dir() -> Path:
    """Where the repository keeps the breadth sweep's measured tables (`benchmarks/sweep_families.py --out`)."""
    return repo_root() / "benchmarks" / "results" / "families"


def load_sweep(folder: Path | str | None = None) -> tuple[pd.DataFrame, dict[str, Any]] | None:
    """(`breadth_table`, the sweep's runs.json) from `folder` (default `sweep_dir`), or None when no sweep
    has been kept there."""
    folder = Path(folder) if folder is not None else sweep_dir()
    if not (folder / "breadth.csv").is_file() or not (folder / "runs.json").is_file():
        return None
    return pd.read_csv(folder / "breadth.csv"), json.loads((folder / "runs.json").read_text())


def problem_group(row: dict[str, Any], families_seen: Iterable[str]) -> str:
    """The group (`GROUPS`) of one held-out benchmark row (``split``, ``concept``) for a run that
    trained on `families_seen`."""
    if row.get("split") == "family":
        return "held-out family"
    return "seen" if row["concept"] in set(families_seen) else "unseen"


def breadth_table(results: pd.DataFrame) -> pd.DataFrame:
    """One row per run (families, seed) and group (`COLUMNS`). `results` has one row per run and
    problem: families, seed, group, passed (bool), parses (bool), sum_logprob and n_chars of the
    reference answer. Groups a run has no problem in (``unseen`` when it saw every family) are left out."""
    rows = []
    for (k, seed, group), part in results.groupby(["families", "seed", "group"], sort=True):
        n, passed = len(part), int(part["passed"].sum())
        lo, hi = wilson_interval(passed / n, n)
        rows.append({"families": int(k), "seed": int(seed), "group": group, "problems": n, "passed": passed,
                     "pass@1": passed / n, "pass@1_lo": lo, "pass@1_hi": hi,
                     "bits_per_char": float(bits_per_char(part["sum_logprob"].sum(), part["n_chars"].sum())),
                     "parse": float(part["parses"].mean())})
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["group"] = pd.Categorical(table["group"], GROUPS, ordered=True)
    return table.sort_values(["group", "families", "seed"]).reset_index(drop=True).astype({"group": str})


def seed_means(table: pd.DataFrame) -> pd.DataFrame:
    """Per group and number of families: the runs' (seeds') mean pass@1, bits per character and parse
    share, their spread (min, max) and the problems passed over all seeds."""
    spread = {f"{col}{suffix}": (col, how) for col in ("pass@1", "bits_per_char")
              for suffix, how in (("", "mean"), ("_min", "min"), ("_max", "max"))}
    return (table.groupby(["group", "families"], sort=False)
            .agg(seeds=("seed", "nunique"), problems=("problems", "sum"), passed=("passed", "sum"),
                 **spread, parse=("parse", "mean"))
            .reset_index())


def plot_breadth(table: pd.DataFrame, title: str = "", groups: Sequence[str] = GROUPS):
    """Two panels against the number of families seen (log x): pass@1 (%) per group, each run a point
    with its Wilson interval and a line through the seeds' means; bits per character of the groups'
    reference answers, the same way. Rows with 0 families (the model before finetuning) are drawn as
    dashed horizontal lines in their group's colour."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    if table.empty:
        for ax in axes:
            ax.text(0.5, 0.5, "no runs", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
        return fig
    runs, before = table[table["families"] > 0], table[table["families"] == 0]
    ks = sorted(runs["families"].unique())
    for i, group in enumerate(g for g in groups if g in set(table["group"])):
        colour = f"C{i}"
        base = before[before["group"] == group]
        if len(base):
            axes[0].axhline(100 * base["pass@1"].mean(), color=colour, ls="--", lw=1)
            axes[1].axhline(base["bits_per_char"].mean(), color=colour, ls="--", lw=1)
        part = runs[runs["group"] == group]
        if part.empty:
            continue
        jitter = 1 + 0.03 * (part["seed"].to_numpy(float) - part["seed"].mean())
        x = part["families"].to_numpy(float) * jitter
        y = 100 * part["pass@1"].to_numpy(float)
        err = np.clip(np.vstack([y - 100 * part["pass@1_lo"].to_numpy(float),
                                 100 * part["pass@1_hi"].to_numpy(float) - y]), 0, None)
        axes[0].errorbar(x, y, yerr=err, fmt="o", ms=4, capsize=3, color=colour, alpha=0.6)
        means = part.groupby("families")[["pass@1", "bits_per_char"]].mean()
        axes[0].plot(means.index, 100 * means["pass@1"], "-", color=colour,
                     label=f"{group} ({int(part['problems'].median())} problems a run)")
        axes[1].plot(x, part["bits_per_char"], "o", ms=4, color=colour, alpha=0.6)
        axes[1].plot(means.index, means["bits_per_char"], "-", color=colour, label=group)
    if len(before):
        for ax in axes:
            ax.plot([], [], "--", color="grey", lw=1, label="dashed: before finetuning")
    for ax in axes:
        ax.set_xscale("log")
        ax.set_xticks(ks, [str(k) for k in ks])
        ax.minorticks_off()
        ax.set_xlabel("concept families in the finetuning exercises (same number of exercises)")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    top = max(5.0, min(100.0, 110 * float(table["pass@1_hi"].max())))
    axes[0].set_ylim(-0.02 * top, top)  # below 0 a little, so that lines at 0 are not hidden by the axis
    axes[0].set_ylabel("pass@1 (%), each run with its 95% Wilson interval")
    axes[0].set_title("greedy pass@1", fontsize=10)
    axes[1].set_ylabel("bits per character")
    axes[1].set_title("bits per character of the reference answers (lower: more likely)", fontsize=10)
    fig.suptitle(title or "Held-out problems against the breadth of the finetuning exercises", fontsize=11)
    fig.tight_layout()
    return fig
