"""Pruning the exercises that resemble the benchmarks, retraining on the rest, and Table 3 (paper section 5).

Paper: every CodeExercises exercise whose AST match rate with some HumanEval problem reaches tau was
removed (tau = 0.95, 0.9, 0.85, 0.8: 42.5K to 354K of 879.5K exercises), phi-1 was retrained on the
rest, and HumanEval was split into problems *similar* to some exercise (match >= tau) and the
others (Table 3): phi-1 retrained on pruned data still beat StarCoder-Prompted in total at every tau.

Here, with the match rates of `phi1lib.analysis.ast_match`, an exercise is pruned when it is similar to a
problem of any benchmark in ``contamination.benchmarks`` (HumanEval and MBPP: both are scored; the
paper pruned against HumanEval only, which ``contamination.benchmarks = ["humaneval"]`` reproduces).

- `removal_table`, `removed_exercises`: what each tau removes, beside the paper's counts;
- `retrain_plan`, `retrain_pruned`: `retrain_shape` (the largest of ``cfg.models`` by default) finetuned
  again, per seed in ``contamination.retrain_seeds``, on the exercises left at each tau, into
  ``outputs/<profile>/contamination/models/``; one run per *distinct* pruned set (two taus that remove
  the same exercises share a model) and none where a tau removes nothing (the unpruned finetuned
  model is that model);
- `table3`, `table3_wide`, `plot_table3`: per tau, benchmark and split, pass@1 (bootstrap interval
  over problems, `phi1lib.eval.passk`) and the reference solutions' mean log-likelihood and bits per
  character (`phi1lib.eval.loglik`; at laptop scale pass@1 is mostly zero) of three models: the finetuned
  one (phi-1), the one retrained on pruned data, and the base model it was finetuned from. The
  paper's third column is StarCoder-Prompted, a model we cannot run; our base model stands for "no
  exercises at all" instead, and the paper's numbers are shown beside ours, labelled as reported.
  Per-problem results of the finetuned and base models are notebook 05's; only the retrained models
  are evaluated here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from phi1lib.eval.loglik import summarize_loglik
from phi1lib.eval.passk import summarize
from phi1lib.core.report import json_safe, with_interval
from phi1lib.core.jsonio import read_jsonl
from phi1lib.core.workers import resolve_workers, run_in_processes
from phi1lib.eval.harness import ModelSpec
from phi1lib.model.checkpoint import best_checkpoint

REPORTED = "reported by the paper"
FINETUNED, RETRAINED, BASE = "phi-1 (finetuned)", "retrained on pruned data", "base (pretrained)"
ROLES = (FINETUNED, RETRAINED, BASE)
# Paper, section 5.2 (STUDY.md): 879.5K exercises; tau 0.95 removes 42.5K, tau 0.8 removes 354K. The
# counts at 0.9 and 0.85 lie between (not copied into STUDY.md, so left blank rather than guessed).
PAPER_EXERCISES = 879_500
PAPER_PRUNING = pd.DataFrame({"tau": [0.95, 0.9, 0.85, 0.8], "removed": [42_500, np.nan, np.nan, 354_000]})
# Table 3 (STUDY.md): HumanEval by AST similarity to CodeExercises; pass@1 in % of phi-1 / phi-1
# retrained on pruned data / StarCoder-Prompted. Per-split pass@1 is copied for tau = 0.95 only.
PAPER_TABLE3 = pd.DataFrame([
    (0.95, "similar", 71, 81.7, 74.6, 57.7), (0.95, "non-similar", 93, 26.9, 32.3, 29.0),
    (0.95, "total", 164, 50.6, 50.6, 41.5),
    (0.9, "similar", 93, np.nan, np.nan, np.nan), (0.9, "non-similar", 71, np.nan, np.nan, np.nan),
    (0.9, "total", 164, 50.6, 45.1, 41.5),
    (0.85, "similar", 106, np.nan, np.nan, np.nan), (0.85, "non-similar", 58, np.nan, np.nan, np.nan),
    (0.85, "total", 164, 50.6, 46.3, 41.5),
    (0.8, "similar", 116, np.nan, np.nan, np.nan), (0.8, "non-similar", 48, np.nan, np.nan, np.nan),
    (0.8, "total", 164, 50.6, 45.1, 41.5),
], columns=["tau", "split", "problems", "phi-1 pass@1 (%)", "phi-1 retrained on pruned data pass@1 (%)",
            "StarCoder-Prompted pass@1 (%)"])


def similar_at(best: np.ndarray, tau: float) -> np.ndarray:
    """Mask of entries whose best match rate reaches `tau` (NaN: below every tau computed)."""
    return np.nan_to_num(np.asarray(best, dtype=float), nan=-1.0) >= tau - 1e-9


def removal_table(train_best: np.ndarray, taus: Sequence[float]) -> pd.DataFrame:
    """Per tau: exercises, removed (match >= tau with some benchmark problem), kept, share removed,
    and the paper's share (labelled as reported; blank where STUDY.md does not give it)."""
    n = len(train_best)
    rows = []
    for tau in taus:
        removed = int(similar_at(train_best, tau).sum())
        paper = PAPER_PRUNING.loc[np.isclose(PAPER_PRUNING["tau"], tau), "removed"]
        rows.append({"tau": tau, "exercises": n, "removed": removed, "kept": n - removed,
                     "removed (%)": round(100 * removed / n, 2) if n else np.nan,
                     f"removed (%), {REPORTED}": round(100 * float(paper.iloc[0]) / PAPER_EXERCISES, 2)
                     if len(paper) and pd.notna(paper.iloc[0]) else np.nan})
    return pd.DataFrame(rows)


