"""The sandbox's worker program: runs in a fresh interpreter (``python -I sandbox_child.py CONF``).

Standard library only, and not imported by the package: `sandbox.py` starts one per worker slot.
Four processes per slot, each with one job:

- **W, the launcher**: turns the harness's read policy into Landlock rules and a mount view,
  unshares namespaces (user, network, pid, ipc, mount, as the OS allows), forks Z and waits for
  it. W exists only because a new pid namespace applies to the children of the process that
  creates it.
- **Z, the checker**: PID 1 of the slot's pid namespace (when there is one). It mounts a fresh
  /proc and the mount view (the benchmarks' data, the checkout, outputs/, the caller's cwd and
  home covered; of each site-packages folder, only the allowed packages), drops every privilege
  (uid, capabilities, no_new_privs, Landlock with a read allow-list), checks that the benchmarks'
  files are out of its own reach, forks F, then serves jobs read from stdin, one JSON line each,
  and writes one verdict line each to stdout.
- **F, the zygote**: forked from Z before Z reads any job, so its memory holds no test and no
  answer; it is never sent one. For each job it forks U, and at the end kills, reaps and sweeps.
- **U, the sample**: forked from F for each job, in its own scratch directory, with its own
  rlimits and a nested Landlock domain. It reads its program from Z (never the tests), runs it,
  then answers Z's requests: "give me the value of this global", "call this function with these
  arguments".

The trust boundary: the tests (benchmark code) run in Z, never in U, and never pass through U's
address space. U only ever sends Z plain data (None, bool, int, float, complex, str, bytes, list,
tuple, dict, set) in a tagged JSON encoding that Z decodes into exact builtin objects, or opaque
handles to objects that stay in U.
So the assertions are evaluated by builtin equality on real values: an object whose ``__eq__``
always returns True never reaches Z, and whatever U does to itself (patching builtins, exit hooks,
signals, killing itself, closing its descriptors, printing "passed") can only stop it from
answering, which fails the job. A pass is positive evidence: Z ran the test code to its end.

When U is gone or the deadline passes, F kills it and sweeps: ``kill(-1, SIGKILL)`` in the pid
namespace kills everything U started (double forks and setsid included) but Z, its init, and F;
without a pid namespace, F is a child subreaper and kills every process reparented to it.
"""

from __future__ import annotations

import ast
import builtins
import ctypes
import fcntl
import gc
import json
import os
import random
import resource
import select
import signal
import stat
import struct
import sys
import time

# ------------------------------------------------------------------------------------------ linux

CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWUSER = 0x00020000, 0x08000000, 0x10000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND = 1, 2, 4, 8, 32, 4096
MS_REC, MS_PRIVATE = 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS, PR_SET_CHILD_SUBREAPER = 1, 4, 38, 36
SYS_MOUNT_SETATTR, SYS_CAPSET = 442, 126 if os.uname().machine == "x86_64" else 91
SYS_LANDLOCK_CREATE, SYS_LANDLOCK_ADD, SYS_LANDLOCK_RESTRICT = 444, 445, 446
MOUNT_ATTR_RDONLY, AT_RECURSIVE, AT_FDCWD = 0x1, 0x8000, -100

# Landlock access rights (linux/landlock.h), by the ABI version that introduced them.
LL_EXECUTE, LL_WRITE_FILE, LL_READ_FILE, LL_READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
LL_FS_V1 = (1 << 13) - 1  # execute .. make_sym
LL_REFER, LL_TRUNCATE, LL_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
LL_NET_BIND_TCP, LL_NET_CONNECT_TCP = 1 << 0, 1 << 1
LL_SCOPE_ABSTRACT_UNIX, LL_SCOPE_SIGNAL = 1 << 0, 1 << 1
LL_FILE_RIGHTS = LL_EXECUTE | LL_WRITE_FILE | LL_READ_FILE | LL_TRUNCATE | LL_IOCTL_DEV
LL_READ = LL_EXECUTE | LL_READ_FILE | LL_READ_DIR
LL_MAKE_CHAR, LL_MAKE_BLOCK = 1 << 6, 1 << 11

_libc = ctypes.CDLL(None, use_errno=True)  # the process's own symbols: libc's
_libc.syscall.restype = ctypes.c_long


def _os_error(what: str) -> OSError:
    err = ctypes.get_errno()
    return OSError(err, f"{what}: {os.strerror(err)}")


def _prctl(option: int, arg: int = 0) -> None:
    if _libc.prctl(option, ctypes.c_ulong(arg), ctypes.c_ulong(0), ctypes.c_ulong(0),
                   ctypes.c_ulong(0)) != 0:
        raise _os_error(f"prctl({option})")


def _unshare(flags: int) -> None:
    if _libc.unshare(flags) != 0:
        raise _os_error("unshare")


def _mount(source, target, fstype, flags, data=None) -> None:
    enc = lambda s: None if s is None else s.encode()  # noqa: E731
    if _libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)) != 0:
        raise _os_error(f"mount {target}")


def _drop_capabilities() -> None:
    """Empty effective, permitted and inheritable sets (capset v3), e.g. after a user namespace."""
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this thread
    data = (ctypes.c_uint32 * 6)()  # two cap_user_data_t, all zero
    if _libc.syscall(SYS_CAPSET, header, data) != 0:
        raise _os_error("capset")


# ------------------------------------------------------------------------------------- landlock

