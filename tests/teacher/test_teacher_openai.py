"""OpenAITeacher against a local fake OpenAI server: answers, every fault kind, the cache, a killed run.

The server (tests/fake_openai_server.py) runs in a thread on 127.0.0.1 and logs every request, so the
tests check from the server's side what the client sent: how often, how many at once, with what seed.
Backoffs are shortened (backoff_base_s=0.01) so the whole file runs in seconds.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: fake_openai_server
from fake_openai_server import FakeOpenAIServer, count_tokens, fake_answer

from phi1lib.core.config import TeacherConfig
from phi1lib.teacher.protocol import TeacherRequest
from phi1lib.teacher.cache import TeacherCache
from phi1lib.teacher.openai_client import OpenAITeacher, _retry_after

ROOT = Path(__file__).resolve().parents[2]


def make_requests(n: int, **kw) -> list[TeacherRequest]:
    return [TeacherRequest(prompt=f"prompt number {i}", kind="exercise", seed=i, **kw) for i in range(n)]


def make_teacher(server: FakeOpenAIServer, cache_dir: Path, *, concurrency: int = 4, max_retries: int = 3,
                 timeout_s: float = 5.0, **kw) -> OpenAITeacher:
    cfg = TeacherConfig(kind="openai", base_url=server.base_url, model="fake", concurrency=concurrency,
                        max_retries=max_retries, timeout_s=timeout_s)
    kw.setdefault("backoff_base_s", 0.01)
    return OpenAITeacher(cfg, cache_dir, **kw)


def expected_text(req: TeacherRequest) -> str:
    return fake_answer(req.prompt, req.seed, req.max_tokens)[0]


@pytest.fixture
def server():
    with FakeOpenAIServer(latency_s=0.01) as s:
        yield s


def test_happy_path_in_order_with_seed_and_usage(server, tmp_path):
    reqs = make_requests(30, system="You are a teacher.")
    with make_teacher(server, tmp_path) as teacher:
        out = teacher.generate(reqs)
    assert [r.request for r in out] == reqs
    assert [r.text for r in out] == [expected_text(r) for r in reqs]
    assert all(r.error is None and not r.cached and r.model == "fake-model" for r in out)
    assert len(server.log) == 30
    by_prompt = {e["prompt"]: e for e in server.log}
    for r in reqs:
        e = by_prompt[r.prompt]
        assert (e["path"], e["model"], e["seed"], e["system"]) == ("/v1/chat/completions", "fake", r.seed,
                                                                     "You are a teacher.")
        assert (e["temperature"], e["top_p"], e["max_tokens"]) == (r.temperature, r.top_p, r.max_tokens)
    s = teacher.summary()
    assert (s["answered"], s["attempts"], s["retries"], s["failed"], s["cached"]) == (30, 30, 0, 0, 0)


def test_completions_mode_joins_system_and_prompt(server, tmp_path):
    reqs = make_requests(3, system="SYS")
    with make_teacher(server, tmp_path, mode="completions", progress=True) as teacher:
        out = teacher.generate(reqs)
    assert {e["path"] for e in server.log} == {"/v1/completions"}
    assert sorted(e["prompt"] for e in server.log) == sorted(f"SYS\n\n{r.prompt}" for r in reqs)
    assert [r.text for r in out] == [fake_answer(f"SYS\n\n{r.prompt}", r.seed)[0] for r in reqs]


@pytest.mark.parametrize("fault,kind", [("429", "rate_limit"), ("500", "http_500"), ("503", "http_503"),
                                        ("hang", "timeout"), ("malformed", "malformed"),
                                        ("bad_schema", "malformed"), ("disconnect", "connection")])
def test_each_fault_kind_recovers(server, tmp_path, fault, kind):
    server.configure(fault_plan=[fault], retry_after_s=0.2, hang_s=5.0)  # first attempt of each prompt
    reqs = make_requests(8)
    with make_teacher(server, tmp_path, timeout_s=1.0) as teacher:
        out = teacher.generate(reqs)
    assert [r.text for r in out] == [expected_text(r) for r in reqs]
    assert all(r.error is None for r in out)
    assert sorted(server.request_counts().values()) == [2] * 8
    assert sorted(server.answered_counts().values()) == [1] * 8
    s = teacher.summary()
    assert s["retries_by_kind"] == {kind: 8} and s["attempts"] == 16 and s["failed"] == 0
    if fault == "429":  # Retry-After was honoured: the retry came no sooner than the server asked
        first = {e["prompt"]: e["t_end"] for e in server.log if e["attempt"] == 1}
        for e in server.log:
            if e["attempt"] == 2:
                assert e["t_start"] - first[e["prompt"]] >= 0.2 - 0.02


def test_a_hung_straggler_is_hedged_once_nothing_is_left_to_send(server, tmp_path):
    """The first request hangs. Nothing re-sends it while others wait to be sent; once the last one
    is out, a free slot sends it again, that answer wins and the hung attempt is cancelled: the run
    ends long before the client's timeout, with no slot over the limit and one answer per prompt."""
    reqs = make_requests(60)
    server.configure(prompt_faults={reqs[0].prompt: ["hang"]}, hang_s=30)
    t0 = time.perf_counter()
    with make_teacher(server, tmp_path, concurrency=4, timeout_s=20.0) as teacher:
        out = teacher.generate(reqs)
        s = teacher.summary()
    assert time.perf_counter() - t0 < 10  # the timeout (20 s) never had to fire
    assert [r.text for r in out] == [expected_text(r) for r in reqs] and all(r.error is None for r in out)
    assert (s["hedges"], s["hedge_wins"], s["attempts"], s["retries"]) == (1, 1, 61, 0)
    assert server.request_counts()[reqs[0].prompt] == 2
    assert server.answered_counts() == {r.prompt: 1 for r in reqs}
    assert s["max_in_flight"] <= 4 and server.max_in_flight <= 4
    last_sent = max(e["t_start"] for e in server.log if e["attempt"] == 1)
    hedge = next(e for e in server.log if e["prompt"] == reqs[0].prompt and e["attempt"] == 2)
    assert hedge["t_start"] >= last_sent  # not while requests were still waiting to be sent


