"""Textbook sections written procedurally: sections that teach, built around a concept family's instance.

A section follows its spec: the topic is a concept family and variant, the audience picks the opening
and the tone, the style picks the structure (tutorial, worked example, questions and answers, common
mistakes, two approaches compared, reference entry). Whatever the style, a section has the parts of a
good textbook page, in the order and form its style gives them:

- **the idea before the code**: the contract and how the solution works, then the solution;
- **a worked trace**: one small example followed step by step (the variables pass by pass through a
  loop, the calls of a recursion, the sub-expressions of a one-line answer, or an object's state after
  each method call). It is recorded by running the reference under `sys.settrace`, so every value
  shown is the one Python computed;
- **a common mistake and its fix**: a plausible wrong version of the solution (a `return` indented
  into the loop, an off-by-one `range`, a missing base case, `print` instead of `return`, ...), made by
  editing the reference's syntax tree, run on the instance's inputs until one gives a different answer;
  the section shows that input, the wrong and the right output (both computed) and how to fix it. When
  no edit changes any output, the section falls back to a general pitfall of the theme;
- **an exercise with its solution**: a sibling variant of the family (or the same task under another
  name and seed), posed as a question with one example, then solved and checked.

Every code block runs, in order, as one program; every printed value in a comment is the real one.
What it cannot do that an LLM does: vary the prose beyond its templates, or explain beyond what the
family's explanation and the recorded trace say.
"""

from __future__ import annotations

import ast
import builtins
import copy
import dis
import inspect
import random
import re
import sys
import types
from dataclasses import dataclass, field
from typing import Any

from phi1lib.teacher.offline.base import FAMILIES, Family, FamilyError, Instance, Step, build, canon_repr

# --------------------------------------------------------------------------------------------------
# Words, by audience and theme

# Openings, by audience (the audience strings of prompts.AUDIENCES, matched by a keyword).
_OPENINGS: dict[str, list[str]] = {
    "beginner": [
        ("If you have never written a program before, don't worry: this section takes one small problem and "
        "solves it slowly, one idea at a time."),
        ("Programs are lists of precise instructions. In this section we write one short set of instructions "
        "for a small, everyday problem, and check that it really works."),
    ],
    "high-school": [
        ("In class you have probably already met variables, `if` statements and loops. Here we put them to "
        "work on a problem that shows up in many programs."),
        ("This section turns a short task into a working Python function, the way you would in a programming "
        "assignment, and then tests it."),
    ],
    "Java": [
        ("Coming from Java or C, you already know loops and functions; what changes in Python is how little "
        "ceremony they need. No type declarations, no braces: indentation groups statements."),
        ("Python's built-in types and iteration protocol make many tasks that need explicit index "
        "bookkeeping in C or Java shorter. This section shows one of them."),
    ],
    "spreadsheets": [
        ("If you have ever filled a spreadsheet column with a formula, you already think in small "
        "transformations of data. A Python function is a reusable formula with a name."),
        ("Tasks you might do by hand in a spreadsheet are often a few lines of Python. Here is one, written "
        "so that you can reuse it on any data."),
    ],
    "mathematics": [
        ("We begin with a precise statement of the problem, then translate it into Python, keeping the code "
        "as close to the definition as possible."),
        ("A function in Python, like a function in mathematics, maps inputs to outputs. Here we define one "
        "carefully and verify it on examples."),
    ],
    "interviews": [
        ("This is a classic warm-up question. Interviewers look for a correct solution first, then a clear "
        "explanation of why it works and what it costs."),
        ("Questions like this one test whether you can turn a short specification into correct code and "
        "reason about edge cases out loud."),
    ],
    "teacher": [
        ("This section is written to be taught: a short motivation, one example to work through on the board, "
        "and checks students can run themselves."),
        ("Here is a compact lesson plan: the idea, a worked solution, and a few test cases to discuss with "
        "the class."),
    ],
    "scientist": [
        ("Small helper functions like this one appear in every analysis script. Writing them carefully, with "
        "tests, saves hours of debugging later."),
        ("When a script processes experimental data, every helper should be correct on edge cases. Here we "
        "write one and check it."),
    ],
}

# How the trace is introduced, by audience ({call}: the traced call).
_TRACE_INTROS: dict[str, list[str]] = {
    "beginner": [("A computer follows the instructions one at a time. Let us do the same by hand for {call} "
                 "and write down every value."),
                 ("The best way to understand code is to pretend to be the computer. Here is what happens, step "
                 "by step, when we run {call}.")],
    "high-school": ["Tracing code by hand is a skill every test asks for. Here is {call}, step by step.",
                    "Before running it, follow {call} on paper and keep track of each variable."],
    "Java": ["As you would in a debugger, step through {call} and watch the variables change.",
             "Set a mental breakpoint at the first line and step through {call}."],
    "spreadsheets": [("Think of a trace as a small spreadsheet: one row per step, one column per variable. Here "
                     "it is for {call}."),
                     "Like following a formula down a column, we follow {call} one step at a time."],
    "mathematics": ["To see that the code computes what the definition says, evaluate {call} step by step.",
                    "We evaluate {call} by hand, recording the state after each step."],
    "interviews": [("In an interview, walk through a small input out loud before you say you are done. For "
                   "{call}:"),
                   "A dry run on a small input catches most bugs. Here is the dry run of {call}."],
    "teacher": ["Work through {call} on the board, one step at a time, before running anything.",
                "Ask the class to predict each value as you trace {call}:"],
    "scientist": ["Before trusting a helper on real data, follow it on a tiny input: {call}.",
                  "Here is the full computation for one small input, {call}."],
}

_SCENARIO_INTROS = [
    "Let us follow one short scenario step by step and watch the state change.",
    "To see what each call does, we run a few steps by hand and write down the state after each one.",
    "Tracing a sequence of calls shows how the data changes from one step to the next.",
]

_MISTAKE_INTROS = [
    "Here is a version that looks almost right but is not.",
    "A very common slip is easy to make here.",
    "It is worth seeing what a small mistake does.",
    "Many first attempts contain the same small error.",
    "Watch out for this tempting variation.",
]

_EXERCISE_INTROS = [
    "Now try one yourself before reading the solution.",
    "Practice makes this stick. Here is a related problem.",
    "To check your understanding, solve this one on your own first.",
    "Here is a similar task to practise with.",
]

_PITFALLS: dict[str, list[str]] = {
    "strings": [
        ("Strings are immutable: methods such as `upper()` or `replace()` return a new string and leave the "
        "original unchanged, so their result must be stored or returned."),
        ("Building a long string with `+=` inside a loop copies it again and again; collecting pieces in a "
        "list and calling `''.join(pieces)` once is the idiomatic alternative."),
        "Remember the empty string: many functions should return something sensible for `''`.",
    ],
    "lists": [
        "Modifying a list while looping over it skips elements; build a new list instead.",
        ("`range(len(xs))` stops one before `len(xs)`, which is exactly the last valid index; writing "
        "`len(xs) + 1` is a classic off-by-one error."),
        ("Assigning a list to a new name does not copy it: both names refer to the same list. Use "
        "`list(xs)` or `xs[:]` when a copy is needed."),
    ],
    "dicts and sets": [
        "Reading a missing key with `d[key]` raises KeyError; `d.get(key, default)` returns a default instead.",
        "Sets have no order you can rely on; sort them when the order of the output matters.",
        "Dictionary keys must be hashable: strings, numbers and tuples work, lists do not.",
    ],
    "arithmetic and number theory": [
        ("`/` always produces a float while `//` divides and rounds down; mixing them up is a common source "
        "of wrong answers."),
        ("Check the smallest inputs (0, 1, negative numbers) separately: loops that work for large numbers "
        "often do nothing at all for them."),
        ("Floating point numbers are approximations, so compare them with a tolerance or round them before "
        "comparing."),
    ],
    "searching": [
        "Binary search only works on sorted data; on unsorted input it silently returns wrong answers.",
        "Decide up front what to return when the item is absent (-1, None) and document it.",
    ],
    "sorting": [
        ("`list.sort()` sorts in place and returns None, while `sorted(xs)` returns a new list; "
        "`xs = xs.sort()` loses the list."),
        ("Python's sort is stable: items with equal keys keep their original order, which makes multi-key "
        "sorting easy."),
    ],
    "recursion": [
        ("Every recursive function needs a base case that is always reached; without it Python stops with a "
        "RecursionError."),
        "Each call should work on a strictly smaller problem, otherwise the recursion never ends.",
    ],
    "stacks and queues": [
        "Popping from an empty list raises IndexError; check that the stack is non-empty first.",
        ("`list.pop()` is fast but `list.pop(0)` shifts every element; for long queues keep an index or "
        "use `collections.deque`."),
    ],
    "comprehensions": [
        ("A comprehension should stay readable; when it needs several conditions and nested loops, an "
        "ordinary loop is often clearer."),
        "Square brackets make a list, braces a set or a dictionary, and parentheses a generator.",
    ],
    "generators and iteration": [
        "A generator can be consumed only once: after `list(gen)` a second `list(gen)` is empty.",
        "Calling a generator function runs none of its body until the first value is requested.",
    ],
    "classes": [
        "Forgetting `self` as the first parameter of a method is the most common error with classes.",
        ("Attributes set in `__init__` belong to each object; a list defined at class level would be shared by "
        "all objects."),
    ],
    "exceptions": [
        ("A bare `except:` also catches mistakes such as typos in names; catch the specific exception you "
        "expect."),
        "Raise exceptions with a message that says what was wrong and what was expected.",
    ],
    "formatting and parsing": [
        ("f-strings evaluate the expressions inside braces; format specifications after a colon control "
        "width, alignment and decimals."),
        "When parsing text, decide how to treat extra spaces and empty fields, and test those cases.",
    ],
}

_CLOSINGS = [
    "Try changing the inputs in the code blocks and predict the output before running them.",
    "As a further exercise, write two more test cases of your own, including an edge case.",
    "A good next step is to rewrite the function in a different way and check that the tests still pass.",
    "Before moving on, explain in your own words why the function handles the smallest possible input.",
    "Tracing a small input by hand, as we did above, is the quickest way to find a bug: make it a habit.",
]


def _pick_audience(table: dict[str, list[str]], audience: str, rng: random.Random) -> str:
    for key, options in table.items():
        if key.lower() in audience.lower():
            return rng.choice(options)
    return rng.choice(table["beginner"])


def _opening(audience: str, rng: random.Random) -> str:
    return _pick_audience(_OPENINGS, audience, rng)


# --------------------------------------------------------------------------------------------------
# Small helpers


def _shown(result: str) -> str:
    """How print() shows a value whose repr is `result`."""
    try:
        value = ast.literal_eval(result)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return result
    return value if isinstance(value, str) else result


def _c(text: str) -> str:
    """`text` as inline code."""
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _block(code: str) -> str:
    return f"```python\n{code.rstrip()}\n```"


def _text_block(text: str) -> str:
    return f"```text\n{text.rstrip()}\n```"


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_PLAIN = (int, str, bool, list, tuple, float, type(None))


def _val(value: Any, limit: int = 48) -> str:
    """A short, process-independent rendering of a value (sets sorted, no addresses)."""
    if type(value) in _PLAIN:
        text = repr(value)  # fast path: no set inside, so repr is already canonical
        if "{" not in text and "<" not in text and "frozenset" not in text and "nan" not in text \
                and "inf" not in text:
            return text if len(text) <= limit else text[: limit - 3] + "..."
    try:
        text = canon_repr(value)
    except FamilyError:
        try:
            text = _ADDRESS.sub("", repr(value))
        except Exception:  # noqa: BLE001 - a __repr__ that fails
            return "?"
    except Exception:  # noqa: BLE001 - canon_repr can fail on odd values
        return "?"
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text


def _literal(value: Any) -> str | None:
    """canon_repr of a value that has a literal form, else None."""
    try:
        return canon_repr(value)
    except Exception:  # noqa: BLE001 - no literal form
        return None


def _printed(result: str) -> str:
    """What `print(expr)` shows for an expression whose repr is `result` ("" = None)."""
    return _shown(result) if result else "None"


