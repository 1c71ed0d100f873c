"""Capability against compute: pass@1 at checkpoints along each run, against the tokens read.

The paper reports end points (phi-1-base after pretraining, phi-1 after finetuning) and argues that
better data buys capability with less compute. This asks it along the way: **where does working
code appear, and does better data make it appear sooner?** Each pretraining and finetuning run
keeps checkpoints at chosen steps (`TrainConfig.keep_checkpoint_at`, ``ckpt_NNNNNN.pt``) besides
its last (``ckpt_latest.pt``); every one is evaluated the way the evaluation stage evaluates a
model (greedy, the same sandbox, `harness.evaluate_models`), on a fixed subset of each benchmark.

- `find_checkpoints`: the checkpoints of the runs the latest pretrain / finetune stages made, each a
  `CheckpointPoint` (run, shape, seed, data setting, finetuned or not, step, tokens seen). Tokens
  seen are those the model has read, as the trainer counts them (`harness.tokens_at`); a finetuned
  run adds the tokens of the pretraining checkpoint it started from (its experiment.json's
  init_from), and gets a point at step 0: that checkpoint itself, so its line starts where its base
  model stood.
- `select_seeds`: the lowest `seeds` seeds of each shape and data setting (the cost knob beside the
  problems per benchmark).
- `capability_benchmarks`: held-out exercises, instances of seen families and whole held-out families
  apart (the synthesis stage's ``heldout_benchmark.jsonl``), and HumanEval, `limit` problems each,
  drawn once (`Benchmark.subset`), so every checkpoint answers the same problems.
- `evaluate_checkpoints`: every distinct checkpoint once (a finetuned run's step 0 reuses its base
  run's result at that step when there is one); the table: one row per point and benchmark with
  pass@1 and its interval (`passk`: bootstrap over problems, never narrower than Wilson's).
- `curve_table` / `plot_capability`: seeds pooled per shape, data setting and step (pass@1 per
  problem averaged over seeds, the same interval rule), and the figure: pass@1 against tokens seen
  (log scale), one line per data setting and shape, intervals as error bars, one panel per benchmark.

Cost: points x benchmarks x `limit` greedy completions. `budget` reads the knobs
``eval.capability_limit`` (problems per benchmark per checkpoint) and ``eval.capability_seeds``
(seeds per shape and data setting); None means all.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from phi1lib.eval import harness
from phi1lib.eval.benchmarks import Benchmark, get_benchmark
from phi1lib.core.config import StudyConfig
from phi1lib.core.jsonio import read_json
from phi1lib.eval.passk import summarize
from phi1lib.core.paths import profile_dir
from phi1lib.core.report import with_interval

BENCHMARKS = ("heldout_instance", "heldout_family", "humaneval")
LABELS = {"heldout_instance": "held-out instances of seen families", "heldout_family": "held-out concept families",
          "humaneval": "HumanEval", "mbpp": "MBPP"}
COLUMNS = ["model", "shape", "seed", "data", "finetuned", "step", "tokens", "benchmark", "n_tasks", "pass@1",
           "pass@1_lo", "pass@1_hi", "pass@1 % [95% CI]", "checkpoint"]
CURVE_COLUMNS = ["shape", "data", "finetuned", "step", "tokens", "benchmark", "seeds", "n_tasks", "pass@1",
                 "pass@1_lo", "pass@1_hi", "pass@1 % [95% CI]"]


@dataclass(frozen=True)
class CheckpointPoint:
    """One checkpoint of one run, where a capability curve is measured.

    run: the run directory's name; path: the checkpoint file; step: optimizer steps of this run;
    tokens: tokens the model has read (a finetuned run: its base checkpoint's plus its own);
    source: (run, step) of the weights, the same for points that hold the same weights (a finetuned
    run's step 0 is its base run's checkpoint).
    """

    run: str
    path: str
    shape: str | None
    seed: int | None
    data: str
    finetuned: bool
    step: int
    tokens: int | None
    source: tuple[str, int]


def budget(cfg: StudyConfig) -> tuple[int | None, int | None]:
    """(problems per benchmark per checkpoint, seeds per shape and data setting); None: all."""
    return cfg.eval.capability_limit, cfg.eval.capability_seeds


def _run_checkpoints(run_dir: Path) -> dict[int, Path]:
    """{step: checkpoint} of a run: every ckpt_NNNNNN.pt and the last (ckpt_latest.pt, else best.pt)."""
    out: dict[int, Path] = {}
    for path in sorted(run_dir.glob("ckpt_*.pt")):  # ckpt_NNNNNN.pt sort before ckpt_latest.pt
        step = harness.checkpoint_step(path)
        if step is not None:
            out.setdefault(step, path)
    if not out and (run_dir / "best.pt").is_file():
        step = harness.checkpoint_step(run_dir / "best.pt")
        if step is not None:
            out[step] = run_dir / "best.pt"
    return dict(sorted(out.items()))


def find_checkpoints(profile: str, root: Path | None = None, *, current_only: bool = True) -> list[CheckpointPoint]:
    """Every kept checkpoint of every run of ``outputs/<profile>/models/`` (those the latest pretrain
    and finetune stages made, with `current_only`, as `harness.discover_models`), pretraining runs
    first; a finetuned run also gets step 0, its init checkpoint. [] when there are none."""
    models_dir = profile_dir(profile, root) / "models"
    if not models_dir.is_dir():
        return []
    current = harness.current_runs(profile, root) if current_only else None
    pre, fine = [], []
    for run_dir in sorted(p for p in models_dir.iterdir() if p.is_dir() and not p.name.endswith("-hf")):
        exp = read_json(run_dir / "experiment.json")
        if not exp or (current is not None and run_dir.name not in current):
            continue
        finetuned = exp.get("stage") == "finetune"
        data = harness.data_setting(run_dir)
        base = {"shape": exp.get("shape"), "seed": exp.get("seed"), "data": data, "finetuned": finetuned}
        offset = 0
        if finetuned:
            init = Path(exp.get("init_from", {}).get("path", ""))
            init_step = harness.checkpoint_step(init) if init.is_file() else None
            offset = harness.init_tokens(run_dir) or 0
            if init_step is not None:
                fine.append(CheckpointPoint(run=run_dir.name, path=str(init), step=0, tokens=offset,
                                            source=(init.parent.name, init_step), **base))
        for step, path in _run_checkpoints(run_dir).items():
            if finetuned and step == 0:
                continue
            seen = harness.tokens_at(run_dir, step)
            (fine if finetuned else pre).append(CheckpointPoint(
                run=run_dir.name, path=str(path), step=step, tokens=None if seen is None else seen + offset,
                source=(run_dir.name, step), **base))
    return pre + fine


def select_seeds(points: Sequence[CheckpointPoint], seeds: int | None) -> list[CheckpointPoint]:
    """The points of the lowest `seeds` seeds of each (shape, data setting, finetuned); all for None."""
    if seeds is None:
        return list(points)
    chosen: dict[tuple, list] = {}
    for p in points:
        chosen.setdefault((p.shape, p.data, p.finetuned), [])
        if p.seed not in chosen[(p.shape, p.data, p.finetuned)]:
            chosen[(p.shape, p.data, p.finetuned)].append(p.seed)
    keep = {key: sorted(s, key=lambda x: (x is None, x))[:seeds] for key, s in chosen.items()}
    return [p for p in points if p.seed in keep[(p.shape, p.data, p.finetuned)]]


def capability_benchmarks(profile: str, limit: int | None, seed: int = 0, root: Path | None = None,
                          names: Sequence[str] = BENCHMARKS) -> list[Benchmark]:
    """`names` as benchmarks of `limit` problems each (`Benchmark.subset` with `seed`): the held-out
    splits from the synthesis stage's ``heldout_benchmark.jsonl`` (rows with tests; left out where the
    file or the split is missing), and "humaneval" / "mbpp"."""
    held = {b.name: b for b in harness.heldout_benchmarks(profile, root)}
    out = []
    for name in names:
        if name.startswith("heldout_"):
            graded = held[name].where(lambda p: bool(p.test.strip())) if name in held else None
            if graded is not None and graded.problems():
                out.append(graded.subset(limit, seed))
        else:
            out.append(get_benchmark(name).subset(limit, seed))
    return out


def _spec(point: CheckpointPoint, tokenizer: Path) -> harness.ModelSpec:
    run, step = point.source
    return harness.ModelSpec(name=f"{run}@{step:06d}", kind="checkpoint", path=point.path, tokenizer=str(tokenizer),
                              shape=point.shape, seed=point.seed, stage="finetune" if point.finetuned else "pretrain",
                              data=point.data, tokens_seen=point.tokens)


def evaluate_checkpoints(cfg: StudyConfig, points: Sequence[CheckpointPoint], out_dir: Path | str,
                         benchmarks: Sequence[Benchmark], *, tokenizer: Path | str | None = None, device: str = "cpu",
                         workers: int | None = None, log: Callable[[str], None] | None = print,
                         progress: bool | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(table, per_problem): each distinct checkpoint evaluated once on `benchmarks` (greedy, per
    ``cfg.eval``, no log-likelihood), per-problem JSONL under ``out_dir/per_problem/<run>@<step>/``.

    table: `COLUMNS`, one row per point and benchmark, in the order of `points`. per_problem: one row
    per point, benchmark and problem (model, step, benchmark, task_id, passed, completion).
    `progress`: `harness.evaluate_models`' lines (None: ``PHI1_PROGRESS``)."""
    tokenizer = Path(tokenizer) if tokenizer is not None else profile_dir(cfg.profile) / "filter" / "tokenizer"
    specs: dict[tuple[str, int], harness.ModelSpec] = {}
    for p in points:
        specs.setdefault(p.source, _spec(p, tokenizer))
    eval_cfg = dataclasses.replace(cfg, eval=dataclasses.replace(cfg.eval, limit=None))
    summary, per = harness.evaluate_models(eval_cfg, list(specs.values()), out_dir, benchmarks=benchmarks,
                                            device=device, workers=workers, loglik=False, log=log,
                                            progress=progress)
    if summary.empty:
        return pd.DataFrame(columns=COLUMNS), pd.DataFrame(columns=["model", "step", "benchmark", "task_id",
                                                                    "passed", "completion"])
    by_spec = summary.set_index(["model", "benchmark"])
    rows, frames = [], []
    for p in points:
        name = specs[p.source].name
        for bench in benchmarks:
            if (name, bench.name) not in by_spec.index:
                continue
            r = by_spec.loc[(name, bench.name)]
            rows.append({"model": p.run, "shape": p.shape, "seed": p.seed, "data": p.data, "finetuned": p.finetuned,
                         "step": p.step, "tokens": p.tokens, "benchmark": bench.name, "n_tasks": r["n_tasks"],
                         "pass@1": r.get("pass@1"), "pass@1_lo": r.get("pass@1_lo"), "pass@1_hi": r.get("pass@1_hi"),
                         "checkpoint": Path(p.path).name})
        part = per[per["model"] == name]
        frames.append(part.assign(model=p.run, step=p.step, shape=p.shape, seed=p.seed, data=p.data,
                                  finetuned=p.finetuned, tokens=p.tokens))
    table = pd.DataFrame(rows)
    table["pass@1 % [95% CI]"] = [with_interval(v, lo, hi, 100, 1) for v, lo, hi in
                                  zip(table["pass@1"], table["pass@1_lo"], table["pass@1_hi"])]
    return table[COLUMNS], pd.concat(frames, ignore_index=True)