class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def landlock_abi() -> int:
    """The kernel's Landlock ABI version; 0 when Landlock is missing or disabled."""
    abi = _libc.syscall(SYS_LANDLOCK_CREATE, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    return max(int(abi), 0)


def landlock_restrict(abi: int, read: list, write: list[str], *, reads: bool = True) -> dict:
    """Confine this process (and its future children) for good: `read` is a list of [path, kind]
    rules, kind "r" (read everything beneath) or "l" (list directories beneath, read no file);
    full access beneath `write`; nothing else on the file system; no TCP bind/connect (ABI 4);
    no signals to and no abstract unix sockets with processes outside the domain (ABI 6). Ptrace
    of processes outside the domain is always denied. With reads=False, reading is left to an
    enclosing domain (a nested sample's layer needs only its writes and its scope: two rules, not
    hundreds). Returns what was enforced."""
    fs = LL_FS_V1 | (LL_REFER if abi >= 2 else 0) | (LL_TRUNCATE if abi >= 3 else 0) \
        | (LL_IOCTL_DEV if abi >= 5 else 0)
    if not reads:
        fs &= ~LL_READ
    net = (LL_NET_BIND_TCP | LL_NET_CONNECT_TCP) if abi >= 4 else 0
    scoped = (LL_SCOPE_ABSTRACT_UNIX | LL_SCOPE_SIGNAL) if abi >= 6 else 0
    attr = _RulesetAttr(fs, net, scoped)
    size = 8 if abi < 4 else (16 if abi < 6 else 24)
    ruleset = _libc.syscall(SYS_LANDLOCK_CREATE, ctypes.byref(attr), ctypes.c_size_t(size),
                            ctypes.c_uint32(0))
    if ruleset < 0:
        raise _os_error("landlock_create_ruleset")
    rules = [(path, LL_READ if kind == "r" else LL_READ_DIR) for path, kind in read]
    rules.append(("/dev/null", LL_READ_FILE | LL_WRITE_FILE))
    rules += [(path, fs & ~(LL_MAKE_CHAR | LL_MAKE_BLOCK)) for path in write]
    try:
        for path, access in rules:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue  # a path this machine (or this mount view) does not have
            try:
                is_dir = stat.S_ISDIR(os.fstat(fd).st_mode)
                allowed = access & fs if is_dir else access & fs & LL_FILE_RIGHTS
                if not allowed:
                    continue  # listing rights on a file: nothing to grant
                rule = _PathBeneath(allowed, fd)
                if _libc.syscall(SYS_LANDLOCK_ADD, ctypes.c_int(ruleset), ctypes.c_int(1),
                                 ctypes.byref(rule), ctypes.c_uint32(0)) != 0:
                    raise _os_error(f"landlock_add_rule {path}")
            finally:
                os.close(fd)
        _prctl(PR_SET_NO_NEW_PRIVS, 1)
        if _libc.syscall(SYS_LANDLOCK_RESTRICT, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            raise _os_error("landlock_restrict_self")
    finally:
        os.close(ruleset)
    return {"fs": True, "net": bool(net), "scope": bool(scoped)}


# ------------------------------------------------------------------ reads: what a sample may see
#
# The harness (`sandbox.read_policy`) says what a sample may read and what it must not:
#   roots:  the interpreter, its standard library, the system's libraries, a few devices;
#   sites:  every site-packages folder, {folder: the entries of the packages allowed in it};
#   denied: the benchmarks' data (the packages that ship it), the checkout, outputs/, the caller's
#           working directory and home, and any path the caller adds;
#   probes: files under `denied` that must prove unreadable once the sandbox is up.
# The launcher turns that into Landlock rules (`read_rules`) and a mount view (`cover_plan`):
# each keeps the denied paths and all but the allowed packages out, on its own.

def _beneath(path: str, top: str) -> bool:
    """`path` is `top` or lies under it (both absolute and normalised)."""
    return path == top or top == "/" or path.startswith(top + "/")


def _real(path: str) -> str:
    return os.path.realpath(path)


def read_rules(reads: dict) -> list[list[str]]:
    """Landlock read rules, [path, "r" | "l"], for `reads`: a root with nothing denied beneath it
    is readable whole; one with a denied path or a site-packages folder beneath it is split into
    its entries (listable, not readable, itself), down to the denied path, which gets no rule; a
    site-packages folder is listable, and of its entries only the allowed packages are readable.
    A root itself beneath a denied path (the interpreter in the home directory, a venv in the
    checkout) stays readable: it is what running a sample needs."""
    sites = {_real(d): [os.path.join(_real(d), e) for e in entries] for d, entries in reads["sites"].items()}
    denied = [_real(p) for p in reads["denied"]]
    blocked = denied + list(sites)
    rules: dict[str, str] = {}

    def grant(path: str, top: str | None) -> None:
        """`path` (real) may be read unless something blocked lies under it; `top`: the explicit
        item it was reached from (None: it is one), whose denied paths it must keep out."""
        if path in sites:
            rules.setdefault(path, "l")
            for entry in sites[path]:
                grant(_real(entry), None)
            return
        if top is not None and any(_beneath(path, d) for d in denied if d != top and _beneath(d, top)):
            return
        inner = [b for b in blocked if b != path and _beneath(b, path)]
        if not inner:
            rules[path] = "r"
            return
        if rules.get(path) != "r":
            rules[path] = "l"
        try:
            entries = os.listdir(path)
        except OSError:
            return
        for name in entries:
            child = os.path.join(path, name)
            real = _real(child)
            if real != child and any(_beneath(real, b) or _beneath(b, real) for b in blocked):
                continue  # a link out to (or around) something denied
            grant(real, top or path)

    for root in reads["roots"]:
        if os.path.exists(root):
            grant(_real(root), None)
    return [[path, kind] for path, kind in sorted(rules.items())]


def cover_plan(reads: dict, keep_also: list[str], other_uid: bool) -> list[list]:
    """The mount view: [[path, [paths kept under it]]], shallowest first. Each path is covered
    by an empty read-only tmpfs (a file: by /dev/null) and only the kept paths are bound back:
    a denied path keeps the roots under it (a venv in the checkout), a site-packages folder its
    allowed packages. With other_uid (the sandbox runs under a uid of its own), a directory on
    the way to a root that others may not enter (/root/.pyenv ...) is covered the same way, so
    that the root becomes reachable and nothing else in that directory does."""
    roots = [_real(p) for p in reads["roots"] if os.path.exists(p)]
    sites = {_real(d): [_real(os.path.join(d, e)) for e in entries] for d, entries in reads["sites"].items()}
    kept = roots + list(sites) + [e for es in sites.values() for e in es] + [_real(p) for p in keep_also]
    plan: dict[str, set[str]] = {}

    def keep_under(path: str) -> set[str]:
        return {k for k in kept if k != path and _beneath(k, path)}

    for path in (_real(p) for p in reads["denied"]):
        if path != "/" and path not in roots and os.path.lexists(path):
            plan[path] = keep_under(path)
    for site, entries in sites.items():
        plan[site] = keep_under(site)
    if other_uid:
        for item in kept:
            parts = item.strip("/").split("/")
            for depth in range(1, len(parts)):
                ancestor = "/" + "/".join(parts[:depth])
                try:
                    if not os.stat(ancestor).st_mode & 0o001:
                        plan.setdefault(ancestor, set()).update(keep_under(ancestor))
                        break
                except OSError:
                    break
    out = []
    for path in sorted(plan, key=lambda p: (p.count("/"), p)):
        keep = sorted(k for k in plan[path] if not any(o != k and _beneath(k, o) for o in plan[path]))
        out.append([path, keep])
    return out


# --------------------------------------------------------------------------- values on the wire

class ProtocolError(BaseException):
    """A malformed message from the sample's process (a BaseException: no test's ``except
    Exception`` may swallow it)."""


_MODULES_OK = frozenset(
    "math cmath re string itertools functools collections heapq bisect operator statistics random "
    "decimal fractions datetime typing copy json hashlib array numbers textwrap unicodedata "
    "calendar time struct base64 binascii".split())


def encode(x, ref, depth: int = 0):
    """`x` as JSON-ready tagged data. Exact builtins are themselves; a subclass of one (a Counter,
    a namedtuple, an IntEnum) is its base value read with the base type's own methods, tagged "~";
    a module of the standard library is its name; anything else becomes ``ref(x)`` (a handle)."""
    if depth > 200:
        raise ValueError("value nested too deeply")
    t, d = type(x), depth + 1
    if x is None or t is bool or t is str:
        return x
    if t is int:
        return ["i", format(x, "x")]
    if t is float:
        return ["f", float.hex(x)]
    if t is complex:
        return ["c", float.hex(x.real), float.hex(x.imag)]
    if t is bytes:
        return ["y", x.hex()]
    if t is bytearray:
        return ["Y", x.hex()]
    if t is list or t is tuple or t is set or t is frozenset:
        tag = {list: "l", tuple: "t", set: "s", frozenset: "S"}[t]
        return [tag, [encode(v, ref, d) for v in x]]
    if t is dict:
        return ["d", [[encode(k, ref, d), encode(v, ref, d)] for k, v in x.items()]]
    try:
        base = _base_value(x)
    except Exception:  # a lying __class__, a broken subclass: it stays in the sample
        base = _NO_BASE
    if base is not _NO_BASE:
        return ["~", f"{t.__module__}.{t.__qualname__}", encode(base, ref, d)]
    if t is type(sys) and getattr(x, "__name__", None) in _MODULES_OK:
        return ["m", x.__name__]
    return ref(x)


_NO_BASE = object()


def _base_value(x):
    t = type(x)
    for base, read in ((int, int.__index__), (float, float.__float__), (str, str.__str__),
                       (bytes, bytes.__bytes__), (complex, complex.__complex__)):
        if issubclass(t, base):
            return read(x)
    for base in (list, tuple, set, frozenset):
        if issubclass(t, base):
            return base(base.__iter__(x))
    if issubclass(t, dict):
        return {k: dict.__getitem__(x, k) for k in dict.__iter__(x)}
    if t.__module__ == "numpy" and getattr(x, "shape", None) == ():
        value = x.item()  # a numpy scalar as the Python number it holds
        if type(value) in (int, float, bool, complex, str, bytes):
            return value
    return _NO_BASE


def decode(o, handle, strict: bool = False, depth: int = 0):
    """The inverse of `encode`, building exact builtin objects only; ``handle(id, type)`` makes
    the stand-in of an object left in the other process. Raises ProtocolError on anything else."""
    if o is None or o is True or o is False or type(o) is str:
        return o
    if type(o) is not list or not o or type(o[0]) is not str or depth > 200:
        raise ProtocolError(f"not a tagged value: {str(o)[:80]}")
    tag, d = o[0], depth + 1
    try:
        if tag == "i":
            return int(_str(o[1]), 16)
        if tag == "f":
            return float.fromhex(_str(o[1]))
        if tag == "c":
            return complex(float.fromhex(_str(o[1])), float.fromhex(_str(o[2])))
        if tag == "y":
            return bytes.fromhex(_str(o[1]))
        if tag == "Y":
            return bytearray.fromhex(_str(o[1]))
        if tag in ("l", "t", "s", "S"):
            items = [decode(v, handle, strict, d) for v in _list(o[1])]
            return {"l": list, "t": tuple, "s": set, "S": frozenset}[tag](items)
        if tag == "d":
            return {decode(_list(kv)[0], handle, strict, d): decode(kv[1], handle, strict, d)
                    for kv in _list(o[1])}
        if tag == "~":
            if strict:
                raise StrictTypeError(f"returned a {_str(o[1])[:80]}, not a builtin type")
            return decode(o[2], handle, strict, d)
        if tag == "m":
            name = _str(o[1])
            if name not in _MODULES_OK:
                raise ProtocolError(f"module {name[:40]!r} cannot cross")
            __import__(name)
            return sys.modules[name]
        if tag == "h":
            return handle(o[1], _str(o[2]))
    except (ValueError, TypeError, IndexError, KeyError, OverflowError, RecursionError, MemoryError) as exc:
        raise ProtocolError(f"bad {tag!r} value: {exc}") from None
    raise ProtocolError(f"unknown tag {tag[:10]!r}")


def _str(v) -> str:
    if type(v) is not str or len(v) > (1 << 26):
        raise TypeError("expected a string")
    return v


def _list(v) -> list:
    if type(v) is not list:
        raise TypeError("expected a list")
    return v


class StrictTypeError(BaseException):
    """With strict types, a value of a subclass of a builtin type (not the type itself)."""


class SampleError(Exception):
    """An exception raised in the sample's process (its type is not a builtin exception)."""


class SampleGone(BaseException):
    """The sample's process stopped answering: it exited, was killed or closed its channel."""


class SampleTimeout(BaseException):
    """The job's wall-clock deadline passed."""


# ------------------------------------------------------------------------------------- framing

_HEADER = struct.Struct(">I")


def _frame(message) -> bytes:
    body = json.dumps(message, ensure_ascii=True, separators=(",", ":")).encode()
    return _HEADER.pack(len(body)) + body


def _read_exact(fd: int, n: int) -> bytes:
    chunks, got = [], 0
    while got < n:
        chunk = os.read(fd, n - got)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


# ----------------------------------------------------------------------- U: the sample's process

REQ_FD, RESP_FD = 3, 4


def _sample_process(conf: dict, scratch: str, timeout: float, fds: list[int]) -> None:
    """Runs in the process F forked; never returns. It confines itself, then reads its job (the
    program, never the tests) from the checker."""
    channel = os.fstat(fds[1]).st_ino
    try:
        _confine_sample(conf, scratch, timeout, fds)
        size = _HEADER.unpack(_read_exact(REQ_FD, 4))[0]
        message = json.loads(_read_exact(REQ_FD, size))
        if type(message) is not list or message[:1] != ["job"]:
            raise ProtocolError("no job")
    except BaseException as exc:  # report why the sandbox could not be set up, then go
        try:
            message = _frame(["setup_error", f"{type(exc).__name__}: {exc}"[:500]])
            for fd in (RESP_FD, fds[1]):  # moved already, or not yet
                try:
                    if os.fstat(fd).st_ino == channel:
                        _write_all(fd, message)
                        break
                except OSError:
                    continue
        finally:
            os._exit(70)
    try:
        _serve(message[1])
    finally:
        os._exit(0)


def _confine_sample(conf: dict, scratch: str, timeout: float, fds: list[int]) -> None:
    if conf["iso"].get("landlock_fs"):  # reads: the checker's layer; writes and scope: this one
        landlock_restrict(conf["landlock_abi"], [], [scratch], reads=False)
    req_r, resp_w, out_w = (fcntl_dup(fd) for fd in fds)  # above 0-4 before rearranging
    null = os.open(os.devnull, os.O_RDWR)
    for src, dst in ((null, 0), (out_w, 1), (out_w, 2), (req_r, REQ_FD), (resp_w, RESP_FD)):
        os.dup2(src, dst)
    os.closerange(RESP_FD + 1, resource.getrlimit(resource.RLIMIT_NOFILE)[1])
    os.setpgid(0, 0)
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # dies with its zygote, pid namespace or not
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    os.environ.clear()
    os.environ.update({"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": scratch, "TMPDIR": scratch,
                       "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"})
    os.chdir(scratch)
    cpu = int(timeout) + 1
    mem = int(conf["memory_mb"]) << 20
    limits = [(resource.RLIMIT_CPU, (cpu, cpu + 1)), (resource.RLIMIT_CORE, (0, 0)),
              (resource.RLIMIT_FSIZE, (int(conf["max_file_mb"]) << 20,) * 2),
              (resource.RLIMIT_NOFILE, (64, 64)),
              (resource.RLIMIT_NPROC, (conf["nproc_base"] + int(conf["max_procs"]),) * 2)]
    if mem > 0:
        limits.append((resource.RLIMIT_AS, (mem, mem)))
    for which, value in limits:
        resource.setrlimit(which, value)
    if not conf["iso"].get("netns"):
        sys.addaudithook(_deny_sockets)  # the fallback: no socket from Python code at least
    sys.stdin = open(0, encoding="utf-8", closefd=False)
    sys.stdout = open(1, "w", buffering=1, encoding="utf-8", errors="backslashreplace", closefd=False)
    sys.stderr = open(2, "w", buffering=1, encoding="utf-8", errors="backslashreplace", closefd=False)
    sys.argv = ["<sample>"]


def fcntl_dup(fd: int) -> int:
    return fcntl.fcntl(fd, fcntl.F_DUPFD, 16)


def _deny_sockets(event: str, _args) -> None:
    if event.startswith("socket."):
        raise PermissionError("network access is disabled in the sandbox")


def _serve(job: dict) -> None:
    """Run the program, say "ready" (or why not), then answer the checker until it hangs up."""
    namespace = {"__name__": "__sample__", "__builtins__": builtins}
    try:
        exec(compile(job["program"], "<sample>", "exec"), namespace)
        if job.get("setup"):
            exec(compile(job["setup"], "<setup>", "exec"), namespace)
    except BaseException as exc:  # noqa: BLE001 - SystemExit at load time is a failure too
        _reply(["load_error", type(exc).__name__, _short(exc)])
        return
    handles: dict[int, object] = {}

    def ref(obj):
        handles[id(obj)] = obj
        return ["h", id(obj), type(obj).__name__]

    values = {}  # the names the tests take from the sample, sent with "ready" (one round trip less)
    namespace_at_ready = {n: namespace[n] for n in job.get("remote", ()) if n in namespace}
    for name in job.get("remote", ()):
        if name in namespace:
            try:
                values[name] = ["ok", encode(namespace[name], ref)]
            except BaseException as exc:  # noqa: BLE001
                values[name] = ["err", type(exc).__name__, _short(exc)]
    _reply(["ready", values])

    def local(hid, _type):
        if hid not in handles:
            raise ProtocolError("unknown handle")
        return handles[hid]

    for k, (name, args, kwargs) in enumerate(job.get("plan", ())):  # the calls the tests will make
        try:
            value = namespace_at_ready[name](*[decode(a, local) for a in args],
                                            **{key: decode(v, local) for key, v in kwargs})
            message = ["ok", f"p{k}", encode(value, ref)]
        except BaseException as exc:  # noqa: BLE001
            message = ["err", f"p{k}", type(exc).__name__, _short(exc)]
        _reply(message)

    while True:
        try:
            size = _HEADER.unpack(_read_exact(REQ_FD, 4))[0]
            request = json.loads(_read_exact(REQ_FD, size))
        except EOFError:
            return
        kind, seq = request[0], request[1]
        try:
            if kind != "call":
                raise ProtocolError(f"unknown request {kind!r}")
            fn = local(request[2], None)  # ["call", seq, handle, args, kwargs]
            args = [decode(a, local) for a in request[3]]
            kwargs = {k: decode(v, local) for k, v in request[4]}
            value = fn(*args, **kwargs)
            message = ["ok", seq, encode(value, ref)]
        except BaseException as exc:  # noqa: BLE001 - every way out is an answer
            message = ["err", seq, type(exc).__name__, _short(exc)]
        _reply(message)


def _reply(message) -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001
            pass
    _write_all(RESP_FD, _frame(message))


def _short(exc: BaseException) -> str:
    try:
        return str(exc)[:300]
    except Exception:  # noqa: BLE001 - a hostile __str__
        return "<unprintable>"


# ------------------------------------------------------------------------- Z: the checker

class _Remote:
    """Stands for an object that stays in the sample's process: callable (the call runs there),
    equal only to itself, hashable by identity."""

    __slots__ = ("_chan", "_hid", "_type")

    def __init__(self, chan, hid, type_name):
        self._chan, self._hid, self._type = chan, hid, type_name

    def __call__(self, *args, **kwargs):
        return self._chan.call(self._hid, args, kwargs)

    def __repr__(self):
        return f"<{self._type} in the sandbox>"


class _Channel:
    """Z's end of the pipes to one sample process, bounded by the job's deadline."""

    def __init__(self, pid, req_w, resp_r, out_r, deadline, conf, strict):
        self.pid, self.req_w, self.resp_r, self.out_r = pid, req_w, resp_r, out_r
        self.deadline, self.strict = deadline, strict
        self.max_output, self.max_frame = int(conf["max_output_bytes"]), int(conf["max_frame_bytes"])
        self.output, self.output_dropped = bytearray(), 0
        self.buffer, self.seq, self.eof = bytearray(), 0, False
        self.remotes: dict[int, _Remote] = {}
        self.names: dict[int, str] = {}  # handle -> the global it came from (for the plan)
        self.plan, self.planned = [], 0
        for fd in (req_w, resp_r, out_r):
            os.set_blocking(fd, False)

    # -- reading
    def _pump(self, want_write: bool = False) -> bool:
        """Wait for the sample until the deadline; drain its output; return when a frame may be
        complete (or, with want_write, when the request pipe takes more bytes)."""
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise SampleTimeout
        readers = [fd for fd in (self.resp_r, self.out_r) if fd >= 0]
        ready_r, ready_w, _ = select.select(readers, [self.req_w] if want_write else [], [], remaining)
        if self.out_r in ready_r:
            self._drain_output()
        if self.resp_r in ready_r:
            chunk = os.read(self.resp_r, 1 << 20)
            if not chunk:
                self.eof = True
                raise SampleGone("its channel closed")
            self.buffer += chunk
        return bool(ready_w)

    def _drain_output(self) -> None:
        try:
            chunk = os.read(self.out_r, 1 << 16)
        except BlockingIOError:
            return
        if not chunk:
            os.close(self.out_r)
            self.out_r = -1
            return
        room = self.max_output - len(self.output)
        self.output += chunk[:max(room, 0)]
        self.output_dropped += max(len(chunk) - max(room, 0), 0)

    def recv(self):
        while True:
            if len(self.buffer) >= 4:
                size = _HEADER.unpack(self.buffer[:4])[0]
                if size > self.max_frame:
                    raise ProtocolError(f"a reply of {size} bytes (limit {self.max_frame})")
                if len(self.buffer) >= 4 + size:
                    body = bytes(self.buffer[4:4 + size])
                    del self.buffer[:4 + size]
                    try:
                        message = json.loads(body)
                    except (ValueError, RecursionError) as exc:
                        raise ProtocolError(f"unreadable reply ({exc})") from None
                    if type(message) is not list or not message or type(message[0]) is not str:
                        raise ProtocolError("a reply that is not a tagged list")
                    return message
            self._pump()

    # -- requests
    def send(self, message) -> None:
        data = memoryview(_frame(message))
        while data:
            try:
                data = data[os.write(self.req_w, data):]
            except BlockingIOError:
                self._pump(want_write=True)
            except BrokenPipeError:
                raise SampleGone("it stopped reading its requests") from None

    def _request(self, message):
        self.seq += 1
        self.send([message[0], self.seq, *message[1:]])
        reply = self.recv()
        if len(reply) < 2 or reply[1] != self.seq:
            raise ProtocolError("a reply out of sequence")
        return reply

    def _handle(self, hid, type_name):
        if type(hid) is not int:
            raise ProtocolError("bad handle")
        if hid not in self.remotes:
            self.remotes[hid] = _Remote(self, hid, type_name[:80])
        return self.remotes[hid]

    def value(self, reply):
        if reply[0] == "ok" and len(reply) == 3:
            return decode(reply[2], self._handle, self.strict)
        if reply[0] == "err" and len(reply) == 4:
            raise _remote_exception(_str(reply[2])[:80], _str(reply[3])[:300])
        raise ProtocolError(f"unexpected reply {reply[0][:20]!r}")

    def call(self, hid, args, kwargs):
        def ref(obj):
            if type(obj) is _Remote and obj._chan is self:
                return ["h", obj._hid, obj._type]
            raise TypeError(f"the tests passed a {type(obj).__name__}, which cannot enter the sandbox")

        message = ["call", hid, [encode(a, ref) for a in args],
                   [[k, encode(v, ref)] for k, v in kwargs.items()]]
        if self.planned < len(self.plan):  # the sample is already computing these
            name, p_args, p_kwargs = self.plan[self.planned]
            if self.names.get(hid) != name or p_args != message[2] or p_kwargs != message[3]:
                raise _Replay  # the tests went another way than the plan foresaw
            self.planned += 1
            reply = self.recv()
            if len(reply) < 2 or reply[1] != f"p{self.planned - 1}":
                raise ProtocolError("a reply out of sequence")
            return self.value(reply)
        return self.value(self._request(message))


def _remote_exception(type_name: str, message: str) -> Exception:
    cls = getattr(builtins, type_name, None)
    if isinstance(cls, type) and issubclass(cls, Exception):
        try:
            return cls(message)
        except Exception:  # noqa: BLE001 - e.g. UnicodeDecodeError wants five arguments
            pass
    return SampleError(f"{type_name}: {message}")


class _Replay(BaseException):
    """The tests made a call other than the next one planned: run the job again, unplanned."""


class _CheckerTimeout(BaseException):
    """The trusted test code itself ran past the deadline (a guard; benchmark tests are quick)."""


def _on_alarm(_sig, _frame):
    raise _CheckerTimeout


_CODE_CACHE: dict[tuple[str, str], object] = {}


def _compiled(source: str, name: str):
    key = (name, source)
    code = _CODE_CACHE.get(key)
    if code is None:
        if len(_CODE_CACHE) > 4096:
            _CODE_CACHE.clear()
        code = _CODE_CACHE[key] = compile(source, name, "exec")
    return code


def _check(job: dict, chan: _Channel) -> tuple[str, str]:
    """Run the trusted test code against the sample: ("passed" | "failed" | "timed out", reason).
    The sample gets its program and the calls foreseen (arguments only), never the tests."""
    payload = {name: job.get(name) for name in ("program", "setup", "remote", "plan")}
    try:
        chan.send(["job", payload])
    except SampleGone:
        pass  # gone already: why (a set-up error) is in its channel
    first = chan.recv()
    if first[0] == "load_error" and len(first) == 3:
        return "failed", f"{_str(first[1])[:80]}: {_str(first[2])[:300]} (while loading the program)"
    if first[0] == "setup_error":
        return "failed", f"sandbox set-up failed: {str(first[1:])[:300]}"
    if first[0] != "ready" or len(first) != 2 or type(first[1]) is not dict:
        raise ProtocolError("no ready message")
    namespace = {"__builtins__": builtins, "__name__": "__check__"}
    random.seed(0)  # tests that draw random inputs draw the same ones for every sample
    if job.get("trusted"):
        exec(_compiled(job["trusted"], "<trusted>"), namespace)
    for name in job.get("remote", ()):
        reply = first[1].get(name)
        if reply is None:
            namespace.pop(name, None)  # the test's NameError then says what is missing
        else:
            value = namespace[name] = chan.value([_list(reply)[0], None, *reply[1:]])
            if type(value) is _Remote:
                chan.names[value._hid] = name
    chan.plan = job.get("plan", [])
    exec(_compiled(job["test"], "<test>"), namespace)
    return "passed", ""


def _describe_failure(exc: BaseException, job: dict) -> str:
    """The error and where in the tests: the failing line quoted (it holds the expected answer),
    or with quote_tests off only its number."""
    line, where = "", 0
    tb = exc.__traceback__
    while tb is not None:
        frame, lineno, tb = tb.tb_frame, tb.tb_lineno, tb.tb_next
        if frame.f_code.co_filename == "<test>":
            lines = job["test"].splitlines()
            line, where = (lines[lineno - 1].strip() if 0 < lineno <= len(lines) else ""), lineno
    message = str(exc)
    text = type(exc).__name__ + (f": {message}" if message else "")
    if line and job.get("quote_tests", True):
        text += f" (at: {line[:160]})"
    elif where:
        text += f" (at: test line {where})"
    return text[:600]


_PLAN_CACHE: dict[tuple, list] = {}
_MAX_PLAN = 256


def plan_calls(test: str, remote) -> list:
    """The calls of the sample's functions the tests will make first, foreseen from their code:
    the leading straight-line asserts whose calls have literal arguments. The sample computes
    them in one go after loading, so most tests cost one round trip instead of one per assert;
    the checker still evaluates every assertion itself, consuming the results in order, and
    replays the job unplanned if the tests make any other call first."""
    key = (test, tuple(remote))
    if key not in _PLAN_CACHE:
        try:
            plan = _plan(ast.parse(test), set(remote))
        except (SyntaxError, ValueError, RecursionError):
            plan = []
        if len(_PLAN_CACHE) > 4096:
            _PLAN_CACHE.clear()
        _PLAN_CACHE[key] = plan
    return _PLAN_CACHE[key]


class _Stop(Exception):
    pass


def _plan(tree: ast.Module, remote: set[str]) -> list:
    body, targets = tree.body, {n: n for n in remote}
    checks = {n.name: n for n in body if isinstance(n, ast.FunctionDef)}
    last = body[-1] if body else None
    # HumanEval: def check(candidate): ...; check(entry_point)
    if (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)
            and isinstance(last.value.func, ast.Name) and last.value.func.id in checks
            and len(last.value.args) == 1 and isinstance(last.value.args[0], ast.Name)
            and last.value.args[0].id in remote and not last.value.keywords):
        fn = checks[last.value.func.id]
        if len(fn.args.args) != 1 or fn.args.defaults or fn.decorator_list:
            return []
        for node in body[:-1]:  # before the call: literal metadata, imports, definitions only
            if not isinstance(node, (ast.FunctionDef, ast.Import, ast.ImportFrom, ast.Assign)):
                return []
        targets = {fn.args.args[0].arg: last.value.args[0].id}
        body = fn.body
    plan: list = []
    for stmt in body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom, ast.Pass)):
            continue
        if not isinstance(stmt, (ast.Assert, ast.Expr)):
            break
        calls: list = []
        try:
            _calls_in_order(stmt.test if isinstance(stmt, ast.Assert) else stmt.value, targets, calls)
            if isinstance(stmt, ast.Assert) and stmt.msg is not None:
                _calls_in_order(stmt.msg, {}, [])  # a message that calls anything: stop here
        except _Stop:
            break
        if len(plan) + len(calls) > _MAX_PLAN:
            break
        plan += calls
    return plan