def _print_line(code: str, result: str) -> str:
    """`print(code)` with its output as a comment (one comment line per output line when there are several).
    A set is printed sorted: the order `print` shows a set in is not the sorted order of its repr."""
    if result.startswith(("{", "frozenset(")) and not result.startswith("{}"):
        try:
            value = ast.literal_eval(result)
            if isinstance(value, (set, frozenset)):
                return f"print(sorted({code}))  # {canon_repr(sorted(value))}"
        except (ValueError, SyntaxError, TypeError, FamilyError):
            pass
    shown = _printed(result)
    if "\n" in shown:
        return f"print({code})\n" + "\n".join(f"# {line}".rstrip() for line in shown.split("\n"))
    return f"print({code})  # {shown}"


def demo_code(inst: Instance, n: int = 3) -> str:
    """The instance's examples as runnable lines: printed calls with their output as comments."""
    lines = []
    for steps, results in inst.examples[:n]:
        for step, result in zip(steps, results):
            if step.kind == "stmt":
                lines.append(step.code)
            elif step.kind == "raises":
                lines.append(f"try:\n    {step.code}\nexcept {step.exc} as error:\n    print('{step.exc}:', error)")
            else:
                lines.append(_print_line(step.code, result))
    return "\n".join(lines)


def check_code(inst: Instance, n: int = 4) -> str:
    """The first `n` test cases as asserts (for the 'check it' part of a section)."""
    return "\n".join(inst.test_cases[:n])


class _Src:
    """Source text with (line, UTF-8 column) -> character offset conversion, for editing by AST positions."""

    def __init__(self, text: str):
        self.text = text
        self.lines = text.splitlines(keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))

    def off(self, lineno: int, col: int) -> int:
        line = self.lines[lineno - 1]
        return self.starts[lineno - 1] + len(line.encode()[:col].decode(errors="ignore"))

    def span(self, node: ast.AST) -> tuple[int, int]:
        return self.off(node.lineno, node.col_offset), self.off(node.end_lineno, node.end_col_offset)

    def seg(self, node: ast.AST) -> str:
        a, b = self.span(node)
        return self.text[a:b]

    def line_span(self, first: int, last: int) -> tuple[int, int]:
        """Offsets of whole lines first..last (1-based, inclusive), newline included."""
        return self.starts[first - 1], self.starts[last]


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    for a, b, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:a] + new + text[b:]
    return text


def _rename(code: str, old: str, new: str, mode: str = "exec") -> str | None:
    """`code` with the variable (and def/class) `old` renamed to `new`; strings and attributes untouched."""
    try:
        tree = ast.parse(code, mode=mode)
    except SyntaxError:
        return None
    src = _Src(code)
    edits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == old:
            a, b = src.span(node)
            edits.append((a, b, new))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == old:
            line = src.lines[node.lineno - 1]
            m = re.search(rf"\b(?:def|class)\s+({re.escape(old)})\b", line)
            if m is None:
                return None
            a = src.starts[node.lineno - 1] + m.start(1)
            edits.append((a, a + len(old), new))
    return _apply(code, edits)


def _annotate(tree: ast.AST, code: str) -> None:
    """Remember each node's own source text (as written, not as `ast.unparse` would rewrite it)."""
    src = _Src(code)
    for node in ast.walk(tree):
        if not hasattr(node, "end_lineno") or isinstance(node, (ast.arg, ast.keyword, ast.alias)):
            continue
        try:
            if isinstance(node, ast.stmt) and (node.end_lineno != node.lineno or hasattr(node, "body")):
                if not hasattr(node, "body"):
                    text = " ".join(src.seg(node).split())
                else:
                    text = src.lines[node.lineno - 1].strip()
            else:
                text = src.seg(node)
                if "\n" in text:
                    text = " ".join(text.split())
        except (IndexError, AttributeError):
            continue
        if text:
            node._phi1_text = text


def _unparse(node: ast.AST) -> str:
    text = getattr(node, "_phi1_text", None)
    if text is None:
        text = ast.unparse(node)
        node._phi1_text = text
    return text


def _entry(tree: ast.Module, name: str) -> ast.FunctionDef | ast.ClassDef | None:
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
            return node
    return None


def _statements(body: list[ast.stmt]):
    """Every statement of `body`, nested blocks included, in source order; not inside nested defs."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for name in ("body", "orelse", "finalbody"):
            yield from _statements(getattr(stmt, name, []) or [])
        for handler in getattr(stmt, "handlers", []) or []:
            yield from _statements(handler.body)
        for case in getattr(stmt, "cases", []) or []:
            yield from _statements(case.body)


def _stmt_lists(body: list[ast.stmt]):
    """Every statement list (block) in `body`, nested blocks included."""
    yield body
    for stmt in body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for name in ("body", "orelse", "finalbody"):
            block = getattr(stmt, name, None)
            if block:
                yield from _stmt_lists(block)
        for handler in getattr(stmt, "handlers", []) or []:
            yield from _stmt_lists(handler.body)


def _uses_sets(tree: ast.AST) -> bool:
    """Does the code build sets (whose iteration order over strings changes from process to process)?"""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Set, ast.SetComp)):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("set", "frozenset"):
            return True
    return False


def _has_text(code: str) -> bool:
    return "'" in code or '"' in code


def _first_line(text: str, limit: int = 90) -> str:
    line = text.strip().splitlines()[0].strip() if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 3] + "..."


_BUILTIN_EXCEPTIONS = {n for n, v in vars(builtins).items() if isinstance(v, type) and issubclass(v, BaseException)}


# --------------------------------------------------------------------------------------------------
# Recording a run: sys.settrace on the entry point's frames


class _Budget(BaseException):
    """Raised inside traced code that runs too long (not an Exception: `except Exception` lets it pass)."""


_YIELD = dis.opmap.get("YIELD_VALUE", -1)
_SKIP_TYPES = (types.FunctionType, types.BuiltinFunctionType, types.MethodType, type, types.ModuleType)


def _snap(frame) -> dict[str, str]:
    out = {}
    for k, v in frame.f_locals.items():
        if k.startswith(".") or k == "self" or isinstance(v, _SKIP_TYPES):
            continue
        text = _val(v)
        if not text.startswith("<"):
            out[k] = text
    return out


@dataclass
class _Ev:
    kind: str  # "call" | "line" | "return"
    frame: int
    depth: int
    line: int
    snap: dict[str, str]
    value: str = ""  # return: the value returned (or yielded)
    yielded: bool = False
    subs: list[tuple[str, str]] = field(default_factory=list)  # line: (sub-expression, value), inner first


class _Recorder:
    """Records calls, lines and returns of the frames running `codes` (compiled from file `filename`)."""

    def __init__(self, codes: set, filename: str, max_lines: int, subexprs: dict[int, Any] | None = None):
        self.codes, self.filename, self.max_lines = codes, filename, max_lines
        self.subexprs = subexprs or {}
        self.events: list[_Ev] = []
        self.frames: list = []  # kept alive, so that their ids stay unique
        self.index: dict[int, int] = {}
        self.stack: list[int] = []
        self.lines = 0
        self.evaluations = 0

    def glob(self, frame, event, arg):
        if frame.f_code.co_filename != self.filename:
            return None
        if frame.f_code not in self.codes:
            return self.count
        key = self.index.get(id(frame))
        if key is None:
            key = self.index[id(frame)] = len(self.frames)
            self.frames.append(frame)
        self.stack.append(key)
        self.events.append(_Ev("call", key, len(self.stack), frame.f_lineno, _snap(frame)))
        return self.local

    def count(self, frame, event, arg):
        if event == "line":
            self.lines += 1
            if self.lines > self.max_lines:
                raise _Budget
        return self.count

    def local(self, frame, event, arg):
        key = self.index.get(id(frame), -1)
        if event == "line":
            self.lines += 1
            if self.lines > self.max_lines:
                raise _Budget
            ev = _Ev("line", key, len(self.stack), frame.f_lineno, _snap(frame))
            if key == 0 and frame.f_lineno in self.subexprs and self.evaluations < 24:
                self.evaluations += 1
                ev.subs = _evaluate(self.subexprs[frame.f_lineno], frame)
            self.events.append(ev)
        elif event == "return":
            yielded = False
            if frame.f_code.co_flags & inspect.CO_GENERATOR and frame.f_lasti >= 0:
                yielded = frame.f_code.co_code[frame.f_lasti] == _YIELD
            self.events.append(_Ev("return", key, len(self.stack), frame.f_lineno, _snap(frame), _val(arg),
                                   yielded))
            if self.stack:
                self.stack.pop()
        return self.local


def _run_traced(tracer, fn, *args):
    """fn(*args) with `tracer` as the trace function (the previous one is restored)."""
    old = sys.gettrace()
    sys.settrace(tracer)
    try:
        return fn(*args)
    finally:
        sys.settrace(old)


def _code_objects(code: types.CodeType):
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _code_objects(const)


_MUTATING = {"append", "extend", "insert", "pop", "remove", "clear", "update", "add", "discard", "setdefault",
             "popitem", "sort", "reverse", "send", "write", "appendleft", "popleft", "push", "enqueue", "dequeue"}
_IMPURE_CALLS = {"print", "next", "iter", "input", "open", "exec", "eval", "id", "hash", "vars", "globals"}


def _subexpr_nodes(expr: ast.AST, entry: str) -> list[str]:
    """Source texts of the compound sub-expressions of `expr`, inner first, that are safe to re-evaluate."""
    out: list[ast.AST | str] = []

    def unsafe(node: ast.AST) -> bool:
        for sub in ast.walk(node):
            if isinstance(sub, (ast.Yield, ast.YieldFrom, ast.Await, ast.NamedExpr)):
                return True
            if isinstance(sub, ast.Call):
                f = sub.func
                if isinstance(f, ast.Name) and (f.id == entry or f.id in _IMPURE_CALLS):
                    return True
                if isinstance(f, ast.Attribute) and f.attr in _MUTATING:
                    return True
        return False

    def visit(node: ast.AST) -> None:
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Lambda)):
            if isinstance(node, ast.GeneratorExp):
                out.append(_GEN + _unparse(node))
            elif not isinstance(node, ast.Lambda):
                out.append(node)
            return
        if isinstance(node, ast.IfExp):
            visit(node.test)
            out.append(node)
            return
        for child in ast.iter_child_nodes(node):
            visit(child)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _LAZY:
            out.append(_GEN + _unparse(node))  # a lazy iterable: show what it produces
        elif isinstance(node, (ast.Call, ast.BinOp, ast.Subscript, ast.BoolOp, ast.Compare)) or isinstance(node, ast.UnaryOp) and not isinstance(node.operand, ast.Constant):
            out.append(node)

    if unsafe(expr):
        return []
    visit(expr)
    return [n if isinstance(n, str) else _unparse(n) for n in out]


_SAFE = (int, str, bool, float, type(None), tuple, list, dict, set, frozenset)


_GEN = "\x00gen:"  # marks a generator expression: evaluated as list(...) to show what it produces
_LAZY = {"range", "reversed", "zip", "enumerate", "map", "filter"}


def _compiled(sources: list[str]) -> tuple[list[tuple[str, types.CodeType]], set[str]]:
    """Sub-expressions compiled once, with the names they read."""
    out, names = [], set()
    for src in sources:
        text = f"list({src[len(_GEN):]})" if src.startswith(_GEN) else f"({src})"
        try:
            out.append((src, compile(text, "<sub>", "eval")))
        except SyntaxError:
            continue
        names |= {n.id for n in ast.walk(ast.parse(text, mode="eval")) if isinstance(n, ast.Name)}
    return out, names


def _evaluate(compiled: tuple[list[tuple[str, types.CodeType]], set[str]], frame) -> list[tuple[str, str]]:
    """(source, value) of each sub-expression, evaluated on a copy of the frame's variables."""
    codes, names = compiled
    try:
        local = frame.f_locals
        env = dict(frame.f_globals)
        values = {k: local[k] for k in names if k in local}
        plain = {k: v for k, v in values.items() if type(v) in _SAFE or isinstance(v, _SKIP_TYPES)}
        env.update(plain)  # built-in values that pure expressions only read, modules and functions: as they are
        env.update(copy.deepcopy({k: v for k, v in values.items() if k not in plain}))
    except Exception:  # noqa: BLE001 - a value that cannot be copied: no sub-expression values
        return []
    out = []
    for src, code in codes:
        try:
            value = eval(code, env)
        except Exception:  # noqa: BLE001, S112 - a sub-expression that fails on its own (a branch not taken) is skipped
            continue
        text = _literal(value)
        if text is None or len(text) > 60:
            continue
        out.append((src, text))
    return out


