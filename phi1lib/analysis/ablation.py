"""The paper's data ablation (Figure 2.1) from the evaluation stage's per-problem results, with
confidence intervals on every number, and the paper's claims checked one by one.

- `ablation_table`: per data setting x model shape x benchmark, pass@1 and the reference solutions'
  bits per character, each with a 95% bootstrap interval. Where a group has several seeds the
  bootstrap resamples seeds and problems (two-level), so the interval covers both sources of
  spread; with one seed it is over problems only, and the ``seeds`` column says which. pass@1's
  interval is never narrower than Wilson's over the problems (`passk.wilson_interval`).
- `direction_checks`: each comparison the paper makes (filtered beats unfiltered, CodeTextbook beats
  filtered, finetuning helps, the larger model beats the smaller) as a paired difference over the
  same problems, with its interval and whether it agrees with the paper's direction, disagrees, or
  cannot tell (the interval covers 0).
- `plot_ablation`: Figure 2.1's shape, the paper's reported bars beside ours with their intervals.

Bits per character is character-weighted (total log-probability over total characters of the
references), the same quantity `loglik.summarize_loglik` reports, so it does not overweight short
solutions. Lower is better. The conversion, the percentile interval and the two-level draws are
`core.stats`'s (`bits_per_char`, `percentile_interval`, `two_level_indices`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from phi1lib.eval.harness import DATA_ORDER, PAPER_FIGURE_2_1, PAPER_TABLE1, REPORTED, _fmt_params, _fmt_tokens
from phi1lib.eval.passk import pass_interval
from phi1lib.core.report import with_interval
from phi1lib.core.stats import bits_per_char, percentile_interval, two_level_indices

ALPHA = 0.05
FINETUNED = "CodeTextbook + exercises"
# The paper's comparisons (Figure 2.1): (label, worse group, better group) by data setting; the same
# shape on both sides. Sizes are compared separately (`direction_checks`).
PAPER_CLAIMS = (
    ("filtered code beats unfiltered code", "unfiltered code", "filtered code"),
    ("CodeTextbook beats filtered code", "filtered code", "CodeTextbook"),
    ("finetuning on CodeExercises helps", "CodeTextbook", FINETUNED),
    # Not the paper's figure but its question: does the pretraining data still matter once every base
    # is finetuned on the same exercises? (`ablation.finetune_settings` finetunes each setting.)
    ("after finetuning, filtered code still beats unfiltered", "unfiltered code + exercises",
     "filtered code + exercises"),
    ("after finetuning, CodeTextbook still beats filtered code", "filtered code + exercises", FINETUNED),
)


def _matrices(per_problem: pd.DataFrame, models: Sequence[str], benchmark: str):
    """(task ids, pass matrix, logprob matrix, chars per task) for `models` on `benchmark`, on the
    problems every one of them was scored on; pass is the mean over a problem's samples."""
    part = per_problem[(per_problem["benchmark"] == benchmark) & per_problem["model"].isin(models)]
    if part.empty:
        return [], None, None, None
    tasks = sorted(set.intersection(*(set(part[part["model"] == m]["task_id"]) for m in models)))
    if not tasks:
        return [], None, None, None
    part = part[part["task_id"].isin(tasks)]
    passes = lp = None
    if "passed" in part and part["passed"].notna().any():
        table = part.assign(passed=part["passed"].astype(float)).pivot_table(
            index="model", columns="task_id", values="passed", aggfunc="mean")
        passes = table.loc[list(models), tasks].to_numpy(dtype=float)
    chars = None
    if "sum_logprob" in part and part["sum_logprob"].notna().any():
        first = part.drop_duplicates(["model", "task_id"])
        lp = first.pivot(index="model", columns="task_id", values="sum_logprob").loc[list(models), tasks]
        lp = lp.to_numpy(dtype=float)
        chars = first.drop_duplicates("task_id").set_index("task_id").loc[tasks, "n_chars"].to_numpy(dtype=float)
    return tasks, passes, lp, chars


def _bpc(lp: np.ndarray, chars: np.ndarray) -> np.ndarray:
    """Bits per character of each row (model) of a logprob matrix: character-weighted."""
    return bits_per_char(lp.sum(axis=-1), chars.sum(axis=-1))


def _interval(values: np.ndarray) -> tuple[float, float]:
    return percentile_interval(values, ALPHA)


