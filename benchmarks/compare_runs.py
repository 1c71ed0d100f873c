"""Two runs of the study side by side (`analysis.compare`): per model and benchmark, problems passed, the
share of completions that parse and the reference answers' bits per character.

    .venv/bin/python benchmarks/compare_runs.py outputs/reference/evaluate \\
        benchmarks/results/pipelines/evaluate --labels reference pipelines --models finetuned \\
        --per-problem benchmarks/results/pipelines/per_problem_{reference,pipelines}.csv \\
        --out benchmarks/results/pipelines/compare

Each folder holds a run's ``summary.csv`` and ``parse_rates.csv`` (stage 5's tables). Prints a Markdown
table; ``--per-problem`` adds one model's paired differences (`analysis.compare.paired_differences`);
``--out`` also writes them as CSV and Markdown. A folder without those files: one line naming it,
exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from phi1lib.analysis.compare import paired_differences, run_figures, side_by_side


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("a", help="the first run's evaluate folder (e.g. outputs/reference/evaluate)")
    ap.add_argument("b", help="the second run's evaluate folder")
    ap.add_argument("--labels", nargs=2, default=["a", "b"])
    ap.add_argument("--models", default="", help="keep models whose name contains this")
    ap.add_argument("--out", default=None, help="write <out>.csv and <out>.md too")
    ap.add_argument("--per-problem", nargs=2, default=None, metavar=("A_CSV", "B_CSV"),
                    help="the runs' per_problem.csv: also paired differences (b - a) with intervals")
    ap.add_argument("--model", default="tiny-codetextbook-s0-finetuned", help="the model --per-problem pairs")
    args = ap.parse_args(argv)
    runs = []
    for folder in (args.a, args.b):
        missing = [n for n in ("summary.csv", "parse_rates.csv") if not (Path(folder) / n).is_file()]
        if missing:
            print(f"{folder}: no {' or '.join(missing)} (a run's evaluate folder holds both)", file=sys.stderr)
            raise SystemExit(2)
        runs.append(run_figures(folder))
    table = side_by_side(*runs, labels=tuple(args.labels))
    table = table[table["model"].str.contains(args.models, regex=False)]
    text = table.to_markdown(index=False)
    print(text)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(f"{args.out}.csv", index=False)
        Path(f"{args.out}.md").write_text(text + "\n")
    if args.per_problem:
        import pandas as pd

        for path in args.per_problem:
            if not Path(path).is_file():
                print(f"{path}: no such per-problem file", file=sys.stderr)
                raise SystemExit(2)
        paired = paired_differences(*(pd.read_csv(p) for p in args.per_problem), model=args.model)
        if paired.empty:
            print(f"{args.per_problem[0]}, {args.per_problem[1]}: no problem of {args.model} in both", file=sys.stderr)
            raise SystemExit(2)
        text = paired.round(3).to_markdown(index=False)
        print(f"\n{args.model}, {args.labels[1]} minus {args.labels[0]} (95% bootstrap intervals over problems):\n")
        print(text)
        if args.out:
            paired.to_csv(f"{args.out}_paired.csv", index=False)
            Path(f"{args.out}_paired.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