# --------------------------------------------------------------------------------------------------
# The worked trace


@dataclass
class _Trace:
    call: str  # the traced expression (or the scenario's first step)
    result: str  # repr of what it gives ("" for None)
    kind: str  # "loop" | "recursion" | "steps" | "scenario"
    body: list[str]  # Markdown lines (bullets, a table or a text block)
    before: str = ""  # a sentence before the body
    after: str = ""  # a sentence after it
    size: int = 0  # rows or steps
    scenario: list[str] = field(default_factory=list)  # for "scenario": the steps, to run them again
    weak: bool = False  # a step list for code whose loop or recursion did not run


def trace(inst: Instance, rng: random.Random | None = None) -> _Trace | None:
    """A worked trace of one small example of `inst`, recorded by running its reference; None if none fits."""
    rng = rng or random.Random(0)
    try:
        tree = ast.parse(inst.code)
        node = _entry(tree, inst.entry_point)
        if node is None:
            return None
        if inst.kind == "class" or any(len(s) > 1 or s[0].kind == "stmt" for s, _ in inst.examples[:1]):
            return _scenario_trace(inst, tree, rng)
        return _function_trace(inst, tree, node, rng)
    except (Exception, _Budget):  # noqa: BLE001 - a trace is optional: never let it break a section
        return None


def _function_trace(inst: Instance, tree: ast.Module, node: ast.FunctionDef, rng: random.Random) -> _Trace | None:
    name = inst.entry_point
    module = compile(inst.code, "<traced>", "exec")
    ns: dict[str, Any] = {"__name__": "__traced__"}
    exec(module, ns)  # noqa: S102 - our own reference code
    codes = {c for c in _code_objects(module) if c.co_name == name}
    _annotate(node, inst.code)
    stmts = {}
    for stmt in _statements(node.body):
        stmts.setdefault(stmt.lineno, stmt)
    subexprs: dict[int, list[str]] = {}
    for line, stmt in stmts.items():
        expr = None
        if isinstance(stmt, (ast.Return, ast.Assign, ast.AugAssign, ast.AnnAssign)) and stmt.value is not None:
            expr = stmt.value
        elif isinstance(stmt, (ast.If, ast.While)):
            expr = stmt.test
        if expr is not None:
            found = _subexpr_nodes(expr, name)
            if found:
                subexprs[line] = _compiled(found)
    hashy = _uses_sets(tree)
    best: tuple | None = None
    singles = sorted(((s[0].code, r[0]) for s, r in inst.examples if len(s) == 1 and s[0].kind == "expr"),
                     key=lambda c: (_dull_call(c[0]), c[1] in _DULL, len(c[0])))
    for call, result in singles[:4]:
        rec = _Recorder(codes, "<traced>", 300, subexprs)
        try:
            _run_traced(rec.glob, eval, call, dict(ns))
        except _Budget:
            continue
        except Exception:  # noqa: BLE001, S112 - an example that does not run traced is not shown
            continue
        if not rec.events:
            continue
        t = _render_function(rec, node, stmts, call, result, name, rng)
        if t is None or (hashy and _has_text(call) and t.kind != "steps"):
            continue
        score = (_penalty(t) + _dull_call(call) + 0.5 * (result in _DULL), len(call))
        if best is None or score < best[0]:
            best = (score, t)
        if score[0] == 0:
            break  # the shortest input that makes a good trace
    return best[1] if best else None


def _dull_call(call: str) -> float:
    """How poor a call is as an example to trace: 1 for an empty argument (list, string, ...), 0.5 for a
    one-item list, else 0."""
    try:
        node = ast.parse(call, mode="eval").body
    except SyntaxError:
        return 0.0
    while isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Call) and not node.keywords \
            and isinstance(node.func, ast.Name) and node.func.id in ("list", "sorted", "tuple", "set"):
        node = node.args[0]  # list(gen(...)): look at the inner call
    if not isinstance(node, ast.Call):
        return 0.0
    score = 0.0
    for arg in node.args:
        if isinstance(arg, (ast.List, ast.Tuple, ast.Set, ast.Dict)):
            n = len(arg.keys) if isinstance(arg, ast.Dict) else len(arg.elts)
            score = max(score, 1.0 if n == 0 else 0.5 if n == 1 else 0.0)
        elif isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            score = max(score, 1.0 if not arg.value.strip() else 0.3 if len(arg.value) == 1 else 0.0)
    return score


def _penalty(t: _Trace) -> float:
    if t.weak:
        return 4.0 + t.size * 0.1
    lo, hi = {"loop": (2, 5), "recursion": (3, 9), "steps": (2, 5)}.get(t.kind, (2, 6))
    if t.size < lo:
        return (lo - t.size) * 2.0 + (3.0 if t.size <= 1 else 0.0)
    if t.size > hi:
        return (t.size - hi) * 1.0
    return 0.0


def _render_function(rec: _Recorder, node, stmts, call: str, result: str, name: str,
                     rng: random.Random) -> _Trace | None:
    if len(rec.frames) > 1:
        return _render_recursion(rec, name, call, result)
    evs = [e for e in rec.events if e.frame == 0]
    loops = sorted((s for s in _statements(node.body) if isinstance(s, (ast.For, ast.While))),
                   key=lambda s: s.lineno)
    for loop in loops:
        t = _render_loop(evs, loop, stmts, node, call, result, rng, loops)
        if t is not None:
            return t
    t = _render_steps(evs, stmts, call, result)
    if t is not None and (loops or any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name
                                       for n in ast.walk(node))):
        t.weak = True
    return t


def _body_range(block: list[ast.stmt]) -> tuple[int, int]:
    return block[0].lineno, block[-1].end_lineno


def _next_line(evs: list[_Ev], i: int) -> _Ev | None:
    for e in evs[i + 1:]:
        if e.kind == "line":
            return e
        if e.kind == "return" and not e.yielded:
            return e
    return None


def _if_outcomes(evs: list[_Ev], lo: int, hi: int, stmts, within: tuple[int, int]) -> list[tuple[str, bool, str]]:
    out, seen = [], set()
    for k in range(lo, hi):
        e = evs[k]
        if e.kind != "line" or e.line in seen or not (within[0] <= e.line <= within[1]):
            continue
        stmt = stmts.get(e.line)
        if not isinstance(stmt, ast.If):
            continue
        seen.add(e.line)
        nxt = _next_line(evs, k)
        a, b = _body_range(stmt.body)
        test = _unparse(stmt.test)
        if len(test) <= 50:
            ops = [(x, v) for x, v in e.subs if x != test and x != v and len(x) <= 30
                   and not x.startswith(_GEN)][-2:]
            why = " and ".join(f"{_c(x)} is {_c(v)}" for x, v in ops)
            out.append((test, nxt is not None and nxt.kind == "line" and a <= nxt.line <= b, why))
    return out[:2]


def _pass_starts(evs: list[_Ev], loop) -> tuple[list[int], list[int]]:
    """Indexes of the loop header's line events, and of those that start a pass."""
    a, b = _body_range(loop.body)
    hits = [i for i, e in enumerate(evs) if e.kind == "line" and e.line == loop.lineno]
    starts = []
    for h in hits:
        nxt = _next_line(evs, h)
        if nxt is not None and nxt.kind == "line" and a <= nxt.line <= b:
            starts.append(h)
    return hits, starts


def _render_loop(evs: list[_Ev], loop, stmts, node, call: str, result: str, rng: random.Random,
                 loops: list) -> _Trace | None:
    a, b = _body_range(loop.body)
    hits, starts = _pass_starts(evs, loop)
    if not starts:
        return None
    targets = [n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)] if isinstance(loop, ast.For) else []
    params = [arg.arg for arg in node.args.args + node.args.kwonlyargs]
    passes = []
    end_kind, end_value = "", ""
    for h in starts:
        j = h + 1
        while j < len(evs):
            e = evs[j]
            if e.kind == "line" and (e.line == loop.lineno or not loop.lineno <= e.line <= loop.end_lineno):
                break
            if e.kind == "return" and not e.yielded:
                break
            j += 1
        end = evs[j] if j < len(evs) else evs[-1]
        start_snap = evs[h].snap
        changed = {k: v for k, v in end.snap.items() if k not in targets and start_snap.get(k) != v}
        passes.append({
            "targets": {t: end.snap.get(t, "?") for t in targets},
            "changed": changed, "snap": end.snap,
            "ifs": _if_outcomes(evs, h + 1, j, stmts, (a, b)),
            "yields": [e.value for e in evs[h:j] if e.kind == "return" and e.yielded],
        })
        if end.kind == "return" and not end.yielded:
            end_kind, end_value = "return", end.value
        elif end.kind == "line" and end.line == loop.lineno:
            end_kind = "header"
        else:
            end_kind = "left"
    last_hit_next = _next_line(evs, hits[-1]) if hits else None
    if end_kind == "header" and last_hit_next is not None:
        end_kind = "done"
    final = next((e.value for e in reversed(evs) if e.kind == "return" and not e.yielded), "")
    first = evs[starts[0]].snap
    before = [f"{_c(k)} is {_c(v)}" for k, v in first.items() if k not in params and k not in targets]
    intro = ""
    if before:
        intro = "Before the loop starts, " + _join(before) + "."

    # the rows
    shown = list(range(len(passes)))
    if len(passes) > 7:
        shown = [0, 1, 2, 3, -1, len(passes) - 2, len(passes) - 1]
    body: list[str] = []
    yields = any(p["yields"] for p in passes)
    if rng.random() < 0.5:
        cols = list(targets)
        for p in passes:
            for k in p["changed"]:
                if k not in cols:
                    cols.append(k)
        cols = cols[:5]
        tests = {t for p in passes for t, _, _ in p["ifs"]}
        test = next(iter(tests)) if len(tests) == 1 and len(next(iter(tests))) <= 32 and len(cols) < 5 else None
        head = ["pass"] + [_c(c) for c in cols] + ([_c(test).replace("|", "\\|")] if test else []) \
            + (["yields"] if yields else [])
        body.append("| " + " | ".join(head) + " |")
        body.append("|" + "|".join(["---"] * len(head)) + "|")
        for i in shown:
            if i < 0:
                body.append("| " + " | ".join(["..."] * len(head)) + " |")
                continue
            p = passes[i]
            cells = [str(i + 1)] + [_cell(p["snap"].get(c, "")) for c in cols]
            if test:
                cells.append(next(("true" if ok else "false" for t, ok, _ in p["ifs"] if t == test), ""))
            if yields:
                cells.append(_cell(", ".join(p["yields"])) if p["yields"] else "")
            body.append("| " + " | ".join(cells) + " |")
        lead = "Each row shows the variables at the end of one pass through the loop:"
    else:
        for i in shown:
            if i < 0:
                body.append("- ... the same steps repeat ...")
                continue
            p = passes[i]
            bits = [f"{_c(k)} is {_c(v)}" for k, v in p["targets"].items()]
            if isinstance(loop, ast.While) and i == 0 and len(_unparse(loop.test)) <= 50 \
                    and not isinstance(loop.test, ast.Constant):
                bits.append(f"{_c(_unparse(loop.test))} is true")
            bits += [(f"{why}, so " if why else "") + f"{_c(t)} is {'true' if ok else 'false'}"
                     for t, ok, why in p["ifs"]]
            bits += [f"{_c(k)} becomes {_c(v)}" for k, v in list(p["changed"].items())[:4]]
            bits += [f"it yields {_c(v)}" for v in p["yields"][:3]]
            if not p["changed"] and not p["yields"] and not p["ifs"]:
                bits.append("nothing else changes")
            body.append(f"- Pass {i + 1}: " + "; ".join(bits) + ".")
        lead = "Pass by pass:"
    n = len(passes)
    count = f"The loop body runs {n} time{'s' if n != 1 else ''}."
    later = []
    for other in loops:
        if other.lineno > loop.end_lineno and not any(o is not other and o.lineno < other.lineno <= o.end_lineno
                                                      for o in loops):
            k = len(_pass_starts(evs, other)[1])
            later.append(f"the loop {_c(_unparse(other))} runs {k} pass{'es' if k != 1 else ''}")
    if later and end_kind != "return":
        final_text = f" Finally the function returns {_c(final)}." if final and not yields else ""
        tail = ("There are no items left, so this loop ends." if end_kind == "done" and isinstance(loop, ast.For)
                else "Then this loop stops.")
        return _Trace(call, result, "loop", body, before=" ".join(x for x in (intro, lead) if x),
                      after=f"{count} {tail} After it, {_join(later)} in the same way.{final_text}",
                      size=len(passes))
    if end_kind == "return":
        tail = f"During pass {n} the function reaches `return` and hands back {_c(end_value)} at once."
    elif end_kind == "done" and isinstance(loop, ast.While):
        test = _unparse(loop.test)
        tail = (f"Then {_c(test)} is false, so the loop stops" if len(test) <= 50 else "Then the condition is "
                "false, so the loop stops")
        tail += f" and the function returns {_c(final)}." if final and not yields else "."
    elif end_kind == "done":
        tail = "There are no items left, so the loop ends"
        tail += f" and the function returns {_c(final)}." if final and not yields else "."
    else:
        tail = "The loop is left early"
        tail += f" and the function returns {_c(final)}." if final and not yields else "."
    return _Trace(call, result, "loop", body, before=" ".join(x for x in (intro, lead) if x),
                  after=count + " " + tail, size=len(passes))


