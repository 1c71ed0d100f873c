"""The tiny profile's finetuning recipe, chosen by measurement: a few recipes trained side by side on
one run's CodeExercises, each scored by validation loss and greedy pass@1 on held-out exercises.

    .venv/bin/python benchmarks/sweep_finetune.py --profile tiny --steps 800 \\
        --recipe "lr=1e-3" --recipe "lr=3e-3" --recipe "lr=1e-3,dropout=0.1"

It reads what the filter and synthesis stages wrote (``outputs/<profile>/filter/tokenizer``,
``synthesize/code_exercises`` and ``heldout_benchmark.jsonl``; ``--outputs`` for another root) and
trains each recipe of ``--recipe`` (``TrainConfig`` fields as ``key=value``, comma-separated, over the
profile's finetuning config with ``--steps``) from ``--init`` (a checkpoint; default: from scratch,
which on this budget the pretrained bases barely change: ../README.md). One run per core, one thread
each, as the study trains. Each finished run is scored on ``--problems`` held-out problems of each
split (instances of seen concept families, whole held-out families), with the share of completions
that parse; ``--benchmarks`` adds HumanEval and MBPP, whole. A recipe that sets ``tokenizer.*`` (e.g.
``tokenizer.split_brackets=true``) trains its own tokenizer, as the filter stage does, on the stage's
raw corpus. Prints one table; the README records the runs that chose the profile's values.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from phi1lib.train import grid
from phi1lib.core.config import load_config, set_field
from phi1lib.core.paths import profile_dir
from phi1lib.model.checkpoint import best_checkpoint


def _value(text: str):
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return {"none": None, "true": True, "false": False}.get(text.lower(), text)


def parse_recipe(text: str) -> dict:
    """``"lr=1e-3,dropout=0.1"`` -> {"lr": 0.001, "dropout": 0.1}."""
    out = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = part.partition("=")
        if not sep:
            raise SystemExit(f"--recipe {text!r}: {part!r} is not key=value")
        out[key.strip()] = _value(value.strip())
    return out


def _train(run_dir: str, cfg, shape: str, tcfg, train_pairs, val_pairs, pad_id: int, init: str | None) -> float:
    import torch

    from phi1lib.train.batches import ExampleData
    from phi1lib.train.loop import train

    torch.set_num_threads(1)
    t0 = time.perf_counter()
    T = cfg.packing.seq_len
    train(grid.model_config(cfg, shape, tcfg), tcfg, ExampleData(train_pairs, T, tcfg.loss_on, pad_id),
          run_dir, val_data=ExampleData(val_pairs, T, tcfg.loss_on, pad_id), device="cpu",
          init_from=init, progress=False)
    return time.perf_counter() - t0


def _score(run_dir: str, tokenizer_dir: str, heldout: list[dict], cfg, benchmarks: tuple[str, ...] = ()) -> dict:
    """"passed/problems (parse%)" per held-out split (and benchmark), scored as stage 5 scores a model
    (`eval.harness.evaluate_model` with the profile's decoding and sandbox; no log-likelihood)."""
    import torch

    from phi1lib.eval.backends import CheckpointBackend
    from phi1lib.eval.benchmarks import Exercises, get_benchmark
    from phi1lib.eval.harness import ModelSpec, evaluate_model, make_sandbox, syntax_failure

    torch.set_num_threads(1)
    checkpoint = best_checkpoint(run_dir)
    backend = CheckpointBackend(checkpoint, tokenizer_dir, device="cpu", batch_size=16)
    benches = [Exercises([r for r in heldout if r.get("split") == split], name=split)
               for split in ("instance", "family")] + [get_benchmark(name) for name in benchmarks]
    sandbox = make_sandbox(cfg, workers=1)
    try:
        _, samples = evaluate_model(ModelSpec(Path(run_dir).name, "checkpoint", str(checkpoint)), backend, benches,
                                    cfg.eval, sandbox, ks=(1,), loglik=False, log=None, progress=False)
    finally:
        sandbox.close()
    out = {}
    for bench in benches:
        problem_of = {p.task_id: p for p in bench.problems(cfg.eval.limit)}
        mine = samples[samples["benchmark"] == bench.name]
        parse = sum(syntax_failure(bench.program(problem_of[t], c)) is None
                    for t, c in zip(mine["task_id"], mine["completion"]))
        out[bench.name] = (f"{int(mine['passed'].sum())}/{len(mine)} "
                           f"({100 * parse / max(len(mine), 1):.0f}% parse)")
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--profile", default="tiny")
    ap.add_argument("--outputs", default=None, help="outputs root (default: outputs/)")
    ap.add_argument("--shape", default="tiny")
    ap.add_argument("--steps", type=int, default=None, help="finetuning steps (default: the profile's)")
    ap.add_argument("--recipe", action="append", default=[], help="TrainConfig overrides, e.g. 'lr=3e-3'")
    ap.add_argument("--init", default=None, help="checkpoint to start from (default: from scratch)")
    ap.add_argument("--problems", type=int, default=200, help="held-out problems per split")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", default=None, help="keep the runs in this folder (default: a temporary one)")
    ap.add_argument("--benchmarks", action="store_true", help="score HumanEval and MBPP too (every problem)")
    args = ap.parse_args(argv)

    from phi1lib.data.tokenizer import load_tokenizer
    from phi1lib.core.workers import run_in_processes
    from phi1lib.filter.stage import load_filtered, study_tokenizer

    cfg = load_config(args.profile)
    base = profile_dir(cfg.profile, Path(args.outputs) if args.outputs else None)
    tok_dir = base / "filter" / "tokenizer"
    tok = load_tokenizer(tok_dir)
    rows_all = [json.loads(line) for line in (base / "synthesize" / "heldout_benchmark.jsonl").read_text().splitlines()
                if line.strip()]
    heldout = []
    for split in ("instance", "family"):
        heldout += [r for r in rows_all if r.get("split") == split][: args.problems]
    recipes = [parse_recipe(r) for r in (args.recipe or [""])]
    steps = args.steps or cfg.finetune.max_steps
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="phi1-sweep-"))
    jobs, tok_dirs = [], []
    for i, rec in enumerate(recipes):
        # Dotted keys (e.g. packing.seq_len=384: the context, and which exercises fit it) set the study's
        # config; plain ones the finetuning TrainConfig.
        run_cfg = copy.deepcopy(cfg)
        for key, value in rec.items():
            if "." in key:
                set_field(run_cfg, key, value)
        # a recipe may set its own steps (e.g. half the batch, twice the steps: the same tokens)
        plain = {"max_steps": steps, **{k: v for k, v in rec.items() if "." not in k}}
        n = plain["max_steps"]
        tcfg = dataclasses.replace(run_cfg.finetune, eval_every=max(n // 4, 1), save_every=max(n // 4, 1),
                                   keep_checkpoint_at=[], **plain)
        run_dir = root / f"r{i}"
        run_tok = (study_tokenizer(run_cfg, load_filtered(base / "filter", "raw"), run_dir / "tokenizer")
                   if any(k.startswith("tokenizer.") for k in rec) else tok)
        train_ex, val_ex, _ = grid.prepare_synthetic_exercises(run_cfg, base / "synthesize", run_tok)
        _, train_pairs = grid.exercise_pairs(train_ex, run_tok, run_cfg.packing.seq_len)
        _, val_pairs = grid.exercise_pairs(val_ex, run_tok, run_cfg.packing.seq_len)
        jobs.append((str(run_dir), run_cfg, args.shape, tcfg, train_pairs, val_pairs, run_tok.eot_id, args.init))
        tok_dirs.append(str(run_tok.source))
        print(f"recipe {i}: {len(train_pairs)} training exercises, {len(val_pairs)} validation at context "
              f"{run_cfg.packing.seq_len}", flush=True)
    print(f"{steps} steps of {cfg.finetune.batch_size}; runs in {root}", flush=True)
    walls: dict[int, float] = {}
    run_in_processes(_train, jobs, min(args.workers, len(jobs)), lambda i, w: walls.__setitem__(i, w))
    scores: dict[int, dict] = {}
    extra = ("humaneval", "mbpp") if args.benchmarks else ()
    run_in_processes(_score, [(job[0], tok_dirs[i], heldout, cfg, extra) for i, job in enumerate(jobs)],
                     min(args.workers, len(jobs)),
                     lambda i, s: scores.__setitem__(i, s))
    names = list(scores[0])
    print(f"\n{'recipe':40s} {'train s':>8s} {'tokens':>9s} {'val loss':>9s}  pass@1 (parse): {' / '.join(names)}")
    for i, rec in enumerate(recipes):
        summary = json.loads((Path(jobs[i][0]) / "summary.json").read_text())
        label = ",".join(f"{k}={v}" for k, v in rec.items()) or "(profile)"
        print(f"{label:40s} {walls[i]:8.0f} {summary['tokens_seen']:9,d} {summary['best_val_loss'] or float('nan'):9.3f}"
              f"  {' / '.join(scores[i][n] for n in names)}")


if __name__ == "__main__":
    main()