def removed_exercises(exercises: Sequence[dict[str, Any]], train_best: np.ndarray, ast_pairs: pd.DataFrame,
                      problems: pd.DataFrame, taus: Sequence[float]) -> pd.DataFrame:
    """The exercises some tau removes: index, id, best match, the highest tau that removes it, and
    the benchmark problem it matches best. Every tau's pruned set is "all exercises but these rows
    with removed_at >= tau"."""
    problems = problems.reset_index(drop=True)
    partner = ast_pairs.drop_duplicates("train").set_index("train")["bench"] if len(ast_pairs) else pd.Series(dtype=int)
    rows = []
    for i in np.flatnonzero(similar_at(train_best, min(taus))):
        ex, b = exercises[i], int(partner[i])
        rows.append({"exercise": int(i), "exercise_id": ex.get("task_id") or ex.get("name") or int(i),
                     "best_match": float(train_best[i]),
                     "removed_at": max(t for t in taus if similar_at(train_best[i:i + 1], t)[0]),
                     "benchmark": problems.at[b, "benchmark"], "task_id": problems.at[b, "task_id"]})
    return pd.DataFrame(rows, columns=["exercise", "exercise_id", "best_match", "removed_at", "benchmark", "task_id"])


def near_families(removed: pd.DataFrame, exercises: Sequence[dict[str, Any]], tau: float = 0.95) -> pd.DataFrame:
    """The concept families whose exercises come within AST match `tau` of a benchmark problem (from
    `removed_exercises`): per family, how many of its exercises, which problems, the closest match.
    The offline teacher is written without looking at the benchmarks; this names where it came close
    anyway, so a reader can weigh a solved problem against the family that taught it."""
    columns = ["family", "exercises", "benchmark problems", "best_match"]
    near = removed[similar_at(removed["best_match"].to_numpy(dtype=float), tau)] if len(removed) else removed
    if not len(near):
        return pd.DataFrame(columns=columns)
    near = near.assign(family=[exercises[int(i)].get("concept") or "(unknown)" for i in near["exercise"]],
                       problem=near["task_id"].astype(str))
    rows = [{"family": family, "exercises": len(part),
             "benchmark problems": ", ".join(sorted(set(part["problem"]), key=str)),
             "best_match": float(part["best_match"].max())}
            for family, part in near.groupby("family", sort=True)]
    return pd.DataFrame(rows, columns=columns).sort_values(["best_match", "exercises"], ascending=False,
                                                            ignore_index=True)


def similar_table(best: pd.DataFrame, taus: Sequence[float]) -> pd.DataFrame:
    """Per tau and benchmark: problems, similar (some exercise's AST match >= tau), non-similar; for
    HumanEval the paper's similar count beside (labelled as reported)."""
    rows = []
    for tau in taus:
        for bench, part in best.groupby("benchmark", sort=False):
            similar = int(similar_at(part["best_match"].to_numpy(), tau).sum())
            paper = PAPER_TABLE3[np.isclose(PAPER_TABLE3["tau"], tau) & (PAPER_TABLE3["split"] == "similar")]
            rows.append({"tau": tau, "benchmark": bench, "problems": len(part), "similar": similar,
                         "non-similar": len(part) - similar,
                         f"similar, {REPORTED}": int(paper["problems"].iloc[0])
                         if bench == "humaneval" and len(paper) else np.nan})
    return pd.DataFrame(rows)