def curve_table(per_problem: pd.DataFrame, n_boot: int = 10_000, seed: int = 0) -> pd.DataFrame:
    """Seeds pooled per (shape, data, finetuned, step, benchmark): pass@1 averaged over seeds per
    problem, then over problems, with `passk.summarize`'s interval (bootstrap over problems, never
    narrower than Wilson's); tokens are the seeds' mean. `CURVE_COLUMNS`."""
    if per_problem.empty or "passed" not in per_problem:
        return pd.DataFrame(columns=CURVE_COLUMNS)
    rows = []
    keys = ["shape", "data", "finetuned", "step", "benchmark"]
    graded = per_problem.dropna(subset=["passed"])
    for key, part in graded.groupby(keys, sort=False, dropna=False):
        scores = summarize(part[["task_id", "passed"]].astype({"passed": bool}), ks=(1,), n_boot=n_boot, seed=seed)
        lo, hi = scores.get("pass@1_ci", (np.nan, np.nan))
        rows.append({**dict(zip(keys, key)), "tokens": float(part.drop_duplicates("model")["tokens"].mean()),
                     "seeds": int(part["seed"].nunique(dropna=False)), "n_tasks": scores["n_tasks"],
                     "pass@1": scores.get("pass@1"), "pass@1_lo": lo, "pass@1_hi": hi})
    out = pd.DataFrame(rows)
    out["pass@1 % [95% CI]"] = [with_interval(v, lo, hi, 100, 1) for v, lo, hi in
                                zip(out["pass@1"], out["pass@1_lo"], out["pass@1_hi"])]
    # benchmarks in the order evaluated, then each line by tokens
    order = {b: i for i, b in enumerate(dict.fromkeys(per_problem["benchmark"]))}
    out = out.sort_values(["benchmark", "data", "shape", "tokens"], kind="stable",
                          key=lambda col: col.map(order) if col.name == "benchmark" else col)
    return out[CURVE_COLUMNS].reset_index(drop=True)


