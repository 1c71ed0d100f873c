"""The teacher's on-disk answer cache: append-only JSONL shards, one line per answer, as it arrives.

A teacher answer costs money and minutes, so each one is written the moment it arrives: one JSON line
(`{"key": ..., ...}`) appended with a single `write` to a shard that only this process writes. The line
is in the kernel as soon as `put` returns, so a killed process (SIGKILL, OOM, a closed notebook) loses
nothing it was told; `fsync` runs in a background thread (group commit: one fsync covers every line
written since the last), so a power loss loses at most the last moment's answers and the event loop
never waits on the disk (an fsync here costs ~3 ms; inline it would cap a client near 300 answers/s).

Reading: every `*.jsonl` shard under the directory is scanned once when the cache opens; the index
keeps (shard, offset, length) per key, not the answers, and `get` reads one line back. A torn last line
(a crash in the middle of a write) is skipped and counted in `n_corrupt`; since every process appends
to a new shard, nothing is ever written after a torn line. When two shards hold the same key (two
processes raced), the first one read wins; both answers are equally valid.

Shared by several processes at once (the synthesis stage's tasks, `phi1lib.synth.shards`): each writes
its own shard, so writers never collide and no lock is needed, and `refresh` reads what the others have
appended since (new shards, and the new complete lines of known ones; a line still being written, with
no newline yet, waits for the next refresh). `OpenAITeacher` refreshes before it sends a batch's
misses, so a prompt another process has already paid for is answered from the disk.

Left out: compaction of many small shards (`cat` them together if it ever matters) and a claim on a
prompt in flight: two processes that send the same prompt at the same moment both pay for it (the
sharded stage's tasks own disjoint requests, so it does not happen there).
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any


class TeacherCache:
    def __init__(self, directory: str | os.PathLike, fsync: bool = True,
                 max_shard_bytes: int = 256 << 20):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.fsync = fsync
        self.max_shard_bytes = max_shard_bytes
        self._shards: list[Path] = []
        self._index: dict[str, tuple[int, int, int]] = {}  # key -> (shard number, offset, length)
        self._read_fds: dict[int, int] = {}
        self._scanned: list[int] = []  # per shard: bytes read up to the end of its last complete line
        self._torn: set[int] = set()  # shards that end, for now, in a line without its newline
        self._own: set[int] = set()  # shards this process writes: indexed as written, never rescanned
        self._bad_lines = 0
        self._lock = threading.Lock()
        self._fd: int | None = None  # the shard this process appends to, opened on the first put
        self._fd_shard = -1
        self._fd_bytes = 0
        self._dirty = threading.Event()
        self._stop = False
        self._syncer: threading.Thread | None = None
        self.refresh()

    @property
    def n_corrupt(self) -> int:
        """Lines that are not a record: complete ones that do not parse, and torn last lines."""
        return self._bad_lines + len(self._torn)

    def refresh(self) -> int:
        """Index what other processes have appended since the last look; returns how many keys are new."""
        with self._lock:
            before = len(self._index)
            known = set(self._shards)
            for path in sorted(self.directory.glob("*.jsonl")):
                if path not in known:
                    self._shards.append(path)
                    self._scanned.append(0)
            for shard in range(len(self._shards)):
                if shard not in self._own:
                    self._scan(shard)
            return len(self._index) - before

    def _scan(self, shard: int) -> None:
        """Index the complete lines of `shard` past what was read of it; a last line without its
        newline is left for a later scan (its writer may still be at it, or dead: then it stays torn)."""
        offset = self._scanned[shard]
        path = self._shards[shard]
        try:
            if os.stat(path).st_size == offset:  # the usual case on a refresh: unchanged
                return
        except FileNotFoundError:  # removed by hand since it was listed
            return
        self._torn.discard(shard)
        with open(path, "rb") as f:
            f.seek(offset)
            for line in f:
                if not line.endswith(b"\n"):
                    self._torn.add(shard)
                    break
                try:
                    key = json.loads(line)["key"]
                except (ValueError, KeyError, TypeError):
                    self._bad_lines += 1
                else:
                    self._index.setdefault(key, (shard, offset, len(line)))
                offset += len(line)
        self._scanned[shard] = offset

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, key: str) -> bool:
        return key in self._index

    def keys(self) -> Iterator[str]:
        return iter(list(self._index))

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored record for `key`, or None."""
        loc = self._index.get(key)
        if loc is None:
            return None
        shard, offset, length = loc
        fd = self._read_fds.get(shard)
        if fd is None:
            fd = self._read_fds[shard] = os.open(self._shards[shard], os.O_RDONLY)
        return json.loads(os.pread(fd, length, offset))

    def put(self, key: str, record: dict[str, Any]) -> None:
        """Append `record` under `key`; on return the line is in the kernel (survives a killed process)."""
        line = (json.dumps({"key": key, **record}, ensure_ascii=False, default=str) + "\n").encode()
        with self._lock:
            if key in self._index:
                return
            if self._fd is None or self._fd_bytes + len(line) > self.max_shard_bytes:
                self._open_shard()
            assert self._fd is not None
            offset = self._fd_bytes
            view = memoryview(line)
            while view:  # os.write may write less than asked (it rarely does for regular files)
                view = view[os.write(self._fd, view):]
            self._fd_bytes += len(line)
            self._index[key] = (self._fd_shard, offset, len(line))
        if self.fsync:
            self._dirty.set()

    def _open_shard(self) -> None:
        if self._fd is not None:
            os.fsync(self._fd)
            os.close(self._fd)
        name = f"answers-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{uuid.uuid4().hex[:8]}.jsonl"
        path = self.directory / name
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_EXCL, 0o644)
        self._fd_shard = len(self._shards)
        self._fd_bytes = 0
        self._shards.append(path)
        self._scanned.append(0)
        self._own.add(self._fd_shard)
        if self.fsync:
            dir_fd = os.open(self.directory, os.O_RDONLY)  # make the new file's name durable too
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
            if self._syncer is None:
                self._syncer = threading.Thread(target=self._sync_loop, name="teacher-cache-fsync",
                                                daemon=True)
                self._syncer.start()

    def _sync_loop(self) -> None:
        while True:
            self._dirty.wait()
            self._dirty.clear()
            with self._lock:
                fd = self._fd
            if fd is not None:
                try:
                    os.fsync(fd)
                except OSError:  # closed by a concurrent shard roll-over or close; it synced it
                    pass
            if self._stop:
                return

    def flush(self) -> None:
        """fsync now (put already made each answer safe from a crash of this process)."""
        with self._lock:
            if self._fd is not None:
                os.fsync(self._fd)

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.fsync(self._fd)
                os.close(self._fd)
                self._fd = None
            for fd in self._read_fds.values():
                os.close(fd)
            self._read_fds.clear()
        if self._syncer is not None:
            self._stop = True
            self._dirty.set()
            self._syncer.join(5)
            self._syncer = None
            self._stop = False

    def __enter__(self) -> TeacherCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
