"""`phi1 filter`: stage 1 alone, headless, on the engine and executor the config names.

    phi1 filter --profile full --set filter.executor=slurm --set filter.tasks=512
    phi1 filter --profile smoke --set filter.engine=datatrove --set filter.tasks=4 --out /tmp/filter

What the notebook 01 run writes (`outputs/<run>/filter/` by default), without its figures. A rerun of a
datatrove run skips the tasks that finished. Bad input (an unknown setting or executor, a corpus file
that is missing or unreadable) is one line and exit status 2 (`phi1lib.study.cli`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from phi1lib.core.config import load_config, parse_assignment, read_overrides
from phi1lib.core.paths import stage_dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", default="tiny", help="smoke | tiny | small | full (default tiny)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="override one setting by its dotted key (repeatable), e.g. filter.tasks=8")
    parser.add_argument("--config", default=None, metavar="FILE", help="overrides from a TOML or YAML file")
    parser.add_argument("--out", default=None, metavar="DIR",
                        help="the stage's folder (default outputs/<run>/filter)")


def run(args: argparse.Namespace) -> int:
    # lazy: datatrove, datasets and torch; every other `phi1` command starts without them
    from phi1lib.filter.pipeline import make_filter_stage

    overrides = read_overrides(args.config) if args.config else {}
    overrides.update(parse_assignment(text) for text in args.set)
    cfg = load_config(args.profile, overrides)
    out = Path(args.out) if args.out else stage_dir(cfg.outputs_name, "filter")
    stage = make_filter_stage(cfg, out).run()
    print(f"filter ({cfg.filter.engine}): kept {len(stage.sets['filtered']):,} of {len(stage.rows):,} "
          f"deduplicated files; {out}")
    return 0
