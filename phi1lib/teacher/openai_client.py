"""A teacher behind any OpenAI-compatible endpoint (OpenAI, vLLM, llama.cpp, Ollama), for synthesis
and annotation (paper: GPT-3.5 writes the textbooks and exercises, GPT-4 annotates code).

    teacher = OpenAITeacher(cfg.teacher, "outputs/full/synthesize/teacher_cache", price_per_1k=(0.5, 1.5))
    responses = teacher.generate(requests)   # one per request, in order; failures carry `error`
    future = teacher.submit(more_requests)   # queued behind those; .result() when needed
    teacher.summary()                        # tokens, cost, retries, cache hits, throughput
    teacher.close()                          # stops its loop thread, closes the cache

What it does:
- **Asynchronous, bounded**: `AsyncOpenAI` with at most `cfg.concurrency` requests in flight
  (`asyncio.Semaphore`s held only while a request is on the wire, not while a retry waits its turn),
  on an event loop of the teacher's own in a daemon thread. `submit` queues a batch and returns at
  once; batches share the slots in submission order, so a caller that submits its next batch before
  it works on the current one never lets the slots drain between batches. `generate` is `submit` and
  wait: synchronous, and it works where an event loop already runs (Jupyter); an interrupt cancels
  that call's requests (those cut off in flight are asked again by the next call).
- **Retries are ours alone** (the openai client's own are off, so every attempt is counted): on 429,
  408/409, 5xx, timeouts (`cfg.timeout_s`, a hard deadline per attempt), connection errors and bodies
  that are not a completion; up to `cfg.max_retries` retries with exponential backoff and jitter, or the
  server's `Retry-After` / `retry-after-ms` when it sends one. Other 4xx are not retried, and after a
  401/403/404 or an exhausted quota nothing more is sent (every request would meet the same wall). A
  request that fails for good comes back with `error` set; it is never dropped and never cached, so a
  rerun tries it again.
- **On-disk cache** (`cache.TeacherCache`) keyed by `TeacherRequest.key(model)` (model +
  prompt + sampling parameters + seed): every answer is appended the moment it arrives, so a killed run
  loses at most the requests in flight, and a rerun sends nothing already answered. Identical requests
  are sent once, within one batch or across batches in flight together. Processes may share the
  directory (the synthesis stage's tasks): a batch with misses first reads what the others have
  appended (`TeacherCache.refresh`), so a prompt one of them has paid for is not sent again.
- **Accounting**: prompt/completion tokens from `usage`, cost from a price table (USD per 1k tokens,
  in and out), answers truncated at `max_tokens` (`finish_reason == "length"`), retries by kind.
- **Hedging the tail**: once every request has been sent, a free slot re-sends an attempt that has run
  longer than `cfg.hedge_after` x the 95th percentile latency of answered attempts (after
  HEDGE_MIN_ANSWERS answers); the first answer wins and the other attempt is cancelled. In steady
  state every slot is busy and nothing is hedged, so it never exceeds `cfg.concurrency` in flight; at
  the end of a run it keeps one hung request from holding the run up for `timeout_s`. Its price: a
  straggler that was only slow is paid for twice (`hedges` and `hedge_wins` count them).
- Not done: a shared pause on 429 (each request waits out its own Retry-After, as the openai client
  does) and streaming; the cache keeps answers only, never failures.
- `seed` goes to the API (OpenAI treats it as best effort; vLLM honours it).

Modes: "chat" sends `system` and `prompt` as messages to /chat/completions; "completions" sends
`system + "\\n\\n" + prompt` to /completions (base models behind vLLM or llama.cpp). `cfg.temperature`
is the prompt builders' default; this client sends each request's own sampling parameters, which are
part of its cache key.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import dataclasses
import email.utils
import json
import math
import os
import random
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openai

from phi1lib.core.config import TeacherConfig
from phi1lib.core.progress import progress_bar
from phi1lib.teacher.protocol import TeacherRequest, TeacherResponse
from phi1lib.teacher.cache import TeacherCache

HEDGE_MIN_ANSWERS = 20  # answered attempts before their latency is trusted to call one a straggler
HEDGE_RECHECK_S = 1.0  # how often a long attempt looks again whether it may be hedged, at most
RETRY_STATUS = {408, 409, 429}  # and every 5xx
SLOTS_PER_CLIENT = 16  # concurrent requests per AsyncOpenAI client (see _start_workers)
STOP_STATUS = {401, 403, 404}  # bad key, no access, no such model or URL: nothing else will succeed


@dataclasses.dataclass(eq=False)
class _Job:
    """One distinct request queued or on the wire, and the batches waiting for it."""

    key: str
    request: TeacherRequest
    future: asyncio.Future  # its TeacherResponse
    waiters: int = 1  # batches waiting; the job is cancelled when the last one is
    task: asyncio.Future | None = None  # `_request`, once a worker has taken it

    def cancel(self) -> None:
        self.future.cancel()
        if self.task is not None:
            self.task.cancel()


class MalformedResponse(ValueError):
    """A 200 whose body is not a completion (no choices, no text)."""


def _retry_after(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (`retry-after-ms`, `retry-after` seconds or HTTP date)."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    for name, scale in (("retry-after-ms", 1e-3), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) * scale
        except ValueError:
            try:
                seconds = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
            except (TypeError, ValueError):
                continue
        if math.isfinite(seconds):
            return max(0.0, seconds)
    return None


def classify(exc: BaseException) -> tuple[str, str]:
    """(kind, what to do) for an exception raised by one attempt: "retry"; "fail" this request
    (a 400 on one prompt); or "stop" sending anything more: a wrong key, model or URL, or an account
    out of credit, where every further request would fail the same way."""
    if isinstance(exc, (asyncio.TimeoutError, openai.APITimeoutError)):
        return "timeout", "retry"
    if isinstance(exc, openai.APIConnectionError):
        return "connection", "retry"
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        if status == 429 and getattr(exc, "code", None) == "insufficient_quota":
            return "insufficient_quota", "stop"
        kind = "rate_limit" if status == 429 else f"http_{status}"
        if status in RETRY_STATUS or status >= 500:
            return kind, "retry"
        return kind, "stop" if status in STOP_STATUS else "fail"
    if isinstance(exc, (json.JSONDecodeError, openai.APIResponseValidationError, MalformedResponse)):
        return "malformed", "retry"
    return f"unexpected_{type(exc).__name__}", "fail"


class OpenAITeacher:
    """The `Teacher` protocol over an OpenAI-compatible endpoint; see the module docstring."""

    def __init__(self, cfg: TeacherConfig, cache_dir: str | os.PathLike, api_key: str | None = None,
                 price_per_1k: tuple[float, float] | None = None, *, mode: str | None = None,
                 progress: bool = False, backoff_base_s: float = 0.5, backoff_max_s: float = 30.0,
                 max_retry_after_s: float = 120.0, fsync: bool = True):
        self.cfg = cfg
        self.model = cfg.model
        self.mode = mode or cfg.mode
        if self.mode not in ("chat", "completions"):
            raise ValueError(f"mode must be 'chat' or 'completions', not {self.mode!r}")
        self.price_per_1k = price_per_1k if price_per_1k is not None else cfg.price_per_1k
        self.base_url = cfg.base_url
        key = api_key or os.environ.get("OPENAI_API_KEY")
        if key is None:
            if not (cfg.base_url or os.environ.get("OPENAI_BASE_URL")):
                raise ValueError("the OpenAI API needs a key: set OPENAI_API_KEY (or give a base_url "
                                 "for a local server, which gets a dummy key)")
            key = "sk-local-no-key"  # vLLM, llama.cpp and Ollama accept any key
        self._api_key = key
        self.cache = TeacherCache(Path(cache_dir), fsync=fsync)
        self.progress = progress
        self.backoff_base_s = backoff_base_s
        self.backoff_max_s = backoff_max_s
        self.max_retry_after_s = max_retry_after_s
        self._rng = random.Random()
        self._loop: asyncio.AbstractEventLoop | None = None  # the loop thread's, once started
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._jobs: dict[str, _Job] = {}  # queued or in flight, by key
        self._stop: dict[str, str] = {}  # set by an error that every further request would meet
        self._busy_since = 0.0
        self._in_flight = 0
        self.reset_stats()

    # --- accounting --------------------------------------------------------------------------------
    def reset_stats(self) -> None:
        self.stats: dict[str, Any] = {
            "requests": 0, "unique_uncached": 0, "cached": 0, "answered": 0, "failed": 0, "attempts": 0,
            "retries_by_kind": {}, "errors_by_kind": {}, "prompt_tokens": 0, "completion_tokens": 0,
            "cached_prompt_tokens": 0, "cached_completion_tokens": 0, "truncated": 0, "wall_s": 0.0,
            "max_in_flight": 0, "hedges": 0, "hedge_wins": 0}
        self._latencies: collections.deque[float] = collections.deque(maxlen=256)  # answered attempts'
        self._n_answers = 0
        self._hedge_after_s: float | None = None  # hedge_after x p95 latency, refreshed as answers come

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float | None:
        """USD for that many tokens at `price_per_1k` (None when no price is known)."""
        if self.price_per_1k is None:
            return None
        price_in, price_out = self.price_per_1k
        return prompt_tokens / 1000 * price_in + completion_tokens / 1000 * price_out

    def summary(self) -> dict[str, Any]:
        """Totals since construction (or `reset_stats`): requests, cache hits, tokens, cost, retries,
        hedges; `wall_s` is the time requests were queued or in flight, `answers_per_s` answers over it."""
        s = dict(self.stats, retries_by_kind=dict(self.stats["retries_by_kind"]),
                 errors_by_kind=dict(self.stats["errors_by_kind"]))
        s["retries"] = sum(s["retries_by_kind"].values())
        s["cost_usd"] = self.cost(s["prompt_tokens"], s["completion_tokens"])
        s["cached_cost_usd"] = self.cost(s["cached_prompt_tokens"], s["cached_completion_tokens"])
        s["answers_per_s"] = s["answered"] / s["wall_s"] if s["wall_s"] > 0 else None
        s.update(model=self.model, mode=self.mode, base_url=self.base_url, price_per_1k=self.price_per_1k,
                 concurrency=self.cfg.concurrency, max_retries=self.cfg.max_retries,
                 timeout_s=self.cfg.timeout_s, hedge_after=self.cfg.hedge_after)
        return s

    # --- the public calls --------------------------------------------------------------------------
    def generate(self, requests: Sequence[TeacherRequest], progress: bool | None = None
                 ) -> list[TeacherResponse]:
        """One response per request, in order (`submit` and wait). Works in any thread, also where
        an event loop already runs (Jupyter): the requests go out from the teacher's own loop thread.
        An interrupt (Ctrl-C, a notebook's stop button) cancels this call's requests and is raised."""
        future = self.submit(requests, progress)
        try:
            while True:
                try:
                    return future.result(timeout=0.1)
                except concurrent.futures.TimeoutError:
                    continue
        except BaseException:
            if future.cancel() and self._loop is not None:  # wait until its attempts have stopped
                asyncio.run_coroutine_threadsafe(self._settle(), self._loop).result(30)
            raise

    def submit(self, requests: Sequence[TeacherRequest], progress: bool | None = None
               ) -> concurrent.futures.Future:
        """Queue `requests` behind those already submitted and return at once; the future resolves to
        one response per request, in order. Every submitted request shares the `cfg.concurrency`
        slots in submission order, so a caller that submits its next batch before it works on this
        one (the synthesis stage does) keeps every slot busy across batches: the slots freed by this
        batch's last stragglers go to the next batch, not idle. From inside an event loop:
        ``await asyncio.wrap_future(teacher.submit(requests))``."""
        loop = self._start()
        return asyncio.run_coroutine_threadsafe(self._batch(list(requests), progress), loop)

    def close(self) -> None:
        """Stop the loop thread (cancelling anything still queued or in flight) and close the cache."""
        if self._loop is not None:
            loop, self._loop = self._loop, None
            try:
                asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(30)
            finally:
                loop.call_soon_threadsafe(loop.stop)
                if self._thread is not None:
                    self._thread.join(30)
                loop.close()
        self.cache.close()

    def __enter__(self) -> OpenAITeacher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the loop thread: clients, slots, workers ----------------------------------------------------
    def _start(self) -> asyncio.AbstractEventLoop:
        """The teacher's event loop, running in its own daemon thread (started on first use)."""
        with self._start_lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                self._thread = threading.Thread(target=loop.run_forever, name="teacher-loop", daemon=True)
                self._thread.start()
                asyncio.run_coroutine_threadsafe(self._start_workers(), loop).result()
                self._loop = loop
            return self._loop

    async def _start_workers(self) -> None:
        # Slots are split over several clients of at most SLOTS_PER_CLIENT connections each: the HTTP
        # pool under AsyncOpenAI scans all its connections on every request, which at 256 in flight
        # doubles the client's CPU per request (measured: 2.8 ms -> 1.7 ms with pools of 16).
        n_clients = -(-self.cfg.concurrency // SLOTS_PER_CLIENT)
        self._clients = [openai.AsyncOpenAI(api_key=self._api_key, base_url=self.base_url, max_retries=0,
                                            timeout=self.cfg.timeout_s) for _ in range(n_clients)]
        sizes = [self.cfg.concurrency // n_clients + (i < self.cfg.concurrency % n_clients)
                 for i in range(n_clients)]
        self._slots = [asyncio.Semaphore(size) for size in sizes]  # sum(sizes) == cfg.concurrency
        self._queue: asyncio.Queue[_Job] = asyncio.Queue()
        # Two workers per slot: a worker that waits out a backoff leaves its slot to the other.
        self._workers = [asyncio.ensure_future(self._worker(g)) for g, size in enumerate(sizes)
                         for _ in range(2 * size)]

    async def _settle(self) -> None:
        """Return once no cancelled job is still running (their connections closed, slots back)."""
        for _ in range(3000):
            await asyncio.sleep(0.01 if _ else 0)
            if not any(job.future.cancelled() and job.task is not None and not job.task.done()
                       for job in self._jobs.values()):
                return

    async def _shutdown(self) -> None:
        for job in list(self._jobs.values()):
            job.cancel()
        for worker in self._workers:
            worker.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        for client in self._clients:
            await client.close()

    async def _worker(self, g: int) -> None:
        """Send queued jobs, one at a time, from slot group `g`, for as long as the teacher lives."""
        while True:
            job = await self._queue.get()
            if job.future.done():  # every batch that wanted it was cancelled while it waited
                self._forget(job)
                continue
            job.task = asyncio.ensure_future(self._request(g, job.request, job.key))
            await asyncio.wait([job.task])
            self._forget(job)
            if job.task.cancelled() or job.future.done():
                continue
            if job.task.exception() is not None:  # the disk, not the server (those are responses)
                job.future.set_exception(job.task.exception())
            else:
                job.future.set_result(job.task.result())

    def _forget(self, job: _Job) -> None:
        if self._jobs.get(job.key) is job:
            del self._jobs[job.key]
            if not self._jobs:  # idle again: the busy stretch ends here
                self.stats["wall_s"] += time.perf_counter() - self._busy_since

    async def _batch(self, requests: list[TeacherRequest], progress: bool | None) -> list[TeacherResponse]:
        """Answer `requests` from the cache, or queue them (identical ones, here or in another batch
        still running, are sent once), and wait for their answers."""
        if not self._jobs:
            self._stop.clear()  # a new start after a 401: the caller may have fixed the key
        results: list[TeacherResponse | None] = [None] * len(requests)
        mine: dict[str, tuple[_Job, list[int]]] = {}
        keys = [req.key(self.model) for req in requests]
        if any(key not in self.cache and key not in self._jobs for key in keys):
            self.cache.refresh()  # another process sharing the cache (a task of the stage) may have paid
        for i, (req, key) in enumerate(zip(requests, keys)):
            if key in mine:
                mine[key][1].append(i)
                continue
            job = self._jobs.get(key)
            if job is None or job.future.done():  # (done: cancelled, its worker has yet to drop it)
                record = self.cache.get(key)
                if record is not None:
                    results[i] = self._from_record(req, record, cached=True)
                    self.stats["cached"] += 1
                    self.stats["cached_prompt_tokens"] += record.get("prompt_tokens", 0)
                    self.stats["cached_completion_tokens"] += record.get("completion_tokens", 0)
                    continue
                if not self._jobs:
                    self._busy_since = time.perf_counter()
                job = self._jobs[key] = _Job(key, req, asyncio.get_running_loop().create_future())
                self._queue.put_nowait(job)
                self.stats["unique_uncached"] += 1
            else:
                job.waiters += 1
            mine[key] = (job, [i])
        self.stats["requests"] += len(requests)

        bar = None
        if progress if progress is not None else self.progress:
            bar = progress_bar(len(requests), f"teacher {self.model}", "req", enabled=True,
                               initial=len(requests) - sum(len(ps) for _, ps in mine.values()))
        try:
            if bar is not None:
                for job, positions in mine.values():
                    job.future.add_done_callback(_ticker(bar, len(positions)))
            for job, positions in mine.values():
                response = await asyncio.shield(job.future)  # this batch's cancel must not cancel it
                for i in positions:
                    results[i] = dataclasses.replace(response, request=requests[i])
        except BaseException:  # cancelled (an interrupted generate) or a disk error
            for job, _ in mine.values():
                job.waiters -= 1
                if job.waiters == 0:
                    job.cancel()
            raise
        finally:
            if bar is not None:
                bar.close()
        return results  # type: ignore[return-value]

    # --- one request, with retries and a hedge ---------------------------------------------------
    async def _request(self, c: int, req: TeacherRequest, key: str) -> TeacherResponse:
        """Up to 1 + max_retries attempts (and at most one hedge); an answer is cached before it is
        returned. `c` is the worker's own slot group."""
        clients, slots, stop = self._clients, self._slots, self._stop
        kind, message, attempts, hedged = "", "", 0, False
        live: dict[asyncio.Future, int] = {}  # attempts on the wire -> their slot group
        try:
            while not stop:
                j = await _acquire(slots, c)
                if stop:  # set while this one waited for a slot
                    slots[j].release()
                    break
                attempts += 1
                started = time.perf_counter()
                live[asyncio.ensure_future(self._attempt(clients[j], req))] = j
                retry_after = None
                while live:
                    done, _ = await asyncio.wait(live, timeout=self._until_hedge(started, hedged),
                                                 return_when=asyncio.FIRST_COMPLETED)
                    if not done:  # a straggler: hedge it on a free slot once nothing is left to send
                        free = None if not self._queue.empty() else _free_slot(slots)
                        if free is not None:
                            await slots[free].acquire()  # free: returns at once
                            hedged = True
                            self.stats["hedges"] += 1
                            hedge = asyncio.ensure_future(self._attempt(clients[free], req))
                            live[hedge] = free
                        continue
                    for task in sorted(done, key=lambda t: t.exception() is not None):  # answers first
                        # released only now, after a 401 has set `stop`, so no waiting worker sends
                        slots[live.pop(task)].release()
                        exc = task.exception()
                        if exc is None:
                            await _cancel(live, slots)
                            record = task.result()
                            self.stats["hedge_wins"] += hedged and task is hedge
                            record["request"] = req.to_dict()
                            self.cache.put(key, record)
                            self._account(record)
                            return self._from_record(req, record, cached=False)
                        kind, action = classify(exc)
                        message = str(exc) or type(exc).__name__
                        if action == "stop":
                            stop.setdefault("reason", f"{kind}: {message}")
                        if action != "retry" or (attempts > self.cfg.max_retries and not live):
                            await _cancel(live, slots)
                            return self._failure(req, kind, f"{kind} after {attempts} attempt(s): {message}")
                        retry_after = _retry_after(exc)
                self.stats["retries_by_kind"][kind] = self.stats["retries_by_kind"].get(kind, 0) + 1
                await asyncio.sleep(self._delay(attempts - 1, retry_after))
        finally:
            await _cancel(live, slots)  # this request was cancelled from outside: so are its attempts
        tried = f" (after {attempts} attempt(s), the last {kind}: {message})" if attempts else ""
        return self._failure(req, "stopped", f"stopped: not sent after {stop['reason']}{tried}")

    async def _attempt(self, client: openai.AsyncOpenAI, req: TeacherRequest) -> dict[str, Any]:
        """One attempt, on a slot the caller holds and releases: the cache record of the answer, or
        the exception that `classify` sorts."""
        self.stats["attempts"] += 1
        self._in_flight += 1
        self.stats["max_in_flight"] = max(self.stats["max_in_flight"], self._in_flight)
        t0 = time.perf_counter()
        try:
            record = self._parse(await asyncio.wait_for(self._call(client, req), timeout=self.cfg.timeout_s))
            self._latencies.append(time.perf_counter() - t0)
            self._n_answers += 1
            n = self._n_answers
            if n >= HEDGE_MIN_ANSWERS and (n == HEDGE_MIN_ANSWERS or n % 16 == 0):  # cheap to keep up
                ranked = sorted(self._latencies)
                self._hedge_after_s = self.cfg.hedge_after * ranked[int(0.95 * (len(ranked) - 1))]
            return record
        finally:
            self._in_flight -= 1

    def _until_hedge(self, started: float, hedged: bool) -> float | None:
        """Seconds to wait on an attempt begun at `started` before looking whether to hedge it; None:
        never (hedging off, or this request was hedged already)."""
        if hedged or not self.cfg.hedge_after:
            return None
        if self._hedge_after_s is None:  # too few answers yet to tell a straggler
            return HEDGE_RECHECK_S
        left = started + self._hedge_after_s - time.perf_counter()
        return left if left > 0 else min(HEDGE_RECHECK_S, max(0.01, self._hedge_after_s / 4))

    def _failure(self, req: TeacherRequest, kind: str, error: str) -> TeacherResponse:
        self.stats["failed"] += 1
        self.stats["errors_by_kind"][kind] = self.stats["errors_by_kind"].get(kind, 0) + 1
        return TeacherResponse(request=req, text="", model=self.model, error=error[:2000])

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds before retry number attempt+1: the server's Retry-After (+ up to 10% jitter), or
        exponential backoff with 'equal jitter' (half fixed, half random) capped at backoff_max_s."""
        if retry_after is not None:
            return min(retry_after, self.max_retry_after_s) * (1 + 0.1 * self._rng.random())
        d = min(self.backoff_max_s, self.backoff_base_s * 2 ** attempt)
        return d / 2 + self._rng.random() * d / 2

    async def _call(self, client: openai.AsyncOpenAI, req: TeacherRequest) -> Any:
        """One attempt. `client.post` with a plain dict both ways (openai's documented route for any
        endpoint): the typed `create()` walks the params and builds models, ~0.4 ms more CPU per request
        (20% of the client's cost), and this client needs neither; errors are the same openai ones."""
        body: dict[str, Any] = {"model": self.model, "temperature": req.temperature, "top_p": req.top_p,
                                "max_tokens": req.max_tokens, "seed": req.seed}
        if self.mode == "chat":
            messages = ([{"role": "system", "content": req.system}] if req.system else [])
            messages.append({"role": "user", "content": req.prompt})
            body["messages"] = messages
            return await client.post("/chat/completions", cast_to=object, body=body)
        body["prompt"] = f"{req.system}\n\n{req.prompt}" if req.system else req.prompt
        return await client.post("/completions", cast_to=object, body=body)

    def _parse(self, raw: Any) -> dict[str, Any]:
        """The cache record of a completion body; MalformedResponse when `raw` is not one."""
        choices = raw.get("choices") if isinstance(raw, dict) else None
        if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
            raise MalformedResponse(f"response has no choices: {str(raw)[:200]!r}")
        choice = choices[0]
        if self.mode == "chat":
            message = choice.get("message")
            text = message.get("content") if isinstance(message, dict) else None
        else:
            text = choice.get("text")
        if not isinstance(text, str):
            raise MalformedResponse(f"response has no text (finish_reason {choice.get('finish_reason')!r})")
        usage = raw.get("usage")
        usage = usage if isinstance(usage, dict) else {}
        return {"model": self.model, "served_model": raw.get("model") or self.model, "mode": self.mode,
                "text": text, "prompt_tokens": int(usage.get("prompt_tokens") or 0),
                "completion_tokens": int(usage.get("completion_tokens") or 0),
                "finish_reason": choice.get("finish_reason"), "time": time.time()}

    def _account(self, record: dict[str, Any]) -> None:
        self.stats["answered"] += 1
        self.stats["prompt_tokens"] += record["prompt_tokens"]
        self.stats["completion_tokens"] += record["completion_tokens"]
        self.stats["truncated"] += record.get("finish_reason") == "length"

    @staticmethod
    def _from_record(req: TeacherRequest, record: dict[str, Any], cached: bool) -> TeacherResponse:
        return TeacherResponse(request=req, text=record["text"],
                               model=record.get("served_model") or record["model"],
                               prompt_tokens=record.get("prompt_tokens", 0),
                               completion_tokens=record.get("completion_tokens", 0), cached=cached)


def _ticker(bar: Any, n: int) -> Callable[[asyncio.Future], None]:
    """A done-callback that moves a progress bar on by `n` (the positions one answer fills)."""
    return lambda future: None if future.cancelled() else bar.update(n)


async def _acquire(slots: list[asyncio.Semaphore], preferred: int) -> int:
    """A slot: the preferred group's when it has one free, else any group's free one, else wait for
    the preferred group (a hedge may have taken its last slot while others sit idle)."""
    free = preferred if not slots[preferred].locked() else _free_slot(slots)
    j = preferred if free is None else free
    await slots[j].acquire()
    return j


def _free_slot(slots: list[asyncio.Semaphore]) -> int | None:
    """A slot group that can give a slot without waiting, or None."""
    return next((j for j, slot in enumerate(slots) if not slot.locked()), None)


async def _cancel(live: dict[asyncio.Future, int], slots: list[asyncio.Semaphore]) -> None:
    """Cancel attempts that lost the race (their connections close), wait for them to end, and give
    their slots back."""
    for task in live:
        task.cancel()
    if live:
        await asyncio.gather(*live, return_exceptions=True)
    for j in live.values():
        slots[j].release()
    live.clear()
