"""The probe sets of the emergence analysis (paper section 3): what the finetuning data does not contain.

The paper finds that finetuning phi-1-base on CodeExercises also improves abilities the exercises do
not contain: using libraries the exercises never import (Pygame, Tkinter, PyTorch) and following
multi-step instructions. Its evidence is a handful of hand-picked completions; ours is a set of
graded probes, each a `phi1lib.eval.benchmarks.Exercises` problem (prompt = signature + docstring,
reference body, tests, entry point), so the evaluation stage's machinery (sandboxed execution,
pass@k, log-likelihood of the reference) applies unchanged. Categories:

- **held-out concept families** (``heldout_family``): the synthesis stage keeps whole concept
  families out of the exercises and the textbooks; beside them, **held-out instances**
  (``heldout_instance``): unseen exercises of families that are in the training data.
- **standard-library modules** (``stdlib_absent`` / ``stdlib_present``): hand-written probes, each
  solved naturally with one module (collections, itertools, statistics, decimal, ...), the prompt
  importing it as the paper's prompts import tkinter. Which modules the finetuning exercises use is
  measured (`exercise_module_counts`), and a probe is "absent" only when its module never occurs
  there; the others are the control. Modules are those the sandbox preloads (`sandbox_child.PRELOAD`:
  a sample may be unable to import others), and no library outside the standard one is installed,
  so the paper's Pygame/Tkinter/PyTorch become stdlib modules at this scale.
- **multi-step instructions** (``multistep``): hand-written probes whose docstring asks for several
  steps in sequence (filter, transform, aggregate, format).

The hand-written probes ship in ``phi1lib/resources/emergence_probes.jsonl``; they were written from
first principles for this study, not derived from HumanEval or MBPP, and every reference passes its
own tests in the sandbox (tests/analysis/test_emergence.py).

**Did a completion use the module?** Checked by running it, not by reading it (`module_use_job`):
the job runs the probe's tests, each statement allowed to fail, with a tracer installed in the
sample's process after its program loads (``setup``). The tracer follows, opcode by opcode, only
the frames of the sample's own code (the prompt and completion, compiled as ``<sample>``), and
records a use when an instruction loads (global, local, closure variable, or a runtime ``import``)
the module object or one of its public objects other than strings, integers, booleans and bytes
(functions, classes, floats such as ``math.pi``, ...), compared by identity: so
``collections.Counter(...)``, ``from collections import Counter`` anywhere, aliases and imports
inside the function all count, and a completion that solves the probe by hand does not, even though
the prompt imports the module. Then the trusted checker asks the sample whether a use was seen. Not
counted: public strings and integers of a module (``string.ascii_lowercase`` read through a
from-import; identity with interned literals would give false uses), uses only at import time, and
samples that time out before the question is asked. The pass verdict itself is the ordinary
benchmark job, untouched by the tracer.
"""

from __future__ import annotations

import ast
import dataclasses
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from phi1lib.eval import harness
from phi1lib.eval.benchmarks import Exercises, Problem
from phi1lib.core.paths import RESOURCES_DIR, profile_dir
from phi1lib.core.jsonio import read_jsonl
from phi1lib.eval.sandbox import Job

PROBES_PATH = RESOURCES_DIR / "emergence_probes.jsonl"
CATEGORIES = {  # key -> label, in the order of every table
    "heldout_family": "held-out concept families",
    "heldout_instance": "held-out instances of seen families",
    "stdlib_absent": "stdlib modules absent from the exercises",
    "stdlib_present": "stdlib modules present in the exercises (control)",
    "stdlib_unverified": "stdlib modules (no exercises file to check)",
    "multistep": "multi-step instructions",
}
USED = "__phi1_module_used__"  # the sample-side function the usage check's test calls