def _cell(text: str) -> str:
    return _c(text).replace("|", "\\|") if text else ""


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _render_recursion(rec: _Recorder, name: str, call: str, result: str) -> _Trace | None:
    labels: dict[int, str] = {}
    has_child: dict[int, bool] = {}
    stack: list[int] = []
    lines: list[tuple[int, str, int]] = []  # (depth, text, frame)
    for e in rec.events:
        if e.kind == "call":
            if e.frame not in labels:
                code = rec.frames[e.frame].f_code
                argn = code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]
                labels[e.frame] = f"{name}({', '.join(e.snap.get(a, '?') for a in argn)})"
                if stack:
                    has_child[stack[-1]] = True
                lines.append((len(stack), labels[e.frame], e.frame))
            stack.append(e.frame)
        elif e.kind == "return":
            if stack:
                stack.pop()
            label = labels.get(e.frame, name)
            if e.yielded:
                lines.append((len(stack), f"{label} yields {e.value}", -1))
                continue
            gen = rec.frames[e.frame].f_code.co_flags & inspect.CO_GENERATOR
            what = "finishes" if gen else f"returns {e.value}"
            if lines and lines[-1][2] == e.frame and not has_child.get(e.frame):
                lines[-1] = (lines[-1][0], f"{label} {what}   <- base case", -1)
            else:
                lines.append((len(stack), f"{label} {what}", -1))
    n_calls = len(labels)
    if len(lines) > 16:
        lines = lines[:11] + [(0, "...", -1)] + lines[-2:]
    text = "\n".join("    " * depth + t for depth, t, _ in lines)
    before = ("Each call waits for the smaller calls inside it to finish; the indentation shows how deep "
              "the recursion is at each moment:")
    after = (f"That makes {n_calls} calls in all. The calls that return without calling {_c(name)} again "
             "are the base cases; every other call combines the answers of the smaller calls.")
    return _Trace(call, result, "recursion", [_text_block(text)], before=before, after=after, size=n_calls)


def _sub_lines(subs: list[tuple[str, str]], whole: str, limit: int) -> list[str]:
    """Bullets for the values of sub-expressions (generator expressions: the values they produce)."""
    out = []
    for s, v in subs:
        if s == whole:
            continue
        if s.startswith(_GEN):
            g = s[len(_GEN):]
            what = "" if g.split("(")[0] in _LAZY else "the generator expression "
            out.append(f"- {what}{_c(g)} produces {_c(v)}" if len(g) <= 60
                       else f"- {what or 'it '}produces {_c(v)}")
        elif len(s) <= 60:
            out.append(f"- {_c(s)} is {_c(v)}")
    return out[-limit:]


def _render_steps(evs: list[_Ev], stmts, call: str, result: str) -> _Trace | None:
    final = next((e.value for e in reversed(evs) if e.kind == "return" and not e.yielded), "")
    body: list[str] = []
    n_steps = 0
    for i, e in enumerate(evs):
        if e.kind != "line":
            continue
        stmt = stmts.get(e.line)
        if stmt is None:
            continue
        nxt = _next_line(evs, i)
        subs = [(s, v) for s, v in e.subs if s != v]
        if isinstance(stmt, ast.Return):
            whole = _unparse(stmt.value) if stmt.value is not None else ""
            if any(s == whole and v != final for s, v in subs):
                subs = []  # the re-evaluation disagrees with the run: show only the run
            lines = _sub_lines(subs, whole, 5)
            body += lines
            body.append(f"- so {_c(_first_line(_unparse(stmt)))} hands back {_c(final)}." if final
                        else "- the function returns `None`.")
            n_steps += 1 + len(lines)
            break
        if isinstance(stmt, ast.If):
            a, b = _body_range(stmt.body)
            taken = nxt is not None and nxt.kind == "line" and a <= nxt.line <= b
            test = _unparse(stmt.test)
            body += _sub_lines(subs, test, 2)
            body.append(f"- {_c(_first_line(test))} is {'true' if taken else 'false'}, so "
                        + ("the indented block runs." if taken else "that block is skipped."))
            n_steps += 1
            continue
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            body.append(f"- {_c(_first_line(_unparse(stmt)))} makes the module's functions available.")
            continue
        if isinstance(stmt, (ast.FunctionDef, ast.ClassDef)):
            body.append(f"- {_c(_first_line(_unparse(stmt)))} defines a helper, {_c(stmt.name)}, for the lines below.")
            continue
        if isinstance(stmt, (ast.For, ast.While)):
            body.append(f"- {_c(_first_line(_unparse(stmt)))} runs zero times here: there is nothing to loop over.")
            n_steps += 1
            continue
        after = nxt.snap if nxt is not None else e.snap
        changed = [(k, v) for k, v in after.items() if e.snap.get(k) != v]
        line = _first_line(_unparse(stmt))
        value = getattr(stmt, "value", None)
        body += _sub_lines(subs, _unparse(value) if isinstance(value, ast.AST) else "", 2)
        if changed:
            body.append(f"- {_c(line)} sets " + _join([f"{_c(k)} to {_c(v)}" for k, v in changed[:3]]) + ".")
        else:
            body.append(f"- {_c(line)} runs.")
        n_steps += 1
        if n_steps > 12:
            break
    if not body:
        return None
    return _Trace(call, result, "steps", body, before="Step by step:",
                  after=f"So {_c(call)} gives {_c(result or 'None')}.", size=n_steps)


def _scenario_trace(inst: Instance, tree: ast.Module, rng: random.Random) -> _Trace | None:
    cands = [(max(0, len(s) - 6) + (2 if len(s) < 3 else 0), len(s), s, r) for s, r in inst.examples]
    if not cands:
        return None
    cands.sort(key=lambda c: (c[0], c[1]))
    _, _, steps, results = cands[0]
    steps, results = steps[:7], results[:7]
    module = compile(inst.code, "<traced>", "exec")
    ns: dict[str, Any] = {"__name__": "__traced__"}
    exec(module, ns)  # noqa: S102
    base = set(ns)
    mod_name = ns["__name__"]

    def state() -> dict[str, dict[str, str] | str]:
        out: dict[str, Any] = {}
        for k, v in ns.items():
            if k in base or k.startswith("_") or isinstance(v, _SKIP_TYPES):
                continue
            if type(v).__module__ == mod_name and hasattr(v, "__dict__"):
                out[k] = {a: _val(x) for a, x in vars(v).items() if not callable(x)}
                for kind in (dict, list, set, frozenset, tuple, str, int, float):
                    if isinstance(v, kind):  # a subclass of a built-in type: its contents are state too
                        out[k][""] = _val(kind(v))
                        break
            else:
                text = _val(v)
                if not text.startswith("<"):
                    out[k] = text
        return out

    body = []
    prev: dict[str, Any] = {}
    budget = _Recorder(set(), "<traced>", 3000)
    for step, res in zip(steps, results):
        if step.kind == "stmt":
            _run_traced(budget.glob, exec, step.code, ns)
            shown = ""
        elif step.kind == "raises":
            try:
                _run_traced(budget.glob, eval, step.code, ns)
            except Exception as exc:  # noqa: BLE001 - the step is expected to raise; which exception is checked
                if type(exc).__name__ != step.exc:
                    return None
                shown = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            else:
                return None
            if shown != res:
                return None
        else:
            value = _run_traced(budget.glob, eval, step.code, ns)
            shown = "" if value is None else (_literal(value) or "?")
            if shown != res:
                return None  # not what the build recorded: do not show it
        now = state()
        bits = []
        if step.kind == "expr":
            bits.append(f"gives {_c(shown or 'None')}")
        elif step.kind == "raises":
            bits.append(f"raises {step.exc}" + (f" ({_c(shown.partition(': ')[2])})" if ": " in shown else ""))
        for var, val in now.items():
            old = prev.get(var)
            if isinstance(val, dict):
                if not isinstance(old, dict):
                    attrs = ", ".join(f"{_c(a)} = {_c(x)}" for a, x in list(val.items())[:4] if a)
                    bits.append(f"{_c(var)} is a new object" + (f" with {attrs}" if attrs else "")
                                + (f", holding {_c(val[''])}" if "" in val else ""))
                else:
                    bits += [f"{_c(var + '.' + a if a else var)} becomes {_c(x)}" for a, x in val.items()
                             if old.get(a) != x][:3]
            elif old != val:
                bits.append(f"{_c(var)} is {_c(val)}" if old is None else f"{_c(var)} becomes {_c(val)}")
        if not bits:
            bits.append("nothing changes")
        body.append(f"- {_c(_first_line(step.code))}: " + "; ".join(bits) + ".")
        prev = now
    before = "One step at a time, with what each step returns and how the state changes:"
    after = ("Following the state like this shows that each method only reads or updates the attributes of "
             "its own object." if inst.kind == "class" else "Each step sees the state the previous steps left.")
    return _Trace(steps[0].code, "", "scenario", body, before=before, after=after, size=len(steps),
                  scenario=[_demo_line(s, r) for s, r in zip(steps, results)])


def _demo_line(step: Step, result: str) -> str:
    if step.kind == "stmt":
        return step.code
    if step.kind == "raises":
        return f"try:\n    {step.code}\nexcept {step.exc} as error:\n    print('{step.exc}:', error)  # {_printed_error(result)}"
    return _print_line(step.code, result)


def _trace_part(t: _Trace, audience: str, rng: random.Random, confirm: bool = True) -> list[str]:
    """Markdown lines presenting a trace."""
    if t.kind == "scenario":
        intro = rng.choice(_SCENARIO_INTROS)
        lines = [intro, "", t.before, ""] + t.body + ["", t.after]
        if confirm:
            lines += ["", "Running the same steps prints the same results:", "", _block("\n".join(t.scenario))]
        return lines
    intro = _pick_audience(_TRACE_INTROS, audience, rng).format(call=_c(t.call))
    lines = [intro, "", t.before, ""] + t.body + ["", t.after]
    if confirm:
        lines += ["", rng.choice(["Running it confirms the trace:", "Python agrees:",
                                  "Let us check the trace by running the call:"]), "",
                  _block(_print_line(t.call, t.result))]
    return lines


# --------------------------------------------------------------------------------------------------
# A common mistake: a plausible wrong version, run until it gives a different answer


@dataclass
class _Mutant:
    kind: str
    edits: list[tuple[int, int, str]]
    old: str  # the correct code at that place
    new: str  # the mistaken code
    var: str = ""
    where: str = ""  # the method, for classes
    prio: float = 0.0