def _pass_interval(boots: np.ndarray, rate: float, n_tasks: int) -> tuple[float, float]:
    """The wider of the bootstrap interval and Wilson's over the problems: where every problem fails
    (pass@1 is mostly 0 at laptop scale) the bootstrap collapses to [0, 0], which claims a certainty
    50 problems cannot give; Wilson's upper bound for 0 of 50 is 7.1%."""
    return pass_interval(*_interval(boots), rate, n_tasks)


def group_estimates(per_problem: pd.DataFrame, models: Sequence[str], benchmark: str, n_boot: int = 2000,
                    seed: int = 0) -> dict[str, Any]:
    """pass@1 and bits/char of a group of models (seeds of one setting and shape) with intervals."""
    tasks, passes, lp, chars = _matrices(per_problem, models, benchmark)
    out: dict[str, Any] = {"seeds": len(models), "n_tasks": len(tasks)}
    if not tasks:
        return out
    rng = np.random.default_rng(seed)
    s_idx, t_idx = two_level_indices(len(models), len(tasks), n_boot, rng)
    if passes is not None:
        out["pass@1"] = float(passes.mean())
        boots = passes[s_idx[:, :, None], t_idx[:, None, :]].mean(axis=(1, 2))
        out["pass@1_lo"], out["pass@1_hi"] = _pass_interval(boots, out["pass@1"], len(tasks))
    if lp is not None:
        per_model = _bpc(lp, chars)
        out["bits_per_char"] = float(per_model.mean())
        out["bits_per_char_sd"] = float(per_model.std(ddof=1)) if len(models) > 1 else float("nan")
        sampled = lp[s_idx[:, :, None], t_idx[:, None, :]]  # boot x seeds x tasks
        boots = _bpc(sampled, chars[t_idx][:, None, :]).mean(axis=1)
        out["bits_per_char_lo"], out["bits_per_char_hi"] = _interval(boots)
    return out


def model_groups(summary: pd.DataFrame) -> pd.DataFrame:
    """One row per (data setting, shape): its models (seeds), parameters and tokens seen, in the
    order Figure 2.1 reads (worse data to better, then finetuned; smaller shapes first)."""
    models = summary.drop_duplicates("model")
    models = models.assign(shape=models["shape"].fillna(models["model"]), data=models["data"].fillna(""))
    rank = {d: i for i, d in enumerate(DATA_ORDER)}
    rows = []
    for (data, shape), group in models.groupby(["data", "shape"], sort=False):
        rows.append({"data": data, "shape": shape, "params": group["params"].max(),
                     "tokens_seen": group["tokens_seen"].max(), "models": sorted(group["model"]),
                     "_rank": rank.get(data, len(rank))})
    if not rows:
        return pd.DataFrame(columns=["data", "shape", "params", "tokens_seen", "models"])
    table = pd.DataFrame(rows).sort_values(["_rank", "params"], kind="stable").drop(columns="_rank")
    return table.reset_index(drop=True)


