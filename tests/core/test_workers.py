"""The process pool the trainer's grid, the evaluator and the pruned retraining share."""

from __future__ import annotations

import math
import operator

import pytest

from phi1lib.core import workers as W


def test_workers_default_to_one_run_per_core_on_cpu(monkeypatch):
    monkeypatch.setattr(W.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    assert W.resolve_workers(None, "cpu", 6) == (2, 1)
    assert W.resolve_workers(None, "cpu", 1) == (1, None)
    assert W.resolve_workers(1, "cpu", 6) == (1, None)
    assert W.resolve_workers(None, "cuda", 6) == (1, None)
    monkeypatch.setattr(W.os, "sched_getaffinity", lambda _pid: set(range(8)), raising=False)
    assert W.resolve_workers(3, "cpu", 6) == (3, 2)  # threads: the cores shared out


def test_run_in_processes_hands_back_every_result_by_its_task_index():
    got = {}
    W.run_in_processes(operator.mul, [(i, i + 1) for i in range(7)], 2, got.__setitem__)
    assert got == {i: i * (i + 1) for i in range(7)}


def test_run_in_processes_raises_a_task_error_after_winding_down():
    got = {}
    with pytest.raises(ValueError, match="math domain error"):
        W.run_in_processes(math.sqrt, [(4.0,), (-1.0,), (9.0,)], 1, got.__setitem__)
    assert -1.0 not in got.values() and got.get(0) == 2.0  # one worker: the first ran, then the error


def test_an_error_in_on_done_stops_the_pool():
    def on_done(i, result):
        raise RuntimeError(f"could not save result {i}")

    with pytest.raises(RuntimeError, match="could not save result"):
        W.run_in_processes(abs, [(-i,) for i in range(20)], 2, on_done)