# Runs in the sample's process after its program (see the module docstring). `{modules}` is a list.
_USE_SETUP = '''
def __phi1_install_use_tracer__(names):
    import builtins, dis, sys
    targets = {}
    for name in names:
        module = sys.modules.get(name)
        if module is None:
            continue
        targets[id(module)] = module
        public = getattr(module, "__all__", None) or [a for a in dir(module) if not a.startswith("_")]
        for attr in public:
            value = getattr(module, attr, None)
            if type(value) in (str, int, bool, bytes, type(None)):
                continue
            if type(value).__name__ == "module" or getattr(builtins, attr, None) is value:
                continue
            targets[id(value)] = value
    seen, tables = [], {}
    loads = {"LOAD_GLOBAL", "LOAD_NAME", "LOAD_FAST", "LOAD_DEREF", "LOAD_CLASSDEREF", "IMPORT_NAME",
             "LOAD_FAST_CHECK", "LOAD_FAST_AND_CLEAR", "LOAD_FAST_LOAD_FAST", "LOAD_FROM_DICT_OR_GLOBALS",
             "LOAD_FROM_DICT_OR_DEREF"}  # 3.11's loads and their 3.12 / 3.13 variants

    def table(code):
        if code not in tables:
            tables[code] = {i.offset: (i.opname, i.argval) for i in dis.get_instructions(code)
                            if i.opname in loads}
        return tables[code]

    def local(frame, event, arg):
        if seen:
            return None
        if event != "opcode":
            return local
        op = table(frame.f_code).get(frame.f_lasti)
        if op is None:
            return local
        kind, names = op
        for name in names if isinstance(names, tuple) else (names,):
            if kind == "IMPORT_NAME":
                value = sys.modules.get(name)
            elif kind in ("LOAD_GLOBAL", "LOAD_NAME", "LOAD_FROM_DICT_OR_GLOBALS"):
                value = frame.f_globals.get(name, getattr(builtins, name, None))
            else:
                value = frame.f_locals.get(name)
            if value is not None and targets.get(id(value)) is value:
                seen.append(f"{kind} {name}")
                sys.settrace(None)
                return None
        return local

    def call(frame, event, arg):
        if frame.f_code.co_filename != "<sample>":
            return None
        frame.f_trace_opcodes = True
        return local

    sys.settrace(call)
    return seen


__phi1_uses_seen__ = __phi1_install_use_tracer__({modules!r})


def __phi1_module_used__():
    return list(__phi1_uses_seen__)
'''


def load_probes(path: str | Path = PROBES_PATH) -> list[dict[str, Any]]:
    """The hand-written probes: dicts with task_id, category ("stdlib" | "multistep"), module
    (stdlib), steps (multistep), prompt, answer, test, entry_point."""
    return read_jsonl(path)


# --------------------------------------------------------------------------------------------------
# Which modules the finetuning exercises use

_IMPORT_LINE = re.compile(r"^\s*(?:from\s+([\w.]+)\s+import\b|import\s+([\w., ]+))", re.MULTILINE)


def _prefixes(dotted: str) -> list[str]:
    parts = dotted.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def modules_used(code: str, known: Iterable[str] = ()) -> set[str]:
    """Modules `code` imports (every dotted prefix: ``import os.path`` gives os and os.path;
    ``from a import b`` gives a and a.b, b may be a submodule), plus the `known` module names it reads
    without binding them (an exercise that calls ``math.sqrt`` with its import cut off). Code that
    does not parse falls back to a regular expression over import lines."""
    found: set[str] = set()
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        for m in _IMPORT_LINE.finditer(code):
            names = [m.group(1)] if m.group(1) else [n.split(" as ")[0].strip() for n in m.group(2).split(",")]
            for name in filter(None, names):
                found.update(_prefixes(name))
        return found
    bound, loaded = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.update(_prefixes(alias.name))
                bound.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                found.update(_prefixes(node.module))
                found.update(f"{node.module}.{a.name}" for a in node.names if a.name != "*")
            bound.update(a.asname or a.name for a in node.names)
        elif isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
    found.update(n for n in set(known) & loaded if n not in bound)
    return found


