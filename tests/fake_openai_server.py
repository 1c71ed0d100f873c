"""A local HTTP server that speaks enough of the OpenAI API to test a client, and breaks on request.

    server = FakeOpenAIServer(latency_s=0.05, fault_plan=["429"]).start()   # a thread, a free port
    ... OpenAITeacher(TeacherConfig(base_url=server.base_url, ...)) ...
    server.answered_counts()  # {prompt: times answered}
    server.stop()

    python tests/fake_openai_server.py --latency 0.2 --fault-rates 500=0.01,429=0.01   # a process
    # prints "PORT <n>"; GET /_log, GET /_stats, POST /_config {...}, POST /_reset control it

It serves `POST /v1/chat/completions` and `POST /v1/completions` (plus `GET /v1/models`) over plain
HTTP/1.1 with keep-alive, on loopback addresses only (it refuses any other host). The answer is a
deterministic function of the request (`fake_answer`), usage counts whitespace-separated words
(`count_tokens`), and `finish_reason` is "length" when the answer was cut at `max_tokens`.

Faults, chosen per attempt: `prompt_faults[prompt][i]` is applied to the (i+1)-th attempt of that one
prompt, else `fault_plan[i]` to the (i+1)-th attempt of every prompt (None or "ok" for a normal
answer), then `fault_rates` draws one at random (seeded). Kinds:

    "429"         Too Many Requests with a Retry-After header (`retry_after_s`), at once
    "500", "503"  server errors after the latency; "400", "401" client errors (not worth retrying)
    "hang"        holds the request `hang_s` seconds, then closes the connection without an answer
    "malformed"   200 with a truncated JSON body
    "bad_schema"  200 with valid JSON that is not a completion (no `choices`)
    "disconnect"  closes the connection without a response

`answer_limit`: after that many answers every further request hangs (a run can be killed at a known
point). Every request is logged (`log`): prompt, attempt number, fault, status, whether it was answered,
start/end times, and the server tracks the largest number of requests in flight at once.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import random
import sys
import threading
import time
from typing import Any

FAULT_KINDS = ("429", "500", "503", "400", "401", "hang", "malformed", "bad_schema", "disconnect")
_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 429: "Too Many Requests",
            500: "Internal Server Error", 503: "Service Unavailable"}


def fake_answer(prompt: str, seed: int | None, max_tokens: int | None = None) -> tuple[str, str]:
    """The answer the server gives (text, finish_reason): the prompt echoed, cut at `max_tokens` words."""
    words = f"echo seed={seed}: {prompt}".split()
    if max_tokens is not None and len(words) > max_tokens:
        return " ".join(words[:max_tokens]), "length"
    return " ".join(words), "stop"


def count_tokens(text: str | None) -> int:
    """The server's 'tokenizer': whitespace-separated words."""
    return len(text.split()) if text else 0


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class FakeOpenAIServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, latency_s: float = 0.0,
                 fault_plan: list[str | None] | None = None, fault_rates: dict[str, float] | None = None,
                 fault_seed: int = 0, retry_after_s: float = 0.05, hang_s: float = 30.0,
                 answer_limit: int | None = None, prompt_faults: dict[str, list[str | None]] | None = None,
                 model: str = "fake-model"):
        if not _is_loopback(host):
            raise ValueError(f"the fake server binds loopback addresses only, not {host!r}")
        self.host, self.port = host, port
        self.model = model
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.AbstractServer | None = None
        self._ready = threading.Event()
        self._tasks: set[asyncio.Task] = set()
        self.configure(latency_s=latency_s, fault_plan=fault_plan, fault_rates=fault_rates,
                       fault_seed=fault_seed, retry_after_s=retry_after_s, hang_s=hang_s,
                       answer_limit=answer_limit, prompt_faults=prompt_faults)
        self.reset()

    # --- control -----------------------------------------------------------------------------------
    def configure(self, **settings: Any) -> None:
        """Change latency and faults while running (keys as the constructor's)."""
        for key, value in settings.items():
            if key == "fault_plan":
                value = [None if v in (None, "ok") else str(v) for v in (value or [])]
                bad = [v for v in value if v is not None and v not in FAULT_KINDS]
            elif key == "prompt_faults":
                value = {str(k): [None if v in (None, "ok") else str(v) for v in plan]
                         for k, plan in (value or {}).items()}
                bad = [v for plan in value.values() for v in plan if v is not None and v not in FAULT_KINDS]
            elif key == "fault_rates":
                value = {str(k): float(v) for k, v in (value or {}).items()}
                bad = [k for k in value if k not in FAULT_KINDS]
            elif key in ("latency_s", "retry_after_s", "hang_s"):
                value, bad = float(value), []
            elif key in ("fault_seed", "answer_limit"):
                value, bad = (None if value is None else int(value)), []
            else:
                raise ValueError(f"unknown setting {key!r}")
            if bad:
                raise ValueError(f"unknown fault kinds {bad}; known: {FAULT_KINDS}")
            setattr(self, key, value)
            if key == "fault_seed":
                self._rng = random.Random(value)

    def reset(self) -> None:
        """Forget the log, the attempt counters and the in-flight peak."""
        self.log: list[dict[str, Any]] = []
        self._attempts: dict[str, int] = {}
        self.in_flight = 0
        self.max_in_flight = 0
        self.n_answered = 0
        self._granted = 0

    def answered_counts(self) -> dict[str, int]:
        """How many times each prompt was answered (a valid completion sent)."""
        counts: dict[str, int] = {}
        for e in list(self.log):
            if e["answered"]:
                counts[e["prompt"]] = counts.get(e["prompt"], 0) + 1
        return counts

    def request_counts(self) -> dict[str, int]:
        """How many times each prompt was requested (any outcome)."""
        counts: dict[str, int] = {}
        for e in list(self.log):
            if e["prompt"] is not None:
                counts[e["prompt"]] = counts.get(e["prompt"], 0) + 1
        return counts

    def stats(self) -> dict[str, Any]:
        return {"requests": len(self.log), "answered": self.n_answered, "in_flight": self.in_flight,
                "max_in_flight": self.max_in_flight}

    # --- lifecycle ---------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def start(self) -> FakeOpenAIServer:
        """Serve in a daemon thread with its own event loop; returns once the port is bound."""
        self._thread = threading.Thread(target=self._run_thread, name="fake-openai", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("fake server did not start")
        if self._server is None:
            raise RuntimeError("fake server failed to bind")
        return self

    def _run_thread(self) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._bind())
        finally:
            self._ready.set()
        if self._server is not None:
            self._loop.run_forever()
        self._loop.run_until_complete(self._loop.shutdown_asyncgens())
        self._loop.close()

    async def _bind(self) -> None:
        self._server = await asyncio.start_server(self._handle, self.host, self.port, backlog=1024)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _shutdown(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    def stop(self) -> None:
        if self._loop is None or self._thread is None:
            return
        fut = asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop)
        try:
            fut.result(10)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- HTTP --------------------------------------------------------------------------------------
    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        k, v = line.split(":", 1)
                        headers[k.strip().lower()] = v.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0") or 0))
                keep = await self._route(method, path.split("?", 1)[0], body, writer)
                if not keep:
                    return
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            return  # client went away, or the server is stopping (a handler task ends quietly)
        finally:
            self._tasks.discard(task)
            writer.close()

    @staticmethod
    async def _send(writer: asyncio.StreamWriter, status: int, body: bytes,
                    extra: dict[str, str] | None = None) -> None:
        head = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}",
                "Content-Type: application/json", f"Content-Length: {len(body)}"]
        head += [f"{k}: {v}" for k, v in (extra or {}).items()]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await writer.drain()

    async def _route(self, method: str, path: str, body: bytes, writer: asyncio.StreamWriter) -> bool:
        """Answer one request; False closes the connection."""
        if method == "GET" and path == "/_log":
            await self._send(writer, 200, json.dumps(self.log).encode())
            return True
        if method == "GET" and path == "/_stats":
            await self._send(writer, 200, json.dumps(self.stats()).encode())
            return True
        if method == "POST" and path == "/_config":
            self.configure(**json.loads(body or b"{}"))
            await self._send(writer, 200, b"{}")
            return True
        if method == "POST" and path == "/_reset":
            self.reset()
            await self._send(writer, 200, b"{}")
            return True
        if method == "GET" and path == "/v1/models":
            await self._send(writer, 200, json.dumps(
                {"object": "list", "data": [{"id": self.model, "object": "model"}]}).encode())
            return True
        if method != "POST" or path not in ("/v1/chat/completions", "/v1/completions"):
            await self._send(writer, 404, b'{"error": {"message": "not found"}}')
            return True
        return await self._completion(path, json.loads(body), writer)

    def _pick_fault(self, prompt: str, attempt: int) -> str | None:
        if self.answer_limit is not None and self._granted >= self.answer_limit:
            return "held"
        fault = None
        own_plan = self.prompt_faults.get(prompt, [])
        if attempt <= len(own_plan):
            fault = own_plan[attempt - 1]
        elif attempt <= len(self.fault_plan):
            fault = self.fault_plan[attempt - 1]
        else:
            u = self._rng.random()
            for kind, rate in self.fault_rates.items():
                if u < rate:
                    fault = kind
                    break
                u -= rate
        if fault is None:
            self._granted += 1  # counted when decided, so `answer_limit` holds with answers in flight
        return fault

    async def _completion(self, path: str, req: dict[str, Any], writer: asyncio.StreamWriter) -> bool:
        chat = path.endswith("/chat/completions")
        if chat:
            messages = req.get("messages") or []
            system = "\n".join(m["content"] for m in messages if m.get("role") == "system") or None
            prompt = "\n".join(m["content"] for m in messages if m.get("role") == "user")
        else:
            system, prompt = None, req.get("prompt")
        attempt = self._attempts[prompt] = self._attempts.get(prompt, 0) + 1
        fault = self._pick_fault(prompt, attempt)
        entry = {"i": len(self.log), "path": path, "model": req.get("model"), "prompt": prompt,
                 "system": system, "seed": req.get("seed"), "temperature": req.get("temperature"),
                 "top_p": req.get("top_p"), "max_tokens": req.get("max_tokens"), "attempt": attempt,
                 "fault": fault, "status": None, "answered": False, "t_start": time.time(), "t_end": None}
        self.log.append(entry)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            return await self._answer(chat, req, prompt, system, fault, entry, writer)
        finally:
            self.in_flight -= 1
            entry["t_end"] = time.time()

    async def _answer(self, chat: bool, req: dict[str, Any], prompt: str, system: str | None,
                      fault: str | None, entry: dict[str, Any], writer: asyncio.StreamWriter) -> bool:
        if fault == "429":
            entry["status"] = 429
            await self._send(writer, 429, b'{"error": {"message": "rate limited", "type": "requests"}}',
                             {"Retry-After": f"{self.retry_after_s:g}"})
            return True
        if fault == "disconnect":
            return False
        if fault in ("hang", "held"):
            await asyncio.sleep(self.hang_s)
            return False
        await asyncio.sleep(self.latency_s)
        if fault in ("500", "503", "400", "401"):
            entry["status"] = int(fault)
            await self._send(writer, int(fault), b'{"error": {"message": "injected fault"}}')
            return True
        if fault == "malformed":
            entry["status"] = 200
            await self._send(writer, 200, b'{"id": "cmpl-x", "object": "chat.completion", "choices": [{"ind')
            return True
        if fault == "bad_schema":
            entry["status"] = 200
            await self._send(writer, 200, b'{"id": "cmpl-x", "detail": "not a completion"}')
            return True
        text, finish = fake_answer(prompt, req.get("seed"), req.get("max_tokens"))
        usage = {"prompt_tokens": count_tokens(system) + count_tokens(prompt),
                 "completion_tokens": count_tokens(text)}
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        n = entry["i"]
        if chat:
            choice = {"index": 0, "message": {"role": "assistant", "content": text},
                      "finish_reason": finish, "logprobs": None}
            body = {"id": f"chatcmpl-{n}", "object": "chat.completion", "created": int(time.time()),
                    "model": self.model, "choices": [choice], "usage": usage}
        else:
            choice = {"index": 0, "text": text, "finish_reason": finish, "logprobs": None}
            body = {"id": f"cmpl-{n}", "object": "text_completion", "created": int(time.time()),
                    "model": self.model, "choices": [choice], "usage": usage}
        entry["status"] = 200
        await self._send(writer, 200, json.dumps(body).encode())
        entry["answered"] = True
        self.n_answered += 1
        return True


def main() -> None:
    parser = argparse.ArgumentParser(description="Fake OpenAI-compatible server (loopback only).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--fault-rates", default="", help="e.g. 429=0.01,500=0.01,hang=0.002")
    parser.add_argument("--fault-seed", type=int, default=0)
    parser.add_argument("--retry-after", type=float, default=0.05)
    parser.add_argument("--hang", type=float, default=30.0)
    args = parser.parse_args()
    rates = dict(kv.split("=") for kv in args.fault_rates.split(",") if kv)
    server = FakeOpenAIServer(args.host, args.port, latency_s=args.latency, fault_rates=rates,
                              fault_seed=args.fault_seed, retry_after_s=args.retry_after, hang_s=args.hang)
    server.start()
    print(f"PORT {server.port}", flush=True)
    try:
        sys.stdin.read()  # serve until stdin closes or the process is killed
    except KeyboardInterrupt:
        pass
    server.stop()


if __name__ == "__main__":
    main()