def test_hedging_off_waits_for_the_timeout(server, tmp_path):
    reqs = make_requests(30)
    server.configure(prompt_faults={reqs[-1].prompt: ["hang"]}, hang_s=30)
    cfg = TeacherConfig(kind="openai", base_url=server.base_url, model="fake", concurrency=4,
                        max_retries=3, timeout_s=1.0, hedge_after=0)
    with OpenAITeacher(cfg, tmp_path, backoff_base_s=0.01) as teacher:
        out = teacher.generate(reqs)
        s = teacher.summary()
    assert all(r.error is None for r in out)
    assert (s["hedges"], s["retries_by_kind"]) == (0, {"timeout": 1})


def test_a_slow_original_that_answers_first_wins_over_its_hedge(server, tmp_path):
    """Both attempts of a hedged request fail over to the other: the hedge gets a 500, the slow
    original answers; one answer, cached once, no retry counted."""
    reqs = make_requests(40)
    with make_teacher(server, tmp_path, concurrency=4) as teacher:
        teacher.generate(reqs[:30])  # latencies to judge by
        server.configure(latency_s=0.3, prompt_faults={reqs[39].prompt: ["ok", "500"]})
        out = teacher.generate(reqs[30:])
        s = teacher.summary()
    assert all(r.error is None for r in out) and [r.text for r in out] == [expected_text(r) for r in reqs[30:]]
    assert s["hedges"] >= 1 and s["hedge_wins"] == 0 and s["retries"] == 0
    assert server.request_counts()[reqs[39].prompt] == 2  # hedged, and the hedge failed
    assert server.answered_counts()[reqs[39].prompt] == 1
    assert len(TeacherCache(tmp_path)) == 40


def test_batches_submitted_ahead_share_the_slots(server, tmp_path):
    """Two batches submitted together: the second one's requests take the slots the first one's last
    requests leave, so the slots never drain between them; each batch gets its own answers in order."""
    server.configure(latency_s=0.2)
    first, second = make_requests(12)[:6], make_requests(12)[6:]
    with make_teacher(server, tmp_path, concurrency=4) as teacher:
        a, b = teacher.submit(first), teacher.submit(second)
        out_a, out_b = a.result(30), b.result(30)
    assert [r.text for r in out_a] == [expected_text(r) for r in first]
    assert [r.text for r in out_b] == [expected_text(r) for r in second]
    start = {e["prompt"]: e["t_start"] for e in server.log}
    end = {e["prompt"]: e["t_end"] for e in server.log}
    assert min(start[r.prompt] for r in second) < max(end[r.prompt] for r in first)  # overlapped
    assert server.max_in_flight == 4


