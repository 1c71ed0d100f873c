"""Does breadth teach transfer? The tiny model finetuned on the exercises of k concept families, the same
number of exercises for every k, then every held-out problem scored: pass@1 against the families seen.

    .venv/bin/python benchmarks/sweep_families.py --families 38 76 153 --seeds 0 1 --steps 2000 \\
        --init outputs/tiny/models/tiny-codetextbook-s0 --out outputs/tiny/sweeps/families

It reads what the filter and synthesis stages wrote (``outputs/<profile>/``: the tokenizer, the
CodeExercises, ``heldout_benchmark.jsonl``), prepares the exercises as the finetuning stage does
(`train.grid.prepare_synthetic_exercises`: task forms, the context, the validation split), and for
each k and seed keeps a seeded draw of k of the training families and ``--exercises`` of their
exercises (`data.exercises.family_subset`; default: as many as the smallest k's draws hold, the
smallest of them over the seeds, so the smallest k trains on all or nearly all of its own). The
validation split is cut to the same families, so each run picks its best checkpoint as a study with
only those families would. Runs train with the profile's finetuning recipe and ``--steps``, one
thread each, ``--workers`` at once.

Every run is scored as stage 5 scores a model (`eval.harness.evaluate_model`; greedy in `tiny`) on
all held-out problems (instances of the training families, split by whether this run saw the family,
and the held-out families no run sees), and so is the ``--init`` model before finetuning (0
families): pass@1, the share of completions that parse and the reference answers' bits per
character. Resumable: a run with its ``summary.json`` is not trained again, one with its
``scores.jsonl`` (the completions too) not scored again. Writes ``results.csv`` (one row per run and
problem), ``breadth.csv``/``.md`` (`analysis.breadth.breadth_table`), ``by_families.csv``/``.md``
(the seeds' means and spread), ``breadth.png``/``.svg`` and ``runs.json`` (each run's families,
exercises, wall time and validation loss; the commit) to ``--out``, and prints the table.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sweep_finetune import _train  # one recipe trained on one thread, as that sweep does

from phi1lib.core.config import load_config
from phi1lib.core.jsonio import read_jsonl
from phi1lib.core.manifest import git_state
from phi1lib.core.paths import profile_dir
from phi1lib.model.checkpoint import best_checkpoint


def _score(run_dir: str, tokenizer_dir: str, heldout: list[dict], families: list[str], cfg) -> list[dict]:
    """One row per held-out problem, scored as stage 5 scores it (`eval.harness.evaluate_model`, the
    profile's decoding): group, passed, parses, the reference's summed log-probability, the completion."""
    import torch

    from phi1lib.analysis.breadth import problem_group
    from phi1lib.eval.backends import CheckpointBackend
    from phi1lib.eval.benchmarks import Exercises
    from phi1lib.eval.harness import ModelSpec, evaluate_model, make_sandbox, syntax_failure

    torch.set_num_threads(1)
    checkpoint = best_checkpoint(run_dir)
    backend = CheckpointBackend(checkpoint, tokenizer_dir, device="cpu", batch_size=16)
    bench = Exercises(heldout, name="heldout")
    sandbox = make_sandbox(cfg, workers=1)
    try:
        _, samples = evaluate_model(ModelSpec(Path(run_dir).name, "checkpoint", str(checkpoint)), backend, [bench],
                                    cfg.eval, sandbox, ks=(1,), log=None, progress=False)
    finally:
        sandbox.close()
    problem_of = {p.task_id: p for p in bench.problems()}
    row_of = {row["task_id"]: row for row in heldout}
    rows = []
    for s in samples.itertuples(index=False):
        row, problem = row_of[s.task_id], problem_of[s.task_id]
        rows.append({"task_id": s.task_id, "concept": row["concept"], "group": problem_group(row, families),
                     "passed": bool(s.passed), "parses": syntax_failure(bench.program(problem, s.completion)) is None,
                     "sum_logprob": float(s.sum_logprob), "n_chars": int(s.n_chars), "completion": s.completion})
    return rows


def _fail(message: str) -> None:
    print(message, file=sys.stderr)
    raise SystemExit(2)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--profile", default="tiny")
    ap.add_argument("--outputs", default=None, help="outputs root (default: outputs/)")
    ap.add_argument("--shape", default="tiny")
    ap.add_argument("--families", type=int, nargs="+", required=True, help="families per run, e.g. 35 70 141")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0], help="each draws other families and exercises")
    ap.add_argument("--exercises", type=int, default=None, help="training exercises per run (default: above)")
    ap.add_argument("--steps", type=int, default=None, help="finetuning steps (default: the profile's)")
    ap.add_argument("--init", default=None, help="checkpoint folder to start from (default: from scratch)")
    ap.add_argument("--problems", type=int, default=None, help="held-out problems per split (default: all)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", required=True, help="folder for the runs and the tables")
    args = ap.parse_args(argv)

    import pandas as pd

    from phi1lib.analysis.breadth import breadth_table, plot_breadth, seed_means
    from phi1lib.core.report import save_figure, save_table
    from phi1lib.core.workers import run_in_processes
    from phi1lib.data.exercises import family_subset
    from phi1lib.data.tokenizer import load_tokenizer
    from phi1lib.train import grid

    cfg = load_config(args.profile)
    base = profile_dir(cfg.profile, Path(args.outputs) if args.outputs else None)
    for needed in (base / "filter" / "tokenizer", base / "synthesize" / "heldout_benchmark.jsonl",
                   *([Path(args.init)] if args.init else [])):
        if not needed.exists():
            _fail(f"{needed}: not found (run the filter and synthesis stages of profile {cfg.profile!r} first, "
                  f"and pretraining for --init)")
    tok = load_tokenizer(base / "filter" / "tokenizer")
    rows_all = read_jsonl(base / "synthesize" / "heldout_benchmark.jsonl")
    heldout = [r for split in ("instance", "family") for r in [r for r in rows_all if r.get("split") == split][
        : args.problems]]
    train_ex, val_ex, _ = grid.prepare_synthetic_exercises(cfg, base / "synthesize", tok)
    n_all = len({ex["concept"] for ex in train_ex})
    if max(args.families) > n_all:
        _fail(f"{base / 'synthesize'}: its exercises that fit the context hold {n_all} training families, "
              f"fewer than --families {max(args.families)}")
    n_ex = args.exercises or min(len(family_subset(train_ex, min(args.families), seed=s)[0]) for s in args.seeds)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    steps = args.steps or cfg.finetune.max_steps
    tcfg = dataclasses.replace(cfg.finetune, max_steps=steps, eval_every=max(steps // 4, 1),
                               save_every=max(steps // 4, 1), keep_checkpoint_at=[])
    init = str(best_checkpoint(args.init)) if args.init else None
    runs, jobs = [], []
    for k in args.families:
        for seed in args.seeds:
            rows, families = family_subset(train_ex, k, n_exercises=n_ex, seed=seed)
            val = [ex for ex in val_ex if ex["concept"] in set(families)]
            _, train_pairs = grid.exercise_pairs(rows, tok, cfg.packing.seq_len)
            _, val_pairs = grid.exercise_pairs(val, tok, cfg.packing.seq_len)
            run_dir = out / "runs" / f"k{k}-s{seed}"
            runs.append({"families": k, "seed": seed, "run": str(run_dir), "exercises": len(train_pairs),
                         "validation exercises": len(val_pairs), "family keys": families})
            jobs.append((str(run_dir), cfg, args.shape, tcfg, train_pairs, val_pairs, tok.eot_id, init))
    print(f"{len(jobs)} runs of {steps} steps x {cfg.finetune.batch_size}, {n_ex} exercises each, from "
          f"{init or 'scratch'}; {len(heldout)} held-out problems", flush=True)
    # Resumable: a run whose summary.json exists has finished training, one with scores.jsonl was scored.
    todo = [i for i, job in enumerate(jobs) if not (Path(job[0]) / "summary.json").is_file()]
    run_in_processes(_train, [jobs[i] for i in todo], max(1, min(args.workers, len(todo))), lambda i, w: None)
    scoring = [(r["run"], r["run"], r["family keys"]) for r in runs]
    if init:  # the model before finetuning: every held-out instance is of a family it has not been shown
        runs.append({"families": 0, "seed": args.seeds[0], "run": str(out / "runs" / "base"), "exercises": 0,
                     "validation exercises": 0, "family keys": []})
        scoring.append((str(Path(init).parent), runs[-1]["run"], []))
    todo = [i for i, (_, dest, _) in enumerate(scoring) if not (Path(dest) / "scores.jsonl").is_file()]

    def keep(j: int, rows: list[dict]) -> None:
        dest = Path(scoring[todo[j]][1]) / "scores.jsonl"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text("".join(json.dumps(row) + "\n" for row in rows))

    run_in_processes(_score, [(scoring[i][0], str(tok.source), heldout, scoring[i][2], cfg) for i in todo],
                     max(1, min(args.workers, len(todo))), keep)
    results = []
    for run in runs:
        summary_path = Path(run["run"]) / "summary.json"
        if summary_path.is_file():
            summary = json.loads(summary_path.read_text())
            run.update({"train_s": round(summary["wall_time_s"], 1), "best_val_loss": summary.get("best_val_loss"),
                        "tokens_seen": summary.get("tokens_seen")})
        results += [{"families": run["families"], "seed": run["seed"], **row}
                    for row in read_jsonl(Path(run["run"]) / "scores.jsonl")]
    (out / "runs.json").write_text(json.dumps({"profile": cfg.profile, "shape": args.shape, "steps": steps,
                                               "init": init, "git": git_state(), "runs": runs}, indent=1))
    frame = pd.DataFrame(results)
    frame.drop(columns="completion").to_csv(out / "results.csv", index=False)  # completions: runs/*/scores.jsonl
    table = breadth_table(frame)
    save_table(table, out, "breadth")
    save_table(seed_means(table), out, "by_families")
    save_figure(plot_breadth(table), out, "breadth")
    print(table.to_string(index=False))


if __name__ == "__main__":
    main()
