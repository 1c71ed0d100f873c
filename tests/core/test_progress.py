"""Progress lines: whole lines in a log, paced, switchable off, relayed from worker processes."""

from __future__ import annotations

import io

import pytest

from phi1lib.core import progress as P
from phi1lib.core import workers as W


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _bar_in_worker(desc: str, n: int) -> int:
    """A task for the pool: a bar that writes a line per step in the worker (spawned: module-level)."""
    if n < 0:
        raise ValueError("a failing task")
    bar = P.progress_bar(n, desc, "step", interval=0, enabled=True)
    for _ in range(n):
        bar.update(1)
    bar.close()
    return n


def test_a_bar_writes_whole_lines_without_carriage_returns_to_a_log():
    out = io.StringIO()
    bar = P.progress_bar(4, "tiny-s0", "step", interval=0, enabled=True, file=out)
    for i in range(4):
        bar.set_postfix_str(f"loss {4 - i}.000", refresh=False)
        bar.update(1)
    bar.close()
    text = out.getvalue()
    assert "\r" not in text and text.endswith("\n")
    lines = text.splitlines()
    assert lines[0].startswith("tiny-s0:   0%|          | 0/4 [")
    assert [line.split("| ")[-1].split(" [")[0] for line in lines] == ["0/4", "1/4", "2/4", "3/4", "4/4"]
    assert lines[-1].startswith("tiny-s0: 100%|##########| 4/4 [") and lines[-1].endswith(", loss 1.000]")
    # the close repeats the last redraw (4/4): kept once


def test_a_terminal_gets_tqdm_redraws_unchanged():
    out = Terminal()
    bar = P.progress_bar(2, "x", interval=0, enabled=True, file=out)
    bar.update(2)
    bar.close()
    assert out.getvalue().startswith("\rx:   0%") and "\rx: 100%" in out.getvalue()


def test_lines_are_paced_by_the_interval():
    out = io.StringIO()
    bar = P.progress_bar(1000, "slow", interval=3600, enabled=True, file=out)
    for _ in range(1000):
        bar.update(1)
    bar.close()
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and "0/1000" in lines[0] and "1000/1000" in lines[1]  # the first and the close


def test_a_delayed_bar_that_finishes_in_time_writes_nothing():
    out = io.StringIO()
    bar = P.progress_bar(10, "quick", interval=0, delay=3600, enabled=True, file=out)
    bar.update(10)
    bar.close()
    assert out.getvalue() == ""


def test_switched_off_by_the_environment_or_the_argument(monkeypatch):
    monkeypatch.setenv(P.ENV, "0")
    assert not P.is_enabled() and P.is_enabled(True)
    out = io.StringIO()
    bar = P.progress_bar(3, "off", file=out)
    bar.update(3)
    bar.close()
    assert out.getvalue() == ""
    monkeypatch.setenv(P.ENV, "1")
    assert P.is_enabled() and not P.is_enabled(False)
    monkeypatch.delenv(P.ENV)
    assert P.is_enabled()


def test_interval_from_the_environment(monkeypatch):
    monkeypatch.delenv(P.ENV_INTERVAL, raising=False)
    assert P.interval_s() == P.DEFAULT_INTERVAL_S
    monkeypatch.setenv(P.ENV_INTERVAL, "5")
    assert P.interval_s() == 5.0
    monkeypatch.setenv(P.ENV_INTERVAL, "soon")
    assert P.interval_s() == P.DEFAULT_INTERVAL_S


def test_emit_writes_one_line_to_stdout(capsys):
    P.emit("tiny-s0: 3/4 runs\n")
    assert capsys.readouterr().out == "tiny-s0: 3/4 runs\n"


def test_line_writer_drops_blank_writes_and_a_repeat_that_differs_only_in_its_stats():
    out = io.StringIO()
    w = P.LineWriter(out)
    w.write("\ra: 50%|#####     | 1/2 [00:01<00:01, 1.00it/s]  ")
    w.write("\ra: 50%|#####     | 1/2 [00:01<00:01, 0.98it/s]")
    w.write("\n")
    w.write("\ra: 100%|##########| 2/2 [00:02<00:00, 1.00it/s]")
    assert out.getvalue().splitlines() == ["a: 50%|#####     | 1/2 [00:01<00:01, 1.00it/s]",
                                           "a: 100%|##########| 2/2 [00:02<00:00, 1.00it/s]"]


def test_a_workers_progress_reaches_the_parent_before_its_result(capsys):
    printed, seen = [], {}

    def on_done(i, _n):
        printed.append(capsys.readouterr().out)
        seen[i] = "".join(printed)  # all the parent had printed when task i's result came

    W.run_in_processes(_bar_in_worker, [("run-a", 3), ("run-b", 2)], 1, on_done)
    assert "run-a: 100%|##########| 3/3 [" in seen[0] and "run-b: 100%|##########| 2/2 [" in seen[1]
    lines = seen[1].splitlines()
    assert sum(line.startswith("run-a") for line in lines) == 4 and "\r" not in seen[1]


def test_progress_from_workers_side_by_side_all_arrives(capsys):
    W.run_in_processes(_bar_in_worker, [(f"run-{i}", 5) for i in range(4)], 2, lambda i, n: None)
    out = capsys.readouterr().out
    assert all(f"run-{i}: 100%|##########| 5/5 [" in out for i in range(4))


def test_a_relay_stopped_after_an_error_still_delivers_what_was_written(capsys):
    with pytest.raises(ValueError):
        W.run_in_processes(_bar_in_worker, [("ok", 2), ("bad", -1)], 1, lambda i, r: None)
    out = capsys.readouterr().out
    assert "ok: 100%|##########| 2/2" in out