def ablation_table(summary: pd.DataFrame, per_problem: pd.DataFrame, benchmarks: Sequence[str] | None = None,
                   n_boot: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Per data setting x shape x benchmark: seeds, problems, pass@1 and bits/char with 95% intervals
    (`group_estimates`). `summary` and `per_problem` are `harness.evaluate_models`' outputs."""
    if summary.empty:
        return pd.DataFrame()
    benchmarks = list(benchmarks or dict.fromkeys(summary["benchmark"]))
    rows = []
    for group in model_groups(summary).itertuples():
        for bench in benchmarks:
            est = group_estimates(per_problem, group.models, bench, n_boot, seed)
            if est["n_tasks"]:
                rows.append({"data": group.data, "shape": group.shape, "params": group.params,
                             "tokens_seen": group.tokens_seen, "benchmark": bench, **est})
    return pd.DataFrame(rows)


def paired_difference(per_problem: pd.DataFrame, worse: Sequence[str], better: Sequence[str], benchmark: str,
                      n_boot: int = 2000, seed: int = 0) -> dict[str, Any]:
    """How much `better`'s models beat `worse`'s on the same problems: bits/char (worse minus better,
    so positive agrees) and pass@1 (better minus worse), each with a paired bootstrap interval over
    problems (and over seeds on each side where there are several)."""
    tasks_w = set(_matrices(per_problem, worse, benchmark)[0])
    tasks_b = set(_matrices(per_problem, better, benchmark)[0])
    tasks = sorted(tasks_w & tasks_b)
    out: dict[str, Any] = {"n_tasks": len(tasks)}
    if not tasks:
        return out
    pp = per_problem[per_problem["task_id"].isin(tasks)]
    _, pw, lw, chars = _matrices(pp, worse, benchmark)
    _, pb, lb, _ = _matrices(pp, better, benchmark)
    rng = np.random.default_rng(seed)
    # the two levels of `two_level_indices`, drawn in another order (problems once for both sides, then
    # each side's seeds, drawn even for one seed), as these intervals have always been drawn
    t_idx = rng.integers(0, len(tasks), size=(n_boot, len(tasks)))
    sw = rng.integers(0, len(worse), size=(n_boot, len(worse)))
    sb = rng.integers(0, len(better), size=(n_boot, len(better)))
    if lw is not None and lb is not None:
        out["bits_per_char_gain"] = float(_bpc(lw, chars).mean() - _bpc(lb, chars).mean())
        c = chars[t_idx][:, None, :]
        gain = (_bpc(lw[sw[:, :, None], t_idx[:, None, :]], c).mean(axis=1)
                - _bpc(lb[sb[:, :, None], t_idx[:, None, :]], c).mean(axis=1))
        out["bits_per_char_gain_lo"], out["bits_per_char_gain_hi"] = _interval(gain)
    if pw is not None and pb is not None:
        out["pass@1_gain"] = float(pb.mean() - pw.mean())
        gain = (pb[sb[:, :, None], t_idx[:, None, :]].mean(axis=(1, 2))
                - pw[sw[:, :, None], t_idx[:, None, :]].mean(axis=(1, 2)))
        out["pass@1_gain_lo"], out["pass@1_gain_hi"] = _interval(gain)
    return out


def verdict(lo: float, hi: float) -> str:
    """"agrees" when the interval is above 0, "disagrees" below 0, "cannot tell" when it covers 0."""
    if lo is None or hi is None or any(isinstance(v, float) and math.isnan(v) for v in (lo, hi)):
        return "not measured"
    if lo > 0:
        return "agrees"
    if hi < 0:
        return "disagrees"
    return "cannot tell"


def direction_checks(summary: pd.DataFrame, per_problem: pd.DataFrame, benchmarks: Sequence[str] | None = None,
                     n_boot: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Each of the paper's comparisons (`PAPER_CLAIMS` per shape, and larger vs smaller shape per data
    setting) on each benchmark: the gains with intervals and the verdicts on bits/char and pass@1."""
    groups = model_groups(summary)
    if groups.empty:
        return pd.DataFrame()
    benchmarks = list(benchmarks or dict.fromkeys(summary["benchmark"]))
    by = {(g.data, g.shape): g.models for g in groups.itertuples()}
    comparisons = []
    for shape in dict.fromkeys(groups["shape"]):
        for claim, worse, better in PAPER_CLAIMS:
            if (worse, shape) in by and (better, shape) in by:
                comparisons.append((claim, shape, f"{worse} -> {better}", by[(worse, shape)], by[(better, shape)]))
    for data in dict.fromkeys(groups["data"]):
        sized = groups[groups["data"] == data].sort_values("params")
        if len(sized) >= 2:
            small, large = sized.iloc[0], sized.iloc[-1]
            comparisons.append(("the larger model beats the smaller", data, f"{small['shape']} -> {large['shape']}",
                                small["models"], large["models"]))
    rows = []
    for claim, where, compared, worse, better in comparisons:
        for bench in benchmarks:
            diff = paired_difference(per_problem, worse, better, bench, n_boot, seed)
            if not diff["n_tasks"]:
                continue
            rows.append({"claim (paper)": claim, "within": where, "compared": compared, "benchmark": bench,
                         **diff,
                         "bits/char verdict": verdict(diff.get("bits_per_char_gain_lo"),
                                                      diff.get("bits_per_char_gain_hi")),
                         "pass@1 verdict": verdict(diff.get("pass@1_gain_lo"), diff.get("pass@1_gain_hi"))})
    return pd.DataFrame(rows)


def plot_ablation(table: pd.DataFrame, benchmark: str = "humaneval", title: str = ""):
    """Figure 2.1's shape: the paper's HumanEval pass@1 bars (reported), ours (pass@1 and bits/char)
    per data setting and shape with their 95% intervals as error bars. Returns the Figure."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
    _bars(axes[0], PAPER_FIGURE_2_1.rename(columns={"setting": "data", "size": "shape"}), "HumanEval pass@1 (%)")
    axes[0].set_title(f"HumanEval pass@1 (%), {REPORTED}")
    shown = {"humaneval": "HumanEval", "mbpp": "MBPP", "heldout": "held-out exercises",
             "heldout_instance": "held-out instances", "heldout_family": "held-out families"}.get(benchmark, benchmark)
    part = table[table["benchmark"] == benchmark] if not table.empty else table
    if part.empty:
        for ax in axes[1:]:
            ax.text(0.5, 0.5, "no models evaluated", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
    else:
        part = part.assign(shape=[f"{s} ({p / 1e6:.1f}M)" for s, p in zip(part["shape"], part["params"])])
        if "pass@1" in part:
            _bars(axes[1], part.assign(v=100 * part["pass@1"], lo=100 * part["pass@1_lo"],
                                       hi=100 * part["pass@1_hi"]), "v", "lo", "hi")
            axes[1].set_ylim(0, max(5.0, 1.2 * float(np.nanmax(100 * part["pass@1_hi"]))))
        axes[1].set_title(f"{shown} pass@1 (%),\nmeasured here (95% CI)")
        if "bits_per_char" in part:
            _bars(axes[2], part, "bits_per_char", "bits_per_char_lo", "bits_per_char_hi")
            lo = float(np.nanmin(part["bits_per_char_lo"]))
            axes[2].set_ylim(max(0.0, lo - 0.3), None)
        axes[2].set_title(f"{shown} reference bits/char,\nmeasured here (95% CI; lower is better)")
    fig.suptitle(title or "Figure 2.1 shape: data quality and model size")
    fig.tight_layout()
    return fig


def _bars(ax, df: pd.DataFrame, value: str, lo: str | None = None, hi: str | None = None) -> None:
    groups = list(dict.fromkeys(df["data"]))
    names = list(dict.fromkeys(df["shape"]))
    width = 0.8 / max(len(names), 1)
    for j, name in enumerate(names):
        sel = df[df["shape"] == name]
        xs = [groups.index(g) + (j - (len(names) - 1) / 2) * width for g in sel["data"]]
        err = None
        if lo and hi:
            err = np.vstack([sel[value] - sel[lo], sel[hi] - sel[value]]).clip(min=0)
        ax.bar(xs, sel[value].to_numpy(), width, yerr=err, capsize=3, label=str(name))
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels(groups, rotation=15, ha="right", fontsize=8)
    ax.legend(fontsize=8)


def table1(table: pd.DataFrame, label: str = "measured here") -> pd.DataFrame:
    """The paper's Table 1 rows (labelled as reported numbers) and ours from `ablation_table`: per
    shape and data setting, HumanEval and MBPP pass@1 in % and bits/char, each with its 95% interval."""
    paper = PAPER_TABLE1.copy()
    paper["source"] = REPORTED
    if table.empty:
        return paper
    rows = []
    for (data, shape), group in table.groupby(["data", "shape"], sort=False):
        first = group.iloc[0]
        row = {"model": f"{shape} ({data})", "params": _fmt_params(first["params"]),
               "train tokens": _fmt_tokens(first["tokens_seen"]), "source": label, "seeds": int(first["seeds"])}
        for bench, title in (("humaneval", "HumanEval"), ("mbpp", "MBPP")):
            part = group[group["benchmark"] == bench]
            if part.empty:
                continue
            r = part.iloc[0]
            if "pass@1" in r and pd.notna(r.get("pass@1")):
                row[f"{title} pass@1 (%)"] = round(100 * r["pass@1"], 2)
                row[f"{title} pass@1 % [95% CI]"] = with_interval(r["pass@1"], r["pass@1_lo"], r["pass@1_hi"], 100, 1)
            if "bits_per_char" in r and pd.notna(r.get("bits_per_char")):
                row[f"{title} bits/char [95% CI]"] = with_interval(r["bits_per_char"], r["bits_per_char_lo"],
                                                                    r["bits_per_char_hi"], 1, 3)
        rows.append(row)
    return pd.concat([paper, pd.DataFrame(rows)], ignore_index=True)