def param_count(shape) -> int:
    """Parameters of a `ModelConfig` (embeddings, blocks, head): only to rank shapes by size."""
    d, inner = shape.d_model, shape.n_head * shape.head_dim
    block = 4 * d * inner + 2 * d * shape.d_mlp + 3 * inner + shape.d_mlp + 4 * d
    return shape.n_layer * block + 2 * shape.vocab_size * d + shape.vocab_size + 2 * d


def largest_shape(cfg) -> str:
    return max(cfg.models, key=lambda name: param_count(cfg.shape(name)))


def retrain_shape(cfg) -> str:
    """The shape retrained on pruned exercises: ``contamination.retrain_shape``, else the largest (the
    paper retrains phi-1 itself; a profile short of time may name a smaller shape)."""
    shape = cfg.contamination.retrain_shape
    if shape is not None and shape not in cfg.models:
        raise ValueError(f"contamination.retrain_shape {shape!r} is not one of the models {cfg.models}")
    return shape or largest_shape(cfg)


def retrain_plan(train_best: np.ndarray, taus: Sequence[float]) -> pd.DataFrame:
    """Which taus need a model of their own: one per distinct pruned set, none where nothing goes.

    Columns: tau, removed, trains (True for the first tau of each distinct non-empty removal),
    same_as (the tau whose model it reuses, or None: the unpruned finetuned model when removed is 0).
    """
    seen: dict[frozenset, float] = {}
    rows = []
    for tau in taus:
        removed = frozenset(np.flatnonzero(similar_at(train_best, tau)).tolist())
        if not removed:
            rows.append({"tau": tau, "removed": 0, "trains": False, "same_as": None})
        elif removed in seen:
            rows.append({"tau": tau, "removed": len(removed), "trains": False, "same_as": seen[removed]})
        else:
            seen[removed] = tau
            rows.append({"tau": tau, "removed": len(removed), "trains": True, "same_as": tau})
    return pd.DataFrame(rows)


def retrain_taus(ccfg) -> list[float]:
    """The taus of ``contamination.taus`` that get a retrained model (``retrain_taus``; None: all)."""
    if ccfg.retrain_taus is None:
        return list(ccfg.taus)
    unknown = [t for t in ccfg.retrain_taus if not any(np.isclose(t, u) for u in ccfg.taus)]
    if unknown:
        raise ValueError(f"contamination.retrain_taus {unknown} are not among contamination.taus {ccfg.taus}")
    return [t for t in ccfg.taus if any(np.isclose(t, r) for r in ccfg.retrain_taus)]


def _finetune(job: dict[str, Any]) -> pd.DataFrame:
    """One `grid.finetune_models` call (one pruned set, one seed), here or in a worker."""
    from phi1lib.train import grid  # lazy: pulls torch

    threads = job.pop("threads", None)
    if threads:
        import torch

        torch.set_num_threads(threads)
    return grid.finetune_models(**job)


