"""Progress lines for the long steps (training runs, evaluation, synthesis), readable in a log.

Every long step of the study runs inside a notebook kernel under papermill, and its output has two
readers: the terminal of ``bash run_all.sh`` (papermill ``--log-output`` logs each output chunk,
the runner prefixes it with the stage) and the executed notebook and its HTML report (nbconvert
collapses carriage returns in stored stream output). A terminal-style bar, which redraws one line
with ``\\r``, serves neither: in the log each redraw arrives as its own chunk that starts with
``\\r`` (which sends the cursor back over the runner's prefix), and in the report only the last state
is left. So `progress_bar` is the plain `tqdm.std.tqdm` (not tqdm.auto: notebook widgets are not
kept in papermill's output nor drawn in HTML) writing through `LineWriter`, which turns each redraw
into one whole line ending in a newline when the stream is not a terminal, and at most one line per
`interval_s` (so a 15-minute stage writes tens of lines, not thousands):

    tiny-s0:  41%|####      | 102/250 [00:41<01:00, 2.46step/s, loss 4.12, 10,064 tok/s]

Worker processes (`workers.run_in_processes`) cannot print to the notebook the same way: the kernel
does forward what a spawned child writes to its stdout, but it also echoes it to its own stdout,
which papermill's terminal shows, so each line would reach the terminal twice, and out of order
with the notebook's own output. Instead a worker's bars write their lines to a queue (`attach`, the
pool's initializer) that the notebook process copies to its stdout as it waits (`Relay`).

Switched off by ``PHI1_PROGRESS=0`` in the environment (tests, library users) or ``enabled=False``;
on by default. ``PHI1_PROGRESS_INTERVAL`` sets the seconds between lines (default 30).
"""

from __future__ import annotations

import os
import re
import sys
import threading
from multiprocessing.queues import SimpleQueue
from typing import Any, TextIO

from tqdm.std import tqdm

ENV = "PHI1_PROGRESS"
ENV_INTERVAL = "PHI1_PROGRESS_INTERVAL"
DEFAULT_INTERVAL_S = 30.0
# "desc:  41%|####      | 102/250 [00:41<01:00, 2.46step/s, postfix]": a fixed 10-character ascii
# bar, so no terminal width is looked up (a log has none; $COLUMNS would cut long postfixes).
BAR_FORMAT = "{l_bar}{bar:10}{r_bar}"
_WIDE = 10_000  # tqdm trims a line to ncols; ours are never that long
_STATS = re.compile(r" \[[^\[\]]*\]$")  # the trailing "[00:41<01:00, 2.46step/s, ...]"

_queue: SimpleQueue | None = None  # set in a worker process by `attach`: bars write there


def is_enabled(flag: bool | None = None) -> bool:
    """`flag` when given; else False only where ``PHI1_PROGRESS`` is 0 / false / no / off."""
    if flag is not None:
        return bool(flag)
    return os.environ.get(ENV, "1").strip().lower() not in ("0", "false", "no", "off")


def interval_s() -> float:
    """Seconds between two lines of one bar: ``PHI1_PROGRESS_INTERVAL``, else `DEFAULT_INTERVAL_S`."""
    try:
        return max(0.0, float(os.environ[ENV_INTERVAL]))
    except (KeyError, ValueError):
        return DEFAULT_INTERVAL_S


class LineWriter:
    """A file for tqdm that writes each redraw as one line ending in a newline (not a terminal), or
    passes it through unchanged (a terminal, where redrawing in place is what a reader wants).

    tqdm writes ``"\\r" + status + padding`` per redraw and a newline when it closes; here the
    carriage returns and padding go, a line that differs from the previous one only in its
    ``[elapsed<remaining, rate]`` block is dropped (a close repeats the last redraw, with the overall
    rate), and each write is flushed so a log sees it at once.
    """

    def __init__(self, stream: Any):
        self.stream = stream
        self._last = ""
        isatty = getattr(stream, "isatty", None)
        try:
            self.tty = bool(isatty()) if isatty else False
        except (ValueError, OSError):  # a closed stream
            self.tty = False

    def write(self, text: str) -> int:
        if self.tty:
            self.stream.write(text)
        else:
            for line in text.replace("\r", "\n").split("\n"):
                line = line.rstrip()
                key = _STATS.sub("", line)
                if line and key != self._last:
                    self.stream.write(line + "\n")
                    self._last = key
        self.flush()
        return len(text)

    def flush(self) -> None:
        flush = getattr(self.stream, "flush", None)
        if flush:
            flush()

    def isatty(self) -> bool:
        return self.tty


