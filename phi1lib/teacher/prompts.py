"""Prompts that follow the paper's diversity recipe, and the parsers for what comes back.

Paper (section 2.2): diversity in the synthetic textbooks came from "constraining topics and target
audience" in each prompt, and in CodeExercises "mainly by constraining the function names". Here every
request is built from a *spec* drawn with a seeded generator:

- a **textbook** spec samples a concept (topic), a target audience and a style;
- an **exercise** spec samples a concept, one of its variants (the task) and a function name that fits it.

The spec is stored with every sample, and the prompt text built from it is what an LLM reads. It asks
for a fixed output format, which `protocol.parse_exercise` / `protocol.parse_textbook` read back for
any teacher:

- exercise: two fenced ```python blocks, the first the solution (imports, then the signature with a
  docstring whose examples are doctests, then the body; or a class with its docstring and methods), the
  second plain ``assert`` tests;
- textbook: Markdown, a ``#`` title, prose interleaved with ```python blocks that run in order.

The concepts are the curriculum of `phi1lib.teacher.offline` (its concept families): the same list is
asked of a real LLM and answered procedurally offline, so both teachers get identical requests.
What the paper does not say (its prompts are not published) is ours: the wording, the audiences, the
styles and the format.
"""

from __future__ import annotations

import hashlib
import random
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from phi1lib.teacher.offline import FAMILIES
from phi1lib.teacher.protocol import TeacherRequest

SYSTEM_PROMPT = ("You are an experienced Python teacher. You write clear, correct, self-contained teaching "
                 "material for students whose goal is to learn basic coding concepts.")

# Target audiences (textbooks): who the section is written for.
AUDIENCES: tuple[str, ...] = (
    "a complete beginner who has never written a program",
    "a high-school student in a first programming course",
    "a university student who already knows Java or C",
    "a data analyst who works with spreadsheets and wants to automate tasks",
    "a mathematics student who likes precise definitions",
    "a self-taught programmer preparing for technical interviews",
    "a teacher preparing a lesson for a class",
    "a scientist who writes small scripts for experiments",
)

# Styles (textbooks): how the section is organised. Key -> what the prompt asks for.
STYLES: dict[str, str] = {
    "tutorial": "a step-by-step tutorial that builds the solution gradually",
    "worked_example": "a worked example: state a concrete problem, solve it, then check the solution",
    "qa": "a dialogue of questions and answers between a student and a teacher",
    "pitfalls": "an explanation that highlights common mistakes and how to avoid them",
    "compare": "a comparison of two ways to solve the same problem",
    "reference": "a concise reference entry with a short explanation and examples",
}

EXERCISE_MAX_TOKENS = 1024
TEXTBOOK_MAX_TOKENS = 1536


@dataclass(frozen=True)
class Concept:
    """One concept of the curriculum: a theme, a title and the variants a request can ask for."""

    key: str
    theme: str
    title: str
    variants: tuple[tuple[str, str, tuple[str, ...]], ...]  # (key, task, fitting names)


def curriculum(stream: str = "train") -> list[Concept]:
    """The concepts every teacher is asked about in `stream`: the offline teacher's concept families of that
    stream ("train": the curriculum; "pipelines": the families assembled from steps)."""
    return [Concept(f.key, f.theme, f.title, tuple((v.key, v.task, v.names) for v in f.variants))
            for f in FAMILIES.values() if f.stream == stream]


def request_seed(seed: int, stream: str, index: int) -> int:
    """The seed of request `index` of `stream`: a stable 31-bit hash (same on every machine and run)."""
    digest = hashlib.sha256(f"{seed}/{stream}/{index}".encode()).digest()
    return int.from_bytes(digest[:4], "big") >> 1


def entry_kind(name: str) -> str:
    """"class" for a CapWords name, else "function" (the curriculum names classes that way)."""
    return "class" if name[:1].isupper() else "function"