def _data_rank(data: str) -> tuple[int, str]:
    order = list(harness.DATA_ORDER)
    return (order.index(data) if data in order else len(order), data)


def plot_capability(curves: pd.DataFrame, title: str = "", shape_order: Sequence[str] | None = None):
    """pass@1 (%) against tokens seen (log scale), one panel per benchmark, one line per data setting
    (colour) and shape (line style and marker; `shape_order` smallest first). The 95% intervals are
    error bars on the lines that pass anything; a line at 0 at every checkpoint gets none (they would only
    restate the problem count: drawn as bands, a dozen of them hid the curves) and says so in the legend."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    benches = list(dict.fromkeys(curves["benchmark"])) if len(curves) else []
    fig, axes = plt.subplots(1, max(len(benches), 1), figsize=(5.2 * max(len(benches), 1), 4.2), squeeze=False)
    axes = axes[0]
    if not benches:
        axes[0].text(0.5, 0.5, "no checkpoints evaluated", ha="center", va="center", transform=axes[0].transAxes)
        axes[0].set_axis_off()
        return fig
    datas = sorted(dict.fromkeys(curves["data"]), key=_data_rank)
    shapes = list(shape_order) if shape_order else list(dict.fromkeys(curves["shape"]))
    colors = {d: plt.get_cmap("tab10")(i % 10) for i, d in enumerate(datas)}
    styles = [("--", "o"), ("-", "s"), (":", "^"), ("-.", "D")]
    top = max(5.0, 100 * float(np.nanmax(curves["pass@1_hi"].to_numpy(float))) * 1.1)
    zero: dict[tuple[str, str], bool] = {}  # (data, shape) -> 0 everywhere, in every panel
    for ax, bench in zip(axes, benches):
        part = curves[(curves["benchmark"] == bench) & (curves["tokens"] > 0)]
        for data in datas:
            for j, shape in enumerate(shapes):
                line = part[(part["data"] == data) & (part["shape"] == shape)].sort_values("tokens")
                if line.empty:
                    continue
                x = line["tokens"].to_numpy(float)
                y = 100 * line["pass@1"].to_numpy(float)
                style, marker = styles[j % len(styles)]
                ax.plot(x, y, style, marker=marker, ms=4, color=colors[data])
                nothing = not np.nansum(y) > 0
                zero[(data, shape)] = zero.get((data, shape), True) and nothing
                if not nothing:
                    lo, hi = 100 * line["pass@1_lo"].to_numpy(float), 100 * line["pass@1_hi"].to_numpy(float)
                    ax.errorbar(x, y, yerr=np.vstack([y - lo, hi - y]), fmt="none", ecolor=colors[data],
                                elinewidth=1, capsize=2.5, alpha=0.6)
        ax.set_xscale("log")
        ax.set_ylim(0, min(100.0, top))
        n = int(part["n_tasks"].max()) if len(part) else 0
        ax.set_title(f"{LABELS.get(bench, bench)} ({n} problems)", fontsize=10)
        ax.set_xlabel("tokens seen (pretraining + finetuning)")
        ax.grid(alpha=0.3, which="both")
    axes[0].set_ylabel("pass@1 (%), 95% interval")
    handles = []
    for data in datas:
        for j, shape in enumerate(shapes):
            if (data, shape) in zero:
                style, marker = styles[j % len(styles)]
                label = f"{data}, {shape}" + (" (0 at every checkpoint)" if zero[(data, shape)] else "")
                handles.append(Line2D([], [], linestyle=style, marker=marker, ms=5, color=colors[data], label=label))
    fig.suptitle(title or "Capability against compute: where does working code appear?")
    fig.legend(handles=handles, loc="lower center", ncol=min(3, len(handles)), fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0.06 * ((len(handles) + 2) // 3), 1, 1))
    return fig


def shapes_by_size(points: Sequence[CheckpointPoint], cfg: StudyConfig) -> list[str]:
    """The shapes of `points`, smallest first (by parameters, from the config's shapes)."""
    def size(shape: str | None) -> float:
        try:
            c = cfg.shape(shape)
        except Exception:  # noqa: BLE001 - a shape the config does not know sorts last
            return math.inf
        return c.n_layer * c.d_model ** 2
    return sorted(dict.fromkeys(p.shape for p in points), key=size)
