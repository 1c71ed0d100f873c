"""The synthesis stage as N independent tasks, on datatrove's executors or any launcher, then a merge.

    python -m phi1lib.synth.shards --profile full --set synth.tasks=64 --set synth.task_workers=8
        # every task on this machine (8 at once, datatrove's LocalPipelineExecutor), then the merge
    python -m phi1lib.synth.shards --profile full --set synth.tasks=64 --task-id $SLURM_ARRAY_TASK_ID
        # one task, from a Slurm array (or any launcher that hands out ids); afterwards:
    python -m phi1lib.synth.shards --profile full --set synth.tasks=64 --merge

What a task is (`Synthesizer.run_task`): each stream's first `target x synth.request_budget` requests,
fixed in advance and cut into chunks of `synth.chunk_size`; task i of N owns chunks i, i + N, ... of every
stream (round-robin, so every task gets a share of each stream and of its early, surely-needed chunks).
A task asks the teacher, parses and validates its chunks and writes each one under ``work/`` as it ends,
so a task rerun alone does only the chunks it had not written. Deduplication and the held-out split
need the streams in order, so they wait for the merge (`Synthesizer.merge`), which is cheap (MinHash over
the kept samples) and gives the datasets the one-process run gives, byte for byte with the offline
teacher: a request's record depends only on (seed, stream, index), not on the process that made it.
The price of fixing requests in advance: a sharded run asks up to a chunk and `request_budget` more
than the one-process run, which sizes its last chunks to what is still missing; a budget that falls
short costs time, not data (the merge does the missing chunks itself).

Why both a plain `task_id / n_tasks` API and a datatrove step: the work is "task i of N", which is what
a Slurm array, torchrun's RANK / WORLD_SIZE or a shell loop hands out, so `run_task` is the contract and
needs no scheduler; `SynthesizeTask` wraps it as a datatrove `PipelineStep` (rank = task id, world size
= number of tasks), so that the stage runs on the same `LocalPipelineExecutor` / `SlurmPipelineExecutor`
as the filter stage, with datatrove's logs, stats and skipping of completed tasks. Its logging folder is
named for the config's chunk key, so a task completed under another config is not taken for done.

Tasks share the teacher's cache folder (``teacher_cache/``); `phi1lib.teacher.cache` explains why that
is safe and how an answer one task paid for reaches the others.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.base import PipelineStep

from phi1lib.core.config import StudyConfig, load_config, parse_assignment
from phi1lib.core.paths import run_dir
from phi1lib.synth.synthesize import SynthesisResult, Synthesizer, check_task, save_outputs, source_digest
from phi1lib.teacher.protocol import Teacher


def run_task(cfg: StudyConfig, out_dir: Path | str, task_id: int, n_tasks: int | None = None,
             teacher: Teacher | None = None, **kwargs: Any) -> dict[str, int]:
    """Task `task_id` of `n_tasks` (default `cfg.synth.tasks`) into `out_dir`; see `Synthesizer.run_task`.
    Keyword arguments go to `Synthesizer` (chunk_size, workers, ...)."""
    n_tasks = cfg.synth.tasks if n_tasks is None else n_tasks
    check_task(task_id, n_tasks)  # before a teacher or a sandbox is made
    return Synthesizer(cfg, out_dir, teacher, **kwargs).run_task(task_id, n_tasks)


def merge(cfg: StudyConfig, out_dir: Path | str, teacher: Teacher | None = None, **kwargs: Any
          ) -> SynthesisResult:
    """The datasets of a sharded run, saved into `out_dir` (as `synthesize` saves them); see
    `Synthesizer.merge`."""
    result = Synthesizer(cfg, out_dir, teacher, **kwargs).merge()
    save_outputs(result, out_dir)
    return result


def config_key(cfg: StudyConfig, **synth_kwargs: Any) -> str:
    """A digest of what the chunks depend on (the teacher, the synth settings but how many tasks run at
    once, the library's source, `Synthesizer` overrides): names datatrove's logging folder, so that its
    record of completed tasks is trusted only for the same requests. Coarser than the chunks' own key
    on purpose: a false miss costs a rerun that loads every chunk, a false hit a missing dataset."""
    synth = {k: v for k, v in dataclasses.asdict(cfg.synth).items() if k != "task_workers"}
    payload = {"synth": synth, "teacher": dataclasses.asdict(cfg.teacher), "source": source_digest(),
               "kwargs": synth_kwargs}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()[:12]


class SynthesizeTask(PipelineStep):
    """`run_task` as a datatrove pipeline step: task `rank` of `world_size`. It reads no documents and
    passes on any it is given; its stats count chunks done and loaded. `teacher_factory` (default: the
    configured teacher) makes the teacher in the task's own process; `synth_kwargs` go to `Synthesizer`."""

    name = "synthesize"
    type = "synth"

    def __init__(self, cfg: StudyConfig, out_dir: Path | str,
                 teacher_factory: Callable[[], Teacher] | None = None, **synth_kwargs: Any):
        super().__init__()
        self.cfg, self.out_dir = cfg, str(out_dir)
        self.teacher_factory, self.synth_kwargs = teacher_factory, synth_kwargs

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        teacher = self.teacher_factory() if self.teacher_factory is not None else None
        report = run_task(self.cfg, self.out_dir, rank, world_size, teacher, **self.synth_kwargs)
        for label, value in report.items():
            self.stat_update(f"chunks {label}", value=value, unit="task")
        if data:
            yield from data


def local_executor(cfg: StudyConfig, out_dir: Path | str, task_workers: int | None = None,
                   teacher_factory: Callable[[], Teacher] | None = None, **synth_kwargs: Any
                   ) -> LocalPipelineExecutor:
    """`cfg.synth.tasks` tasks on this machine, `task_workers` (default `cfg.synth.task_workers`) at
    once, each with its share of the CPU cores for its sandbox (unless `workers` says otherwise).
    Logs, stats and completed tasks under ``<out_dir>/datatrove/<config_key>-<N>tasks/``."""
    n_tasks = cfg.synth.tasks
    check_task(0, n_tasks)
    task_workers = cfg.synth.task_workers if task_workers is None else task_workers
    if task_workers < 1:
        raise ValueError(f"synth.task_workers must be at least 1, not {task_workers}")
    task_workers = min(task_workers, n_tasks)
    # the sandbox's default is one process per core, for each task: divided, or N tasks oversubscribe N-fold
    synth_kwargs.setdefault("workers", max(1, (os.cpu_count() or 1) // task_workers))
    logs = Path(out_dir) / "datatrove" / f"{config_key(cfg, **synth_kwargs)}-{n_tasks}tasks"
    step = SynthesizeTask(cfg, out_dir, teacher_factory, **synth_kwargs)
    return LocalPipelineExecutor(pipeline=[step], tasks=n_tasks, workers=task_workers, logging_dir=str(logs))


def run_local(cfg: StudyConfig, out_dir: Path | str, task_workers: int | None = None,
              teacher_factory: Callable[[], Teacher] | None = None, **synth_kwargs: Any) -> SynthesisResult:
    """Every task on this machine (`local_executor`), then the merge: the sharded stage in one call."""
    local_executor(cfg, out_dir, task_workers, teacher_factory, **synth_kwargs).run()
    teacher = teacher_factory() if teacher_factory is not None else None
    return merge(cfg, out_dir, teacher, **synth_kwargs)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m phi1lib.synth.shards", description=__doc__.split("\n")[0])
    p.add_argument("--profile", default="tiny", help="config profile (smoke | tiny | small | full)")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="config override, e.g. synth.tasks=8 (repeatable)")
    p.add_argument("--out", default=None, help="the stage's folder (default: outputs/<run>/synthesize)")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--task-id", type=int, default=None, help="run only this task (0 .. synth.tasks - 1)")
    what.add_argument("--merge", action="store_true", help="only assemble the datasets from the tasks' chunks")
    args = p.parse_args(argv)
    cfg = load_config(args.profile, dict(parse_assignment(item) for item in args.set))
    out = Path(args.out) if args.out else run_dir(cfg) / "synthesize"
    if args.task_id is not None:
        print(json.dumps(run_task(cfg, out, args.task_id)))
        return
    result = merge(cfg, out) if args.merge else run_local(cfg, out)
    print(f"{len(result.textbooks)} textbook sections, {len(result.exercises)} exercises, "
          f"{len(result.heldout)} held-out problems -> {out}")


if __name__ == "__main__":
    main()