def retrain_pruned(cfg, exercises: Sequence[dict[str, Any]], val_exercises: Sequence[dict[str, Any]],
                   train_best: np.ndarray, finetuned: dict[int, Any], *, tokenizer_dir: Path | str,
                   pretrain_dir: Path | str, out_dir: Path | str, shape: str, seeds: Sequence[int],
                   taus: Sequence[float], workers: int | None = None,
                   log: Callable[[str], None] | None = print) -> pd.DataFrame:
    """Finetune `shape` again on the exercises left at each of `taus` (`retrain_plan`), per seed.

    `finetuned` maps a seed to the unpruned finetuned `ModelSpec` (reused where nothing is removed).
    Runs go to ``out_dir/<shape>-<setting>-s<seed>-finetuned-pruned-tau<tau>`` through
    `grid.finetune_models` (resumable: a finished run with the same data is skipped), one
    call per pruned set and seed; on a CPU they run side by side, one per core with one thread
    each (`workers.resolve_workers`: spawned processes, so a script needs the ``__main__``
    guard). Returns one row per tau x seed: tau, seed, removed, kept, model, checkpoint, status.
    """
    from phi1lib.train import grid  # lazy: pulls torch

    plan = retrain_plan(train_best, taus)
    jobs = []
    for row in plan[plan["trains"]].itertuples():
        kept = [ex for ex, k in zip(exercises, ~similar_at(train_best, row.tau)) if k]
        if log:
            log(f"tau {row.tau}: finetuning {shape} on {len(kept)} of {len(exercises)} exercises, seeds {list(seeds)}")
        for seed in seeds:
            jobs.append(((row.tau, seed), {
                "cfg": cfg, "train_exercises": kept, "val_exercises": list(val_exercises),
                "tokenizer_dir": tokenizer_dir, "pretrain_dir": pretrain_dir, "out_dir": out_dir, "seeds": [seed],
                "models": [shape], "setting": cfg.ablation.finetune_setting,
                "suffix": f"finetuned-pruned-tau{row.tau}", "workers": 1}))
    n_workers, threads = resolve_workers(workers, cfg.device, len(jobs)) if jobs else (1, None)
    results: dict[tuple[float, int], pd.DataFrame] = {}
    if n_workers == 1:
        for key, job in jobs:
            results[key] = _finetune(dict(job, log=log))
    else:
        def done(i: int, table: pd.DataFrame) -> None:
            results[jobs[i][0]] = table
            if log:
                log(f"{table['run'].iloc[0]}: {table['wall_time_s'].iloc[0] or 0:.0f} s "
                    f"({n_workers} side by side, {threads} thread(s) each)")

        run_in_processes(_finetune, [(dict(job, log=None, threads=threads),) for _, job in jobs], n_workers, done)
    trained = {key: (table["run"].iloc[0], str(best_checkpoint(Path(out_dir) / table["run"].iloc[0])))
               for key, table in results.items()}
    rows = []
    for row in plan.itertuples():
        for seed in seeds:
            if row.removed == 0:
                spec = finetuned.get(seed)
                model, ckpt = (spec.name, spec.path) if spec is not None else (None, None)
                status = "nothing removed: the unpruned finetuned model"
            else:
                model, ckpt = trained[(row.same_as, seed)]
                status = "trained" if row.trains else f"same pruned set as tau {row.same_as}: its model"
            rows.append({"tau": row.tau, "seed": seed, "removed": row.removed, "kept": len(train_best) - row.removed,
                         "model": model, "checkpoint": ckpt, "status": status})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------- Table 3