@dataclass
class Mistake:
    kind: str
    buggy_name: str
    code: str  # the wrong definition, as shown
    demo: str  # a code block that runs the wrong version (and the right one) on the input
    call: str  # the input, as code
    got: str  # what the wrong version gives (or raises)
    want: str  # what the right one gives
    want_raises: bool
    want_stmt: bool  # the step is a statement: the right version just runs it
    old: str
    new: str
    slip: str  # what the mistake is, as a sentence
    why: str  # what goes wrong
    fix: str  # how to fix it


_PRIORITY = {"return_in_loop": 0.0, "init_in_loop": 0.2, "missing_key": 0.0, "immutable": 0.0, "no_self": 0.0,
             "no_self_method": 0.3, "boundary": 1.0, "range": 0.8, "no_guard": 0.8, "sort_none": 0.5,
             "case": 0.8, "reverse": 0.8, "overwrite": 1.2, "last_index": 1.5, "and_or": 1.5, "true_div": 1.2,
             "floor_div": 1.8, "print_return": 2.2, "no_shrink": 1.0, "split_space": 1.0, "strip": 1.0,
             "append_extend": 0.6, "no_int": 0.4, "format_spec": 0.8, "slice_upper": 1.4, "no_key": 0.6,
             "enumerate_start": 0.6, "first_index": 1.2}
_STR_METHODS = {"upper", "lower", "strip", "lstrip", "rstrip", "replace", "title", "capitalize", "casefold",
                "swapcase"}
_RAISE_KINDS = {"missing_key": "KeyError", "last_index": "IndexError", "no_shrink": "RecursionError",
                "no_self": "AttributeError", "no_self_method": "UnboundLocalError"}


def _atomic(node: ast.AST) -> bool:
    return isinstance(node, (ast.Name, ast.Constant, ast.Call, ast.Attribute, ast.Subscript, ast.List, ast.Tuple,
                             ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp, ast.JoinedStr))


def _wrap(src: _Src, node: ast.AST) -> str:
    text = src.seg(node)
    return text if _atomic(node) else f"({text})"


def _mutants(src: _Src, tree: ast.Module, top, kind: str, recursive: bool, case_ok: bool = True) -> list[_Mutant]:
    out: list[_Mutant] = []
    funcs = [top] if kind != "class" else [n for n in top.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    name = top.name
    for func in funcs:
        where = func.name if kind == "class" else ""

        def add(k: str, edits, old: str, new: str, var: str = "", where: str = where) -> None:
            out.append(_Mutant(k, edits, old, new, var, where))

        is_gen = any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in ast.walk(func))
        # statement-level mistakes
        for block in _stmt_lists(func.body):
            for i, stmt in enumerate(block):
                nxt = block[i + 1] if i + 1 < len(block) else None
                if (isinstance(stmt, (ast.For, ast.While)) and not stmt.orelse and isinstance(nxt, ast.Return)
                        and nxt.lineno == nxt.end_lineno and nxt.lineno > stmt.end_lineno):
                    pad = stmt.body[0].col_offset - nxt.col_offset
                    at = src.starts[nxt.lineno - 1]
                    add("return_in_loop", [(at, at, " " * pad)], src.seg(nxt), src.seg(nxt))
                if (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
                        and stmt.lineno == stmt.end_lineno
                        and isinstance(stmt.value, (ast.Constant, ast.List, ast.Dict, ast.Set, ast.Tuple))):
                    var = stmt.targets[0].id
                    for loop in block[i + 1:i + 4]:
                        if not isinstance(loop, ast.For):
                            continue
                        if not _updates(loop.body, var):
                            break
                        a, b = src.line_span(stmt.lineno, stmt.lineno)
                        at = src.starts[loop.body[0].lineno - 1]
                        text = " " * loop.body[0].col_offset + src.seg(stmt) + "\n"
                        add("init_in_loop", [(a, b, ""), (at, at, text)], src.seg(stmt), src.seg(stmt), var)
                        break
        for i, stmt in enumerate(func.body[:-1]):
            if (isinstance(stmt, ast.If) and not stmt.orelse and len(stmt.body) == 1
                    and isinstance(stmt.body[0], ast.Return) and not is_gen):
                a, b = src.line_span(stmt.lineno, stmt.end_lineno)
                add("no_guard", [(a, b, "")], src.seg(stmt), "", _unparse(stmt.test))
        last = func.body[-1]
        if (kind == "function" and not recursive and not is_gen and isinstance(last, ast.Return)
                and last.value is not None):
            a, b = src.span(last)
            add("print_return", [(a, b, f"print({src.seg(last.value)})")], src.seg(last), f"print({src.seg(last.value)})")
        # expression-level mistakes
        for node in ast.walk(func):
            if isinstance(node, ast.Compare) and len(node.ops) == 1:
                flip = {ast.Lt: "<=", ast.LtE: "<", ast.Gt: ">=", ast.GtE: ">"}.get(type(node.ops[0]))
                if flip:
                    new = f"{_wrap(src, node.left)} {flip} {_wrap(src, node.comparators[0])}"
                    a, b = src.span(node)
                    add("boundary", [(a, b, new)], src.seg(node), new)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range" and node.args:
                stop = node.args[0] if len(node.args) == 1 else node.args[1]
                if isinstance(stop, ast.BinOp) and isinstance(stop.right, ast.Constant) and stop.right.value == 1 \
                        and isinstance(stop.op, (ast.Add, ast.Sub)):
                    options = [(src.seg(stop.left), "short" if isinstance(stop.op, ast.Add) else "long")]
                else:
                    options = [(f"{_wrap(src, stop)} + 1", "long"), (f"{_wrap(src, stop)} - 1", "short")]
                for new_stop, how in options:
                    a, b = src.span(stop)
                    call_a, call_b = src.span(node)
                    new_call = src.text[call_a:a] + new_stop + src.text[b:call_b]
                    add("range", [(a, b, new_stop)], src.seg(node), new_call, how)
                if len(node.args) >= 2 and isinstance(node.args[0], ast.Constant) and node.args[0].value in (0, 1):
                    first = node.args[0]
                    a, b = src.span(first)
                    call_a, call_b = src.span(node)
                    new_start = str(1 - first.value)
                    new_call = src.text[call_a:a] + new_start + src.text[b:call_b]
                    add("range", [(a, b, new_start)], src.seg(node), new_call, "start")
            elif isinstance(node, ast.AugAssign) and isinstance(node.op, (ast.Add, ast.Mult)) \
                    and isinstance(node.target, ast.Name):
                if _while_uses(func, node.target.id):
                    continue
                new = f"{node.target.id} = {src.seg(node.value)}"
                a, b = src.span(node)
                add("overwrite", [(a, b, new)], src.seg(node), new, node.target.id)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
                    and len(node.args) == 2 and isinstance(node.args[1], ast.Constant) and node.args[1].value == 0 \
                    and not node.keywords:
                new = f"{src.seg(node.func.value)}[{src.seg(node.args[0])}]"
                a, b = src.span(node)
                add("missing_key", [(a, b, new)], src.seg(node), new)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in ("lower", "casefold", "upper") and not node.args and not node.keywords \
                    and case_ok:
                a, b = src.span(node)
                new = _wrap(src, node.func.value)
                add("case", [(a, b, new)], src.seg(node), new, node.func.attr)
            elif isinstance(node, ast.Call) and any(k.arg == "reverse" and isinstance(k.value, ast.Constant)
                                                     and k.value.value is True for k in node.keywords):
                parts = [src.seg(x) for x in node.args] + [src.seg(k) for k in node.keywords if k.arg != "reverse"]
                new = f"{src.seg(node.func)}({', '.join(parts)})"
                a, b = src.span(node)
                add("reverse", [(a, b, new)], src.seg(node), new)
            elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and isinstance(node.value, ast.Name) \
                    and isinstance(node.slice, ast.UnaryOp) and isinstance(node.slice.op, ast.USub) \
                    and isinstance(node.slice.operand, ast.Constant) and node.slice.operand.value == 1:
                x = node.value.id
                new = f"{x}[len({x})]"
                a, b = src.span(node)
                add("last_index", [(a, b, new)], src.seg(node), new, x)
            elif isinstance(node, ast.BoolOp) and len(node.values) == 2:
                op = "or" if isinstance(node.op, ast.And) else "and"
                new = f"{_wrap_bool(src, node.values[0])} {op} {_wrap_bool(src, node.values[1])}"
                a, b = src.span(node)
                add("and_or", [(a, b, new)], src.seg(node), new, op)
            elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.FloorDiv, ast.Div)):
                op = "/" if isinstance(node.op, ast.FloorDiv) else "//"
                new = f"{_wrap(src, node.left)} {op} {_wrap(src, node.right)}"
                a, b = src.span(node)
                add("true_div" if op == "/" else "floor_div", [(a, b, new)], src.seg(node), new)
            elif recursive and isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name:
                for arg in node.args:
                    smaller = None
                    if isinstance(arg, ast.BinOp) and isinstance(arg.op, (ast.Sub, ast.FloorDiv)) \
                            and isinstance(arg.left, ast.Name):
                        smaller = arg.left
                    elif isinstance(arg, ast.Subscript) and isinstance(arg.slice, ast.Slice) \
                            and isinstance(arg.value, ast.Name) and arg.slice.upper is None and arg.slice.step is None:
                        smaller = arg.value
                    if smaller is not None:
                        a, b = src.span(arg)
                        call_a, call_b = src.span(node)
                        new_call = src.text[call_a:a] + src.seg(smaller) + src.text[b:call_b]
                        add("no_shrink", [(a, b, src.seg(smaller))], src.seg(node), new_call)
        for node in ast.walk(func):
            _more_mutants(src, node, add)
        for stmt in _statements(func.body):
            if isinstance(stmt, ast.Return) and isinstance(stmt.value, ast.Call) \
                    and isinstance(stmt.value.func, ast.Name) and stmt.value.func.id == "sorted" \
                    and len(stmt.value.args) == 1 and isinstance(stmt.value.args[0], ast.Name):
                kws = ", ".join(src.seg(k) for k in stmt.value.keywords)
                new = f"return {stmt.value.args[0].id}.sort({kws})"
                a, b = src.span(stmt)
                add("sort_none", [(a, b, new)], src.seg(stmt), new)
            elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name) \
                    and isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Attribute) \
                    and stmt.value.func.attr in _STR_METHODS and isinstance(stmt.value.func.value, ast.Name) \
                    and stmt.value.func.value.id == stmt.targets[0].id:
                a, b = src.span(stmt)
                new = src.seg(stmt.value)
                add("immutable", [(a, b, new)], src.seg(stmt), new, stmt.value.func.attr)
            elif kind == "class" and isinstance(stmt, (ast.Assign, ast.AugAssign)):
                target = stmt.targets[0] if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 else \
                    getattr(stmt, "target", None)
                if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) \
                        and target.value.id == "self":
                    a, b = src.span(target)
                    new = target.attr + src.text[b:src.span(stmt)[1]]
                    if func.name == "__init__" and isinstance(stmt, ast.Assign):
                        add("no_self", [(a, b, target.attr)], src.seg(stmt), new, target.attr)
                    elif isinstance(stmt, ast.AugAssign):
                        add("no_self_method", [(a, b, target.attr)], src.seg(stmt), new, target.attr)
    return out