def exercise_module_counts(exercises: Iterable[dict[str, Any]], known: Iterable[str] = ()) -> Counter:
    """How many exercises (dicts with prompt and answer) use each module (`modules_used` on
    prompt + answer, each module counted once per exercise)."""
    known = set(known)
    counts: Counter = Counter()
    for ex in exercises:
        counts.update(modules_used(ex.get("prompt", "") + ex.get("answer", ""), known))
    return counts


def module_table(probes: Sequence[dict[str, Any]], counts: Counter | None,
                 n_exercises: int | None = None) -> list[dict[str, Any]]:
    """Per module of the stdlib probes: probes, exercises using it, and "absent" / "present" (or
    "unverified" when there were no exercises to scan, `counts` None)."""
    per_module = Counter(p["module"] for p in probes if p.get("category") == "stdlib")
    rows = []
    for module, n in sorted(per_module.items()):
        used = None if counts is None else int(counts.get(module, 0))
        status = "unverified" if used is None else ("absent" if used == 0 else "present")
        row = {"module": module, "probes": n, "exercises using it": used, "status": status}
        if n_exercises:
            row["share of exercises"] = None if used is None else round(used / n_exercises, 5)
        rows.append(row)
    return rows


# --------------------------------------------------------------------------------------------------
# Categories as benchmarks


def _subset(rows: list[dict[str, Any]], n: int | None, seed: int) -> list[dict[str, Any]]:
    """`n` rows drawn with `seed` (all for None), in their original order. A smaller `n` gives a
    subset of a larger one."""
    if n is None or n >= len(rows):
        return list(rows)
    order = list(range(len(rows)))
    random.Random(f"emergence/{seed}").shuffle(order)
    return [rows[i] for i in sorted(order[:n])]


def category_rows(probes: Sequence[dict[str, Any]], heldout: Sequence[dict[str, Any]] | None,
                  counts: Counter | None) -> dict[str, list[dict[str, Any]]]:
    """Every category's exercise dicts (`CATEGORIES` order, empty ones left out).

    heldout: rows of the synthesis stage's ``heldout_benchmark.jsonl`` (split "family" or
    "instance"), None when it does not exist. counts: `exercise_module_counts` of the finetuning
    exercises, None when there are none to scan.
    """
    out: dict[str, list[dict[str, Any]]] = {key: [] for key in CATEGORIES}
    for row in heldout or ():
        if row.get("split") in ("family", "instance") and row.get("test"):
            out[f"heldout_{row['split']}"].append(row)
    for probe in probes:
        if probe["category"] == "multistep":
            out["multistep"].append(probe)
        elif counts is None:
            out["stdlib_unverified"].append(probe)
        else:
            out["stdlib_absent" if counts.get(probe["module"], 0) == 0 else "stdlib_present"].append(probe)
    return {key: rows for key, rows in out.items() if rows}


def category_benchmarks(rows: dict[str, list[dict[str, Any]]], limit: int | None = None,
                        seed: int = 0) -> dict[str, Exercises]:
    """An `Exercises` benchmark per category (named by its key) of at most `limit` problems each."""
    return {key: Exercises(_subset(r, limit, seed), name=key) for key, r in rows.items()}


def without_tests(bench: Exercises) -> Exercises:
    """The same problems with no tests: the evaluation then scores only their log-likelihood."""
    return Exercises([{**p.meta, "task_id": p.task_id, "prompt": p.prompt, "answer": p.reference,
                       "entry_point": p.entry_point} for p in bench.problems()], name=bench.name)


