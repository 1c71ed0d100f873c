"""The finetuning exercises' files: a seeded held-out split, subsets by concept family, the task form,
and JSON Lines on disk.

An exercise is a dict with at least ``prompt`` (a signature and docstring, HumanEval style) and
``answer`` (the body), as the synthesis stage writes CodeExercises (`train.grid.synthetic_exercises`).

The *task form* of an exercise (`as_task`, `with_task_forms`) asks for the whole function instead:
the prompt is the docstring's description and one of the exercise's own test assertions as a module
docstring, the answer its imports, ``def`` line and body. The paper's CodeExercises are all
docstring completions; a model finetuned only on them has never begun a function itself, and writes
an indented body after any prompt (498 of MBPP's 500 test problems failed with an IndentationError in
the session-6 reference run, whose prompts are a description and an assertion). Our addition, off by
default (`synth.task_form_share`).
"""

from __future__ import annotations

import ast
import json
import random
import re
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


_EXAMPLE_HEADER = re.compile(r"^(examples?|for examples?|some examples?|usage|e\.g\.)\b.*:\s*$", re.IGNORECASE)


def _description(docstring: str) -> str:
    """The docstring without its doctest blocks (``>>>`` lines and their outputs) and example headers."""
    out: list[str] = []
    in_doctest = False
    for line in docstring.splitlines():
        text = line.strip()
        if text.startswith(">>>"):
            in_doctest = True
            continue
        if in_doctest:
            if text:
                continue  # a doctest's expected output
            in_doctest = False
        if _EXAMPLE_HEADER.match(text):
            continue
        if text or (out and out[-1]):
            out.append(text)
    return "\n".join(out).strip()


def as_task(ex: dict[str, Any]) -> dict[str, Any] | None:
    """The exercise in task form (a copy with new prompt and answer, ``form`` = "task"), or None when
    it has no function to ask for: a class, no description left without its examples, no one-line
    ``assert`` on the entry point in its tests, or code that does not parse."""
    name = ex.get("entry_point") or ex.get("name")
    try:
        tree = ast.parse(ex["prompt"] + ex["answer"])
    except SyntaxError:
        return None
    fn = next((n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name), None)
    if fn is None:  # a class, or no function of that name
        return None
    description = _description(ast.get_docstring(fn) or "")
    check = next((ln.strip() for ln in str(ex.get("test", "")).splitlines()
                  if ln.startswith("assert ") and f"{name}(" in ln), None)
    if not description or check is None or '"""' in description + check:
        return None
    lines = ex["prompt"].splitlines()
    head = "\n".join(lines[:fn.lineno - 1]).strip()  # imports above the def line
    signature = "\n".join(lines[fn.lineno - 1:fn.body[0].lineno - 1]).rstrip()  # up to the docstring
    prompt = f'"""\n{description}\n{check}\n"""\n'
    answer = (head + "\n\n" if head else "") + signature + "\n" + ex["answer"].lstrip("\n")
    return {**ex, "prompt": prompt, "answer": answer, "form": "task"}


def with_task_forms(exercises: Iterable[dict[str, Any]], share: float, seed: int = 0) -> list[dict[str, Any]]:
    """The exercises with a seeded `share` of them in task form (in place, same order); those `as_task`
    cannot rewrite stay as they are."""
    exercises = list(exercises)
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"task_form_share must be in [0, 1], got {share}")
    if share == 0.0 or not exercises:
        return exercises
    chosen = set(random.Random(seed).sample(range(len(exercises)), round(len(exercises) * share)))
    return [(as_task(ex) or ex) if i in chosen else ex for i, ex in enumerate(exercises)]


def family_subset(exercises: Iterable[dict[str, Any]], n_families: int, n_exercises: int | None = None,
                  seed: int = 0) -> tuple[list[dict[str, Any]], list[str]]:
    """(exercises, families): the exercises of `n_families` concept families (``concept``) drawn with
    `seed`, then, with `n_exercises`, a seeded sample of that many of them, in their input order.

    For measuring what the *number* of families seen does at a fixed number of exercises (issue 19's
    diversity question): every subset size draws the same count, so only the breadth changes.
    Raises ValueError when fewer families or exercises exist than asked for."""
    exercises = list(exercises)
    families = sorted({ex["concept"] for ex in exercises})
    if not 0 < n_families <= len(families):
        raise ValueError(f"n_families must be in [1, {len(families)}], got {n_families}")
    rng = random.Random(f"families/{seed}")
    chosen = sorted(rng.sample(families, n_families))
    keep = set(chosen)
    rows = [ex for ex in exercises if ex["concept"] in keep]
    if n_exercises is not None:
        if not 0 < n_exercises <= len(rows):
            raise ValueError(f"n_exercises must be in [1, {len(rows)}] for these {n_families} families, "
                             f"got {n_exercises}")
        picked = set(rng.sample(range(len(rows)), n_exercises))
        rows = [ex for i, ex in enumerate(rows) if i in picked]
    return rows, chosen
