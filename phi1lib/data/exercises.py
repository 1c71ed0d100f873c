"""Function-completion exercises mined from real code: finetuning data until synthesis exists.

Paper: phi-1 is finetuned on CodeExercises, ~880K exercises written by GPT-3.5, each a function
signature with a docstring (the prompt) and its body (the answer), HumanEval style. Until the
synthesis stage produces those, we mine the same format from the raw corpus: every function that
documents itself is an exercise.

What counts (our choices; each keeps an exercise like one of HumanEval's):
- **Top-level functions only**, not methods: a method's body reads `self`'s state, which the prompt
  would not show. `async def` is skipped (HumanEval has none), and so are decorated functions (the
  decorator changes what the body means, and a prompt with it is no longer signature + docstring).
- **A docstring on its own lines** (not on the `def` line), and a **body of 2 to 40 non-blank lines**
  after it (comments count, they are part of the answer).
- **No nested `def` or `class`** in the body (lambdas and comprehensions are fine): one exercise, one
  function, as CodeExercises.
- **Self-contained** (default): every name the function reads is a parameter, a local, a builtin or
  bound by a simple top-level import of its module (``import a.b``, ``import a as b``,
  ``from m import x``; not relative or star imports). Those imports, reduced to the names used,
  head the prompt as ``from typing import List`` heads HumanEval's. A function that calls its
  module's helpers or reads its constants is dropped: its answer could not be derived from the
  prompt. `self_contained=False` keeps them (their imports still head the prompt).
- Indentation with spaces only (a tab-indented function is skipped); prompt + answer parse.

Prompt = kept imports, two blank lines, the `def` line(s) and docstring exactly as written; answer =
the lines after the docstring up to the function's last statement, with their indentation, blank
lines before the first one dropped (the model continues at the start of the body, as in HumanEval's
canonical solutions).

Deduplication: by the body's AST (formatting and comments ignored), first occurrence in corpus order
kept. Order: the survivors are shuffled with `seed` and the first `max_n` returned, so a smaller
`max_n` gives a prefix of a larger one. Everything is a pure function of (corpus, seed, settings).
"""

from __future__ import annotations

import ast
import builtins
import hashlib
import json
import random
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from phi1lib.core.jsonio import read_jsonl

# Module attributes such as __doc__ and __name__ are in dir(builtins) too, but in a function they read
# the function's own module: not self-contained.
BUILTIN_NAMES = frozenset(n for n in dir(builtins)
                          if not n.startswith("__") or n in ("__import__", "__debug__"))
MIN_BODY_LINES, MAX_BODY_LINES = 2, 40


def _sources(data: Any) -> Iterator[tuple[str, str]]:
    """(path, text) from a `datasets.Dataset` (text, path columns), dicts, (path, text) or strings."""
    if hasattr(data, "column_names"):  # a datasets.Dataset: read only the columns needed
        columns = [c for c in ("path", "text") if c in data.column_names]
        data = data.select_columns(columns)
    for i, item in enumerate(data):
        if isinstance(item, str):
            yield f"text{i}", item
        elif isinstance(item, dict):
            yield str(item.get("path", f"text{i}")), item["text"]
        else:
            path, text = item
            yield str(path), text


def _module_imports(tree: ast.Module) -> dict[str, ast.stmt]:
    """Name bound -> a one-name import statement, for the module's simple top-level imports."""
    bound: dict[str, ast.stmt] = {}
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                bound[name] = ast.Import(names=[alias])
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module != "__future__":
            for alias in node.names:
                if alias.name != "*":
                    bound[alias.asname or alias.name] = ast.ImportFrom(module=node.module, names=[alias],
                                                                       level=0)
    return bound


def _names(fn: ast.FunctionDef) -> tuple[set[str], set[str]]:
    """(names read, names bound) anywhere in the function, its signature included."""
    read, bound = set(), set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            bound.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            bound.add(node.rest)
    return read, bound


