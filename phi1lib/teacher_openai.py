"""A teacher behind any OpenAI-compatible endpoint (OpenAI, vLLM, llama.cpp, Ollama), for synthesis
and annotation (paper: GPT-3.5 writes the textbooks and exercises, GPT-4 annotates code).

    teacher = OpenAITeacher(cfg.teacher, "outputs/full/synthesize/teacher_cache", price_per_1k=(0.5, 1.5))
    responses = teacher.generate(requests)   # one per request, in order; failures carry `error`
    teacher.summary()                        # tokens, cost, retries, cache hits, throughput

What it does:
- **Asynchronous, bounded**: `AsyncOpenAI` with at most `cfg.concurrency` requests in flight
  (`asyncio.Semaphore`s held only while a request is on the wire, not while a retry waits its turn).
- **Retries are ours alone** (the openai client's own are off, so every attempt is counted): on 429,
  408/409, 5xx, timeouts (`cfg.timeout_s`, a hard deadline per attempt), connection errors and bodies
  that are not a completion; up to `cfg.max_retries` retries with exponential backoff and jitter, or the
  server's `Retry-After` / `retry-after-ms` when it sends one. Other 4xx are not retried, and after a
  401/403/404 or an exhausted quota nothing more is sent (every request would meet the same wall). A
  request that fails for good comes back with `error` set; it is never dropped and never cached, so a
  rerun tries it again.
- **On-disk cache** (`teacher_cache.TeacherCache`) keyed by `TeacherRequest.key(model)` (model +
  prompt + sampling parameters + seed): every answer is appended the moment it arrives, so a killed run
  loses at most the requests in flight, and a rerun sends nothing already answered. Identical requests
  within one call are sent once.
- **Accounting**: prompt/completion tokens from `usage`, cost from a price table (USD per 1k tokens,
  in and out), answers truncated at `max_tokens` (`finish_reason == "length"`), retries by kind.
- Not done: a shared pause on 429 (each request waits out its own Retry-After, as the openai client
  does) and streaming; the cache keeps answers only, never failures.
- `seed` goes to the API (OpenAI treats it as best effort; vLLM honours it). `generate` is synchronous
  and also works where an event loop already runs (Jupyter): it then runs the loop in a worker thread.

Modes: "chat" sends `system` and `prompt` as messages to /chat/completions; "completions" sends
`system + "\\n\\n" + prompt` to /completions (base models behind vLLM or llama.cpp). `cfg.temperature`
is the prompt builders' default; this client sends each request's own sampling parameters, which are
part of its cache key.
"""

from __future__ import annotations

import asyncio
import dataclasses
import email.utils
import json
import math
import os
import random
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openai

from phi1lib.config import TeacherConfig
from phi1lib.teacher import TeacherRequest, TeacherResponse
from phi1lib.teacher_cache import TeacherCache