class _QueueStream:
    """A worker's stream: each write goes to the parent's queue whole (see `Relay`)."""

    def __init__(self, queue: SimpleQueue):
        self.queue = queue

    def write(self, text: str) -> int:
        self.queue.put(text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def sink() -> Any:
    """Where progress goes from this process: the parent's queue in a pool worker, else stdout
    (looked up now: a notebook kernel replaces sys.stdout)."""
    return _QueueStream(_queue) if _queue is not None else sys.stdout


def progress_bar(total: int | None, desc: str, unit: str = "it", *, initial: int = 0,
                 enabled: bool | None = None, interval: float | None = None, delay: float = 0.0,
                 file: TextIO | None = None) -> tqdm:
    """A tqdm bar set up for logs (see the module docstring): one line at most every `interval`
    seconds (default `interval_s`; 0: a line per update, for grids of a few long items), none
    before `delay` seconds (so steps shorter than that stay silent), writing to `file` (default
    `sink`). Disabled (`is_enabled`), it is a no-op. Update it with
    ``bar.set_postfix_str(text, refresh=False)`` then ``bar.update(n)``: a postfix that refreshes
    would print a line on every call."""
    every = interval_s() if interval is None else interval
    return tqdm(total=total, desc=desc, unit=unit, initial=initial, disable=not is_enabled(enabled),
                file=LineWriter(file if file is not None else sink()), mininterval=every, delay=delay,
                # miniters=1: tqdm's monitor thread only redraws bars whose miniters grew past 1, so
                # no line ever comes from another thread; `mininterval` alone paces the lines.
                miniters=1, maxinterval=float("inf"), position=0, leave=True, ascii=True,
                bar_format=BAR_FORMAT, ncols=_WIDE, dynamic_ncols=False)


def emit(line: str) -> None:
    """Write one line where progress goes (`sink`): a worker's reaches the parent's terminal."""
    out = sink()
    out.write(line.rstrip("\n") + "\n")
    getattr(out, "flush", lambda: None)()


# ------------------------------------------------------------------------- across processes

def attach(queue: SimpleQueue | None) -> None:
    """A pool worker's initializer: from now on this process's bars write to `queue`."""
    global _queue
    _queue = queue


class Relay:
    """The parent's end of the workers' progress: a queue for `attach`, and `drain` to copy what
    came in to this process's `sink` (stdout; a pool worker's own queue when pools nest).

    A SimpleQueue, not a Queue: ``put`` writes to the pipe before it returns (no feeder thread), so
    every line a worker wrote before it handed its result back is readable by the time the parent
    sees the result, and the lines come out before the parent's own "run finished" line."""

    def __init__(self, ctx: Any):
        self.queue: SimpleQueue = ctx.SimpleQueue()
        self._stop: threading.Event | None = None
        self._thread: threading.Thread | None = None

    def drain(self) -> int:
        """Copy every waiting line to `sink`; return how many writes were copied."""
        n = 0
        out = sink()
        while not self.queue.empty():
            out.write(self.queue.get())
            n += 1
        if n:
            getattr(out, "flush", lambda: None)()
        return n

    def drain_in_background(self) -> None:
        """Keep draining from a thread until `stop`: while a pool winds down after an error, a
        worker blocked on a full pipe would otherwise never exit."""
        self._stop = threading.Event()

        def loop() -> None:
            while not self._stop.wait(0.2):
                self.drain()

        self._thread = threading.Thread(target=loop, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._thread = None
        self.drain()
        self.queue.close()