def test_a_request_in_two_running_batches_is_sent_once(server, tmp_path):
    server.configure(latency_s=0.1)
    reqs = make_requests(6)
    with make_teacher(server, tmp_path, concurrency=2) as teacher:
        a, b = teacher.submit(reqs), teacher.submit(reqs[3:] + make_requests(8)[6:])
        out_a, out_b = a.result(30), b.result(30)
    assert [r.text for r in out_b[:3]] == [r.text for r in out_a[3:]]
    assert sorted(server.request_counts().values()) == [1] * 8


def test_an_interrupted_generate_cancels_its_requests_and_the_teacher_goes_on(server, tmp_path):
    """Ctrl-C in the middle of `generate`: it raises, what was answered is cached, the rest is neither
    sent nor left holding a slot; the next call asks only for what is missing."""
    import _thread
    import signal
    import threading

    server.configure(latency_s=0.2)
    reqs = make_requests(20)
    # interrupt_main does nothing unless SIGINT has Python's own handler (a CI run once saw "did not
    # raise"): install it for this test, whatever an earlier test or library left.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with make_teacher(server, tmp_path, concurrency=2) as teacher:
            timer = threading.Timer(0.5, _thread.interrupt_main)
            timer.start()
            with pytest.raises(KeyboardInterrupt):
                teacher.generate(reqs)
            timer.join()
            time.sleep(0.05)  # a request written just before the interrupt reaches the server's log
            sent_before = len(server.log)
            assert 2 <= sent_before <= 8  # ~2 rounds of 2 in 0.5 s, not all 20
            assert teacher._in_flight == 0  # generate returned after its attempts had stopped
            time.sleep(0.3)
            assert len(server.log) == sent_before  # nothing more went out after the interrupt
            out = teacher.generate(reqs)
            s = teacher.summary()
    finally:
        signal.signal(signal.SIGINT, previous)
    assert [r.text for r in out] == [expected_text(r) for r in reqs] and all(r.error is None for r in out)
    counts = server.answered_counts()
    assert set(counts) == {r.prompt for r in reqs}
    assert sum(c - 1 for c in counts.values()) <= 2  # asked again: only those cut off in flight
    assert s["max_in_flight"] <= 2 and server.max_in_flight <= 2


def test_permanent_failure_returns_errors_not_cached(server, tmp_path):
    server.configure(fault_plan=["503"] * 10)
    reqs = make_requests(5)
    with make_teacher(server, tmp_path, max_retries=2) as teacher:
        out = teacher.generate(reqs)
        assert len(out) == 5 and [r.request for r in out] == reqs
        assert all(r.error and r.error.startswith("http_503 after 3 attempt(s)") and r.text == "" for r in out)
        assert sorted(server.request_counts().values()) == [3] * 5  # 1 try + max_retries retries
        s = teacher.summary()
        assert (s["failed"], s["answered"], s["errors_by_kind"]) == (5, 0, {"http_503": 5})
    # failures are not cached: once the server recovers, a rerun asks again and succeeds
    server.configure(fault_plan=[])
    server.reset()
    with make_teacher(server, tmp_path) as teacher:
        out = teacher.generate(reqs)
    assert all(r.error is None and not r.cached for r in out) and len(server.log) == 5


def test_client_errors_are_not_retried(server, tmp_path):
    server.configure(fault_plan=["400"])
    with make_teacher(server, tmp_path) as teacher:
        out = teacher.generate(make_requests(3))
    assert all(r.error and r.error.startswith("http_400 after 1 attempt(s)") for r in out)
    assert len(server.log) == 3