def _more_mutants(src: _Src, node: ast.AST, add) -> None:
    """Mistakes with text, lists, numbers read from text, formats and slices."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        attr, recv = node.func.attr, node.func.value
        a, b = src.span(node)
        if attr == "split" and not node.args and not node.keywords:
            add("split_space", [(a, b, f"{src.seg(node)[:-1]}' ')")], src.seg(node), f"{src.seg(node)[:-1]}' ')")
        elif attr in ("strip", "lstrip", "rstrip") and not node.args and not node.keywords:
            add("strip", [(a, b, _wrap(src, recv))], src.seg(node), _wrap(src, recv), attr)
        elif attr in ("append", "extend") and len(node.args) == 1 and not node.keywords:
            other = "extend" if attr == "append" else "append"
            fa, fb = src.span(node.func)
            new = src.text[a:fa] + src.seg(recv) + "." + other + src.text[fb:b]
            add("append_extend", [(a, b, new)], src.seg(node), new, other)
    if isinstance(node, ast.Call) and any(k.arg == "key" for k in node.keywords) and (
            isinstance(node.func, ast.Name) and node.func.id in ("sorted", "min", "max")
            or isinstance(node.func, ast.Attribute) and node.func.attr == "sort"):
        parts = [src.seg(x) for x in node.args] + [src.seg(k) for k in node.keywords if k.arg != "key"]
        new = f"{src.seg(node.func)}({', '.join(parts)})"
        a, b = src.span(node)
        fname = node.func.id if isinstance(node.func, ast.Name) else "sort"
        add("no_key", [(a, b, new)], src.seg(node), new, fname)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "enumerate" \
            and (len(node.args) == 2 or any(k.arg == "start" for k in node.keywords)):
        new = f"enumerate({src.seg(node.args[0])})"
        a, b = src.span(node)
        add("enumerate_start", [(a, b, new)], src.seg(node), new)
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and isinstance(node.slice, ast.Constant) \
            and node.slice.value == 0 and type(node.slice.value) is int:
        a, b = src.span(node.slice)
        na, nb = src.span(node)
        add("first_index", [(a, b, "1")], src.seg(node), src.text[na:a] + "1" + src.text[b:nb])
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("int", "float") \
            and len(node.args) == 1 and not node.keywords and not isinstance(node.args[0], ast.Constant):
        a, b = src.span(node)
        add("no_int", [(a, b, _wrap(src, node.args[0]))], src.seg(node), _wrap(src, node.args[0]), node.func.id)
    elif isinstance(node, ast.JoinedStr) and node.lineno == node.end_lineno:
        specs = [v for v in node.values if isinstance(v, ast.FormattedValue) and v.format_spec is not None]
        if len(specs) == 1:
            spec = specs[0].format_spec
            spec_text = "".join(str(v.value) for v in getattr(spec, "values", []) if isinstance(v, ast.Constant))
            plain = copy.deepcopy(node)
            for v in plain.values:
                if isinstance(v, ast.FormattedValue):
                    v.format_spec = None if v.format_spec is not None and len(specs) == 1 else v.format_spec
            a, b = src.span(node)
            new = ast.unparse(plain)
            if spec_text and "{" not in spec_text:
                add("format_spec", [(a, b, new)], src.seg(node), new, spec_text)
    elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice) and node.slice.upper is not None \
            and node.slice.step is None and isinstance(node.ctx, ast.Load) \
            and not isinstance(node.slice.upper, (ast.UnaryOp, ast.Constant)):
        up = node.slice.upper
        a, b = src.span(up)
        na, nb = src.span(node)
        new_up = f"{_wrap(src, up)} + 1"
        add("slice_upper", [(a, b, new_up)], src.seg(node), src.text[na:a] + new_up + src.text[b:nb])


def _wrap_bool(src: _Src, node: ast.AST) -> str:
    text = src.seg(node)
    return f"({text})" if isinstance(node, (ast.BoolOp, ast.IfExp, ast.Lambda, ast.NamedExpr)) else text


def _updates(body: list[ast.stmt], var: str) -> bool:
    """Does `body` update `var` (augmented assignment, item assignment or a mutating method call)?"""
    for node in ast.walk(ast.Module(body=body, type_ignores=[])):
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and node.target.id == var:
            return True
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) and isinstance(node.value, ast.Name) \
                and node.value.id == var:
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _MUTATING \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == var:
            return True
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == var for t in node.targets) \
                and any(isinstance(n, ast.Name) and n.id == var for n in ast.walk(node.value)):
            return True
    return False


def _while_uses(func, var: str) -> bool:
    return any(isinstance(n, ast.While) and any(isinstance(m, ast.Name) and m.id == var for m in ast.walk(n.test))
               for n in ast.walk(func))


def _outcome(ns0: dict, steps: list[Step], codes: list[str], limit: int,
             used: list[int] | None = None) -> list[tuple[str, str]]:
    """What each step does in namespace `ns0` (copied): ("ok", repr or ""), ("raise", "Exc: msg"), ("hang", "");
    the lines run are added to `used[0]`."""
    ns = dict(ns0)
    out: list[tuple[str, str]] = []
    counter = _Recorder(set(), "<buggy>", limit)
    try:
        _steps(ns, steps, codes, counter, out)
    finally:
        if used is not None:
            used[0] += counter.lines
    return out


def _steps(ns: dict, steps: list[Step], codes: list[str], counter: _Recorder, out: list) -> None:
    for step, code in zip(steps, codes):
        try:
            if step.kind == "stmt":
                _run_traced(counter.glob, exec, compile(code, "<buggy>", "exec"), ns)
                out.append(("ok", ""))
            else:
                value = _run_traced(counter.glob, eval, compile(code, "<buggy>", "eval"), ns)
                text = "" if value is None else _literal(value)
                if text is None:
                    out.append(("odd", ""))
                    return
                out.append(("ok", text))
        except _Budget:
            out.append(("hang", ""))
            return
        except RecursionError:
            out.append(("raise", "RecursionError"))
            return
        except Exception as exc:  # noqa: BLE001 - the mistake's effect (or an expected exception)
            msg = str(exc)
            out.append(("raise", f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__))
            if step.kind != "raises":
                return


def _expected(steps: list[Step], results: list[str]) -> list[tuple[str, str]]:
    return [("raise", r) if s.kind == "raises" else ("ok", r) for s, r in zip(steps, results)]


def _first_difference(want: list[tuple[str, str]], got: list[tuple[str, str]]) -> int | None:
    for i, w in enumerate(want):
        if i >= len(got):
            return None
        g = got[i]
        if g[0] in ("hang", "odd"):
            return None
        if w[0] == "raise":
            if g[0] != "raise" or g[1].split(":")[0] != w[1].split(":")[0]:
                return i
        elif g != w:
            return i
    return None


def mistake(inst: Instance, rng: random.Random | None = None, max_tries: int = 8) -> Mistake | None:
    """A plausible wrong version of `inst` that gives a different answer on one of its inputs, or None."""
    rng = rng or random.Random(0)
    try:
        return _mistake(inst, rng, max_tries)
    except (Exception, _Budget):  # noqa: BLE001 - a mistake is optional: never let it break a section
        return None


def _buggy_name(name: str, rng: random.Random) -> str:
    if name[:1].isupper():
        return rng.choice([f"Buggy{name}", f"{name}Buggy", f"Broken{name}"])
    return rng.choice([f"{name}_buggy", f"buggy_{name}", f"{name}_wrong", f"broken_{name}"])


def _mistake(inst: Instance, rng: random.Random, max_tries: int) -> Mistake | None:
    name = inst.entry_point
    if re.search(r"except\s*:|except\s+BaseException", inst.body):
        return None  # a bare except would swallow the time limit
    bname = _buggy_name(name, rng)
    base = _rename(inst.header + "\n" + inst.body, name, bname)
    if base is None:
        return None
    src = _Src(base)
    tree = ast.parse(base)
    top = _entry(tree, bname)
    if top is None:
        return None
    recursive = any(isinstance(n, ast.Name) and n.id == bname for n in ast.walk(top))
    cands = _mutants(src, tree, top, inst.kind, recursive, "case" in inst.docstring.lower())
    if not cands:
        return None
    for m in cands:
        m.prio = _PRIORITY.get(m.kind, 2.0) + rng.random() * 1.5
    cands.sort(key=lambda m: m.prio)
    hashy = _uses_sets(tree)
    try:
        ref_ns: dict[str, Any] = {"__name__": "__mistake__"}
        exec(compile(base, "<buggy>", "exec"), ref_ns)  # noqa: S102 - our own reference, renamed
    except Exception:  # noqa: BLE001 - no mistake for a reference that does not run renamed
        return None
    examples = []
    for steps, results in inst.examples[:8]:
        if any(name in r for r in results):
            continue  # the renaming would show in the output
        codes = [_rename(s.code, name, bname, "exec" if s.kind == "stmt" else "eval") for s in steps]
        if any(c is None for c in codes):
            continue
        used = [0]
        ref = _outcome(ref_ns, steps, codes, 3000, used)
        if len(ref) != len(steps) or _first_difference(_expected(steps, results), ref) is not None:
            continue  # the renamed reference does not reproduce the recorded results
        examples.append((steps, results, codes, 8 * used[0] + 200))
    if not examples:
        return None
    examples.sort(key=lambda e: e[3])
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    old_limit = sys.getrecursionlimit()
    tried, seen = 0, set()
    for m in cands:
        if tried >= max_tries:
            break
        buggy = _apply(base, m.edits)
        if buggy in seen:
            continue
        seen.add(buggy)
        tried += 1
        try:
            module = compile(buggy, "<buggy>", "exec")
        except SyntaxError:
            continue
        printed: list[str] = []
        ns0: dict[str, Any] = {"__name__": "__mistake__",
                               "print": lambda *a, sep=" ", out=printed, **k: out.append(sep.join(map(str, a)))}
        try:
            exec(module, ns0)  # noqa: S102 - our own reference, edited
        except Exception:  # noqa: BLE001, S112 - an edit that breaks the definition is skipped
            continue
        found = []
        sys.setrecursionlimit(min(old_limit, depth + 120) if m.kind in ("no_shrink", "no_guard") else old_limit)
        try:
            for steps, results, codes, limit in examples:
                printed.clear()
                got = _outcome(ns0, steps, codes, limit)
                if got and got[-1][0] == "hang":
                    found = []
                    break
                d = _first_difference(_expected(steps, results), got)
                if d is None:
                    continue
                found.append((steps, results, codes, got, d, list(printed), hashy and any(_has_text(c) for c in codes)))
                if len(found) >= 3:
                    break
        finally:
            sys.setrecursionlimit(old_limit)
        best = _choose_example(m, found, inst.kind)
        if best is None:
            continue
        return _describe(inst, m, buggy, bname, best)
    return None


def _scalar(text: str) -> bool:
    """Is `text` the repr of None ("") or of a bool or number (printed the same in every process)?"""
    if text == "":
        return True
    try:
        return isinstance(ast.literal_eval(text), (bool, int, float))
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False


def _order_safe(text: str) -> bool:
    """Is a value's printed form the same in every process (no set of strings, whose order varies)?"""
    if "{" not in text or ("'" not in text and '"' not in text):
        return True
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False

    def ok(v: Any) -> bool:
        if isinstance(v, (set, frozenset)):
            return not any(isinstance(x, (str, bytes, tuple)) for x in v) or len(v) <= 1
        if isinstance(v, dict):
            return all(ok(k) and ok(x) for k, x in v.items())
        if isinstance(v, (list, tuple)):
            return all(ok(x) for x in v)
        return True

    return ok(value)


def _choose_example(m: _Mutant, found: list, kind: str):
    good = []
    for steps, results, codes, got, d, printed, fragile in found:
        g = got[d]
        shown = [x[1] for i, x in enumerate(got[:d + 1]) if x[0] == "ok" and steps[i].kind != "stmt"]
        shown += [results[d]] if steps[d].kind == "expr" else []
        shown += printed[:1] if m.kind == "print_return" else []
        if fragile and not all(_scalar(x) for x in shown):
            continue
        if not all(_order_safe(x) for x in shown):
            continue
        want_exc = _RAISE_KINDS.get(m.kind)
        if want_exc and not (g[0] == "raise" and g[1].split(":")[0] == want_exc):
            continue
        if g[0] == "raise" and g[1].split(":")[0] not in _BUILTIN_EXCEPTIONS:
            continue
        if steps[d].kind == "raises" and g[0] == "raise":
            continue
        if m.kind == "print_return" and (g != ("ok", "") or len(printed) != 1 or "\n" in printed[0]):
            continue
        if m.kind == "return_in_loop" and g == ("ok", ""):
            continue
        if m.kind == "first_index" and g[0] == "raise" and g[1].startswith("KeyError"):
            continue  # a dictionary, not a sequence
        raised = 1 if (g[0] == "raise" and not want_exc and m.kind != "no_guard") else 0
        dull = _dull_call(codes[d]) + (results[d] in _DULL)
        good.append(((raised, dull, sum(len(c) for c in codes[:d + 1])), (steps, results, codes, got, d, printed, fragile)))
    if not good:
        return None
    good.sort(key=lambda g: g[0])
    return good[0][1]


