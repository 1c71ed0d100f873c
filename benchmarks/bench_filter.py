"""Filter-stage throughput: files/s for the whole stage and for scoring alone, and scaling with processes.

    .venv/bin/python benchmarks/bench_filter.py [--profile tiny] [--files 800] [--procs 1,2]

1. The whole stage (`FilterStage.run`: corpus, near-dedup, annotation, embedding, classifiers, scoring,
   tokenizer, packing) on `--files` files of the profile's corpus, with the profile's settings; files/s
   counts files examined, and every step's share of the time is printed.
2. Scoring alone, the part that grows with the corpus at the paper's scale (every file is embedded and
   scored; only a sample is annotated): the profile's embedder then the forest's `predict_proba`, at each
   process count in `--procs` (spawned workers of one thread each; 1 = in this process).
3. The other steps that use processes, at each count: MinHash signatures + LSH, the rubric annotator
   (on `--cheap-files` files, the corpus repeated: worker start-up must not be all that is timed).
4. The two paths side by side (`--paths`): the whole stage in process (`FilterStage`) and on datatrove
   (`DatatroveFilterStage`, `--tasks` tasks on `--workers` local workers), on the same files: files/s
   per worker, and the datatrove path's extra time. `--paths-only` skips 1-3.

Reference: all-MiniLM-L6-v2 embeds ~20 files/s at 256 tokens on this 2-core machine
(measured on the development machine). The machine is shared: compare ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from phi1lib.core.config import load_config
from phi1lib.data.dedup import near_duplicates
from phi1lib.filter import quality
from phi1lib.filter.annotate import RubricAnnotator
from phi1lib.filter.embed import embed_texts, make_embedder
from phi1lib.filter.pipeline import DatatroveFilterStage
from phi1lib.filter.stage import FilterStage


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="tiny")
    parser.add_argument("--files", type=int, default=800, help="corpus.max_files for the run")
    parser.add_argument("--procs", default="1,2", help="process counts to compare, e.g. 1,2")
    parser.add_argument("--cheap-files", type=int, default=4000,
                        help="files for the MinHash and rubric timings (the corpus repeated)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--paths", action="store_true", help="also time both paths side by side (4.)")
    parser.add_argument("--paths-only", action="store_true", help="only the two paths side by side")
    parser.add_argument("--tasks", type=int, default=4, help="datatrove tasks for --paths")
    parser.add_argument("--workers", type=int, default=1, help="datatrove local workers for --paths")
    args = parser.parse_args(argv)
    if args.paths_only:
        return {"paths": compare_paths(args.profile, args.files, args.tasks, args.workers)}
    procs = [int(p) for p in args.procs.split(",")]
    n_ann = max(50, args.files // 2)
    cfg = load_config(args.profile, {"corpus.max_files": args.files, "filter.n_annotations": n_ann})
    results: dict = {"profile": args.profile, "files": args.files, "filter": cfg.filter.__dict__.copy()}

    with tempfile.TemporaryDirectory(prefix="bench-filter-") as tmp:
        stage, wall = timed(lambda: FilterStage(cfg, tmp, log=None).run())
        examined = stage.corpus_stats.examined
        results["stage"] = {"wall_s": round(wall, 2), "examined": examined, "files_per_s": round(examined / wall, 2),
                            "timings_s": stage.timings}
        print(f"whole stage ({args.profile}, {examined} files examined, {len(stage.rows)} after near-dedup, "
              f"{n_ann} annotated): {wall:.1f} s, {examined / wall:.1f} files/s")
        for step, seconds in stage.timings.items():
            print(f"  {step:<13} {seconds:8.1f} s  {100 * seconds / wall:5.1f}%")

        texts = list(stage.raw.select(stage.rows)["text"])
        X, y = stage.training_set()
        model = quality.train_classifier(X, y, cfg.filter.classifier, 0, cfg.filter.n_estimators)
        # MinHash and the rubric are cheap per file: at least `--cheap-files` files (the corpus repeated)
        # so that spawning workers (~2 s each here) is not all that is measured.
        many = (texts * (args.cheap_files // max(len(texts), 1) + 1))[:max(args.cheap_files, len(texts))]
        rows = []
        for p in procs:
            embedder = make_embedder(cfg.filter)
            embedder.fit(texts)
            emb, embed_s = timed(partial(embed_texts, embedder, texts, num_proc=p))
            _, predict_s = timed(partial(quality.predict_scores, model, emb))
            _, dedup_s = timed(partial(near_duplicates, many, num_proc=p))
            rubric = RubricAnnotator(max_chars=cfg.filter.annotate_max_chars, num_proc=p)
            _, rubric_s = timed(partial(rubric.annotate, many))
            rows.append({"procs": p, "scoring_files_per_s": round(len(texts) / (embed_s + predict_s), 2),
                         "embed_s": round(embed_s, 2), "predict_s": round(predict_s, 3),
                         "minhash_files_per_s": round(len(many) / dedup_s, 1),
                         "rubric_files_per_s": round(len(many) / rubric_s, 1)})
        results["scaling"] = rows

    print(f"\nscoring alone ({cfg.filter.embedder}, {cfg.filter.embed_max_tokens or 'default'} tokens, "
          f"{cfg.filter.embed_precision}) on {len(texts)} files; MinHash and rubric on {len(many)}:")
    print(f"{'procs':>5} {'scoring files/s':>16} {'embed s':>8} {'predict s':>9} {'minhash files/s':>16} "
          f"{'rubric files/s':>15}")
    for r in rows:
        print(f"{r['procs']:>5} {r['scoring_files_per_s']:>16} {r['embed_s']:>8} {r['predict_s']:>9} "
              f"{r['minhash_files_per_s']:>16} {r['rubric_files_per_s']:>15}")
    if len(rows) > 1:
        base = rows[0]
        for r in rows[1:]:
            print(f"speed-up {base['procs']} -> {r['procs']} processes: scoring "
                  f"x{r['scoring_files_per_s'] / base['scoring_files_per_s']:.2f}, minhash "
                  f"x{r['minhash_files_per_s'] / base['minhash_files_per_s']:.2f}, rubric "
                  f"x{r['rubric_files_per_s'] / base['rubric_files_per_s']:.2f}")
    print("reference: MiniLM ~20 files/s at 256 tokens on the 2-core development machine, measured earlier")
    if args.paths:
        results["paths"] = compare_paths(args.profile, args.files, args.tasks, args.workers)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str) + "\n")
    return results


def compare_paths(profile: str, files: int, tasks: int, workers: int) -> list[dict]:
    """The whole stage in process and on datatrove, on the same files; files/s per worker."""
    n_ann = max(50, files // 2)
    rows = []
    for engine, cls in (("in_process", FilterStage), ("datatrove", DatatroveFilterStage)):
        cfg = load_config(profile, {"corpus.max_files": files, "filter.n_annotations": n_ann,
                                    "filter.engine": engine, "filter.tasks": tasks, "filter.workers": workers})
        with tempfile.TemporaryDirectory(prefix="bench-filter-paths-") as tmp:
            stage, wall = timed(partial(lambda c, k, d: k(c, d, log=None).run(), cfg, cls, tmp))
        # in process, MinHash and embedding use filter.num_proc workers; datatrove's tasks `workers`
        used = cfg.filter.num_proc if engine == "in_process" else max(workers, cfg.filter.num_proc)
        examined = stage.corpus_stats.examined
        rows.append({"path": engine, "workers": used, "wall_s": round(wall, 2), "files": examined,
                     "files_per_s_per_worker": round(examined / wall / used, 2),
                     "kept": len(stage.sets["filtered"]), "timings_s": stage.timings})
    base = rows[0]["wall_s"]
    print(f"\nthe two paths on {rows[0]['files']} files ({profile}; datatrove: {tasks} tasks, {workers} local workers):")
    print(f"{'path':<11} {'workers':>7} {'wall s':>7} {'files/s/worker':>15} {'kept':>5}  steps (s)")
    for r in rows:
        steps = ", ".join(f"{k} {v:.1f}" for k, v in r["timings_s"].items())
        print(f"{r['path']:<11} {r['workers']:>7} {r['wall_s']:>7} {r['files_per_s_per_worker']:>15} {r['kept']:>5}  {steps}")
    print(f"datatrove path: {100 * (rows[1]['wall_s'] - base) / base:+.0f}% wall time against in process")
    return rows


if __name__ == "__main__":
    main()
