"""The evaluation stage: every model of a run on HumanEval and MBPP, tables and figures shaped like
the paper's, per-problem results kept.

Notebook 05 calls these so that no loop lives only in the notebook:

- `discover_models`: the models a run produced, from ``outputs/<profile>/models/``: trainer run
  directories (``<shape>-s<seed>`` pretrained, ``...-finetuned``) and Hugging Face exports
  (``*-hf``; skipped where their run directory is evaluated already, as the same weights).
- `evaluate_models`: per model and benchmark, greedy completions (`EvalConfig`: n samples at a
  temperature, max_new_tokens, `limit` problems), executed in the sandbox for pass@k with bootstrap
  intervals, and the log-likelihood of the reference solutions (`loglik.py`). Per-problem rows are
  written to ``<out>/per_problem/<model>/<benchmark>.jsonl`` as each model finishes.
- `PAPER_TABLE1` / `PAPER_FIGURE_2_1`: the paper's Table 1 rows and Figure 2.1 bars (reported numbers,
  labelled so), which `phi1lib.analysis.ablation` sets beside ours, with log-likelihood beside pass@1 because
  at laptop scale pass@1 is mostly zero.

Progress (`phi1lib.core.progress`, on unless ``PHI1_PROGRESS=0`` or ``progress=False``): models done /
total as each finishes, and within a model, per benchmark, the samples executed and the reference
solutions scored, where either takes longer than `progress.interval_s` (shorter steps stay quiet).
Generation reports only when a benchmark's completions are all in: the backends decode all of a
benchmark's prompts in one call, sorted and batched by length, and splitting that call to count
problems would change the batches, so the greedy completions could change with it.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from phi1lib.eval.backends import (Backend, CheckpointBackend, Decoding, HFBackend, OpenAIBackend,
                              SamplesFileBackend)
from phi1lib.eval.benchmarks import Benchmark, Exercises, get_benchmark
from phi1lib.core.config import EvalConfig, StudyConfig
from phi1lib.core.jsonio import read_json, read_jsonl
from phi1lib.eval.loglik import reference_loglik, summarize_loglik
from phi1lib.eval.passk import summarize
from phi1lib.core.paths import profile_dir
from phi1lib.core.progress import interval_s, is_enabled, progress_bar
from phi1lib.core.workers import resolve_workers, run_in_processes
from phi1lib.eval.sandbox import Sandbox
from phi1lib.model.checkpoint import best_checkpoint

REPORTED = "reported by the paper"
# Table 1 of the paper (and STUDY.md): HumanEval / MBPP pass@1 in %, as reported, never re-measured.
PAPER_TABLE1 = pd.DataFrame([
    ("phi-1", "1.3B", "7B unique (51B seen + finetune)", 50.6, 55.5),
    ("phi-1-small", "350M", "same data", 45.0, np.nan),
    ("phi-1-base (no finetune)", "1.3B", "same data", 29.0, np.nan),
    ("StarCoder", "15.5B", "1T", 33.6, 52.7),
    ("CodeGen-Mono-350M", "350M", "577B", 12.8, np.nan),
    ("WizardCoder", "16B", "1T", 57.3, 51.8),
], columns=["model", "params", "train tokens", "HumanEval pass@1 (%)", "MBPP pass@1 (%)"])
# Figure 2.1 / the ablation in STUDY.md: HumanEval pass@1 (%) by training data and model size.
PAPER_FIGURE_2_1 = pd.DataFrame([
    ("unfiltered code (The Stack+)", "350M", 12.2),
    ("filtered code", "350M", 17.7),
    ("CodeTextbook", "350M", 20.1),
    ("CodeTextbook + CodeExercises", "350M", 45.0),
    ("CodeTextbook", "1.3B", 29.0),
    ("CodeTextbook + CodeExercises", "1.3B", 50.6),
], columns=["setting", "size", "HumanEval pass@1 (%)"])
# Our pretraining data (the packed-token folder a run read) in the paper's terms.
DATA_SETTINGS = {"tokens_unfiltered": "unfiltered code", "tokens_filtered": "filtered code",
                 "tokens_codetextbook": "CodeTextbook", "tokens_raw": "all deduplicated code"}
# The order Figure 2.1 reads in: worse data to better, then finetuned.
DATA_ORDER = ("all deduplicated code", "unfiltered code", "filtered code", "CodeTextbook",
              "all deduplicated code + exercises", "unfiltered code + exercises", "filtered code + exercises",
              "CodeTextbook + exercises")


@dataclass
class ModelSpec:
    """A model to evaluate. kind: "checkpoint" (our trainer's, or a phi HF dir read into our
    model), "hf" (transformers), "openai" (path = model name at `base_url`), "samples" (a file)."""

    name: str
    kind: str
    path: str
    tokenizer: str | None = None
    shape: str | None = None
    seed: int | None = None
    stage: str = "external"  # "pretrain" | "finetune" | "external"
    data: str = ""  # the training data setting, in the paper's terms (a label for tables)
    base: str | None = None  # a finetuned model's starting run (its name), None for the others
    base_data: str | None = None  # that run's data setting ("CodeTextbook"): which base to compare with
    tokens_seen: int | None = None
    base_url: str | None = None


def data_setting(run_dir: Path) -> str:
    """A run's training data in the paper's terms (`DATA_SETTINGS`); a finetuned run's is its base's
    plus " + exercises"."""
    exp = read_json(run_dir / "experiment.json")
    if exp.get("stage") == "finetune":
        base = lineage(run_dir)[0]
        return (data_setting(base) if base else "pretrained") + " + exercises"
    folder = Path(exp.get("data", {}).get("path", "")).name
    return DATA_SETTINGS.get(folder, folder or "unknown")


def lineage(run_dir: Path) -> tuple[Path | None, str | None]:
    """The run a finetuned run started from and that run's data setting, read from the trainer's
    experiment.json (its `init_from`); (None, None) for a run that started from scratch."""
    init = read_json(Path(run_dir) / "experiment.json").get("init_from", {}).get("path")
    if not init:
        return None, None
    base = Path(init).parent
    return base, data_setting(base)


def _tokens_seen(run_dir: Path) -> int | None:
    """Tokens the run's model has read: its own (summary.json), plus for a finetuned run those of the
    checkpoint it started from (`init_tokens`)."""
    seen = read_json(run_dir / "summary.json").get("tokens_seen")
    if seen is not None and read_json(run_dir / "experiment.json").get("stage") == "finetune":
        seen += init_tokens(run_dir) or 0
    return seen


def init_tokens(run_dir: Path) -> int | None:
    """Tokens the checkpoint a finetuned run started from had read (experiment.json's init_from):
    its pretraining run's tokens at that checkpoint's step, or the whole pretraining run's where the
    step is unknown; None for a run without an init checkpoint."""
    init = read_json(run_dir / "experiment.json").get("init_from", {}).get("path")
    if not init:
        return None
    parent = Path(init).parent
    step = checkpoint_step(Path(init))
    at = tokens_at(parent, step) if step is not None else None
    return at if at is not None else _tokens_seen(parent)


def checkpoint_step(path: Path) -> int | None:
    """The optimizer step a trainer checkpoint holds: from its name (``ckpt_NNNNNN.pt``), else from
    the finished run's summary.json (best.pt: best_step; ckpt_latest.pt: steps), else the file's own
    record (read memory-mapped: the weights are not loaded). None where none says."""
    path = Path(path)
    match = re.fullmatch(r"ckpt_(\d+)\.pt", path.name)
    if match:
        return int(match.group(1))
    summary = read_json(path.parent / "summary.json")
    key = {"best.pt": "best_step", "ckpt_latest.pt": "steps"}.get(path.name)
    if key and summary.get(key) is not None:
        return int(summary[key])
    try:
        import torch

        step = torch.load(path, map_location="cpu", mmap=True, weights_only=False).get("step")
    except (OSError, RuntimeError, ValueError, AttributeError, EOFError):
        return None
    return int(step) if step is not None else None


def tokens_at(run_dir: Path, step: int) -> int | None:
    """Tokens the run had read after `step` optimizer steps: its metrics.jsonl row of that step (the
    trainer logs every saved step), else the summary's tokens_seen when `step` is its last, else
    step x tokens per step of a run that read the same number every step (summary: tokens / steps)."""
    run_dir = Path(run_dir)
    if step == 0:
        return 0
    metrics = run_dir / "metrics.jsonl"
    if metrics.is_file():
        for line in reversed(metrics.read_text().splitlines()):
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if row.get("step") == step and row.get("tokens") is not None:
                return int(row["tokens"])
    summary = read_json(run_dir / "summary.json")
    if summary.get("tokens_seen") is not None and summary.get("steps"):
        if step == summary["steps"]:
            return int(summary["tokens_seen"])
        return round(summary["tokens_seen"] / summary["steps"] * step)
    return None


def discover_models(profile: str, root: Path | None = None, *,
                    include_hf_copies: bool = False, current_only: bool = True) -> list[ModelSpec]:
    """Every model under ``outputs/<profile>/models/``: run directories with a checkpoint, then HF
    exports whose run is not there (or all of them with include_hf_copies). [] when none exist.

    With `current_only`, a run of our trainer (it has experiment.json) counts only if the latest
    pretrain or finetune stage lists it in its manifest (`current_runs`): runs of an earlier grid or
    config stay on disk but are not evaluated. Models put there by hand are always included.
    """
    models_dir = profile_dir(profile, root) / "models"
    tokenizer = profile_dir(profile, root) / "filter" / "tokenizer"
    specs: list[ModelSpec] = []
    if not models_dir.is_dir():
        return specs
    current = current_runs(profile, root) if current_only else None
    runs = {}
    for run in sorted(p for p in models_dir.iterdir() if p.is_dir() and not p.name.endswith("-hf")):
        ckpt = best_checkpoint(run, missing_ok=True)
        if ckpt is None:
            continue
        if current is not None and (run / "experiment.json").is_file() and run.name not in current:
            continue
        exp = read_json(run / "experiment.json")
        runs[run.name] = ckpt
        base, base_data = lineage(run)
        specs.append(ModelSpec(name=run.name, kind="checkpoint", path=str(ckpt), tokenizer=str(tokenizer),
                               shape=exp.get("shape"), seed=exp.get("seed"),
                               stage=exp.get("stage", "pretrain"), data=data_setting(run),
                               base=base.name if base else None, base_data=base_data,
                               tokens_seen=_tokens_seen(run)))
    for hf in sorted(p for p in models_dir.glob("*-hf") if (p / "config.json").is_file()):
        run_name = hf.name[:-3]
        if run_name in runs and not include_hf_copies:
            continue
        run = models_dir / run_name
        exp = read_json(run / "experiment.json")
        if current is not None and exp and run_name not in current:
            continue
        base, base_data = lineage(run) if exp else (None, None)
        specs.append(ModelSpec(name=hf.name, kind="checkpoint", path=str(hf), tokenizer=str(hf),
                               shape=exp.get("shape"), seed=exp.get("seed"),
                               stage=exp.get("stage", "external"), data=data_setting(run) if exp else "",
                               base=base.name if base else None, base_data=base_data,
                               tokens_seen=_tokens_seen(run)))
    return specs


def current_runs(profile: str, root: Path | None = None) -> set[str] | None:
    """Names of the runs the latest pretrain and finetune stages made (their manifests' ``runs``);
    None when neither stage has a manifest (nothing to go by: every run counts)."""
    names: set[str] = set()
    found = False
    for stage in ("pretrain", "finetune"):
        manifest = profile_dir(profile, root) / stage / "manifest.json"
        if manifest.is_file():
            found = True
            names |= set(read_json(manifest).get("runs", {}))
    return names if found else None


def load_backend(spec: ModelSpec, device: str = "cpu", batch_size: int = 16) -> Backend:
    if spec.kind == "checkpoint":
        return CheckpointBackend(spec.path, spec.tokenizer, device=device, batch_size=batch_size,
                                 name=spec.name)
    if spec.kind == "hf":
        return HFBackend(spec.path, device=device, batch_size=batch_size, name=spec.name)
    if spec.kind == "openai":
        return OpenAIBackend(spec.path, spec.base_url, name=spec.name)
    if spec.kind == "samples":
        return SamplesFileBackend(spec.path, name=spec.name)
    raise ValueError(f"unknown model kind {spec.kind!r}")


def heldout_benchmark(profile: str, root: Path | None = None) -> Exercises | None:
    """The held-out exercises of the run, when a stage saved them (synthesis, else finetuning's)."""
    base = profile_dir(profile, root)
    for path in (base / "synthesize" / "heldout_benchmark.jsonl", base / "finetune" / "exercises" / "val.jsonl"):
        if path.is_file() and path.stat().st_size:
            return Exercises.from_jsonl(path, name="heldout")
    return None


# The synthesis stage's held-out problems, by split: instances of the families the exercises teach,
# and whole families no training sample touches (the transfer the study asks about).
HELDOUT_SPLITS = {"instance": "heldout_instance", "family": "heldout_family"}


def heldout_benchmarks(profile: str, root: Path | None = None) -> list[Exercises]:
    """The held-out exercises as one benchmark per split (`HELDOUT_SPLITS`), in that order, where the
    synthesis stage saved them; else `heldout_benchmark`'s one benchmark; else none."""
    path = profile_dir(profile, root) / "synthesize" / "heldout_benchmark.jsonl"
    if path.is_file() and path.stat().st_size:
        rows = read_jsonl(path)
        if rows and all(r.get("split") in HELDOUT_SPLITS for r in rows):
            return [Exercises([r for r in rows if r["split"] == split], name=name)
                    for split, name in HELDOUT_SPLITS.items() if any(r["split"] == split for r in rows)]
    whole = heldout_benchmark(profile, root)
    return [whole] if whole is not None else []


def benchmarks_for(cfg: StudyConfig, heldout: Benchmark | Sequence[Benchmark] | None = None) -> list[Benchmark]:
    out = [get_benchmark(name) for name in cfg.eval.benchmarks]
    if heldout is None:
        return out
    return out + ([heldout] if isinstance(heldout, Benchmark) else list(heldout))


# Reference solutions scored per progress update: each is scored on its own (one forward, or one
# request), so chunks give the scores of one call, with a chance to report in between; 64 keeps an
# OpenAI backend's concurrent requests busy.
LOGLIK_CHUNK = 64


def _scored(backend: Backend, bench: Benchmark, problems: Sequence[Any], bar) -> pd.DataFrame:
    """`reference_loglik` of `problems`, `LOGLIK_CHUNK` at a time, counting them on `bar`."""
    parts = []
    for i in range(0, len(problems), LOGLIK_CHUNK):
        part = problems[i:i + LOGLIK_CHUNK]
        parts.append(reference_loglik(backend, bench, part))
        bar.update(len(part))
    return pd.concat(parts, ignore_index=True) if parts else reference_loglik(backend, bench, problems)


def evaluate_model(spec: ModelSpec, backend: Backend, benchmarks: Sequence[Benchmark], eval_cfg: EvalConfig,
                   sandbox, *, ks: Sequence[int] = (1, 10, 100), loglik: bool = True,
                   log: Callable[[str], None] | None = print,
                   progress: bool | None = None) -> tuple[list[dict[str, Any]], pd.DataFrame]:
    """(summary rows, per-sample rows) of one model on each benchmark. `progress`: lines for the
    sandbox runs and the scoring of each benchmark that take long (None: ``PHI1_PROGRESS``)."""
    decoding = Decoding(n=eval_cfg.n_samples, temperature=eval_cfg.temperature,
                        max_new_tokens=eval_cfg.max_new_tokens)
    show = is_enabled(progress)

    def bar(bench: Benchmark, step: str, total: int, unit: str):
        # delay: a step shorter than one interval writes nothing; a longer one a line per interval
        return progress_bar(total, f"{spec.name} {bench.name} {step}", unit, enabled=show, delay=interval_s())

    summaries, frames = [], []
    for bench in benchmarks:
        problems = bench.problems(eval_cfg.limit)
        row: dict[str, Any] = {"model": spec.name, "benchmark": bench.name, "shape": spec.shape,
                               "seed": spec.seed, "stage": spec.stage, "data": spec.data,
                               "params": getattr(backend, "n_params", None), "tokens_seen": spec.tokens_seen,
                               "n_tasks": len(problems)}
        samples = pd.DataFrame(columns=["task_id", "sample", "completion", "passed", "result"])
        if bench.has_tests or isinstance(backend, SamplesFileBackend):
            t0 = time.perf_counter()
            generated = bar(bench, "generate", len(problems), "problem")  # one line, at the end (see above)
            completions = backend.completions(bench, problems, decoding)
            generated.update(len(problems))
            generated.close()
            t1 = time.perf_counter()
            jobs, keys = [], []
            for p, comps in zip(problems, completions):
                for i, c in enumerate(comps):
                    jobs.append(bench.job(p, c, timeout_s=eval_cfg.timeout_s))
                    keys.append((p.task_id, i, c))
            executed = bar(bench, "execute", len(jobs), "sample")
            try:
                verdicts = sandbox.run(jobs, progress=lambda done, _total, b=executed: b.update(done - b.n))
            finally:
                executed.close()
            samples = pd.DataFrame([{"task_id": t, "sample": i, "completion": c, "passed": v.passed,
                                     "result": v.result} for (t, i, c), v in zip(keys, verdicts)])
            scores = summarize(samples, ks) if len(samples) else {}
            for key, value in scores.items():
                if key.endswith("_ci"):
                    row[f"{key[:-3]}_lo"], row[f"{key[:-3]}_hi"] = value
                else:
                    row[key] = value
            row.update(gen_s=round(t1 - t0, 2), exec_s=round(time.perf_counter() - t1, 2))
        if loglik and not isinstance(backend, SamplesFileBackend):
            t0 = time.perf_counter()
            scoring = bar(bench, "score", len(problems), "problem")
            try:
                ll = _scored(backend, bench, problems, scoring)
            finally:
                scoring.close()
            row.update(summarize_loglik(ll), loglik_s=round(time.perf_counter() - t0, 2))
            samples = ll.merge(samples, on="task_id", how="left") if len(samples) else ll
        samples.insert(0, "benchmark", bench.name)
        samples.insert(0, "model", spec.name)
        frames.append(samples)
        summaries.append(row)
        if log:
            parts = [f"{label} {row[key]:{fmt}}" for key, label, fmt in (
                ("pass@1", "pass@1", ".3f"), ("bits_per_char", "bits/char", ".3f"), ("gen_s", "generation s", ".1f"),
                ("exec_s", "execution s", ".1f")) if isinstance(row.get(key), (int, float))]
            log(f"{spec.name} on {bench.name} ({len(problems)} problems): {', '.join(parts)}")
    return summaries, pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


# What a program that does not parse got wrong, from the parser's message: the kinds a small model's
# completions show (a bracket left open, one closed twice), then the rest. Order matters: the first
# kind whose marker is in the message wins.
FAILURE_KINDS = (("unclosed bracket", ("was never closed",)),
                 ("unmatched bracket", ("unmatched", "does not match")),
                 ("unterminated string", ("unterminated", "EOF while scanning")))


def syntax_failure(program: str) -> str | None:
    """None where `program` parses as Python, else what is wrong with it: one of `FAILURE_KINDS`,
    "indentation" or "other syntax error"."""
    import ast

    try:
        ast.parse(program)
        return None
    except IndentationError:  # before SyntaxError, its base: "unindent does not match" is indentation
        return "indentation"
    except (SyntaxError, ValueError) as exc:  # ValueError: a NUL byte in the source
        message = str(getattr(exc, "msg", exc))
    return next((kind for kind, markers in FAILURE_KINDS if any(m in message for m in markers)),
                "other syntax error")


def _failures_by_model(per_problem: pd.DataFrame, benchmarks: Sequence[Benchmark]):
    """(benchmark, model, [syntax_failure of each completion's program]) for the models with completions."""
    if not len(per_problem) or "completion" not in per_problem:
        return
    for bench in benchmarks:
        by_id = {p.task_id: p for p in bench.problems()}
        part = per_problem[(per_problem["benchmark"] == bench.name) & per_problem["completion"].notna()]
        for model, group in part.groupby("model", sort=False):
            yield bench.name, model, len(group), [
                syntax_failure(bench.program(by_id[task_id], str(completion)))
                for task_id, completion in zip(group["task_id"], group["completion"]) if task_id in by_id]


def parse_rates(per_problem: pd.DataFrame, benchmarks: Sequence[Benchmark]) -> pd.DataFrame:
    """Per model and benchmark: completions, and the share whose program (what the sandbox runs: the
    prompt and the completion, or MBPP's whole program) parses as Python. A model that writes code,
    right or wrong, parses; one that loops on fragments or stops mid-statement does not."""
    rows = [{"model": model, "benchmark": bench, "completions": n,
             "parse": sum(f is None for f in failures) / n if n else float("nan")}
            for bench, model, n, failures in _failures_by_model(per_problem, benchmarks)]
    return pd.DataFrame(rows, columns=["model", "benchmark", "completions", "parse"])


def parse_failures(per_problem: pd.DataFrame, benchmarks: Sequence[Benchmark]) -> pd.DataFrame:
    """Per model and benchmark, the completions whose program does not parse, counted by what is wrong
    (`syntax_failure`): whether a model that misses the parse rate loops on fragments, loses track of
    its brackets or breaks its indentation."""
    kinds = [k for k, _ in FAILURE_KINDS] + ["indentation", "other syntax error"]
    rows = []
    for bench, model, n, failures in _failures_by_model(per_problem, benchmarks):
        failed = [f for f in failures if f is not None]
        rows.append({"model": model, "benchmark": bench, "completions": n, "do not parse": len(failed),
                     **{k: failed.count(k) for k in kinds}})
    return pd.DataFrame(rows, columns=["model", "benchmark", "completions", "do not parse", *kinds])


def make_sandbox(cfg: StudyConfig, workers: int | None = None):
    """The sandbox ``cfg.eval`` describes (timeout, required isolation, workers, memory, strict types)."""
    return Sandbox(timeout_s=cfg.eval.timeout_s, require=cfg.eval.require_isolation,
                   workers=workers if workers is not None else cfg.eval.workers, memory_mb=cfg.eval.memory_mb,
                   strict_types=cfg.eval.strict_types)


def reference_check(sandbox, benchmarks: Sequence[Benchmark], timeout_s: float | None = None,
                    limit: int | None = None) -> pd.DataFrame:
    """Each benchmark's reference solutions run through the sandbox that judges the models: one row per
    benchmark with tests (problems, references passing, the failing task ids). Anything short of all
    passing means the harness, not a model, is wrong."""
    rows = []
    for bench in benchmarks:
        if not bench.has_tests:
            continue
        problems = bench.problems(limit)
        verdicts = sandbox.run([bench.job(p, bench.reference_completion(p), timeout_s) for p in problems])
        rows.append({"benchmark": bench.name, "problems": len(problems),
                     "references passing": sum(v.passed for v in verdicts),
                     "failing": ", ".join(str(p.task_id) for p, v in zip(problems, verdicts) if not v.passed)})
    return pd.DataFrame(rows, columns=["benchmark", "problems", "references passing", "failing"])


def _evaluate_in_worker(cfg: StudyConfig, spec: ModelSpec, benchmarks: Sequence[Benchmark], device: str,
                        threads: int | None, loglik: bool = True,
                        progress: bool = False) -> tuple[list[dict[str, Any]], pd.DataFrame, list[str]]:
    """One model in a worker process: its own torch threads and sandbox; log lines returned (its
    progress lines go to the parent as they come, `workers.run_in_processes`)."""
    import torch

    if threads is not None:
        torch.set_num_threads(threads)
    lines: list[str] = []
    sandbox = make_sandbox(cfg, workers=1)
    try:
        rows, per = evaluate_model(spec, load_backend(spec, device=device), benchmarks, cfg.eval, sandbox,
                                   loglik=loglik, log=lines.append, progress=progress)
    finally:
        sandbox.close()
    return rows, per, lines


def _write_per_problem(out_dir: Path, spec: ModelSpec, benchmarks: Sequence[Benchmark], per: pd.DataFrame) -> None:
    for bench in benchmarks:
        path = out_dir / "per_problem" / spec.name / f"{bench.name}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = per[per["benchmark"] == bench.name].to_dict("records") if len(per) else []
        path.write_text("".join(json.dumps(r, default=_plain) + "\n" for r in rows))


def evaluate_models(cfg: StudyConfig, specs: Sequence[ModelSpec], out_dir: Path | str, *,
                    benchmarks: Sequence[Benchmark] | None = None, sandbox=None, device: str = "cpu",
                    workers: int | None = None, loglik: bool = True,
                    log: Callable[[str], None] | None = print,
                    progress: bool | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Evaluate every model; write per-problem JSONL as each finishes; return (summary, per_problem)
    in the order of `specs`. loglik=False skips the reference solutions' log-likelihood.

    On a CPU the models go side by side, one per core with one torch thread and a one-process sandbox
    each (`workers`, default: `workers.resolve_workers`): greedy decoding of a tiny model is too
    small to split over cores, so two models on one thread each finish ~1.6x sooner than one after
    the other on two. Results do not depend on `workers`. With one worker (a GPU, or workers=1) the
    models run here, in `sandbox` (or a sandbox made from ``cfg.eval``). `progress`: a line per
    model finished (models done / total, ETA) and `evaluate_model`'s (None: ``PHI1_PROGRESS``).
    """
    out_dir = Path(out_dir)
    benchmarks = list(benchmarks if benchmarks is not None else benchmarks_for(cfg))
    results: dict[int, tuple[list[dict[str, Any]], pd.DataFrame]] = {}
    n_workers, threads = resolve_workers(workers, device, len(specs)) if specs else (1, None)
    show = is_enabled(progress)
    models = progress_bar(len(specs), "evaluate", "model", interval=0, enabled=show and len(specs) > 0)
    try:
        _evaluate_all(cfg, specs, out_dir, benchmarks, sandbox, device, loglik, log, show, n_workers, threads,
                      results, models.update)
    finally:
        models.close()
    summaries = [row for i in sorted(results) for row in results[i][0]]
    frames = [results[i][1] for i in sorted(results)]
    summary = pd.DataFrame(summaries)
    return summary, (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame())


def _evaluate_all(cfg: StudyConfig, specs: Sequence[ModelSpec], out_dir: Path, benchmarks: list[Benchmark],
                  sandbox, device: str, loglik: bool, log: Callable[[str], None] | None, show: bool, n_workers: int,
                  threads: int | None, results: dict[int, tuple[list[dict[str, Any]], pd.DataFrame]],
                  finished: Callable[[], Any]) -> None:
    """`evaluate_models`' loop: fill `results` by spec index; `finished()` after each model."""
    if n_workers == 1:
        own_sandbox = sandbox is None and len(specs) > 0
        if own_sandbox:
            sandbox = make_sandbox(cfg)
        try:
            for i, spec in enumerate(specs):
                rows, per = evaluate_model(spec, load_backend(spec, device=device), benchmarks, cfg.eval, sandbox,
                                           loglik=loglik, log=log, progress=show)
                _write_per_problem(out_dir, spec, benchmarks, per)
                results[i] = (rows, per)
                finished()
        finally:
            if own_sandbox:
                sandbox.close()
    else:
        def done(i: int, result: tuple) -> None:
            rows, per, lines = result
            _write_per_problem(out_dir, specs[i], benchmarks, per)
            results[i] = (rows, per)
            for line in lines if log else ():
                log(line)
            finished()

        run_in_processes(_evaluate_in_worker, [(cfg, spec, benchmarks, device, threads, loglik, show)
                                               for spec in specs], n_workers, done)


def _plain(value: Any) -> Any:
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    return str(value)


def _fmt_params(n: float | None) -> str:
    if n is None or (isinstance(n, float) and math.isnan(n)):
        return ""
    return f"{n / 1e9:.1f}B" if n >= 1e9 else f"{n / 1e6:.1f}M"


def _fmt_tokens(n: float | None) -> str:
    if n is None or (isinstance(n, float) and math.isnan(n)):
        return ""
    for scale, unit in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if n >= scale:
            return f"{n / scale:.3g}{unit}"
    return f"{int(n)}"


def spec_table(specs: Sequence[ModelSpec]) -> pd.DataFrame:
    return pd.DataFrame([asdict(s) for s in specs])


SOLVED_KEYS = ["benchmark", "task_id", "model", "ast match", "longest shared n-gram"]


def headline(*, specs: Sequence[ModelSpec], benchmarks: Sequence[Benchmark], isolation_level: str | None,
             ablation: pd.DataFrame, direction_checks: pd.DataFrame, parse_rates: pd.DataFrame,
             solved: pd.DataFrame, capability: pd.DataFrame,
             exposure: pd.DataFrame | None = None) -> dict[str, Any]:
    """Stage 05's headline figures (its manifest's ``headline``, summary.json's ``evaluate``, which the
    README's results block renders): the models and benchmarks, the sandbox's isolation level, the
    ablation and the paper's claims checked (`phi1lib.analysis.ablation`), parse rates, the solved
    problems (`SOLVED_KEYS` of a `phi1lib.analysis.solved` table), the capability curves and held-out
    pass@1 by exercises of the family seen (`phi1lib.analysis.exposure`)."""
    return {"models": [spec.name for spec in specs], "benchmarks": [b.name for b in benchmarks],
            "isolation": isolation_level, "ablation": ablation.to_dict("records"),
            "direction_checks": direction_checks.to_dict("records"),
            "parse_rates": parse_rates.to_dict("records"),
            "solved": solved[SOLVED_KEYS].to_dict("records"),
            "capability": capability.drop(columns=["pass@1 % [95% CI]"], errors="ignore").to_dict("records"),
            "exposure": [] if exposure is None else exposure.to_dict("records")}