def _describe(inst: Instance, m: _Mutant, buggy: str, bname: str, ex) -> Mistake:
    steps, results, codes, got, d, printed, fragile = ex
    name = inst.entry_point
    lines = buggy.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"\s*(def|class)\s+{re.escape(bname)}\b", line))
    shown_code = "\n".join(lines[start:])
    g = got[d]
    want = results[d]
    demo: list[str] = []
    for i in range(d + 1):
        code = codes[i]
        if i < d:
            demo.append(_demo_line(Step(steps[i].kind, code, steps[i].exc), got[i][1]))
            continue
        if m.kind == "print_return":
            demo.append(f"result = {code}  # prints {printed[0]}")
            demo.append("print(result)  # None")
        elif g[0] == "raise":
            exc = g[1].split(":")[0]
            body = code if steps[i].kind == "stmt" else f"print({code})"
            report = f"print('{exc}')  # {exc}" if exc == "RecursionError" or fragile else \
                f"print('{exc}:', error)  # {_printed_error(g[1])}"
            demo.append(f"try:\n    {body}\nexcept {exc} as error:\n    {report}")
        else:
            demo.append(_print_line(code, g[1]))
    if len(steps) == 1 and steps[0].kind == "expr":
        demo.append(_print_line(steps[0].code, want))
    call = steps[d].code if len(steps) == 1 else "; ".join(s.code for s in steps[:d + 1])
    got_text = g[1] if g[0] == "raise" else (g[1] or "None")
    want_text = want or "None"
    old = re.sub(rf"\b{re.escape(bname)}\b", name, m.old)
    new = m.new
    slip, why, fix = _mistake_words(m, old, new, name, bname, g, inst.kind)
    return Mistake(kind=m.kind, buggy_name=bname, code=shown_code, demo="\n".join(demo), call=call,
                   got=got_text, want=want_text, want_raises=steps[d].kind == "raises",
                   want_stmt=steps[d].kind == "stmt", old=old, new=new, slip=slip, why=why, fix=fix)


def _printed_error(text: str) -> str:
    exc, _, msg = text.partition(": ")
    return f"{exc}: {msg}" if msg else f"{exc}: "


def _ref(text: str, fallback: str) -> str:
    line = text.strip()
    return _c(line) if line and "\n" not in line and len(line) <= 90 else fallback


def _mistake_words(m: _Mutant, old: str, new: str, name: str, bname: str, g, kind: str) -> tuple[str, str, str]:
    where = f" in the `{m.where}` method" if m.where else ""
    o, n = _ref(old, "the original line"), _ref(new, "the changed line")
    raised = g[0] == "raise"
    exc = g[1].split(":")[0] if raised else ""
    if m.kind == "return_in_loop":
        return (f"indenting {o} one level too far, so that it sits inside the loop{where}",
                ("The `return` then runs at the end of the very first pass, so the function stops before it has "
                "looked at the rest of the input."),
                f"dedent {o} so that it runs only after the loop has finished")
    if m.kind == "init_in_loop":
        return (f"putting {o} inside the loop instead of before it{where}",
                (f"Then {_c(m.var)} starts again from scratch on every pass and forgets what the earlier passes "
                "did: only the last pass is remembered."),
                f"set up {_c(m.var)} once, before the loop")
    if m.kind == "no_guard":
        if raised and exc == "RecursionError":
            why = ("Without its base case the recursion never stops: every call makes another call, until Python "
                   "gives up with RecursionError.")
        elif raised:
            why = f"Without it, the general code runs on an input it cannot handle and fails with {exc}."
        else:
            why = "Without it, the general code gives a different answer for exactly the input the check was for."
        return (f"leaving out the special case {_c('if ' + m.var + ':')}{where}", why,
                f"keep the check {_c('if ' + m.var + ':')} at the top of the function, before the general code")
    if m.kind == "print_return":
        return (f"writing {n} instead of {o}",
                ("`print` only shows the value on the screen; the function itself still returns `None`, so the "
                "caller gets nothing it can store, compare or compute with."),
                f"hand the value back with {o}")
    if m.kind == "boundary":
        return (f"writing {n} instead of {o}{where}",
                ("The two comparisons give different answers only when both sides are equal, and this input "
                "reaches exactly that boundary case."),
                f"use {o}; when in doubt, test the case where both sides are equal")
    if m.kind == "range":
        why = {"short": "`range` stops *before* its end value, so this loop stops one step too early and the "
                        "last value is never visited.",
               "long": "`range` already stops one before its end value; the extra step goes one position too far.",
               "start": "The loop starts at the wrong number, so the first step is skipped or an extra one is "
                        "done."}[m.var]
        return (f"writing {n} instead of {o}{where}", why, f"use {o}")
    if m.kind == "overwrite":
        return (f"writing {n} instead of {o}{where}",
                (f"{n} replaces the old value of {_c(m.var)} instead of updating it, so everything the earlier "
                "passes contributed is lost."),
                f"update the variable with {o}")
    if m.kind == "missing_key":
        return (f"writing {n} instead of {o}{where}",
                ("The first time a key is seen it is not in the dictionary yet, so reading it with square "
                "brackets raises KeyError; `.get(key, 0)` supplies a starting count of 0."),
                f"use {o}")
    if m.kind == "sort_none":
        return (f"writing {n} instead of {o}",
                ("`list.sort()` sorts a list in place and returns `None`, so the function returns `None`; "
                "`sorted(...)` is the one that returns a new list."),
                f"return the new list: {o}")
    if m.kind == "immutable":
        return (f"writing {n} instead of {o}{where}",
                (f"Strings never change in place: `.{m.var}()` builds a new string, and here that new string is "
                "thrown away."),
                f"store the result: {o}")
    if m.kind == "case":
        return (f"forgetting {_c('.' + m.var + '()')}, writing {n} instead of {o}{where}",
                "Without it, uppercase and lowercase letters count as different characters.",
                f"normalise the case first: {o}")
    if m.kind == "reverse":
        return (f"forgetting `reverse=True`, writing {n} instead of {o}{where}",
                "`sorted` puts the smallest values first unless it is asked to reverse the order.",
                f"ask for the order you need: {o}")
    if m.kind == "last_index":
        return (f"writing {n} instead of {o}{where}",
                (f"Valid indexes run from 0 to {_c('len(' + m.var + ') - 1')}, so {n} is one past the end and "
                f"raises IndexError; {o} is the last item."),
                f"use {o}")
    if m.kind == "and_or":
        why = ("With `or`, a single true condition is enough, but here both conditions must hold." if m.var == "or"
               else "With `and`, both conditions must hold, but here either one is enough.")
        return (f"writing {n} instead of {o}{where}", why, f"use {o}")
    if m.kind == "true_div":
        return (f"writing {n} instead of {o}{where}",
                ("`/` always produces a float and keeps the fractional part, while `//` divides and rounds down "
                "to a whole number."),
                f"use floor division: {o}")
    if m.kind == "floor_div":
        return (f"writing {n} instead of {o}{where}",
                "`//` rounds the quotient down and throws away the fractional part that `/` keeps.",
                f"use true division: {o}")
    if m.kind == "no_shrink":
        return (f"writing {n} instead of {o}",
                ("The recursive call gets the same input again, so the problem never gets smaller and Python stops "
                "with RecursionError."),
                f"make every recursive call work on a smaller input: {o}")
    if m.kind == "no_self":
        return (f"writing {n} instead of {o} in `__init__`",
                (f"Without `self.` the name {_c(m.var)} is only a local variable of `__init__` that vanishes when "
                "it returns, so the object never gets that attribute and later methods fail with AttributeError."),
                f"store it on the object: {o}")
    if m.kind == "no_self_method":
        return (f"writing {n} instead of {o}{where}",
                (f"Without `self.`, Python treats {_c(m.var)} as a new local variable of the method, which has no "
                "value yet, so the update fails with UnboundLocalError."),
                f"update the attribute: {o}")
    if m.kind == "split_space":
        return (f"writing {n} instead of {o}{where}",
                ("`split()` with no argument splits at every run of whitespace and drops empty pieces, while "
                "`split(' ')` splits at each single space, so repeated, leading or trailing spaces produce empty "
                "strings."),
                f"let `split` handle the whitespace: {o}")
    if m.kind == "strip":
        return (f"forgetting {_c('.' + m.var + '()')}, writing {n} instead of {o}{where}",
                "Without it, the spaces around the text are kept and become part of the result.",
                f"remove the surrounding spaces first: {o}")
    if m.kind == "append_extend":
        why = ("`extend` adds the items of its argument one by one (each character, for a string), while `append` "
               "adds the argument as a single item." if m.var == "extend" else
               "`append` adds its argument as one single item (a whole list inside the list), while `extend` adds "
               "its items one by one.")
        return (f"writing {n} instead of {o}{where}", why, f"use {o}")
    if m.kind == "no_int":
        return (f"forgetting the conversion, writing {n} instead of {o}{where}",
                (f"Without `{m.var}(...)` the value is still a string, so arithmetic and comparisons work on text "
                "instead of numbers (`'10' < '9'` is true, and `+` joins strings)."),
                f"convert the text first: {o}")
    if m.kind == "format_spec":
        return (f"leaving out the format specification {_c(':' + m.var)}, writing {n} instead of {o}{where}",
                "Without it, the value is inserted as it is, with no padding, alignment or rounding.",
                f"keep the specification: {o}")
    if m.kind == "no_key":
        return (f"forgetting the `key` function, writing {n} instead of {o}{where}",
                (f"Without `key=...`, `{m.var}` compares the items themselves instead of the values the key "
                "function computes from them."),
                f"pass the key: {o}")
    if m.kind == "enumerate_start":
        return (f"writing {n} instead of {o}{where}",
                "`enumerate` counts from 0 unless it is given a start value, so every number is off.",
                f"give the start: {o}")
    if m.kind == "first_index":
        return (f"writing {n} instead of {o}{where}",
                "Python counts positions from 0: index 0 is the first item and index 1 is the second.",
                f"use index 0: {o}")
    if m.kind == "slice_upper":
        return (f"writing {n} instead of {o}{where}",
                "A slice stops *before* its end index, so adding one takes one item too many.",
                f"use {o}")
    return (f"writing {n} instead of {o}{where}", "The two versions behave differently.", f"use {o}")


def _outcome_sentence(mk: Mistake, what: str) -> str:
    call = _c(mk.call) if len(mk.call) <= 80 else "the steps above"
    if mk.got.split(":")[0] in _BUILTIN_EXCEPTIONS and mk.got.split(":")[0].endswith(("Error", "Exception")):
        exc = mk.got.split(":")[0]
        got = f"fails with {exc}"
    else:
        got = f"gives {_c(mk.got)}"
    if mk.want_stmt:
        return f"On {call} the wrong {what} {got}, while the right one runs them without an error."
    if mk.want_raises:
        return f"On {call} the wrong {what} {got}, but it should raise {mk.want.split(':')[0]}."
    return f"On {call} the wrong {what} {got}, but the right answer is {_c(mk.want)}."


def _mistake_part(mk: Mistake, inst: Instance, rng: random.Random, form: str = "prose") -> list[str]:
    what = "class" if inst.kind == "class" else "version"
    name = inst.entry_point
    if form == "dialogue":
        return [f"**Student:** I wrote {_c(mk.buggy_name)} myself, but it does not give the same answers:", "",
                _block(mk.code), "", _block(mk.demo), "",
                (f"**Teacher:** {_outcome_sentence(mk, what)} The problem is {mk.slip}. {mk.why} To fix it, "
                f"{mk.fix}, as in {_c(name)}.")]
    lead = rng.choice(_MISTAKE_INTROS)
    return [f"{lead} The mistake is {mk.slip}:", "", _block(mk.code), "",
            rng.choice(["Run both versions on the same input:", "Compare the two on one input:",
                        "Here is what happens on a concrete input:"]), "", _block(mk.demo), "",
            f"{_outcome_sentence(mk, what)} {mk.why}", "",
            f"**The fix:** {mk.fix}, as in {_c(name)}."]


# --------------------------------------------------------------------------------------------------
# The exercise: a sibling task, posed and then solved