RETRY_STATUS = {408, 409, 429}  # and every 5xx
SLOTS_PER_CLIENT = 16  # concurrent requests per AsyncOpenAI client (see agenerate)
STOP_STATUS = {401, 403, 404}  # bad key, no access, no such model or URL: nothing else will succeed


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
        self.reset_stats()

    # --- accounting --------------------------------------------------------------------------------
    def reset_stats(self) -> None:
        self.stats: dict[str, Any] = {
            "requests": 0, "unique_uncached": 0, "cached": 0, "answered": 0, "failed": 0, "attempts": 0,
            "retries_by_kind": {}, "errors_by_kind": {}, "prompt_tokens": 0, "completion_tokens": 0,
            "cached_prompt_tokens": 0, "cached_completion_tokens": 0, "truncated": 0, "wall_s": 0.0,
            "max_in_flight": 0}
        self._in_flight = 0

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float | None:
        """USD for that many tokens at `price_per_1k` (None when no price is known)."""
        if self.price_per_1k is None:
            return None
        price_in, price_out = self.price_per_1k
        return prompt_tokens / 1000 * price_in + completion_tokens / 1000 * price_out

    def summary(self) -> dict[str, Any]:
        """Totals since construction (or `reset_stats`): requests, cache hits, tokens, cost, retries."""
        s = dict(self.stats, retries_by_kind=dict(self.stats["retries_by_kind"]),
                 errors_by_kind=dict(self.stats["errors_by_kind"]))
        s["retries"] = sum(s["retries_by_kind"].values())
        s["cost_usd"] = self.cost(s["prompt_tokens"], s["completion_tokens"])
        s["cached_cost_usd"] = self.cost(s["cached_prompt_tokens"], s["cached_completion_tokens"])
        s["answers_per_s"] = s["answered"] / s["wall_s"] if s["wall_s"] > 0 else None
        s.update(model=self.model, mode=self.mode, base_url=self.base_url, price_per_1k=self.price_per_1k,
                 concurrency=self.cfg.concurrency, max_retries=self.cfg.max_retries,
                 timeout_s=self.cfg.timeout_s)
        return s

    # --- the public calls --------------------------------------------------------------------------
    def generate(self, requests: Sequence[TeacherRequest], progress: bool | None = None
                 ) -> list[TeacherResponse]:
        """One response per request, in order. Runs its own event loop (in a worker thread if the
        calling thread already has one running, as in Jupyter)."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(self.agenerate(requests, progress))
        return _run_in_thread(lambda: self.agenerate(requests, progress))

    async def agenerate(self, requests: Sequence[TeacherRequest], progress: bool | None = None
                        ) -> list[TeacherResponse]:
        """`generate` for callers already inside an event loop."""
        t0 = time.perf_counter()
        results: list[TeacherResponse | None] = [None] * len(requests)
        pending: dict[str, list[int]] = {}  # key -> positions asking for it (sent once)
        for i, req in enumerate(requests):
            key = req.key(self.model)
            record = self.cache.get(key) if key not in pending else None
            if record is not None:
                results[i] = self._from_record(req, record, cached=True)
                self.stats["cached"] += 1
                self.stats["cached_prompt_tokens"] += record.get("prompt_tokens", 0)
                self.stats["cached_completion_tokens"] += record.get("completion_tokens", 0)
            else:
                pending.setdefault(key, []).append(i)
        self.stats["requests"] += len(requests)
        self.stats["unique_uncached"] += len(pending)

        bar = None
        if progress if progress is not None else self.progress:
            from tqdm.auto import tqdm
            bar = tqdm(total=len(requests), initial=len(requests) - sum(map(len, pending.values())),
                       desc=f"teacher {self.model}", unit="req")
        queue = list(pending.items())[::-1]  # popped from the end: request order
        if queue:
            # Slots are split over several clients of at most SLOTS_PER_CLIENT connections each: the
            # HTTP pool under AsyncOpenAI scans all its connections on every request, which at 256 in
            # flight doubles the client's CPU per request (measured: 2.8 ms -> 1.7 ms with pools of 16).
            n_clients = -(-self.cfg.concurrency // SLOTS_PER_CLIENT)
            clients = [openai.AsyncOpenAI(api_key=self._api_key, base_url=self.base_url, max_retries=0,
                                          timeout=self.cfg.timeout_s) for _ in range(n_clients)]
            sizes = [self.cfg.concurrency // n_clients + (i < self.cfg.concurrency % n_clients)
                     for i in range(n_clients)]
            slots = [asyncio.Semaphore(size) for size in sizes]  # sum(sizes) == cfg.concurrency
            stop: dict[str, str] = {}  # set by an error that every further request would meet

            async def worker(c: int) -> None:
                while queue:
                    key, positions = queue.pop()
                    response = await self._request(clients[c], slots[c], requests[positions[0]], key, stop)
                    for i in positions:
                        results[i] = dataclasses.replace(response, request=requests[i])
                    if bar is not None:
                        bar.update(len(positions))

            # Two workers per slot: a worker that waits out a backoff leaves its slot to the other.
            tasks = [asyncio.ensure_future(worker(c)) for c, size in enumerate(sizes)
                     for _ in range(min(2 * size, len(queue)))]
            try:
                await asyncio.gather(*tasks)
            except BaseException:  # a disk error, a cancel: stop the other workers before closing
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                raise
            finally:
                for client in clients:
                    await client.close()
                self.stats["wall_s"] += time.perf_counter() - t0
                if bar is not None:
                    bar.close()
        elif bar is not None:
            bar.close()
        assert all(r is not None for r in results)
        return results  # type: ignore[return-value]

    def close(self) -> None:
        self.cache.close()

    def __enter__(self) -> OpenAITeacher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- one request, with retries -----------------------------------------------------------------
    async def _request(self, client: openai.AsyncOpenAI, slots: asyncio.Semaphore, req: TeacherRequest,
                       key: str, stop: dict[str, str]) -> TeacherResponse:
        """Up to 1 + max_retries attempts; an answer is cached before it is returned."""
        kind, message, attempts, retry_after = "", "", 0, None
        while not stop:
            async with slots:
                if stop:  # set while this one waited for a slot
                    break
                attempts += 1
                self.stats["attempts"] += 1
                self._in_flight += 1
                self.stats["max_in_flight"] = max(self.stats["max_in_flight"], self._in_flight)
                try:
                    raw = await asyncio.wait_for(self._call(client, req), timeout=self.cfg.timeout_s)
                    record = self._parse(raw)
                except Exception as exc:  # noqa: BLE001 -- sorted into retry, fail or stop just below
                    kind, action = classify(exc)
                    message = str(exc) or type(exc).__name__
                    if action == "stop":
                        stop.setdefault("reason", f"{kind}: {message}")
                    if action != "retry" or attempts > self.cfg.max_retries:
                        return self._failure(req, kind, f"{kind} after {attempts} attempt(s): {message}")
                    retry_after = _retry_after(exc)
                else:
                    record["request"] = req.to_dict()
                    self.cache.put(key, record)
                    self._account(record)
                    return self._from_record(req, record, cached=False)
                finally:
                    self._in_flight -= 1
            self.stats["retries_by_kind"][kind] = self.stats["retries_by_kind"].get(kind, 0) + 1
            await asyncio.sleep(self._delay(attempts - 1, retry_after))
        tried = f" (after {attempts} attempt(s), the last {kind}: {message})" if attempts else ""
        return self._failure(req, "stopped", f"stopped: not sent after {stop['reason']}{tried}")

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


def _run_in_thread(make_coro: Any) -> Any:
    """Run a coroutine to completion on a fresh event loop in a worker thread; an interrupt of the
    waiting thread (Ctrl-C, a notebook's stop button) cancels it there and waits for it to wind down."""
    loop = asyncio.new_event_loop()
    box: dict[str, Any] = {}

    def target() -> None:
        asyncio.set_event_loop(loop)
        try:
            box["task"] = loop.create_task(make_coro())
            box["result"] = loop.run_until_complete(box["task"])
        except BaseException as exc:  # noqa: BLE001 -- handed to the calling thread
            box["error"] = exc
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    thread = threading.Thread(target=target, name="teacher-loop", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.1)
    except BaseException:
        task = box.get("task")
        if task is not None and not loop.is_closed():
            loop.call_soon_threadsafe(task.cancel)
        thread.join()
        raise
    if "error" in box:
        raise box["error"]
    return box["result"]
