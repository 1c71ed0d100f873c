"""Where a datatrove pipeline's tasks run: ``filter.executor`` = local | slurm | ray.

- ``local``: `LocalPipelineExecutor`, ``filter.workers`` processes on this machine (1: in this
  process, one task after another).
- ``slurm``: `SlurmPipelineExecutor` writes an array job's script (`slurm_script` returns it without
  submitting) and submits it with ``sbatch``; `run_step` then waits for the tasks' completion markers.
- ``ray``: `RayPipelineExecutor` on the cluster at ``filter.ray_address``, or one started here.

Every executor keeps datatrove's completion marker per task (``<logs>/completions/<rank>``): a rerun
runs only the tasks without one.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from datatrove.executor import LocalPipelineExecutor
from datatrove.executor.base import PipelineExecutor
from loguru import logger

from phi1lib.core.config import FilterConfig

EXECUTORS = ("local", "slurm", "ray")


@dataclass
class Step:
    """One datatrove pipeline and the tasks it runs as (dedup's middle steps have their own counts)."""

    name: str
    pipeline: list[Any]
    tasks: int
    logs: str  # datatrove's logging dir: logs, stats, completion markers


def check_executor(fcfg: FilterConfig) -> None:
    """One line naming the setting when the executor settings cannot work."""
    if fcfg.executor not in EXECUTORS:
        raise ValueError(f"filter.executor must be one of {', '.join(EXECUTORS)}, got {fcfg.executor!r}")
    if fcfg.tasks < 1:
        raise ValueError(f"filter.tasks must be >= 1, got {fcfg.tasks}")
    if fcfg.workers == 0 or fcfg.workers < -1:
        raise ValueError(f"filter.workers must be -1 (all tasks at once) or >= 1, got {fcfg.workers}")
    if fcfg.executor == "slurm" and shutil.which("sbatch") is None:
        raise ValueError("filter.executor='slurm' needs sbatch on PATH (run the stage on a Slurm login node)")
    if fcfg.executor == "ray":
        try:
            import ray  # noqa: F401
        except ImportError:
            raise ValueError("filter.executor='ray' needs the ray package (pip install 'datatrove[ray]')") from None


def make_executor(fcfg: FilterConfig, step: Step, job_name: str = "phi1-filter") -> PipelineExecutor:
    """The executor ``filter.executor`` names, for `step`."""
    workers = fcfg.workers if fcfg.workers == -1 else min(fcfg.workers, step.tasks)
    if fcfg.executor == "local":
        if workers == -1:  # more processes than cores only add start-up and memory
            workers = min(step.tasks, os.cpu_count() or 1)
        return LocalPipelineExecutor(step.pipeline, tasks=step.tasks, workers=workers, logging_dir=step.logs)
    if fcfg.executor == "slurm":
        from datatrove.executor import SlurmPipelineExecutor

        return SlurmPipelineExecutor(
            step.pipeline, tasks=step.tasks, workers=workers, logging_dir=step.logs,
            job_name=f"{job_name}-{step.name}", time=fcfg.slurm_time, partition=fcfg.slurm_partition,
            cpus_per_task=fcfg.slurm_cpus_per_task, mem_per_cpu_gb=fcfg.slurm_mem_per_cpu_gb,
            gpus_per_task=fcfg.slurm_gpus_per_task if step.name == "score" else 0, qos=fcfg.slurm_qos,
            venv_path=fcfg.slurm_venv, slurm_logs_folder=f"{step.logs}/slurm")
    if fcfg.executor == "ray":
        from datatrove.executor.ray import RayPipelineExecutor

        return RayPipelineExecutor(
            step.pipeline, tasks=step.tasks, workers=workers, logging_dir=step.logs,
            cpus_per_task=fcfg.ray_cpus_per_task, mem_per_cpu_gb=fcfg.ray_mem_per_cpu_gb,
            gpus_per_task=fcfg.ray_gpus_per_task if step.name == "score" else 0)
    raise ValueError(f"filter.executor must be one of {', '.join(EXECUTORS)}, got {fcfg.executor!r}")


def slurm_script(executor: Any) -> str:
    """The sbatch script `SlurmPipelineExecutor` would submit for its incomplete tasks (not submitted)."""
    ranks = executor.get_incomplete_ranks()
    jobs = -(-len(ranks) // executor.tasks_per_job)
    max_array = min(jobs, executor.max_array_size) if executor.max_array_size != -1 else jobs
    command = f"launch_pickled_pipeline {executor.logging_dir.resolve_paths('executor.pik')}"
    return executor.get_launch_file_contents(executor.get_sbatch_args(max_array), command)


@contextlib.contextmanager
def quiet_logs() -> Iterator[io.StringIO]:
    """datatrove logs every task's pipeline and stats to stderr (hundreds of lines per step in a
    notebook); they stay in ``<logs>/logs/task_<rank>.log``, and here only warnings reach stderr."""
    captured = io.StringIO()
    try:
        with contextlib.redirect_stderr(captured):
            yield captured
    finally:
        logger.remove()  # the task loggers bound the captured stream
        logger.add(sys.stderr, level="WARNING")


def run_step(fcfg: FilterConfig, step: Step, poll_s: float = 60.0) -> None:
    """Run `step`'s incomplete tasks and return when every task has its completion marker."""
    executor = make_executor(fcfg, step)
    if fcfg.executor == "ray":
        import ray

        if not ray.is_initialized():
            ray.init(address=fcfg.ray_address, include_dashboard=False, log_to_driver=False)
    with quiet_logs():
        executor.run()
    while fcfg.executor == "slurm" and executor.get_incomplete_ranks(skip_completed=True):
        time.sleep(poll_s)  # sbatch returns at submission; the array job finishes later
    missing = executor.get_incomplete_ranks(skip_completed=True)
    if missing:
        raise RuntimeError(f"datatrove step {step.name!r}: tasks {missing[:10]} did not finish; see {step.logs} "
                           f"(rerun the stage: finished tasks are skipped)")