@dataclass
class Exercise:
    inst: Instance
    task: str
    variant: str


def exercise(fam: Family, spec: dict[str, Any], taken: set[str], rng: random.Random) -> Exercise | None:
    """A second instance to practise on: another variant of the family (or the same one, renamed and reseeded)."""
    siblings = [v for v in fam.variants if v.key != spec["variant"]]
    order = ([rng.choice(siblings)] if siblings and rng.random() < 0.8 else []) + [fam.variant(spec["variant"])]
    for v in order:
        names = [n for n in v.names if n not in taken]
        if not names:
            continue
        try:
            inst = build(fam, v.key, rng.choice(names), int(spec["seed"]) + 7919)
        except FamilyError:
            continue
        return Exercise(inst, v.task, v.key)
    return None


_DULL = {"", "0", "False", "[]", "''", "{}", "()", "set()", "None", "-1"}


def _example_sentence(inst: Instance) -> str:
    """One example from the instance, as a sentence: a call and its result, or a few steps and what the last
    one gives (or raises)."""
    singles = [(r[0] in _DULL, len(s[0].code), s[0].code, r[0]) for s, r in inst.examples
               if len(s) == 1 and s[0].kind == "expr" and len(s[0].code) <= 70]
    if singles:
        _, _, code, result = min(singles)
        return f"For example, {_c(code)} should give {_c(result or 'None')}."
    options = []
    for steps, results in inst.examples:
        for k in range(len(steps) - 1, 0, -1):
            if steps[k].kind == "stmt" or any(s.kind == "raises" for s in steps[:k]):
                continue
            before = "; ".join(s.code for s in steps[:k])
            if len(before) <= 120 and "\n" not in before:
                options.append((results[k] in _DULL, -k, len(before), steps, results, k, before))
                break
    if not options:
        return ""
    _, _, _, steps, results, k, before = min(options, key=lambda o: o[:3])
    if steps[k].kind == "raises":
        return f"For example, after {_c(before)}, {_c(steps[k].code)} should raise {steps[k].exc}."
    return f"For example, after {_c(before)}, {_c(steps[k].code)} should give {_c(results[k] or 'None')}."


def _exercise_part(ex: Exercise, rng: random.Random, form: str = "plain") -> list[str]:
    inst = ex.inst
    what = "class" if inst.kind == "class" else "function"
    if ex.task.lower().startswith(("write ", "implement ", "define ", "create ")):
        ask = f"{_cap(ex.task)}; call it {_c(inst.entry_point)}."
    else:
        ask = f"Write a {what} {_c(inst.entry_point)} to {ex.task}."
    question = f"{ask} {_example_sentence(inst)}".strip()
    solution = [_block(inst.header + "\n" + inst.body), "", rng.choice(["And the checks it must pass:", "Checks:",
                                                   "Test it with a few assertions:"]), "",
                _block(check_code(inst, 2 if inst.kind == "class" else 3))]
    idea = inst.explanation or inst.summary
    if form == "dialogue":
        return ["**Student:** Can you give me one to practise on?", "", f"**Teacher:** {question}", "",
                "**Student:** (after a while) How would you do it?", "",
                f"**Teacher:** {idea} Here is my solution:", ""] + solution
    if form == "compact":
        return [f"**Exercise.** {question}", "", f"**Solution.** {idea}", ""] + solution
    hints = ["Try it before you read on.", "Think about which case is the trickiest."]
    if "For example" in question:
        hints.append("Start by tracing the example by hand.")
    return [rng.choice(_EXERCISE_INTROS), "", f"**Exercise.** {question}", "", rng.choice(hints), "",
            "**Solution.** " + idea, ""] + solution


# --------------------------------------------------------------------------------------------------
# The section


def write_section(spec: dict[str, Any]) -> str:
    """A Markdown textbook section for a textbook spec (see `phi1lib.teacher.prompts.textbook_spec`)."""
    fam = FAMILIES[spec["concept"]]
    rng = random.Random(f"textbook/{spec['seed']}")
    name = spec["function_name"]
    inst = build(fam, spec["variant"], name, spec["seed"])
    style = spec["style"]
    audience = spec["audience"]
    task = spec["task"]
    title = f"# {fam.title}: {_cap(task)}"
    parts = [title, "", _opening(audience, rng), ""]
    what = "class" if inst.kind == "class" else "function"
    pitfalls = _PITFALLS.get(fam.theme, _PITFALLS["lists"])
    idea = inst.explanation or "The code follows the contract directly."
    n_demo, n_check = (1, 2) if inst.kind == "class" else (3, 4)

    tr = trace(inst, rng)
    mk = mistake(inst, rng)
    taken = {name}
    if mk is not None:
        taken.add(mk.buggy_name)
    alt = _alternative(fam, spec, name, inst) if style == "compare" else None
    if alt is not None:
        taken.add(alt.entry_point)
    ex = exercise(fam, spec, taken, rng)

    def trace_lines(confirm: bool = True) -> list[str]:
        return _trace_part(tr, audience, rng, confirm) if tr is not None else []

    def mistake_lines(form: str = "prose") -> list[str]:
        if mk is not None:
            return _mistake_part(mk, inst, rng, form)
        return [rng.choice(pitfalls)]

    def exercise_lines(form: str = "plain") -> list[str]:
        return _exercise_part(ex, rng, form) if ex is not None else []

    if style == "qa":
        parts += [f"**Student:** I need to {task}. Where do I start?", "",
                  f"**Teacher:** Start from the contract. {inst.summary}", "",
                  "**Student:** And how would you solve it?", "",
                  f"**Teacher:** Here is the idea. {idea}", "",
                  f"**Student:** What would the {what} look like?", "",
                  f"**Teacher:** Here is one way to write {_c(name)}:", "", _block(inst.code), ""]
        if tr is not None:
            lines = _trace_part(tr, audience, rng, True)
            parts += ["**Student:** Can we follow what it does on a small input?", "",
                      "**Teacher:** " + lines[0], ""] + lines[2:] + [""]
        parts += ["**Student:** How do I know it is right in general?", "",
                  "**Teacher:** Run it on a few inputs and compare with what you expect:", "",
                  _block(demo_code(inst, n_demo)), "", "Then turn the expectations into assertions:", "",
                  _block(check_code(inst, 3)), ""]
        if mk is not None:
            parts += mistake_lines("dialogue") + [""]
        else:
            parts += ["**Student:** Anything to watch out for?", "", f"**Teacher:** {rng.choice(pitfalls)}", ""]
        parts += exercise_lines("dialogue")
    elif style == "compare":
        parts += [f"There is usually more than one correct way to {task}. We write two and compare them.",
                  "", "## First approach", "", idea, "", _block(inst.code), ""]
        if tr is not None:
            parts += ["### Tracing the first approach", ""] + trace_lines(False) + [""]
        if alt is not None:
            parts += ["## Second approach", "",
                      f"The second version, {_c(alt.entry_point)}, reaches the same result differently. "
                      + (alt.explanation or "It follows the same specification."), "",
                      _block(alt.code), "",
                      "## Do they agree?", "", "The quickest comparison is to run both on the same inputs:", "",
                      _block(demo_code(inst, n_demo) + "\n" + demo_code(alt, n_demo)), "",
                      ("When two independent implementations agree on many inputs, a mistake in either one "
                      "becomes much less likely. Prefer the version that is easiest to read; speed matters "
                      "only once it has been measured."), ""]
        else:
            parts += ["## Checking it", "", _block(demo_code(inst, n_demo)), "",
                      ("A second approach would have to agree with this one on every input; writing it is a "
                      "good exercise."), ""]
        parts += ["## A third version, with a bug", ""] + mistake_lines() + [""] if mk is not None else \
            ["## Something to watch for", "", rng.choice(pitfalls), ""]
        if ex is not None:
            parts += ["## Exercise", ""] + exercise_lines()
    elif style == "pitfalls":
        others = [p for p in pitfalls]
        picks = rng.sample(others, min(2 if mk is None else 1, len(others)))
        parts += ["## The task", "", inst.summary, "", "## A correct solution", "", idea, "", _block(inst.code), ""]
        if tr is not None:
            parts += ["## Watching it run", ""] + trace_lines() + [""]
        parts += ["## Common mistakes", ""]
        if mk is not None:
            parts += mistake_lines() + ["", "Another thing to keep in mind:", ""]
        parts += [f"- {p}" for p in picks]
        parts += ["", "Tests catch these mistakes early. Each of the following lines must run silently:", "",
                  _block(check_code(inst, n_check)), ""]
        if ex is not None:
            parts += ["## Practice", ""] + exercise_lines()
    elif style == "worked_example":
        parts += ["## Problem", "", inst.summary, "", "## Solution", "",
                  f"We write a {what} called {_c(name)}. {idea}", "", _block(inst.code), ""]
        if tr is not None:
            parts += ["## Tracing an example", ""] + trace_lines(False) + [""]
        parts += ["## Checking the solution", "", "First we look at a few results:", "", _block(demo_code(inst, n_demo)),
                  "", "Then we turn the expectations into assertions, which fail loudly if anything is wrong:",
                  "", _block(check_code(inst, n_check)), ""]
        parts += (["## A tempting wrong version", ""] if mk is not None else ["## A word of warning", ""])
        parts += mistake_lines() + [""]
        if ex is not None:
            parts += ["## Practice problem", ""] + exercise_lines()
    elif style == "reference":
        parts += [f"**Task.** {_cap(task)}.", "", f"**Contract.** {inst.summary}", "",
                  f"**How it works.** {idea}", "", "**Implementation.**", "", _block(inst.code), ""]
        if tr is not None:
            t = tr
            parts += [f"**Trace of {_c(t.call) if t.kind != 'scenario' else 'an example'}.** {t.before}", ""]
            parts += t.body + ["", t.after, ""]
        parts += ["**Examples.**", "", _block(demo_code(inst, n_demo)), ""]
        if mk is not None:
            parts += [f"**Common mistake.** {_cap(mk.slip)}:", "", _block(mk.code), "", _block(mk.demo), "",
                      (f"{_outcome_sentence(mk, 'class' if inst.kind == 'class' else 'version')} {mk.why} "
                      f"Fix: {mk.fix}."), ""]
        else:
            parts += [f"**Note.** {rng.choice(pitfalls)}", ""]
        parts += exercise_lines("compact")
    else:  # tutorial
        parts += ["## Step 1: say exactly what we want", "",
                  f"Our goal is to {task}. Written as a contract: {inst.summary}", "",
                  "## Step 2: the idea", "", idea, "",
                  "## Step 3: write it", "", _block(inst.code), ""]
        n = 4
        if tr is not None:
            parts += [f"## Step {n}: trace it by hand", ""] + trace_lines() + [""]
            n += 1
        parts += [f"## Step {n}: test it", "", "A few more inputs:", "", _block(demo_code(inst, n_demo)), "",
                  "Assertions turn the expected results into checks:", "", _block(check_code(inst, n_check)), ""]
        n += 1
        parts += [f"## Step {n}: a mistake to avoid", ""] + mistake_lines() + [""]
        n += 1
        if ex is not None:
            parts += [f"## Step {n}: your turn", ""] + exercise_lines()
    parts += ["", rng.choice(_CLOSINGS)]
    text = "\n".join(parts).strip() + "\n"
    return re.sub(r"\n{3,}", "\n\n", text)


def _alternative(fam, spec: dict[str, Any], name: str, inst: Instance) -> Instance | None:
    """A second implementation of the same task whose code has another shape, or None."""
    alt_name = f"{name}_v2" if name[:1].islower() else f"{name}V2"
    for k in range(1, 12):
        alt = build(fam, spec["variant"], alt_name, spec["seed"] + k)
        if _shape(alt.body) != _shape(inst.body):
            return alt
    return None


def _shape(body: str) -> str:
    """The body's AST with every name and constant blanked: equal for the same approach."""
    tree = ast.parse("def _f():\n" + body)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            node.id = "_"
        elif isinstance(node, ast.arg):
            node.arg = "_"
        elif isinstance(node, ast.Constant):
            node.value = None
        elif isinstance(node, ast.Attribute):
            node.attr = "_"
    return ast.dump(tree)