def exercise_spec(concepts: Sequence[Concept], seed: int, index: int, stream: str = "train") -> dict[str, Any]:
    """Spec of exercise request `index` of `stream`: a concept, a variant and a function name."""
    rng = random.Random(request_seed(seed, stream, index))
    concept = rng.choice(list(concepts))
    variant, task, names = rng.choice(concept.variants)
    name = rng.choice(names)
    return {"kind": "exercise", "concept": concept.key, "theme": concept.theme, "title": concept.title,
            "variant": variant, "task": task, "function_name": name, "entry_kind": entry_kind(name),
            "stream": stream, "index": index, "seed": request_seed(seed, stream, index)}


def textbook_spec(concepts: Sequence[Concept], seed: int, index: int, stream: str = "textbook") -> dict[str, Any]:
    """Spec of textbook request `index`: a topic (concept and variant), an audience and a style."""
    rng = random.Random(request_seed(seed, stream, index))
    concept = rng.choice(list(concepts))
    variant, task, names = rng.choice(concept.variants)
    return {"kind": "textbook", "concept": concept.key, "theme": concept.theme, "title": concept.title,
            "variant": variant, "task": task, "function_name": rng.choice(names),
            "audience": rng.choice(AUDIENCES), "style": rng.choice(sorted(STYLES)),
            "stream": stream, "index": index, "seed": request_seed(seed, stream, index)}


def exercise_prompt(spec: dict[str, Any]) -> str:
    """The text an LLM reads for an exercise spec."""
    name, kind = spec["function_name"], spec.get("entry_kind", entry_kind(spec["function_name"]))
    if kind == "class":
        shape = (f"`class {name}:` with a docstring that describes every method precisely and shows one "
                 "short usage example in doctest format (`>>> ...`), followed by the methods")
        tests = f"plain `assert` statements that create `{name}` objects, call their methods and check the results"
    else:
        shape = (f"`def {name}(...)` with type hints and a docstring that states the task precisely and shows "
                 "one to three examples in doctest format (`>>> ...`), followed by the body")
        tests = f"plain `assert` statements that call `{name}` on new inputs and check the exact results"
    return textwrap.dedent(f"""\
        Write a Python exercise for a student learning basic coding concepts.

        Concept: {spec['title']} ({spec['theme']}).
        Task: {spec['task']}.
        Name: the {kind} must be called `{name}`.

        Answer with exactly two Python code blocks and nothing else:
        1. The solution: any imports it needs, then {shape}.
        2. Tests: {tests}.
        Use only the standard library. No input(), no files, no network, no printing.""")


def textbook_prompt(spec: dict[str, Any]) -> str:
    """The text an LLM reads for a textbook spec."""
    return textwrap.dedent(f"""\
        Write one section of a Python textbook for {spec['audience']}.

        Topic: {spec['title']} ({spec['theme']}). Build up to this task: {spec['task']}; call the main
        function or class `{spec['function_name']}`.
        Style: {STYLES[spec['style']]}.

        Format: Markdown. Start with a level-1 heading (`# Title`). Explain the ideas in clear prose
        interleaved with short ```python code blocks. Run in order as one program, the code blocks must
        execute without errors using only the standard library, with no input(), files or network; show
        results with print() or assert. About 400 to 700 words.""")


def exercise_request(spec: dict[str, Any], temperature: float = 1.0,
                     max_tokens: int = EXERCISE_MAX_TOKENS) -> TeacherRequest:
    return TeacherRequest(prompt=exercise_prompt(spec), kind="exercise", spec=spec, system=SYSTEM_PROMPT,
                          temperature=temperature, max_tokens=max_tokens, seed=spec["seed"])


def textbook_request(spec: dict[str, Any], temperature: float = 1.0,
                     max_tokens: int = TEXTBOOK_MAX_TOKENS) -> TeacherRequest:
    return TeacherRequest(prompt=textbook_prompt(spec), kind="textbook", spec=spec, system=SYSTEM_PROMPT,
                          temperature=temperature, max_tokens=max_tokens, seed=spec["seed"])
