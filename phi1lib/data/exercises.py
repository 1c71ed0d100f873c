"""The finetuning exercises' files: a seeded held-out split, and JSON Lines on disk.

An exercise is a dict with at least ``prompt`` (a signature and docstring, HumanEval style) and
``answer`` (the body), as the synthesis stage writes CodeExercises (`train.grid.synthetic_exercises`).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from phi1lib.core.jsonio import read_jsonl


def split_exercises(exercises: Iterable[dict[str, Any]], val_fraction: float,
                    seed: int = 0) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(train, val): a seeded `val_fraction` of the exercises held out (at least one when there are
    two or more and val_fraction > 0), both in their input order."""
    exercises = list(exercises)
    if not 0.0 <= val_fraction < 1.0:
        raise ValueError(f"val_fraction must be in [0, 1), got {val_fraction}")
    n_val = round(len(exercises) * val_fraction)
    if val_fraction > 0 and len(exercises) >= 2:
        n_val = max(n_val, 1)
    held = set(random.Random(seed).sample(range(len(exercises)), n_val))
    train = [ex for i, ex in enumerate(exercises) if i not in held]
    val = [ex for i, ex in enumerate(exercises) if i in held]
    return train, val


def save_exercises(exercises: Iterable[dict[str, Any]], path: Path | str) -> Path:
    """One JSON object per line, in order."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(ex) + "\n" for ex in exercises))
    return path


def load_exercises(path: Path | str) -> list[dict[str, Any]]:
    return read_jsonl(path)
