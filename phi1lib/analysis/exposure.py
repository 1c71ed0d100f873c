"""Held-out pass@1 against how much of a problem's concept family the finetuning exercises held.

Does the model learn to program, or learn the families it was shown? The study's own run answers
part of it at no extra training: every held-out instance comes from a family the model saw, a given
number of times in its finetuning exercises, and every held-out-family problem from one it never saw
(0). Grouped by that number (0, then bins of the seen families' counts holding about equal numbers
of problems), pass@1 per group with Wilson's interval, one line per finetuned model: how many
exercises of a family it takes before new instances of it are solved, and whether anything carries
over to a family never seen. The paper's answer to the second question is diverse data; this is the
measurement that says how far the offline teacher's data gets.

Within one run the count is not set at will: a family with long exercises has fewer that fit the
context, so it is both seen less and harder. Each bin therefore also reports its problems' mean
reference-answer length; separating exposure from difficulty takes runs on subsets of the exercises.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from phi1lib.eval.passk import wilson_interval

HELDOUT = ("heldout_instance", "heldout_family")
COLUMNS = ["model", "exercises seen", "low", "high", "families", "problems", "answer chars (mean)", "passed",
           "pass@1", "pass@1_lo", "pass@1_hi"]


def family_counts(exercises: Iterable[dict[str, Any]]) -> Counter:
    """Exercises per concept family (those without a concept are not counted)."""
    return Counter(ex["concept"] for ex in exercises if ex.get("concept"))


def _bins(seen: pd.Series, n_bins: int) -> pd.Series:
    """(low, high) per problem: (0, 0) for a family never seen, else the range of its bin, bins of
    about equal numbers of problems over the seen families' counts."""
    out = pd.Series([(0, 0)] * len(seen), index=seen.index, dtype=object)
    positive = seen[seen > 0]
    if len(positive):
        codes = pd.qcut(positive.rank(method="min"), min(n_bins, positive.nunique()), labels=False,
                        duplicates="drop")
        for code in np.unique(codes):
            members = positive[codes == code]
            out[members.index] = [(int(members.min()), int(members.max()))] * len(members)
    return out


def exposure_table(per_problem: pd.DataFrame, heldout_rows: Sequence[dict[str, Any]],
                   exercises: Iterable[dict[str, Any]], models: Sequence[str] | None = None,
                   n_bins: int = 4) -> pd.DataFrame:
    """pass@1 on the held-out problems per model and bin of "exercises of the problem's family seen in
    finetuning" (`COLUMNS`). `per_problem`: the evaluation's rows (model, benchmark, task_id, passed);
    `heldout_rows`: the held-out benchmark's rows (task_id, concept); `exercises`: what the models were
    finetuned on. A problem's pass@1 is the mean over its samples; the interval is Wilson's over problems."""
    concept_of = {row["task_id"]: row["concept"] for row in heldout_rows}
    answer_chars = {row["task_id"]: len(row.get("answer") or "") for row in heldout_rows}
    counts = family_counts(exercises)
    part = per_problem[per_problem["benchmark"].isin(HELDOUT) & per_problem["task_id"].isin(concept_of)]
    if models is not None:
        part = part[part["model"].isin(models)]
    if part.empty:
        return pd.DataFrame(columns=COLUMNS)
    per = part.groupby(["model", "task_id"], sort=False)["passed"].mean().reset_index()
    per["concept"] = per["task_id"].map(concept_of)
    per["seen"] = per["concept"].map(lambda c: counts.get(c, 0)).astype(int)
    problems = per.drop_duplicates("task_id").set_index("task_id")["seen"]
    bins = _bins(problems, n_bins)
    per["bin"] = per["task_id"].map(bins)
    rows = []
    for model in dict.fromkeys(per["model"]):
        mine = per[per["model"] == model]
        for (low, high), group in sorted(mine.groupby("bin"), key=lambda item: item[0]):
            rate, n = float(group["passed"].mean()), len(group)
            lo, hi = wilson_interval(rate, n)
            rows.append({"model": model, "exercises seen": "0 (held-out families)" if high == 0 else
                         (f"{low}" if low == high else f"{low}-{high}"), "low": low, "high": high,
                         "families": group["concept"].nunique(), "problems": n,
                         "answer chars (mean)": float(group["task_id"].map(answer_chars).mean()),
                         "passed": int(round(group["passed"].sum())), "pass@1": rate, "pass@1_lo": lo,
                         "pass@1_hi": hi})
    return pd.DataFrame(rows, columns=COLUMNS)


def plot_exposure(table: pd.DataFrame, title: str = ""):
    """pass@1 (%) per bin of exercises seen, one line per model, Wilson intervals as error bars."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    if table.empty:
        ax.text(0.5, 0.5, "no held-out results", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    labels = list(dict.fromkeys(table.sort_values(["low", "high"])["exercises seen"]))
    x_of = {label: i for i, label in enumerate(labels)}
    models = list(dict.fromkeys(table["model"]))
    width = 0.5 / max(len(models), 1)
    for j, model in enumerate(models):
        part = table[table["model"] == model]
        x = np.array([x_of[label] for label in part["exercises seen"]]) + (j - (len(models) - 1) / 2) * width
        y = 100 * part["pass@1"].to_numpy(float)
        err = np.clip(np.vstack([y - 100 * part["pass@1_lo"].to_numpy(float),
                                 100 * part["pass@1_hi"].to_numpy(float) - y]), 0, None)
        ax.errorbar(x, y, yerr=err, marker="o", ms=4, capsize=3, label=model)
    ax.set_xticks(range(len(labels)), [f"{label}\n({int(table[table['exercises seen'] == label]['problems'].max())} problems)"
                                       for label in labels], fontsize=8)
    ax.set_xlabel("finetuning exercises of the problem's concept family")
    ax.set_ylabel("pass@1 (%), 95% Wilson interval")
    ax.set_ylim(0, max(5.0, min(100.0, 110 * float(table["pass@1_hi"].max()))))
    ax.grid(alpha=0.3, axis="y")
    ax.legend(fontsize=7, loc="upper left")
    ax.set_title(title or "Held-out pass@1 against the exercises of its family seen in finetuning", fontsize=10)
    fig.tight_layout()
    return fig
