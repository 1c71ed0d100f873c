"""The teacher: whatever writes the synthetic data (paper: GPT-3.5) and annotates code (paper: GPT-4).

One interface, two implementations: `phi1lib.teacher.openai_client.OpenAITeacher` (any OpenAI-compatible
endpoint) and `phi1lib.teacher.offline.OfflineTeacher` (a procedural generator, the offline default).
A request carries both the prompt text an LLM would read and the structured `spec` it was built from
(topic, audience, style, function name, concept, seed), so the offline teacher answers the same requests
and every sample keeps the constraints that made it.

The answer format is part of the protocol, since every teacher writes it and every stage reads it:
`format_exercise` writes an exercise answer (two fenced ```python blocks: the solution, then ``assert``
tests), and `parse_exercise` / `parse_textbook` read exercise and textbook answers back, whoever wrote them.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, Sequence


@dataclass(frozen=True)
class TeacherRequest:
    prompt: str  # the full text sent to an LLM
    kind: str  # "textbook" | "exercise" | "annotation"
    spec: dict[str, Any] = field(default_factory=dict, hash=False)  # the constraints behind `prompt`
    system: str | None = None
    temperature: float = 1.0
    top_p: float = 1.0
    max_tokens: int = 1024
    seed: int = 0

    def key(self, model: str) -> str:
        """Cache key: model + prompt + sampling parameters + seed (what determines an answer)."""
        payload = {"model": model, "prompt": self.prompt, "system": self.system, "kind": self.kind,
                   "temperature": self.temperature, "top_p": self.top_p,
                   "max_tokens": self.max_tokens, "seed": self.seed}
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TeacherResponse:
    request: TeacherRequest
    text: str
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached: bool = False  # answered from the on-disk cache, no request sent
    error: str | None = None  # set when the request failed for good (after retries)


class Teacher(Protocol):
    """Answers requests in order; `generate` returns one response per request, never fewer."""

    model: str

    def generate(self, requests: Sequence[TeacherRequest]) -> list[TeacherResponse]: ...


# --------------------------------------------------------------------------------------------------
# The answer formats and their parsers


class ParseError(ValueError):
    """An answer does not follow the requested format; the message is a short reason (counted)."""


_FENCE = re.compile(r"^```[ \t]*([A-Za-z0-9_+-]*)[ \t]*\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)


def code_blocks(text: str, languages: tuple[str, ...] = ("python", "py", "")) -> list[str]:
    """The contents of the fenced code blocks of `text` in one of `languages` ("" = no language)."""
    return [m.group(2) for m in _FENCE.finditer(text) if m.group(1).lower() in languages]


def format_exercise(code: str, tests: str) -> str:
    """An exercise answer in the requested format (what the offline teacher writes)."""
    return f"```python\n{code.rstrip()}\n```\n\n```python\n{tests.rstrip()}\n```\n"


@dataclass
class ParsedExercise:
    prompt: str  # imports + signature + docstring (HumanEval-style prompt)
    solution: str  # the body that follows the docstring
    tests: str
    entry_point: str
    kind: str  # "function" | "class"
    dropped: str = ""  # top-level code after the entry point, not kept

    def to_dict(self) -> dict[str, Any]:
        return {"prompt": self.prompt, "solution": self.solution, "tests": self.tests,
                "entry_point": self.entry_point, "kind": self.kind}


def parse_exercise(text: str, entry_point: str | None = None) -> ParsedExercise:
    """Split an exercise answer into prompt (signature + docstring), solution (body) and tests.

    The solution block is the first code block that defines `entry_point` (or, without one, the first
    block; its last top-level function or class is the entry point); the tests are the last other code
    block. Raises ParseError with a short reason when the answer does not fit the format.
    """
    blocks = code_blocks(text)
    if len(blocks) < 2:
        raise ParseError("fewer than two code blocks")
    code, tests = None, None
    for i, block in enumerate(blocks):
        try:
            tree = ast.parse(block)
        except SyntaxError:
            continue
        defs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
        if defs and (entry_point is None or any(d.name == entry_point for d in defs)):
            code, tree_code = block, tree
            others = [b for j, b in enumerate(blocks) if j != i]
            tests = others[-1] if others else None
            break
    if code is None:
        raise ParseError(f"no code block defines {entry_point!r}" if entry_point else "no code block defines a function")
    defs = [n for n in tree_code.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    node = next(d for d in defs if d.name == entry_point) if entry_point else defs[-1]
    body = node.body
    if not (body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str) and body[0].value.value.strip()):
        raise ParseError("entry point has no docstring")
    if body[0].end_lineno <= node.lineno or len(body) < 2:
        raise ParseError("docstring on the def line or no body after it")
    lines = code.splitlines(keepends=True)
    doc_end = body[0].end_lineno
    prompt = "".join(lines[:doc_end]).rstrip("\n") + "\n"
    solution = "".join(lines[doc_end:node.end_lineno]).rstrip() + "\n"
    dropped = "".join(lines[node.end_lineno:]).strip()
    if not solution.strip():
        raise ParseError("empty solution")
    try:
        test_tree = ast.parse(tests)
    except SyntaxError:
        raise ParseError("tests do not parse") from None
    if any(isinstance(n, ast.If) and "__name__" in ast.unparse(n.test) for n in test_tree.body):
        raise ParseError("tests under a __main__ guard")  # they would not run when the tests are imported
    top_calls = {n.value.func.id for n in test_tree.body if isinstance(n, ast.Expr)
                 and isinstance(n.value, ast.Call) and isinstance(n.value.func, ast.Name)}
    defined = {n.name for n in test_tree.body if isinstance(n, ast.FunctionDef)}
    if "check" in defined and "check" not in top_calls:  # HumanEval style: def check(candidate)
        tests = tests.rstrip() + f"\n\n\ncheck({node.name})\n"
        test_tree = ast.parse(tests)
    names = {n.id for n in ast.walk(test_tree) if isinstance(n, ast.Name)}
    if node.name not in names:
        raise ParseError("tests do not use the entry point")
    if not any(isinstance(n, (ast.Assert, ast.Raise)) for n in ast.walk(test_tree)):
        raise ParseError("tests check nothing")
    return ParsedExercise(prompt=prompt, solution=solution, tests=tests.rstrip() + "\n", entry_point=node.name,
                          kind="class" if isinstance(node, ast.ClassDef) else "function", dropped=dropped)


@dataclass
class ParsedTextbook:
    title: str
    text: str  # the whole section, Markdown
    code_blocks: list[str] = field(default_factory=list)

    @property
    def program(self) -> str:
        """The code blocks joined in order: what must run for the section to be kept."""
        return "\n\n".join(block.rstrip() for block in self.code_blocks) + "\n"

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "text": self.text, "code_blocks": list(self.code_blocks)}


def parse_textbook(text: str, min_prose_words: int = 60) -> ParsedTextbook:
    """Title, text and code blocks of a textbook answer; ParseError unless it has a title, at least one
    Python block that parses and `min_prose_words` words of prose outside the code."""
    text = text.strip()
    heading = re.search(r"^#\s+(.+?)\s*#*\s*$", text, re.MULTILINE)
    if not heading:
        raise ParseError("no '# ' title")
    blocks = code_blocks(text)
    if not blocks:
        raise ParseError("no python code block")
    for block in blocks:
        try:
            ast.parse(block)
        except SyntaxError:
            raise ParseError("a code block does not parse") from None
    prose = _FENCE.sub(" ", text)
    if len(re.findall(r"[A-Za-z]+", prose)) < min_prose_words:
        raise ParseError("too little prose")
    return ParsedTextbook(title=heading.group(1).strip(), text=text + "\n", code_blocks=blocks)
