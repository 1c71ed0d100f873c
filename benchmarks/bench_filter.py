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

from phi1lib.filter import quality
from phi1lib.filter.annotate import RubricAnnotator
from phi1lib.core.config import load_config
from phi1lib.data.dedup import near_duplicates
from phi1lib.filter.embed import embed_texts, make_embedder
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
    args = parser.parse_args(argv)
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
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str) + "\n")
    return results


if __name__ == "__main__":
    main()