def test_a_bad_key_stops_sending(server, tmp_path):
    server.configure(fault_plan=["401"])
    with make_teacher(server, tmp_path, concurrency=2) as teacher:
        out = teacher.generate(make_requests(30))
        s = teacher.summary()
    assert len(out) == 30 and all(r.error for r in out)  # none dropped, every one says why
    assert len(server.log) <= 2  # only those already in flight when the first 401 came back
    assert s["errors_by_kind"]["http_401"] == len(server.log)
    assert s["errors_by_kind"]["stopped"] == 30 - len(server.log)
    assert all("not sent after http_401" in r.error for r in out if r.error.startswith("stopped"))


def test_cache_hit_sends_nothing_and_duplicates_are_sent_once(server, tmp_path):
    reqs = make_requests(10)
    with make_teacher(server, tmp_path) as teacher:
        first = teacher.generate(reqs + reqs[:3])  # the repeats are answered by the same request
    assert len(server.log) == 10
    assert [r.text for r in first[10:]] == [r.text for r in first[:3]]
    with make_teacher(server, tmp_path) as teacher:  # a fresh process would see the same: the disk
        again = teacher.generate(reqs)
        s = teacher.summary()
    assert len(server.log) == 10
    assert all(r.cached for r in again) and [r.text for r in again] == [r.text for r in first[:10]]
    assert (s["cached"], s["answered"], s["attempts"], s["prompt_tokens"]) == (10, 0, 0, 0)
    assert s["cached_completion_tokens"] == sum(r.completion_tokens for r in first[:10])
    # a different seed, model or sampling parameter is a different answer: a cache miss
    with make_teacher(server, tmp_path) as teacher:
        teacher.generate([TeacherRequest(prompt=reqs[0].prompt, kind="exercise", seed=99)])
    assert len(server.log) == 11


@pytest.mark.parametrize("concurrency", [5, 37])  # 37: slots split over three clients (16 each at most)
def test_concurrency_limit_is_respected(server, tmp_path, concurrency):
    # latency long enough that even a starved client fills every slot before the first answers return
    server.configure(latency_s=0.3, fault_rates={"500": 0.2, "429": 0.1}, retry_after_s=0.01)
    with make_teacher(server, tmp_path, concurrency=concurrency, max_retries=8) as teacher:
        out = teacher.generate(make_requests(4 * concurrency))
    assert all(r.error is None for r in out)
    assert server.max_in_flight == concurrency  # reached, never exceeded
    assert teacher.summary()["max_in_flight"] == concurrency


def test_token_and_cost_accounting(server, tmp_path):
    reqs = make_requests(12, system="two words")
    reqs += [TeacherRequest(prompt=f"cut short {i}", kind="x", max_tokens=2) for i in range(4)]  # at 2 words
    with make_teacher(server, tmp_path, price_per_1k=(0.5, 1.5)) as teacher:
        out = teacher.generate(reqs)
        s = teacher.summary()
    want_in = sum(count_tokens(r.system) + count_tokens(r.prompt) for r in reqs)
    want_out = sum(count_tokens(expected_text(r)) for r in reqs)
    assert sum(r.prompt_tokens for r in out) == s["prompt_tokens"] == want_in
    assert sum(r.completion_tokens for r in out) == s["completion_tokens"] == want_out
    assert s["cost_usd"] == pytest.approx(want_in / 1000 * 0.5 + want_out / 1000 * 1.5)
    assert s["truncated"] == 4
    records = [json.loads(line) for p in tmp_path.glob("*.jsonl") for line in p.read_text().splitlines()]
    assert sorted(r["finish_reason"] for r in records) == ["length"] * 4 + ["stop"] * 12
    with make_teacher(server, tmp_path) as teacher:  # no price: cost None, never a guess
        teacher.generate(reqs)
        assert teacher.summary()["cost_usd"] is None and teacher.summary()["cached"] == 16


def test_generate_works_inside_a_running_event_loop(server, tmp_path):
    async def notebook_cell():  # Jupyter runs cells inside a loop; asyncio.run() would refuse there
        with make_teacher(server, tmp_path) as teacher:
            return teacher.generate(make_requests(5))

    out = asyncio.run(notebook_cell())
    assert [r.text for r in out] == [expected_text(r) for r in make_requests(5)]


