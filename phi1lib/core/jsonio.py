"""Reading the JSON and JSON Lines files the stages write (manifests, run records, per-problem rows).

`read_json` is for files that may not be there yet or may be half-written by a run still going (a
run's ``experiment.json`` or ``summary.json``, a stage's ``manifest.json`` read for the summary): it
answers ``{}`` for those, and the caller treats the run or stage as not (yet) recorded. Where a
missing or broken file is an error worth reporting, read it strictly (`core.manifest.read_manifest`).
`read_jsonl` reads one JSON value per line, blank lines skipped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def read_json(path: Path | str) -> Any:
    """The JSON value in `path`; ``{}`` when the file is missing, unreadable or not valid JSON."""
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return {}


def read_jsonl(path: Path | str) -> list[Any]:
    """One JSON value per non-blank line of `path`, in order."""
    return [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]
