"""Stage 6, the emergence analysis (paper section 3): does finetuning on CodeExercises improve what the
exercises do not contain, and does the larger model gain more?

The paper compares phi-1 with phi-1-base (not finetuned) and phi-1-small on hand-picked prompts
(Pygame, Tkinter, PyTorch, multi-step chat-like instructions) and shows the completions side by side.
We measure it instead, on the probe categories of `emergence_probes` (held-out concept families and
instances, standard-library modules absent from the exercises, multi-step instructions); the
tables, intervals and verdict are in `emergence_tables`. This module:

- `select_models`: the base models (pretrained on the data the finetuned models started from, the
  paper's CodeTextbook) and the finetuned ones, every shape and seed, from `harness.discover_models`.
- `evaluate_emergence`: per model and category, greedy completions executed in the sandbox (pass@1)
  on `emergence.limit` problems, the module-use check on the stdlib probes, and the log-likelihood
  of the reference solutions on `emergence.loglik_limit` problems (cheap: one forward pass each, and
  the signal at laptop scale, where pass@1 is mostly zero), all through `harness.evaluate_model`.
  One row per (model, category, problem).
- `gallery_rows` / `render_gallery` / `plot_gallery`: the same prompts completed by each group and
  shape, as the paper's section 3 figures. Prompts are chosen by a fixed rule, not for looking good:
  first those where the shown models disagree (one passes, another fails), so working code sits next
  to failing code; then, alternately, prompts every shown model passes and prompts every one fails;
  in each class in order, round-robin over the categories.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from phi1lib.eval import harness
from phi1lib.eval.benchmarks import Exercises
from phi1lib.core.config import StudyConfig
from phi1lib.core.stats import bits_per_char
from phi1lib.analysis.emergence_probes import CATEGORIES, category_benchmarks, module_use, without_tests
from phi1lib.analysis.emergence_tables import BASE, FINETUNED, categories_in, shapes_by_size
from phi1lib.core.progress import is_enabled, progress_bar

PAPER_BASE_DATA = "CodeTextbook"
COLUMNS = ["model", "group", "shape", "seed", "params", "data", "category", "task_id", "passed", "used",
           "completion", "n_samples", "n_chars", "n_tokens", "sum_logprob", "bits_per_char"]


# --------------------------------------------------------------------------------------------------
# Models


def select_models(specs: Sequence[harness.ModelSpec]) -> list[tuple[harness.ModelSpec, str]]:
    """(spec, "base" | "finetuned") of the models to compare.

    Finetuned: stage "finetune"; where some were finetuned from CodeTextbook (the paper's phi-1), only
    those. Base: stage "pretrain" on the data the kept finetuned models started from (their
    `base_data`); CodeTextbook when none is finetuned.
    """
    finetuned = [s for s in specs if s.stage == "finetune"]
    paper = [s for s in finetuned if s.base_data == PAPER_BASE_DATA]
    finetuned = paper or finetuned
    base_data = {s.base_data for s in finetuned if s.base_data} or {PAPER_BASE_DATA}
    base = [s for s in specs if s.stage == "pretrain" and s.data in base_data]
    return [(s, BASE) for s in base] + [(s, FINETUNED) for s in finetuned]


# --------------------------------------------------------------------------------------------------
# Evaluation


def evaluate_emergence(cfg: StudyConfig, models: Sequence[tuple[harness.ModelSpec, str]],
                       rows: dict[str, list[dict[str, Any]]], sandbox, *, device: str = "cpu",
                       load_backend: Callable = harness.load_backend,
                       log: Callable[[str], None] | None = print, progress: bool | None = None) -> pd.DataFrame:
    """One row per (model, category, problem): passed (share of samples passing; NaN where not
    generated), used (share using the probe's module; stdlib categories), completion (the first),
    n_chars / n_tokens / sum_logprob / bits_per_char of the reference, and the model's group, shape,
    seed, params, data. `rows`: `emergence_probes.category_rows`. `progress`: a line per model done
    (models done / total, ETA) and `harness.evaluate_model`'s (None: ``PHI1_PROGRESS``)."""
    if not rows or not models:
        return pd.DataFrame(columns=COLUMNS)
    em = cfg.emergence
    eval_cfg = dataclasses.replace(cfg.eval, limit=None,
                                   max_new_tokens=em.max_new_tokens or cfg.eval.max_new_tokens)
    gen = category_benchmarks(rows, em.limit, cfg.seed)
    scored = [without_tests(b) for b in category_benchmarks(rows, em.loglik_limit, cfg.seed).values()]
    frames = []
    show = is_enabled(progress)
    done = progress_bar(len(models), "emergence", "model", interval=0, enabled=show)
    for spec, group in models:
        backend = load_backend(spec, device)
        _, per_gen = harness.evaluate_model(spec, backend, list(gen.values()), eval_cfg, sandbox, ks=(1,),
                                             loglik=False, log=None, progress=show)
        _, per_ll = harness.evaluate_model(spec, backend, scored, eval_cfg, sandbox, ks=(1,),
                                            loglik=True, log=None, progress=show)
        frame = _per_problem(per_gen, per_ll, gen, sandbox, eval_cfg.timeout_s)
        meta = {"model": spec.name, "group": group, "shape": spec.shape or spec.name, "seed": spec.seed,
                "params": getattr(backend, "n_params", None), "data": spec.data}
        frames.append(frame.assign(**meta))
        if log:
            parts = [f"{c} pass@1 {g['passed'].mean():.2f} bits/char {_bpc(g):.3f}"
                     for c, g in frame.groupby("category", sort=False)]
            log(f"{spec.name} ({group}): " + "; ".join(parts))
        done.update(1)
    done.close()
    out = pd.concat(frames, ignore_index=True)
    return out[COLUMNS + [c for c in out.columns if c not in COLUMNS]]


def _per_problem(per_gen: pd.DataFrame, per_ll: pd.DataFrame, gen: dict[str, Exercises], sandbox,
                 timeout_s: float) -> pd.DataFrame:
    """Per-sample generation rows and per-problem log-likelihood rows -> one row per problem."""
    ll = per_ll[["benchmark", "task_id", "n_chars", "n_tokens", "sum_logprob", "bits_per_char"]]
    if len(per_gen) and "passed" in per_gen:
        per_gen = per_gen.assign(passed=per_gen["passed"].astype(float), used=np.nan)
        for name, bench in gen.items():
            if name.startswith("stdlib"):
                mask = per_gen["benchmark"] == name
                items = list(zip(per_gen.loc[mask, "task_id"], per_gen.loc[mask, "completion"]))
                per_gen.loc[mask, "used"] = np.asarray(module_use(sandbox, bench, items, timeout_s), float)
        samples = per_gen.groupby(["benchmark", "task_id"], sort=False).agg(
            passed=("passed", "mean"), used=("used", "mean"), completion=("completion", "first"),
            n_samples=("passed", "size")).reset_index()
        table = ll.merge(samples, on=["benchmark", "task_id"], how="outer")
    else:
        table = ll.assign(passed=np.nan, used=np.nan, completion=None, n_samples=0)
    return table.rename(columns={"benchmark": "category"})


def _bpc(frame: pd.DataFrame) -> float:
    """Character-weighted bits per character of the reference solutions (as `loglik.summarize_loglik`)."""
    part = frame.dropna(subset=["sum_logprob", "n_chars"])
    return float(bits_per_char(part["sum_logprob"].sum(), part["n_chars"].sum()))


# --------------------------------------------------------------------------------------------------
# Gallery


def gallery_rows(rows: pd.DataFrame, benchmarks: dict[str, Exercises], n: int) -> pd.DataFrame:
    """`n` prompts completed by one model of every (group, shape) cell (its lowest seed), among the
    problems generated for every cell. The rule (no cherry-picking): prompts where the shown models
    disagree come first, then prompts all of them pass and prompts all of them fail, alternately;
    within each class in order, round-robin over the categories. Column ``shown because`` names the
    class."""
    gen = rows.dropna(subset=["passed"])
    if gen.empty or n <= 0:
        return pd.DataFrame(columns=["category", "task_id", "prompt", "model", "group", "shape", "passed",
                                     "completion", "shown because"])
    shapes = shapes_by_size(gen)
    chosen_models = []
    for group in (BASE, FINETUNED):
        for shape in shapes:
            cell = gen[(gen["group"] == group) & (gen["shape"] == shape)]
            if len(cell):
                chosen_models.append(cell.sort_values(["seed", "model"], na_position="last")["model"].iloc[0])
    shown = gen[gen["model"].isin(chosen_models)]
    by_task = shown.groupby(["category", "task_id"], sort=False)
    counts, passing = by_task["model"].nunique(), by_task["passed"].agg(lambda p: int((p >= 1).sum()))
    complete = counts[counts == len(chosen_models)].index
    kinds = {key: (MIXED if 0 < passing[key] < len(chosen_models) else PASSING if passing[key] else FAILING)
             for key in complete}
    queues = {kind: {c: [t for (cc, t) in complete if cc == c and kinds[(cc, t)] == kind]
                     for c in categories_in(gen)} for kind in (MIXED, PASSING, FAILING)}
    picked = _round_robin(queues[MIXED], n)
    rest = [_round_robin(queues[kind], n) for kind in (PASSING, FAILING)]
    while len(picked) < n and any(rest):  # then a prompt all pass, one all fail, and so on
        for queue in rest:
            if queue and len(picked) < n:
                picked.append(queue.pop(0))
    out = []
    for category, task_id in picked:
        prompt = benchmarks[category].problem(task_id).prompt if category in benchmarks else ""
        for model in chosen_models:
            r = shown[(shown["model"] == model) & (shown["category"] == category) & (shown["task_id"] == task_id)]
            r = r.iloc[0]
            out.append({"category": category, "task_id": task_id, "prompt": prompt, "model": model,
                        "group": r["group"], "shape": r["shape"], "passed": r["passed"],
                        "completion": r["completion"] if isinstance(r["completion"], str) else "",
                        "shown because": kinds[(category, task_id)]})
    return pd.DataFrame(out)


MIXED, PASSING, FAILING = "some pass, some fail", "all pass", "all fail"


def _round_robin(queues: dict[str, list[Any]], n: int) -> list[tuple[str, Any]]:
    """Up to n (category, task_id): the first of each category's queue in turn, then the second..."""
    queues = {c: list(q) for c, q in queues.items()}
    picked: list[tuple[str, Any]] = []
    while len(picked) < n and any(queues.values()):
        for category, queue in queues.items():
            if queue and len(picked) < n:
                picked.append((category, queue.pop(0)))
    return picked


def render_gallery(gallery: pd.DataFrame) -> str:
    """Markdown: each prompt once, then every model's completion and verdict."""
    rule = ("Prompts by a fixed rule: first those where the models shown disagree (working code next to "
            "failing code), then alternately prompts all of them pass and prompts all of them fail; in "
            "order, round-robin over the categories.")
    parts = ["# Emergence gallery: the same prompts, base vs finetuned, small vs large", "", rule, ""]
    for (category, task_id), part in gallery.groupby(["category", "task_id"], sort=False):
        why = f"; {part['shown because'].iloc[0]}" if "shown because" in part else ""
        parts += [f"## `{task_id}` ({CATEGORIES.get(category, category)}{why})", "", "```python",
                  part["prompt"].iloc[0].rstrip(), "```", ""]
        for _, r in part.iterrows():
            verdict = "passes" if r["passed"] >= 1 else ("fails" if r["passed"] == 0 else f"{r['passed']:.0%}")
            parts += [f"**{r['group']}, {r['shape']}** (`{r['model']}`, {verdict}):", "", "```python",
                      r["completion"].rstrip("\n") or "# (empty completion)", "```", ""]
    return "\n".join(parts)


def plot_gallery(gallery: pd.DataFrame, max_lines: int = 14, width: int = 56):
    """A figure in the manner of the paper's section 3: one row per prompt (its signature line), one
    column per model, the completions in monospace, framed green when they pass."""
    import matplotlib.pyplot as plt

    if gallery.empty:
        fig, ax = plt.subplots(figsize=(6, 1.5))
        ax.text(0.5, 0.5, "no completions to show", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    tasks = list(dict.fromkeys(zip(gallery["category"], gallery["task_id"])))
    models = list(dict.fromkeys(zip(gallery["group"], gallery["shape"], gallery["model"])))
    fig, axes = plt.subplots(max(len(tasks), 1), max(len(models), 1), squeeze=False,
                             figsize=(4.2 * max(len(models), 1), 2.4 * max(len(tasks), 1)))
    for i, (category, task_id) in enumerate(tasks):
        for j, (group, shape, model) in enumerate(models):
            ax = axes[i][j]
            r = gallery[(gallery["task_id"] == task_id) & (gallery["model"] == model)].iloc[0]
            lines = [ln[:width] for ln in (r["completion"] or "# (empty)").splitlines()[:max_lines]]
            ax.text(0.01, 0.98, "\n".join(lines), family="monospace", fontsize=6.5, va="top",
                    transform=ax.transAxes)
            ax.set_xticks([])
            ax.set_yticks([])
            color = "tab:green" if r["passed"] >= 1 else "tab:red"
            for spine in ax.spines.values():
                spine.set_edgecolor(color)
            if i == 0:
                ax.set_title(f"{group}, {shape}", fontsize=9)
            if j == 0:
                signature = next((ln for ln in r["prompt"].splitlines() if ln.startswith("def ")), task_id)
                ax.set_ylabel(signature[:48], fontsize=7, rotation=0, ha="right", va="center")
    fig.suptitle("The same prompts completed by base vs finetuned and small vs large models "
                 "(green frame: passes its tests)", fontsize=10)
    fig.tight_layout()
    return fig


def plot_categories(table: pd.DataFrame, title: str = ""):
    """pass@1 (%) and reference bits per character by category, one bar per group and shape (the
    pooled rows left out), with the bootstrap intervals of `emergence_tables.pass_table`."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(14, 4.2))
    part = table[table["shape"] != "all shapes"] if len(table) else table
    if part.empty:
        for ax in axes:
            ax.text(0.5, 0.5, "no models evaluated", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
        return fig
    categories = list(dict.fromkeys(part["category"]))
    series = list(dict.fromkeys(zip(part["group"], part["shape"])))
    width = 0.8 / len(series)
    for ax, metric, scale, label in ((axes[0], "pass@1", 100, "pass@1 (%)"),
                                     (axes[1], "bits/char", 1, "reference bits/char (lower is better)")):
        for j, (group, shape) in enumerate(series):
            sel = part[(part["group"] == group) & (part["shape"] == shape)].set_index("category")
            sel = sel.reindex(categories)
            xs = np.arange(len(categories)) + (j - (len(series) - 1) / 2) * width
            mid = scale * sel[metric].to_numpy(float)
            err = np.abs(np.vstack([mid - scale * sel[f"{metric} lo"].to_numpy(float),
                                    scale * sel[f"{metric} hi"].to_numpy(float) - mid]))
            bars = ax.bar(xs, mid, width, yerr=np.nan_to_num(err), capsize=3, label=f"{group}, {shape}",
                          hatch="" if group == BASE else "//", alpha=0.85)
            if metric == "pass@1":  # zeros are the common case here: print them rather than show nothing
                ax.bar_label(bars, fmt="%.1f", fontsize=6, padding=2)
        ax.set_xticks(range(len(categories)))
        ax.set_xticklabels([CATEGORIES.get(c, c) for c in categories], rotation=15, ha="right", fontsize=8)
        ax.set_title(label)
        ax.legend(fontsize=8)
    bits = part["bits/char"].dropna()
    if len(bits):
        axes[1].set_ylim(max(0.0, bits.min() - 0.5), bits.max() + 0.3)
    axes[0].set_ylim(0, max(5.0, 1.2 * 100 * float(part["pass@1 hi"].fillna(0).max())))
    fig.suptitle(title or "Emergence probes: base vs finetuned, by shape (95% bootstrap intervals over problems)")
    fig.tight_layout()
    return fig