def test_retry_after_headers_are_read():
    class Exc:
        def __init__(self, headers):
            self.response = type("R", (), {"headers": headers})()

    assert _retry_after(Exc({"retry-after-ms": "250"})) == pytest.approx(0.25)
    assert _retry_after(Exc({"retry-after": "3"})) == 3.0
    http_date = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 < _retry_after(Exc({"retry-after": http_date})) <= 30
    assert _retry_after(Exc({})) is None and _retry_after(ValueError()) is None


def test_the_openai_api_needs_a_key(monkeypatch, tmp_path):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    with pytest.raises(ValueError, match="OPENAI_API_KEY"):
        OpenAITeacher(TeacherConfig(base_url=None), tmp_path)


def test_only_loopback():
    with pytest.raises(ValueError):
        FakeOpenAIServer(host="0.0.0.0")


def test_cache_skips_a_torn_last_line(tmp_path):
    with TeacherCache(tmp_path) as cache:
        cache.put("a", {"text": "one"})
        cache.put("b", {"text": "two"})
    shard = next(tmp_path.glob("*.jsonl"))
    with open(shard, "ab") as f:
        f.write(b'{"key": "c", "text": "thr')  # a crash in the middle of a write
    cache = TeacherCache(tmp_path)
    assert len(cache) == 2 and cache.n_corrupt == 1 and cache.get("b")["text"] == "two"
    assert cache.get("c") is None
    cache.put("c", {"text": "three"})  # goes to a new shard, never after the torn line
    cache.close()
    assert TeacherCache(tmp_path).get("c")["text"] == "three"


def test_cache_refresh_reads_what_another_writer_appended_and_waits_for_a_line_in_progress(tmp_path):
    reader = TeacherCache(tmp_path)
    with TeacherCache(tmp_path) as writer:
        writer.put("a", {"text": "one"})
        assert "a" not in reader and reader.refresh() == 1 and reader.get("a")["text"] == "one"
        shard = next(tmp_path.glob("*.jsonl"))
        line = json.dumps({"key": "b", "text": "two"}) + "\n"
        with open(shard, "a") as f:  # a write the reader catches half done
            f.write(line[:10])
        assert reader.refresh() == 0 and "b" not in reader and reader.n_corrupt == 1
        with open(shard, "a") as f:
            f.write(line[10:])
        assert reader.refresh() == 1 and reader.get("b")["text"] == "two" and reader.n_corrupt == 0
    reader.close()


def test_two_teachers_sharing_a_cache_pay_for_a_prompt_once(server, tmp_path):
    """Two teachers on one cache folder, both opened before any answer (two tasks of the synthesis
    stage, each in its process): what the first paid for, the second gets from the disk."""
    first, second = make_teacher(server, tmp_path), make_teacher(server, tmp_path)
    with first, second:
        first.generate(make_requests(10))
        out = second.generate(make_requests(15))
    assert len(server.log) == 15 and server.answered_counts() == {r.prompt: 1 for r in make_requests(15)}
    assert [r.cached for r in out] == [True] * 10 + [False] * 5
    assert [r.text for r in out] == [expected_text(r) for r in make_requests(15)]


WRITER = """
import sys
from phi1lib.teacher.cache import TeacherCache
cache_dir, first, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
cache = TeacherCache(cache_dir, fsync=False, max_shard_bytes=1 << 16)  # small shards: many roll-overs
for i in range(first, first + n):
    if i % 100 == 0:
        cache.refresh()
    cache.put(f"k{i}", {"text": "x" * (i % 997), "i": i})
cache.close()
"""