def load_categories(profile: str, root: Path | None = None,
                    probes_path: str | Path = PROBES_PATH) -> tuple[dict[str, list[dict[str, Any]]], dict]:
    """(category rows, info) of a run: the held-out benchmark of ``synthesize/`` and the module use
    of ``finetune/exercises/train.jsonl`` under ``outputs/<profile>/``; info holds the module table
    and the paths read."""
    base = profile_dir(profile, root)
    probes = load_probes(probes_path)
    heldout_path = base / "synthesize" / "heldout_benchmark.jsonl"
    train_path = base / "finetune" / "exercises" / "train.jsonl"
    heldout = read_jsonl(heldout_path) if heldout_path.is_file() else None
    counts, n_ex = None, None
    if train_path.is_file():
        exercises = read_jsonl(train_path)
        n_ex = len(exercises)
        counts = exercise_module_counts(exercises, {p["module"] for p in probes if "module" in p})
    info = {"heldout": heldout_path if heldout is not None else None,
            "exercises": train_path if counts is not None else None, "n_exercises": n_ex,
            "modules": module_table(probes, counts, n_ex), "probes": probes_path}
    return category_rows(probes, heldout, counts), info


# --------------------------------------------------------------------------------------------------
# The module-use check


def _tolerant(test: str) -> str:
    """`test` with each top-level statement wrapped in ``try: ... except Exception: pass``, so that
    every call is made whatever the earlier ones returned."""
    body = []
    for stmt in ast.parse(test).body:
        handler = ast.ExceptHandler(type=ast.Name("Exception", ast.Load()), name=None, body=[ast.Pass()])
        body.append(stmt if isinstance(stmt, (ast.FunctionDef, ast.Import, ast.ImportFrom))
                    else ast.Try(body=[stmt], handlers=[handler], orelse=[], finalbody=[]))
    return ast.unparse(ast.fix_missing_locations(ast.Module(body=body, type_ignores=[]))) + "\n"


def module_use_job(bench: Exercises, problem: Problem, completion: str, modules: Sequence[str] | str,
                   timeout_s: float | None = None) -> Job:
    """The sandbox job that passes when `completion` used one of `modules` while the problem's tests
    ran (whether or not they passed); see the module docstring."""
    modules = [modules] if isinstance(modules, str) else list(modules)
    job = bench.job(problem, completion, timeout_s=timeout_s)
    test = _tolerant(job.test) + f"assert {USED}(), 'no use of {', '.join(modules)} was seen'\n"
    setup = (job.setup + "\n" if job.setup else "") + _USE_SETUP.replace("{modules!r}", repr(modules))
    return dataclasses.replace(job, test=test, setup=setup, remote=[*job.remote, USED])


def module_use(sandbox, bench: Exercises, items: Sequence[tuple[Any, str]],
               timeout_s: float | None = None) -> list[bool]:
    """Per (task_id, completion): did the completion use its probe's module (``meta["module"]``)?"""
    jobs = []
    for task_id, completion in items:
        problem = bench.problem(task_id)
        jobs.append(module_use_job(bench, problem, completion, problem.meta["module"], timeout_s))
    return [v.passed for v in sandbox.run(jobs)] if jobs else []


def reference_check(sandbox, benchmarks: dict[str, Exercises], timeout_s: float | None = None
                    ) -> tuple[pd.DataFrame, bool]:
    """The evaluation's reference check (`harness.reference_check`) on every probe category, and for the
    standard-library categories whether each reference is seen using its module (`module_use`): one
    row per category, and whether all passed both checks (if not, the stage's numbers are suspect)."""
    table = harness.reference_check(sandbox, list(benchmarks.values()), timeout_s)
    table = table.rename(columns={"benchmark": "category"})
    ok = bool((table["references passing"] == table["problems"]).all()) and len(table) == len(benchmarks)
    used = {}
    for key, bench in benchmarks.items():
        if key.startswith("stdlib"):
            problems = bench.problems()
            used[key] = sum(module_use(sandbox, bench, [(p.task_id, p.reference) for p in problems], timeout_s))
            ok = ok and used[key] == len(problems)
    if used:
        table["references using their module"] = table["category"].map(used)
    return table, ok