def table3_models(specs: Sequence[Any], shape: str, seeds: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Per seed: the finetuned model of `shape` (finetuned from CodeTextbook where one was) and the
    base model it was finetuned from (stage pretrain, same shape, seed and data setting: its
    `base_data`), among `harness.discover_models` specs; a seed without a finetuned model is left out."""
    out: dict[int, dict[str, Any]] = {}
    for seed in seeds:
        tuned = [s for s in specs if s.stage == "finetune" and s.shape == shape and s.seed == seed]
        tuned.sort(key=lambda s: (s.base_data != "CodeTextbook", s.name.endswith("-hf"), s.name))
        if not tuned:
            continue
        setting = tuned[0].base_data
        bases = sorted((s for s in specs if s.stage == "pretrain" and s.shape == shape and s.seed == seed
                        and s.data == setting), key=lambda s: (s.name.endswith("-hf"), s.name))
        out[seed] = {"finetuned": tuned[0], "base": bases[0] if bases else None}
    return out


def retrained_specs(runs: pd.DataFrame, tokenizer: str | None, shape: str) -> list[Any]:
    """`ModelSpec`s of the models `retrain_pruned` trained (not those it reused), one per run."""
    if runs.empty:
        return []
    trained = runs[runs["status"] == "trained"].drop_duplicates("model")
    return [ModelSpec(name=r.model, kind="checkpoint", path=r.checkpoint, tokenizer=tokenizer, shape=shape,
                      seed=int(r.seed), stage="finetune", data=f"CodeTextbook + exercises pruned at tau {r.tau}",
                      base_data="CodeTextbook")
            for r in trained.itertuples()]


def table3_entries(models: dict[int, dict[str, Any]], runs: pd.DataFrame, eval_dir: Path | str,
                   own_dir: Path | str) -> list[dict[str, Any]]:
    """What `gather_results` reads: the finetuned and base models from notebook 05's `eval_dir`
    (at every tau), the retrained ones per tau from `own_dir` (or `eval_dir` where a tau removed
    nothing and the unpruned model stands in)."""
    entries = []
    for m in models.values():
        entries.append({"role": FINETUNED, "model": m["finetuned"].name, "eval_dir": eval_dir, "tau": None})
        if m["base"] is not None:
            entries.append({"role": BASE, "model": m["base"].name, "eval_dir": eval_dir, "tau": None})
    for r in runs.itertuples() if not runs.empty else ():
        if r.model is not None:
            entries.append({"role": RETRAINED, "model": r.model, "tau": float(r.tau),
                            "eval_dir": eval_dir if r.removed == 0 else own_dir})
    return entries


def read_per_problem(eval_dir: Path | str, model: str, benchmark: str) -> pd.DataFrame:
    """Per-problem rows notebook 05 (or `harness.evaluate_models`) wrote; empty when absent."""
    path = Path(eval_dir) / "per_problem" / model / f"{benchmark}.jsonl"
    if not path.is_file():
        return pd.DataFrame()
    return pd.DataFrame(read_jsonl(path))


def gather_results(entries: Sequence[dict[str, Any]], benchmarks: Sequence[str]) -> pd.DataFrame:
    """Per-problem rows of several models, labelled: each entry is a dict with role, tau (None: the
    same model at every tau), model (name), eval_dir. Missing files contribute nothing."""
    frames = []
    for entry in entries:
        for bench in benchmarks:
            rows = read_per_problem(entry["eval_dir"], entry["model"], bench)
            if len(rows):
                rows = rows.assign(role=entry["role"], tau=np.nan if entry.get("tau") is None else entry["tau"],
                                   model=entry["model"], benchmark=bench)
                frames.append(rows)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["role", "tau", "model", "benchmark", "task_id", "passed"])


def _scores(rows: pd.DataFrame, n_boot: int, seed: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "passed" in rows and rows["passed"].notna().any():
        s = summarize(rows.loc[rows["passed"].notna(), ["task_id", "passed"]].astype({"passed": bool}), (1,),
                      n_boot=n_boot, seed=seed)
        out.update({"pass@1": s.get("pass@1"), "pass@1_lo": s.get("pass@1_ci", (np.nan,) * 2)[0],
                    "pass@1_hi": s.get("pass@1_ci", (np.nan,) * 2)[1]})
    if "sum_logprob" in rows and rows["sum_logprob"].notna().any():
        per_task = rows.dropna(subset=["sum_logprob"]).drop_duplicates(["model", "task_id"])
        out.update({k: v for k, v in summarize_loglik(per_task).items() if k != "n_tokens"})
    return out


def table3(results: pd.DataFrame, best: pd.DataFrame, taus: Sequence[float], *, n_boot: int = 2000,
           seed: int = 0) -> pd.DataFrame:
    """Table 3's shape, long: per tau, benchmark, split (similar / non-similar / total) and model role,
    the problems, pass@1 with a bootstrap interval, mean log-likelihood and bits per character.

    `results`: per-problem rows (`gather_results`: role, tau, model, benchmark, task_id, passed,
    sum_logprob, n_tokens, n_chars); a row with tau NaN counts at every tau. `best`: benchmark,
    task_id, best_match (highest AST match with any exercise; NaN below every tau). A problem is
    similar at tau when best_match >= tau (the paper's definition). Only problems with results count.
    """
    rows = []
    best_of = {(b, t): m for b, t, m in zip(best["benchmark"], best["task_id"], best["best_match"])}
    for tau in taus:
        at_tau = results[results["tau"].isna() | np.isclose(results["tau"].astype(float), tau)]
        for (bench, role), part in at_tau.groupby(["benchmark", "role"], sort=False):
            tasks = part["task_id"].drop_duplicates()
            similar = {t for t in tasks if similar_at(np.array([best_of.get((bench, t), np.nan)]), tau)[0]}
            for split, keep in (("similar", part["task_id"].isin(similar)),
                                ("non-similar", ~part["task_id"].isin(similar)),
                                ("total", pd.Series(True, index=part.index))):
                sel = part[keep]
                rows.append({"tau": tau, "benchmark": bench, "split": split, "role": role,
                             "problems": int(sel["task_id"].nunique()), "models": int(sel["model"].nunique()),
                             **(_scores(sel, n_boot, seed) if len(sel) else {})})
    columns = ["tau", "benchmark", "split", "role", "problems", "models", "pass@1", "pass@1_lo", "pass@1_hi",
               "mean_logprob", "bits_per_char"]
    out = pd.DataFrame(rows).reindex(columns=columns)
    if out.empty:
        return out
    order = {r: i for i, r in enumerate(ROLES)}  # the paper's column order, then any other role
    out = out.assign(_t=out["tau"].map(list(taus).index), _k=out["role"].map(lambda r: order.get(r, len(order))))
    out = out.sort_values(["_t", "benchmark", "_k"], kind="stable")
    return out.drop(columns=["_t", "_k"]).reset_index(drop=True)


def table3_wide(long: pd.DataFrame, benchmark: str = "humaneval") -> pd.DataFrame:
    """One row per tau and split, one column per model role: pass@1 in % [interval] and bits/char."""
    part = long[long["benchmark"] == benchmark]
    rows = []
    for (tau, split), group in part.groupby(["tau", "split"], sort=False):
        row: dict[str, Any] = {"tau": tau, "split": split, "problems": int(group["problems"].max())}
        for r in group.to_dict("records"):
            row[f"{r['role']}: pass@1 (%)"] = with_interval(r["pass@1"], r["pass@1_lo"], r["pass@1_hi"], 100, 1)
            row[f"{r['role']}: bits/char"] = round(r["bits_per_char"], 3) if pd.notna(r["bits_per_char"]) else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


def plot_table3(long: pd.DataFrame, benchmark: str = "humaneval", title: str = ""):
    """pass@1 (left) and bits per character (right) by tau and split, one bar per model role."""
    import matplotlib.pyplot as plt

    part = long[(long["benchmark"] == benchmark) & (long["split"] != "total")]
    fig, axes = plt.subplots(1, 2, figsize=(13, 4))
    if part.empty:
        for ax in axes:
            ax.text(0.5, 0.5, "no results", ha="center", transform=ax.transAxes)
            ax.set_axis_off()
        return fig
    groups = [(t, s) for t, s in dict.fromkeys(zip(part["tau"], part["split"]))]
    roles = list(dict.fromkeys(part["role"]))
    width = 0.8 / len(roles)
    for ax, metric, label in ((axes[0], "pass@1", "pass@1 (%)"), (axes[1], "bits_per_char", "bits/char (lower is better)")):
        for k, role in enumerate(roles):
            sel = part[part["role"] == role].set_index(["tau", "split"])
            values = [sel[metric].get(g, np.nan) for g in groups]
            scale = 100 if metric == "pass@1" else 1
            xs = np.arange(len(groups)) + (k - (len(roles) - 1) / 2) * width
            ax.bar(xs, [scale * v for v in values], width, label=role)
        top = np.nanmax(part[metric].to_numpy(dtype=float)) * (100 if metric == "pass@1" else 1) \
            if part[metric].notna().any() else 0.0
        ax.set_ylim(0, max(5.0 if metric == "pass@1" else 1.0, 1.15 * top))
        ax.set_xticks(range(len(groups)))
        ax.set_xticklabels([f"tau {t}\n{s} ({int(part[(part['tau'] == t) & (part['split'] == s)]['problems'].max())})"
                            for t, s in groups], fontsize=7)
        ax.set_ylabel(label)
        ax.legend(fontsize=7)
    fig.suptitle(title or f"Table 3 shape on {benchmark}: problems similar / not similar to some exercise")
    fig.tight_layout()
    return fig




def headline(*, overlap: pd.DataFrame, similar: pd.DataFrame, removal: pd.DataFrame, long: pd.DataFrame,
             ast_stats: dict[str, Any], runs: pd.DataFrame, embedder: str) -> dict[str, Any]:
    """The stage's headline figures for the study's summary.json (JSON-safe: NaN -> None)."""
    table = long[long["split"].isin(["similar", "non-similar", "total"])] if len(long) else long
    keep = ["tau", "benchmark", "split", "role", "problems", "pass@1", "pass@1_lo", "pass@1_hi", "bits_per_char"]
    return json_safe({
        "ngram_overlap": overlap.to_dict("records"),
        "similar_problems": similar.to_dict("records"),
        "pruning": removal.to_dict("records"),
        "ast_match": {k: v for k, v in ast_stats.items()},
        "embedder": embedder,
        "retrained": runs.drop(columns=["checkpoint"], errors="ignore").to_dict("records"),
        "table3": table.reindex(columns=keep).to_dict("records") if len(table) else [],
    })
