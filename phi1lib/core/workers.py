"""Side-by-side runs on a CPU: how many processes, and a pool that runs them.

Training and evaluating tiny models is too small a job to split over cores, so the study runs several
at once instead, one per core (`resolve_workers` says why). `run_in_processes` is the one pool both
the trainer's grid (`experiments`) and the evaluator (`evaluate`) use: spawned processes, results
handed back in this process as each task finishes, and on an error or an interrupt nothing new
started and the pool wound down before the error goes on. What a task's progress bars write
(`phi1lib.core.progress`) is relayed to this process's stdout while it waits, so a notebook shows the
workers' progress live, once, in order with its own output.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Any

from phi1lib.core import progress

# Seconds between two looks at the workers' progress queue while no task finishes: lines come every
# `progress.interval_s` (30 s), so half a second adds no visible lag and no measurable load.
POLL_S = 0.5


def resolve_workers(workers: int | None, device: str, n_runs: int) -> tuple[int, int | None]:
    """(parallel runs, torch threads per run). Default on CPU: one run per core, one thread each.

    Measured on a 2-core machine (tiny shapes, bf16): a 1-thread run of the 2 x 128 shape trains
    ~1.6x faster than the same run on 2 threads (its ops are too small to split), and 2-thread runs
    stall whenever another process holds a core; two 1-thread runs side by side keep both cores
    busy. On a GPU (or with workers=1) runs go one after the other in this process.
    """
    from phi1lib.core.devices import resolve_device  # lazy: pulls torch, which the pool itself does not need

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if workers is None:
        workers = cores if resolve_device(device).type == "cpu" else 1
    workers = max(1, min(workers, n_runs))
    return workers, (max(1, cores // workers) if workers > 1 else None)


def run_in_processes(fn: Callable[..., Any], tasks: Sequence[tuple], n_workers: int,
                     on_done: Callable[[int, Any], None]) -> None:
    """Call ``fn(*tasks[i])`` for every i in `n_workers` spawned processes (in the order given: put
    the longest first to balance them) and ``on_done(i, result)`` here as each one finishes.

    Spawned, not forked: forking after torch has started its threads can hang. `fn` and the task
    arguments must pickle, and a script that calls this needs the ``if __name__ == "__main__":``
    guard. The first error (in a task or in `on_done`) or an interrupt cancels the tasks not yet
    started, waits for those running, and is raised. Progress lines the tasks write (`progress.sink`
    in a worker) come out here, on this process's `progress.sink`, before the `on_done` of the task
    that wrote them.
    """
    ctx = multiprocessing.get_context("spawn")
    relay = progress.Relay(ctx)
    # The queue travels as an initializer argument: a multiprocessing queue can be handed to a
    # process only when it starts, not with a task.
    with ProcessPoolExecutor(n_workers, mp_context=ctx, initializer=progress.attach,
                             initargs=(relay.queue,)) as pool:
        futures = {pool.submit(fn, *task): i for i, task in enumerate(tasks)}
        pending = set(futures)
        try:
            while pending:
                # Relayed from this loop, not from a thread, so that the workers' lines and this
                # process's own (on_done's log) come out in the order they happened.
                done, pending = wait(pending, timeout=POLL_S, return_when=FIRST_COMPLETED)
                relay.drain()
                for future in sorted(done, key=futures.__getitem__):
                    on_done(futures[future], future.result())
        except BaseException:
            relay.drain_in_background()
            try:
                pool.shutdown(wait=True, cancel_futures=True)
            finally:
                relay.stop()
            raise
    relay.stop()