def _literal(node: ast.AST):
    try:
        value = ast.literal_eval(node)
        return encode(value, _no_handles)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise _Stop from None


def _no_handles(obj):
    raise TypeError


def _calls_in_order(node: ast.AST, targets: dict[str, str], out: list) -> None:
    """Append (name, args, kwargs) of calls to `targets` in evaluation order; _Stop on anything
    whose evaluation is conditional or cannot be foreseen."""
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Name) and node.func.id in targets:
            if any(isinstance(a, ast.Starred) for a in node.args) or \
                    any(k.arg is None for k in node.keywords):
                raise _Stop
            out.append([targets[node.func.id], [_literal(a) for a in node.args],
                        [[k.arg, _literal(k.value)] for k in node.keywords]])
            return
        if not targets:
            raise _Stop
        parts = [node.func, *node.args, *(k.value for k in node.keywords)]
    elif isinstance(node, (ast.Constant, ast.Name)):
        return
    elif isinstance(node, ast.Compare):
        parts = [node.left, *node.comparators]
    elif isinstance(node, ast.BinOp):
        parts = [node.left, node.right]
    elif isinstance(node, ast.UnaryOp):
        parts = [node.operand]
    elif isinstance(node, ast.Attribute):
        parts = [node.value]
    elif isinstance(node, ast.Subscript):
        parts = [node.value, node.slice]
    elif isinstance(node, ast.Slice):
        parts = [p for p in (node.lower, node.upper, node.step) if p is not None]
    elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        parts = list(node.elts)
    elif isinstance(node, ast.Dict):
        if any(k is None for k in node.keys):
            raise _Stop
        parts = [x for kv in zip(node.keys, node.values) for x in kv]
    else:  # and/or, if-else, comprehensions, lambdas, f-strings, walrus ...: not foreseeable
        raise _Stop
    for part in parts:
        _calls_in_order(part, targets, out)