def test_two_processes_writing_one_cache_at_once_corrupt_nothing(tmp_path):
    """Two writer processes with overlapping keys, and a reader refreshing while they write: every
    record the reader indexes is whole and right, and the cache ends with every key once, none torn."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), str(first), "1500"], env=env, cwd=ROOT)
               for first in (0, 1000)]
    reader = TeacherCache(tmp_path)
    refreshes = 0
    while any(w.poll() is None for w in writers):
        reader.refresh()
        refreshes += 1
        for key in list(reader.keys())[-20:]:
            record = reader.get(key)
            assert record["key"] == key and record["text"] == "x" * (record["i"] % 997)
    assert [w.wait() for w in writers] == [0, 0]
    reader.refresh()
    fresh = TeacherCache(tmp_path)
    for cache in (reader, fresh):
        assert len(cache) == 2500 and cache.n_corrupt == 0
        assert all(cache.get(f"k{i}")["i"] == i for i in range(2500))
    assert len(list(tmp_path.glob("*.jsonl"))) > 2 and refreshes > 1
    reader.close()
    fresh.close()


# --- a killed run ----------------------------------------------------------------------------------

CHILD = """
import sys
from phi1lib.core.config import TeacherConfig
from phi1lib.teacher.protocol import TeacherRequest
from phi1lib.teacher.openai_client import OpenAITeacher, _retry_after
base_url, cache_dir, n, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
reqs = [TeacherRequest(prompt=f"prompt number {i}", kind="exercise", seed=i) for i in range(n)]
cfg = TeacherConfig(base_url=base_url, model="fake", concurrency=concurrency, max_retries=3, timeout_s=60)
OpenAITeacher(cfg, cache_dir).generate(reqs)
"""


def cached_lines(cache_dir: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in cache_dir.glob("*.jsonl"))


def run_and_kill(server: FakeOpenAIServer, cache_dir: Path, n: int, concurrency: int, kill_after: int) -> None:
    """Start a client process and SIGKILL it once `kill_after` answers are in its cache."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    child = subprocess.Popen([sys.executable, "-c", CHILD, server.base_url, str(cache_dir), str(n),
                              str(concurrency)], env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while cached_lines(cache_dir) < kill_after:
            assert child.poll() is None, "the client finished before it could be killed"
            assert time.monotonic() < deadline, "the client made no progress"
            time.sleep(0.005)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()


def test_killed_at_a_known_point_resumes_without_asking_twice(server, tmp_path):
    """The server answers 12 requests, then holds every further one; the client is killed once its
    cache has those 12. The rerun asks only for the rest: no prompt is answered twice, and no answered
    prompt is ever requested again (the held ones were in flight, never answered: they are asked again)."""
    n, k, concurrency = 40, 12, 4
    server.configure(answer_limit=k, hang_s=60)
    run_and_kill(server, tmp_path, n, concurrency, kill_after=k)
    time.sleep(0.1)
    answered_first = set(server.answered_counts())
    assert len(answered_first) == k and cached_lines(tmp_path) == k
    assert sum(server.request_counts().values()) <= k + concurrency

    server.configure(answer_limit=None)
    with make_teacher(server, tmp_path, concurrency=concurrency) as teacher:
        out = teacher.generate(make_requests(n))
    assert [r.text for r in out] == [expected_text(r) for r in make_requests(n)]
    assert {r.request.prompt for r in out if r.cached} == answered_first
    assert server.answered_counts() == {r.prompt: 1 for r in make_requests(n)}
    counts = server.request_counts()
    assert all(counts[p] == 1 for p in answered_first)
    assert sum(c > 1 for c in counts.values()) <= concurrency
    assert cached_lines(tmp_path) == n


def test_killed_midway_loses_at_most_the_requests_in_flight(server, tmp_path):
    """Killed at an arbitrary moment while answers stream in: everything in the cache at the kill is
    never requested again; only requests in flight at the kill (<= concurrency) are asked twice."""
    n, concurrency = 150, 8
    server.configure(latency_s=0.02)
    run_and_kill(server, tmp_path, n, concurrency, kill_after=50)
    at_kill = TeacherCache(tmp_path)
    done = {json.loads(line)["request"]["prompt"]
            for p in tmp_path.glob("*.jsonl") for line in p.read_text().splitlines() if line.endswith("}")}
    assert len(at_kill) >= 50 and len(done) == len(at_kill)
    at_kill.close()

    with make_teacher(server, tmp_path, concurrency=concurrency) as teacher:
        out = teacher.generate(make_requests(n))
    assert all(r.error is None for r in out)
    assert [r.text for r in out] == [expected_text(r) for r in make_requests(n)]
    counts = server.request_counts()
    assert set(counts) == {r.prompt for r in make_requests(n)}
    assert all(counts[p] == 1 for p in done)  # answered and cached: never asked again
    assert sum(c - 1 for c in counts.values()) <= concurrency  # lost: at most what was in flight
    assert len(TeacherCache(tmp_path)) == n
