"""The sandbox against hostile completions: every attack fails, and none leaves a trace.

After each attack the `clean` fixture checks that nothing leaked: no new file outside the sandbox
(/tmp, /dev/shm, the repository, the home directory), no process left under the worker but its
checker, no connection or datagram to the test's own servers, and (test_environment) no secret
of the parent's environment inside the sample.
"""

from __future__ import annotations

import os
import socket
import textwrap
import time

import psutil
import pytest

from phi1lib.paths import repo_root
from phi1lib.sandbox import (ISOLATION_LEVELS, Job, Sandbox, SandboxUnavailable, Verdict,
                             defined_names, describe_isolation, free_names)

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
    for worker in sb._workers:
        if worker is not None:
            kids = psutil.Process(worker.proc.pid).children(recursive=True)
            assert [k.pid for k in kids] == [_checker_pid(worker)], \
                f"processes survived the sample: {[(k.pid, k.name()) for k in kids]}"
    uid = sb.isolation.get("uid")
    if uid is not None:  # as root, samples run under a uid of their own: only the checker has it
        owned = [p.pid for p in psutil.process_iter(["uids"])
                 if p.info["uids"] and p.info["uids"].real == uid]
        assert len(owned) == 1, f"processes of uid {uid} survived: {owned}"


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
    if sandbox.level != "netns+fs":
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
        assert sb.level == "netns+fs" and sb.isolation["mount_ro"], describe_isolation(sb.isolation)
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


# ----------------------------------------------------------------------------- helpers

def test_free_and_defined_names():
    test = "import math\ndef check(candidate):\n    assert candidate(1) == poly(x)\ncheck(f)\n"
    assert set(free_names(test)) == {"poly", "x", "f"}
    assert defined_names("import os.path\nfrom a import b as c\ndef g(): pass\nX, Y = 1, 2\n") == \
        {"os", "c", "g", "X", "Y"}
