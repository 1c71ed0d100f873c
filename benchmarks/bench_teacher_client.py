"""Teacher client throughput: OpenAITeacher against a local fake server with latency L and faults.

    .venv/bin/python benchmarks/bench_teacher_client.py            # L=1 s, C=16 and 64, 60 s rows (~6 min)
    .venv/bin/python benchmarks/bench_teacher_client.py --latency 0.2 --concurrency 64 256 --seconds 30

A client that keeps C requests in flight against a server that takes L seconds per answer reaches at
most C / L answers per second; the issue's aim is >= 0.9 x C / L with faults injected. The fake server
(tests/fake_openai_server.py) runs in its own process, so it does not share the client's GIL, and
injects faults per attempt at `--fault-rates` (429 with Retry-After, 500, 503, malformed bodies,
dropped connections, requests that hang past the client's timeout). Each row sends N = C / L x
`--seconds` distinct prompts to a fresh cache with the client's default backoff (0.5 s base) and
hedging, as a real run would, four ways: without faults, with faults in one `generate` call, with
faults in batches of `--batch` requests submitted ahead of the one awaited (as many as the
synthesis stage submits ahead of its chunks), and in the same batches one `generate` call after another (what
the stage did before: the slots drain at the end of every batch). L defaults to 1 s: shorter than any real teacher's answer of a
few hundred tokens, long enough that the rate measures the client and not the 2 cores it shares with
the server (at L = 0.2 s and C = 64 the client needs ~45% of a core). It reports:

- `req/s`: N over the wall time of the whole run, tail included (the last retries and stragglers,
  a few L however long the run: their share shrinks as runs grow), after one untimed warm-up row;
- `steady/s`: answers per second between the 5th and the 95th percentile answer (server clock),
  the rate without the ramp-up and the tail;
- client and server CPU per request: 1000 / client ms is the most one core can drive, and the client
  needs (C / L) x client ms of a core to keep up;
- `client_runq_wait`: the share of the wall time the client was runnable but waiting for a CPU (Linux
  schedstat): on a machine busy with other work this, not the client, is what caps the rate;
- `lost` (a request without its right answer, or never answered by the server) and `duplicated` (a
  sample twice in the output, or a cache line beyond one per key): both must be 0;
- `answered_twice`: prompts the server answered more than once (paid twice). It happens only when the
  client's timeout fires after the server answered (a starved client reads late); 0 with a sane timeout.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout
sys.path.insert(0, str(ROOT / "tests"))
from fake_openai_server import fake_answer

from phi1lib.core.config import TeacherConfig
from phi1lib.teacher.protocol import TeacherRequest
from phi1lib.synth.synthesize import chunks_ahead
from phi1lib.teacher.openai_client import OpenAITeacher

DEFAULT_FAULTS = "429=0.01,500=0.01,503=0.01,malformed=0.005,disconnect=0.005,hang=0.002"


def admin(port: int, path: str, payload: dict | None = None):
    data = None if payload is None else json.dumps(payload).encode()
    with urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data),
                                timeout=30) as r:
        return json.loads(r.read())


def proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def runq_wait(pid: int) -> float:
    """Seconds the process's threads have spent runnable but waiting for a CPU (Linux schedstat):
    how much a busy machine held this process back."""
    total = 0
    for stat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
        try:
            total += int(stat.read_text().split()[1])
        except (OSError, IndexError, ValueError):  # a thread that ended meanwhile
            pass
    return total / 1e9


def generate_in_batches(teacher: OpenAITeacher, requests: list, batch: int, ahead: bool) -> list:
    """As the synthesis stage (`synthesize.Synthesizer._submit_ahead`): batches submitted ahead of the
    one awaited, as many as the stage would (`ahead`); or, as the stage did before `submit` existed,
    one `generate` call per batch."""
    batches = [requests[i:i + batch] for i in range(0, len(requests), batch)]
    if not ahead:
        return [r for b in batches for r in teacher.generate(b)]
    depth = chunks_ahead(teacher.cfg.concurrency, batch)
    pending = collections.deque(teacher.submit(b) for b in batches[:1 + depth])
    out = []
    for k in range(len(batches)):
        out += pending.popleft().result()
        if k + 1 + depth < len(batches):
            pending.append(teacher.submit(batches[k + 1 + depth]))
    return out


def run_row(port: int, server_pid: int, latency: float, concurrency: int, seconds: float,
            faults: dict[str, float], timeout_s: float, tag: str, batch: int = 0, ahead: bool = True) -> dict:
    admin(port, "/_reset", {})
    admin(port, "/_config", {"latency_s": latency, "fault_rates": faults, "fault_seed": concurrency})
    n = max(concurrency, round(concurrency / latency * seconds))
    reqs = [TeacherRequest(prompt=f"{tag} exercise {i}: write a function", kind="exercise", seed=i,
                           max_tokens=64) for i in range(n)]
    cfg = TeacherConfig(base_url=f"http://127.0.0.1:{port}/v1", model="fake", concurrency=concurrency,
                        max_retries=6, timeout_s=timeout_s)
    with tempfile.TemporaryDirectory() as cache_dir:
        teacher = OpenAITeacher(cfg, cache_dir)
        server_cpu0, wait0 = proc_cpu(server_pid), runq_wait(os.getpid())
        cpu0, t0 = time.process_time(), time.perf_counter()
        out = generate_in_batches(teacher, reqs, batch, ahead) if batch else teacher.generate(reqs)
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        server_cpu, wait = proc_cpu(server_pid) - server_cpu0, runq_wait(os.getpid()) - wait0
        teacher.close()
        lines = [json.loads(line) for p in Path(cache_dir).glob("*.jsonl")
                 for line in p.read_text().splitlines()]
    log = admin(port, "/_log")

    answered: dict[str, int] = {}
    for e in log:
        if e["answered"]:
            answered[e["prompt"]] = answered.get(e["prompt"], 0) + 1
    lost = (sum(r.error is not None or r.text != fake_answer(r.request.prompt, r.request.seed, 64)[0]
                for r in out) + abs(len(out) - n) + sum(r.prompt not in answered for r in reqs))
    duplicated = len(lines) - len({r["key"] for r in lines}) + len(out) - len({r.request for r in out})
    answered_twice = sum(c - 1 for c in answered.values())
    done = sorted(e["t_end"] for e in log if e["answered"])
    i5, i95 = int(0.05 * len(done)), int(0.95 * len(done)) - 1
    steady = (i95 - i5) / (done[i95] - done[i5]) if done[i95] > done[i5] else float("nan")
    s = teacher.summary()
    ideal = concurrency / latency
    return {"L_s": latency, "C": concurrency, "N": n, "calls": (f"batches of {batch}, " + (f"{chunks_ahead(concurrency, batch)} submitted ahead" if ahead
                                                else "one at a time")) if batch else "one",
            "faulted": f"{sum(e['fault'] is not None for e in log) / len(log):.1%}",
            "retries": s["retries"], "wall_s": round(wall, 2), "req/s": round(n / wall, 1),
            "steady/s": round(steady, 1), "C/L": round(ideal, 1),
            "req/s / (C/L)": round(n / wall / ideal, 3), "steady / (C/L)": round(steady / ideal, 3),
            "client_ms/req": round(cpu / n * 1e3, 2), "server_ms/req": round(server_cpu / n * 1e3, 2),
            "client_runq_wait": f"{wait / wall:.0%}", "lost": lost, "duplicated": duplicated,
            "answered_twice": answered_twice, "hedges": s["hedges"], "hedge_wins": s["hedge_wins"],
            "max_in_flight": s["max_in_flight"],
            "meets_0.9 (run)": n / wall >= 0.9 * ideal, "meets_0.9 (steady)": steady >= 0.9 * ideal}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, nargs="+", default=[1.0])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--seconds", type=float, default=60.0, help="ideal duration of each row")
    parser.add_argument("--batch", type=int, default=512,
                        help="requests per batch in the third and fourth rows of each (0: no such rows); "
                             "512 = synth.chunk_size")
    parser.add_argument("--fault-rates", default=DEFAULT_FAULTS, help="per attempt; '' for none")
    parser.add_argument("--timeout", type=float, default=None,
                        help="client timeout (default 10 x L, at least 2 s); injected hangs last 60 s")
    parser.add_argument("--no-baseline", action="store_true", help="skip the fault-free rows")
    args = parser.parse_args()
    faults = {k: float(v) for k, v in (kv.split("=") for kv in args.fault_rates.split(",") if kv)}

    load0 = os.getloadavg()
    server = subprocess.Popen([sys.executable, str(ROOT / "tests" / "fake_openai_server.py"), "--hang", "60"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline().split()[1])
        run_row(port, server.pid, 0.01, 8, 1.0, {}, 2.0, "warm-up")  # imports, first connections
        rows = []
        for latency in args.latency:
            for c in args.concurrency:
                variants = (([] if args.no_baseline else [("none", {}, 0, True)]) + [("faults", faults, 0, True)]
                            + ([("ahead", faults, args.batch, True), ("serial", faults, args.batch, False)]
                               if args.batch else []))
                for tag, rates, batch, ahead in variants:
                    timeout = args.timeout or max(2.0, 10 * latency)
                    rows.append(run_row(port, server.pid, latency, c, args.seconds, rates, timeout,
                                        f"{tag}-{latency}-{c}", batch, ahead))
                    print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    finally:
        server.stdin.close()
        server.wait(10)

    load1 = os.getloadavg()
    print(f"\nfault rates per attempt: {faults or 'none'}; client timeout {args.timeout or '10 x L (>= 2 s)'}, max_retries 6; "
          f"{os.cpu_count()} CPUs, 1-min load average {load0[0]:.1f} before, {load1[0]:.1f} after\n")
    cols = list(rows[0])
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for row in rows:
        print("| " + " | ".join(str(row[c]) for c in cols) + " |")
    if any(r["lost"] or r["duplicated"] for r in rows):
        sys.exit("samples were lost or duplicated")


if __name__ == "__main__":
    main()