def _is_candidate(fn: ast.AST) -> bool:
    if not isinstance(fn, ast.FunctionDef) or fn.decorator_list or fn.name.startswith("test"):
        return False
    body = fn.body
    if len(body) < 2 or not (isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                             and isinstance(body[0].value.value, str) and body[0].value.value.strip()):
        return False
    # docstring on lines of its own, and the body starting on a later line than the docstring ends
    if body[0].lineno <= fn.lineno or body[1].lineno <= body[0].end_lineno:
        return False
    nested = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return not any(isinstance(n, nested) for stmt in body[1:] for n in ast.walk(stmt))


def body_key(fn: ast.FunctionDef) -> str:
    """Hash of the body's AST without the docstring: equal for bodies that differ only in formatting."""
    dumped = "\n".join(ast.dump(stmt) for stmt in fn.body[1:])
    return hashlib.sha256(dumped.encode()).hexdigest()


def exercises_from_source(text: str, path: str = "", *, self_contained: bool = True,
                          min_body_lines: int = MIN_BODY_LINES,
                          max_body_lines: int = MAX_BODY_LINES) -> list[dict[str, Any]]:
    """The exercises of one source file, in file order (see the module docstring for the rules).

    Each is ``{"prompt", "answer", "source_path", "name", "body_key"}``; a file that does not parse
    gives none.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    lines = text.splitlines(keepends=True)
    imports = _module_imports(tree)
    out = []
    for fn in tree.body:
        if not _is_candidate(fn):
            continue
        doc_end, end = fn.body[0].end_lineno, fn.end_lineno
        signature = "".join(lines[fn.lineno - 1:doc_end])
        answer_lines = lines[doc_end:end]
        if any(line.startswith(("\t", " \t")) for line in lines[fn.lineno - 1:end]):
            continue
        n_body = sum(1 for line in answer_lines if line.strip())
        if not min_body_lines <= n_body <= max_body_lines:
            continue
        read, bound = _names(fn)
        free = read - bound - BUILTIN_NAMES - {fn.name}  # a recursive call is self-contained
        used_imports = [name for name in imports if name in free]
        writes_globals = any(isinstance(n, (ast.Global, ast.Nonlocal)) for n in ast.walk(fn))
        if self_contained and (free - set(used_imports) or writes_globals):
            continue
        header = "".join(ast.unparse(imports[name]) + "\n" for name in used_imports)
        prompt = (header + "\n\n" if header else "") + signature.rstrip("\n") + "\n"
        answer = "".join(answer_lines).rstrip() + "\n"
        while answer.startswith("\n"):  # blank lines after the docstring: the answer starts at code
            answer = answer[1:]
        try:
            ast.parse(prompt + answer)
        except SyntaxError:
            continue
        out.append({"prompt": prompt, "answer": answer, "source_path": path, "name": fn.name,
                    "body_key": body_key(fn)})
    return out


def mine_exercises(data: Any, max_n: int | None = None, seed: int = 0, *, self_contained: bool = True,
                   min_body_lines: int = MIN_BODY_LINES,
                   max_body_lines: int = MAX_BODY_LINES) -> list[dict[str, Any]]:
    """Exercises from a corpus: a `datasets.Dataset` with text/path columns, or texts, or (path, text).

    Deduplicated by `body_key` (first in corpus order kept), shuffled with `seed`, the first `max_n`
    (None: all). Each row: prompt, answer, source_path, name, body_key.
    """
    seen: set[str] = set()
    found: list[dict[str, Any]] = []
    for path, text in _sources(data):
        for ex in exercises_from_source(text, path, self_contained=self_contained,
                                        min_body_lines=min_body_lines, max_body_lines=max_body_lines):
            if ex["body_key"] not in seen:
                seen.add(ex["body_key"])
                found.append(ex)
    random.Random(seed).shuffle(found)
    return found if max_n is None else found[:max_n]


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
    """One JSON object per line (prompt, answer, source_path, name, body_key)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(ex) + "\n" for ex in exercises))
    return path


def load_exercises(path: Path | str) -> list[dict[str, Any]]:
    return read_jsonl(path)