class Checker:
    """Z's state: the scratch root, its zygote, the isolation it achieved."""

    def __init__(self, conf: dict, zygote: _Zygote):
        self.conf, self.zygote = conf, zygote
        self.base = conf["base_dir"]
        self.count = 0

    def run(self, job: dict) -> dict:
        if job.get("plan") is None:
            job["plan"] = plan_calls(job.get("test", ""), job.get("remote", ()))
        try:
            return self._run(job)
        except _Replay:
            job["plan"] = []
            return self._run(job)

    def _run(self, job: dict) -> dict:
        self.count += 1
        started = time.monotonic()
        timeout = float(job.get("timeout", self.conf["timeout"]))
        deadline = started + timeout
        scratch = os.path.join(self.base, f"s{self.count}")
        os.mkdir(scratch, 0o700)
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        out_r, out_w = os.pipe()
        try:
            pid = self.zygote.fork(scratch, timeout, [req_r, resp_w, out_w])
        finally:
            for fd in (req_r, resp_w, out_w):
                os.close(fd)
        chan = _Channel(pid, req_w, resp_r, out_r, deadline, self.conf, bool(job.get("strict_types")))
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout + 1.0)
        status, reason = "failed", ""
        try:
            status, reason = _check(job, chan)
        except _Replay:
            signal.setitimer(signal.ITIMER_REAL, 0)
            self._end(pid, chan)
            self._remove(scratch)
            raise
        except (SampleTimeout, _CheckerTimeout):
            status = "timed out"
        except SampleGone as exc:
            status, reason = "failed", f"the sample's process {exc}"
        except ProtocolError as exc:
            reason = f"malformed reply from the sample: {exc}"
        except StrictTypeError as exc:
            reason = f"type check: {exc}"
        except Exception as exc:  # noqa: BLE001 - an assertion or any error of the tests
            reason = _describe_failure(exc, job)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        exit_status, cpu_s = self._end(pid, chan)
        if status == "failed" and reason.startswith("the sample's process"):
            if cpu_s >= int(timeout) + 1 - 0.05:
                status, reason = "timed out", ""  # RLIMIT_CPU's SIGXCPU or SIGKILL
            else:
                reason += f" before the tests finished ({exit_status})"
        self._remove(scratch)
        output = chan.output.decode("utf-8", "replace")
        if chan.output_dropped:
            output += f"\n[... {chan.output_dropped} more bytes of output dropped]"
        return {"id": job.get("id"), "status": status, "reason": reason, "output": output,
                "wall_s": round(time.monotonic() - started, 4), "cpu_s": round(cpu_s, 4)}

    def _end(self, pid: int, chan: _Channel) -> tuple[str, float]:
        """Kill the sample and everything it started (F does: it is their parent and reaper);
        return its exit status and CPU time."""
        described, cpu_s = self.zygote.end(pid)
        while chan.out_r >= 0:  # what it printed last
            try:
                chan._drain_output()
            except OSError:
                break
            if chan.out_r >= 0 and not select.select([chan.out_r], [], [], 0)[0]:
                break
        for fd in (chan.req_w, chan.resp_r, chan.out_r):
            if fd >= 0:
                os.close(fd)
        return described, cpu_s

    def sweep(self) -> None:
        """Nothing a sample started survives it."""
        self.zygote.end(0)

    def _remove(self, scratch: str) -> None:
        _rmtree(scratch)
        if self.conf["iso"].get("mount_ro"):  # writes were confined to the base dir, not the
            for name in os.listdir(self.base):  # scratch dir: leave nothing for the next sample
                _rmtree(os.path.join(self.base, name))


# ------------------------------------------------------------------------------- F: the zygote

class ZygoteGone(BaseException):
    """F stopped answering: the slot cannot run samples any more (the harness starts another)."""


class _Zygote:
    """Z's handle on F, the process that forks the samples. F is forked from Z before Z has read
    any job, and is never sent one: so no test, expected answer or other sample's program is ever
    in the memory a sample starts from (a sample that scans its own memory or walks the frames
    and objects it inherited finds the harness's code and nothing of the benchmark). F forks U,
    sends back its pid, and at the end kills it, reaps it (its CPU time) and sweeps."""

    def __init__(self, conf: dict):
        import socket

        self.sock, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.pid = os.fork()
        if self.pid == 0:
            self.sock.close()
            try:
                _zygote_main(conf, theirs)
            except BaseException as exc:  # noqa: BLE001
                sys.stderr.write(f"sandbox zygote failed: {type(exc).__name__}: {exc}\n")
                sys.stderr.flush()
            os._exit(1)
        theirs.close()
        self.sock.settimeout(60.0)  # F's work is a fork or a kill; never this long

    def _ask(self, message, fds=()) -> list:
        import socket

        try:
            data = json.dumps(message).encode()
            if fds:
                socket.send_fds(self.sock, [data], list(fds))
            else:
                self.sock.send(data)
            reply = self.sock.recv(1 << 16)
        except OSError as exc:
            raise ZygoteGone(f"the zygote is gone ({exc})") from None
        if not reply:
            raise ZygoteGone("the zygote is gone")
        return json.loads(reply)

    def fork(self, scratch: str, timeout: float, fds: list[int]) -> int:
        reply = self._ask(["fork", scratch, timeout], fds)
        if reply[0] != "forked":
            raise OSError(f"the zygote could not fork: {reply[1:]}")
        return int(reply[1])

    def end(self, pid: int) -> tuple[str, float]:
        reply = self._ask(["end", pid])
        return reply[1], float(reply[2])

    def close(self) -> None:
        """F exits when its socket closes; reaping it here counts its samples' CPU time in ours."""
        self.sock.close()
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def _zygote_main(conf: dict, sock) -> None:
    """F's loop: fork a sample on request; kill, reap and sweep at its end."""
    import socket

    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    _prctl(PR_SET_CHILD_SUBREAPER, 1)  # what a sample leaves behind is F's to reap
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)  # not the checker's jobs, not its verdicts
    os.dup2(null, 1)
    os.close(null)
    pidns = bool(conf["iso"].get("pidns"))
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(sock, 1 << 16, 3)
        except OSError:
            os._exit(0)
        if not data:
            os._exit(0)  # the checker is gone
        request = json.loads(data)
        if request[0] == "fork":
            try:
                pid = os.fork()
            except OSError as exc:
                pid, reply = -1, ["error", str(exc)]
            if pid == 0:
                sock.close()
                _sample_process(conf, request[1], float(request[2]), fds)
            for fd in fds:
                os.close(fd)
            sock.send(json.dumps(["forked", pid] if pid > 0 else reply).encode())
        elif request[0] == "end":
            described, cpu_s = _end_sample(int(request[1]), pidns)
            sock.send(json.dumps(["ended", described, cpu_s]).encode())


def _end_sample(pid: int, pidns: bool) -> tuple[str, float]:
    """In F: kill sample `pid` (0: none), reap it, sweep everything it started."""
    described, cpu_s = "", 0.0
    if pid > 0:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _, status, usage = os.wait4(pid, 0)
        cpu_s = usage.ru_utime + usage.ru_stime
        if os.WIFSIGNALED(status):
            described = f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
        else:
            described = f"exit status {os.WEXITSTATUS(status)}"
    if pidns:
        try:
            os.kill(-1, signal.SIGKILL)  # every process of the namespace but its init (Z) and F
        except ProcessLookupError:
            pass
    else:
        for _ in range(1000):  # subreaper: orphans of the sample became our children
            kids = _children(os.getpid())
            if not kids:
                break
            for kid in kids:
                try:
                    os.kill(kid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            _reap(block=True)
    _reap(block=True)
    return described, cpu_s


def _rmtree(path: str) -> None:
    """Remove what a sample left, whatever modes it set (shutil is not worth its memory here)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if not os.path.isdir(path) or os.path.islink(path):
        os.unlink(path)
        return
    if st.st_mode & 0o700 != 0o700:
        os.chmod(path, 0o700)
    for entry in os.scandir(path):
        _rmtree(entry.path)
    os.rmdir(path)


def _children(pid: int) -> list[int]:
    kids = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as fh:
                    stat = fh.read()
            except OSError:
                continue
            fields = stat[stat.rfind(b")") + 2:].split()
            if len(fields) > 1 and int(fields[1]) == pid:
                kids.append(int(name))
    return kids


def _reap(block: bool) -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, 0 if block else os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


# ----------------------------------------------------------------------------- set-up: W and Z

def _setup_namespaces(conf: dict, iso: dict) -> None:
    """In W: new namespaces for Z and its children, as many as this machine permits."""
    if not conf.get("namespaces", True):
        return
    root = os.geteuid() == 0
    uid, gid = os.getuid(), os.getgid()
    base = CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNS
    attempts = [base, CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWNS, CLONE_NEWNET]
    for flags in attempts:
        try:
            _unshare(flags if root else flags | CLONE_NEWUSER)
        except OSError as exc:
            iso.setdefault("errors", []).append(str(exc))
            continue
        if not root:
            with open("/proc/self/setgroups", "w") as fh:
                fh.write("deny")
            with open("/proc/self/uid_map", "w") as fh:
                fh.write(f"{uid} {uid} 1")
            with open("/proc/self/gid_map", "w") as fh:
                fh.write(f"{gid} {gid} 1")
        iso.update(userns=not root, netns=True, pidns=bool(flags & CLONE_NEWPID),
                   ipcns=bool(flags & CLONE_NEWIPC), mountns=bool(flags & CLONE_NEWNS))
        if iso["mountns"]:
            _mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing propagates back to the host
        return


def _confine_checker(conf: dict, iso: dict) -> None:
    """In Z, before any job: fresh /proc, the mount view, privileges dropped, Landlock."""
    if iso.get("pidns") and iso.get("mountns"):
        try:
            _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
            iso["private_proc"] = True
        except OSError as exc:
            iso.setdefault("errors", []).append(str(exc))
    abi = landlock_abi() if conf.get("landlock", True) else 0
    base = conf["base_dir"]
    if iso.get("mountns"):
        _hide(conf["covers"], iso)
        if not abi:
            try:  # the fallback: everything read-only but the worker's own scratch root
                attr = (ctypes.c_uint64 * 4)(MOUNT_ATTR_RDONLY, 0, 0, 0)
                if _libc.syscall(SYS_MOUNT_SETATTR, ctypes.c_int(AT_FDCWD), b"/",
                                 ctypes.c_uint(AT_RECURSIVE), attr, ctypes.c_size_t(32)) != 0:
                    raise _os_error("mount_setattr")
                iso["mount_ro"] = True
            except OSError as exc:
                iso.setdefault("errors", []).append(str(exc))
        owner = int(conf.get("sandbox_uid") or os.getuid())
        try:  # a private, size-capped tmpfs for the scratch directories (fast, and a disk quota)
            _mount("tmpfs", base, "tmpfs", MS_NOSUID | MS_NODEV,
                   f"size={int(conf['scratch_mb'])}m,mode=0700,uid={owner},gid={owner}")
            iso["scratch_tmpfs"] = True
        except OSError as exc:
            iso.setdefault("errors", []).append(str(exc))
            if iso["mount_ro"]:
                _mount(base, base, None, MS_BIND | MS_REC)
                _mount(None, base, None, MS_BIND | MS_REMOUNT)
    _preload()
    if os.geteuid() == 0 and conf.get("sandbox_uid") is not None:
        uid = int(conf["sandbox_uid"])
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)  # every capability goes with uid 0
        iso["uid"] = uid
    try:
        _drop_capabilities()
        iso["caps_dropped"] = True
    except OSError as exc:
        iso.setdefault("errors", []).append(str(exc))
    _prctl(PR_SET_NO_NEW_PRIVS, 1)
    if abi:
        applied = landlock_restrict(abi, conf["read_rules"] + [["/proc", "r"]], [base])
        iso.update(landlock_abi=abi, landlock_fs=applied["fs"], landlock_net=applied["net"],
                   landlock_scope=applied["scope"])
    _prctl(PR_SET_DUMPABLE, 0)  # no ptrace, no /proc/<pid>/mem of the checker (nor of F, nor U)
    conf["landlock_abi"] = abi
    conf["nproc_base"] = _nproc_base(iso)


# Imported once per worker, before privileges go: samples fork with them loaded (no import cost
# per sample), and they work even where the sandbox's uid may not read the interpreter's files.
PRELOAD = ("typing math cmath re string collections collections.abc heapq bisect itertools functools "
           "operator copy hashlib array statistics random fractions decimal numbers datetime time "
           "calendar json struct textwrap unicodedata dataclasses enum abc contextlib io base64 "
           "binascii queue socket sys os").split()


def _preload() -> None:
    for name in PRELOAD:
        try:
            __import__(name)
        except ImportError:
            pass


def _hide(plan: list, iso: dict) -> None:
    """In Z's private mount namespace, still privileged: apply `cover_plan`'s view. Each path is
    covered by an empty tmpfs (a file by /dev/null) with only its kept paths bound back, then made
    read-only. Samples cannot undo it: they hold no capability, and in a user namespace of their
    own these mounts would be locked together."""
    hidden, failed = 0, False
    for path, keep in plan:
        try:
            st = os.lstat(path)
        except OSError:
            continue  # under a cover already, not kept: hidden
        fds = {}
        try:
            for k in keep:
                try:
                    fds[k] = os.open(k, os.O_PATH | os.O_CLOEXEC)
                except OSError:
                    pass
            if not stat.S_ISDIR(st.st_mode):
                _mount("/dev/null", path, None, MS_BIND)
            else:
                _mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=64k")
                for k, fd in fds.items():
                    os.makedirs(os.path.dirname(k), 0o755, exist_ok=True)
                    if stat.S_ISDIR(os.fstat(fd).st_mode):
                        os.mkdir(k, 0o755)
                    else:
                        open(k, "w").close()
                    _mount(f"/proc/self/fd/{fd}", k, None, MS_BIND | MS_REC)
                _mount(None, path, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
            hidden += 1
        except OSError as exc:
            failed = True
            iso.setdefault("errors", []).append(f"hide {path}: {exc}")
        finally:
            for fd in fds.values():
                os.close(fd)
    iso.update(hidden=hidden, hidden_ok=bool(plan) and not failed)


def _probe(paths: list[str]) -> list[str]:
    """Which of `paths` (files that hold the benchmarks' data) this process can still read: with
    the confinement in place, none may be. Checked in Z, whose reads F and the samples share."""
    readable = []
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            if os.read(fd, 1):
                readable.append(path)
        except OSError:
            pass
        finally:
            os.close(fd)
    return readable


def _nproc_base(iso: dict) -> int:
    """RLIMIT_NPROC counts every process of the uid (in its user namespace): W, Z, F and the
    sample in a user namespace; Z, F and the sample under a uid of its own; else all of the
    user's (W and Z among them) and F and the sample."""
    if iso.get("userns"):
        return 4
    if iso.get("uid") is not None:
        return 3
    uid, n = os.getuid(), 0
    for name in os.listdir("/proc"):
        try:
            if name.isdigit() and os.stat(f"/proc/{name}").st_uid == uid:
                n += 1
        except OSError:
            pass
    return n + 3


def isolation_level(iso: dict) -> str:
    """The strongest of sandbox.ISOLATION_LEVELS that `iso` meets. Reads count as confined when
    Landlock's allow-list or the mount view holds, no probe file is readable, and no process of
    the same uid outside the sandbox is in view (its /proc/<pid>/fd would lead to its pipes)."""
    fs = iso.get("landlock_fs") or iso.get("mount_ro")
    alone = iso.get("private_proc") or iso.get("uid") is not None
    reads = (iso.get("landlock_fs") or iso.get("hidden_ok")) and alone and not iso.get("readable")
    if iso.get("netns"):
        return ("netns+fs+reads" if reads else "netns+fs") if fs else "netns"
    return "sockets-disabled"  # the audit hook; Landlock's TCP rules when the kernel has them


def _checker_main(conf: dict, iso: dict) -> None:
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # nobody interrupts the checker
    _confine_checker(conf, iso)
    iso["readable"] = _probe(conf["reads"]["probes"])
    iso["level"] = isolation_level(iso)
    conf["iso"] = iso
    gc.collect()
    gc.freeze()  # the samples' garbage collector then never touches (so never copies) these pages
    zygote = _Zygote(conf)  # before the first job: F never holds one
    checker = Checker(conf, zygote)
    out = sys.stdout
    out.write(json.dumps({"hello": True, "isolation": iso, "pid": os.getpid()}) + "\n")
    out.flush()
    for line in sys.stdin:
        job = json.loads(line)
        try:
            verdict = checker.run(job)
        except Exception as exc:  # noqa: BLE001 - a harness error is reported, never a pass
            verdict = {"id": job.get("id"), "status": "failed",
                       "reason": f"sandbox error: {type(exc).__name__}: {exc}"[:600], "output": "",
                       "wall_s": 0.0, "cpu_s": 0.0}
            checker.sweep()
        out.write(json.dumps(verdict) + "\n")
        out.flush()
    zygote.close()


def main() -> None:
    conf = json.loads(sys.argv[1])
    # No parent-death signal here: it follows the harness *thread* that started us, and harness
    # threads come and go. When the harness dies its end of our stdin closes, and Z exits on EOF
    # (after the job at hand, which its deadline bounds).
    if os.getppid() != conf["parent_pid"]:
        sys.exit(1)  # the harness is gone already
    conf["read_rules"] = read_rules(conf["reads"])  # here, where the whole file system is in view
    conf["covers"] = cover_plan(conf["reads"], [conf["base_dir"]], conf.get("sandbox_uid") is not None)
    iso: dict = {"userns": False, "netns": False, "pidns": False, "ipcns": False, "mountns": False,
                 "landlock_fs": False, "landlock_net": False, "landlock_scope": False,
                 "mount_ro": False, "private_proc": False, "uid": None}
    _setup_namespaces(conf, iso)
    pid = os.fork()
    if pid == 0:
        try:
            _checker_main(conf, iso)
        except BaseException as exc:  # noqa: BLE001
            sys.stderr.write(f"sandbox checker failed: {type(exc).__name__}: {exc}\n")
            sys.stderr.flush()
            os._exit(1)
        os._exit(0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)  # Z's jobs and verdicts are Z's: W holds no end of them
    os.dup2(null, 1)
    _, status = os.waitpid(pid, 0)
    sys.exit(os.waitstatus_to_exitcode(status) & 0xFF)


if __name__ == "__main__":
    main()
