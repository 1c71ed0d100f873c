"""The machinery every concept family shares: declaring a family, building one instance, rendering it.

A *family* is one concept of basic Python (counting characters of a kind, binary search, a stack
class, ...). It declares *variants* (what exactly to ask for, in words an LLM would read, with a pool of
fitting function names) and a builder that, given a request's spec and a seeded `random.Random`,
writes one exercise: a signature, a docstring, a reference body, an explanation and the inputs to try.
The examples in the docstring and the expected values in the tests are never written by hand: `build`
runs the reference solution on the inputs and records what it returns (or raises).

Nothing here is derived from HumanEval or MBPP: the families are written from first principles.
"""

from __future__ import annotations

import ast
import math
import random
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# --------------------------------------------------------------------------------------------------
# Declaring families


@dataclass(frozen=True)
class Variant:
    key: str
    task: str  # what the function must do, in the words a prompt uses
    names: tuple[str, ...]  # function (or class) names that fit the task


def V(key: str, task: str, verbs: str, nouns: str = "", names: str = "") -> Variant:
    """A variant whose name pool is ``verb_noun`` for every verb and noun (``|``-separated), plus `names`."""
    pool = [f"{v}_{n}" if n else v for v in verbs.split("|") if v for n in (nouns.split("|") if nouns else [""])]
    pool += [n for n in names.split("|") if n]
    pool = list(dict.fromkeys(pool))
    for name in pool:
        if not name.isidentifier():
            raise ValueError(f"variant {key!r}: {name!r} is not an identifier")
    return Variant(key, task, tuple(pool))


@dataclass(frozen=True)
class Family:
    key: str
    theme: str
    title: str  # the concept, as a textbook section would be titled
    variants: tuple[Variant, ...]
    build: Callable[[Ctx], None] = field(repr=False)
    module: str = ""

    def variant(self, key: str) -> Variant:
        for v in self.variants:
            if v.key == key:
                return v
        raise KeyError(f"family {self.key!r} has no variant {key!r}")


FAMILIES: dict[str, Family] = {}


def family(theme: str, title: str, *variants: Variant) -> Callable[[Callable[[Ctx], None]], Family]:
    """Register the decorated builder as a concept family named after the function."""

    def register(fn: Callable[[Ctx], None]) -> Family:
        key = fn.__name__
        if key in FAMILIES:
            raise ValueError(f"family {key!r} registered twice")
        if not variants:
            raise ValueError(f"family {key!r} has no variants")
        fam = Family(key, theme, title, tuple(variants), fn, fn.__module__.rsplit(".", 1)[-1])
        FAMILIES[key] = fam
        return fam

    return register


# --------------------------------------------------------------------------------------------------
# Building one instance


class FamilyError(RuntimeError):
    """A family produced something unusable (a bug in the family, not in a request)."""


@dataclass
class Step:
    kind: str  # "expr" (its value is shown / checked), "stmt" (run only), "raises" (must raise `exc`)
    code: str
    exc: str | None = None


@dataclass
class Instance:
    """One exercise with everything computed: ready to render as prompt, solution and tests."""

    concept: str
    variant: str
    entry_point: str
    kind: str  # "function" | "class"
    header: str  # imports, then the `def ...:` or `class ...:` line
    docstring: str  # the full docstring text, examples included, not yet indented
    body: str  # the reference body, indented by four spaces
    tests: str  # statements that raise AssertionError on a wrong answer
    explanation: str
    summary: str
    examples: list[tuple[list[Step], list[str]]]  # steps and the shown result of each, for textbooks
    test_cases: list[str] = field(default_factory=list)  # `tests`, one block per case

    @property
    def prompt(self) -> str:
        doc = textwrap.indent(self.docstring, "    ").lstrip()
        raw = "r" if "\\" in doc else ""  # a repr with a backslash must reach the reader as written
        return f'{self.header}\n    {raw}"""{doc}\n    """\n'

    @property
    def code(self) -> str:
        return self.prompt + self.body


class Ctx:
    """What a family builder writes into: `x.param(...)`, `x.doc(...)`, `x.body(...)`, `x.cases(...)`."""

    def __init__(self, fam: Family, variant: str, name: str, rng: random.Random):
        self.family, self.v, self.name, self.rng = fam, variant, name, rng
        self.kind = "function"
        self._params: list[str] = []
        self._used: set[str] = {name}
        self._ret: str | None = None
        self._imports: list[str] = []
        self._doc: list[str] = []
        self._body = ""
        self._explain: list[str] = []
        self._cases: list[list[Step]] = []
        self._bases = ""
        self.n_examples = 2

    # -- choosing ----------------------------------------------------------------------------------
    def pick(self, options: Any) -> Any:
        """One of `options` (a sequence, or a ``|``-separated string)."""
        if isinstance(options, str):
            options = options.split("|")
        return self.rng.choice(list(options))

    def chance(self, p: float = 0.5) -> bool:
        return self.rng.random() < p

    # -- the signature -----------------------------------------------------------------------------
    def param(self, names: str, annotation: str | None = None, default: Any = ...) -> str:
        """Add a parameter whose name is picked from `names` (``|``-separated); return the name."""
        choices = [n for n in names.split("|") if n not in self._used] or [f"arg{len(self._params)}"]
        name = self.rng.choice(choices)
        self._used.add(name)
        text = name + (f": {annotation}" if annotation else "")
        if default is not ...:
            text += (" = " if annotation else "=") + repr(default)
        self._params.append(text)
        return name

    def local(self, names: str) -> str:
        """A local variable name from `names` that clashes with no parameter."""
        choices = [n for n in names.split("|") if n not in self._used] or [f"tmp{len(self._used)}"]
        name = self.rng.choice(choices)
        self._used.add(name)
        return name

    def returns(self, annotation: str) -> None:
        self._ret = annotation

    def imports(self, line: str) -> None:
        if line not in self._imports:
            self._imports.append(line)

    def as_class(self, bases: str = "") -> None:
        """The exercise is a class: the body is its methods, the tests use it through scenarios."""
        self.kind, self._bases = "class", bases

    # -- the words ---------------------------------------------------------------------------------
    def doc(self, text: str) -> None:
        """A paragraph of the docstring (the first is the summary)."""
        self._doc.append(" ".join(text.split()))

    def explain(self, text: str) -> None:
        """A sentence or two on how the solution works (textbooks use it; the prompt does not)."""
        self._explain.append(" ".join(text.split()))

    def body(self, *parts: str) -> None:
        """The reference body, written without indentation (it is indented here); each part is dedented
        on its own, so a family can assemble a body from shared pieces."""
        code = "\n".join(textwrap.dedent(part).strip("\n") for part in parts)
        self._body = textwrap.indent(code + "\n", "    ")

    # -- the cases ---------------------------------------------------------------------------------
    def call(self, *args: Any) -> str:
        return f"{self.name}({', '.join(canon_repr(a) for a in args)})"

    def case(self, *args: Any) -> None:
        """One call of the function with these arguments (its result is computed later)."""
        self._cases.append([Step("expr", self.call(*args))])

    def raises(self, exc: str, *args: Any) -> None:
        """A call that must raise `exc`."""
        self._cases.append([Step("raises", self.call(*args), exc)])

    def expr(self, code: str) -> None:
        """One expression (e.g. ``list(gen(3))`` or a call with a lambda) whose value is checked."""
        self._cases.append([Step("expr", code)])

    def exprs(self, gen: Callable[[random.Random], str], n: int = 6, tries: int = 60) -> None:
        """Up to `n` distinct expressions written by `gen(rng)`."""
        seen = {c[0].code for c in self._cases}
        for _ in range(tries):
            if len(self._cases) >= n:
                break
            code = gen(self.rng)
            if code not in seen:
                seen.add(code)
                self._cases.append([Step("expr", code)])

    def scenario(self, *steps: tuple[str, str] | tuple[str, str, str]) -> None:
        """A few steps run in order: ("stmt", code), ("expr", code) or ("raises", code, Exc)."""
        self._cases.append([Step(*s) for s in steps])

    def cases(self, gen: Callable[[random.Random], tuple], n: int = 6, tries: int = 60) -> None:
        """Up to `n` distinct calls with arguments drawn by `gen(rng)`."""
        seen = {c[0].code for c in self._cases}
        for _ in range(tries):
            if len(self._cases) >= n:
                break
            call = self.call(*gen(self.rng))
            if call not in seen:
                seen.add(call)
                self._cases.append([Step("expr", call)])

    # -- assembling --------------------------------------------------------------------------------
    def header(self) -> str:
        imports = "".join(line + "\n" for line in self._imports)
        if self.kind == "class":
            line = f"class {self.name}({self._bases}):" if self._bases else f"class {self.name}:"
        else:
            ret = f" -> {self._ret}" if self._ret else ""
            line = f"def {self.name}({', '.join(self._params)}){ret}:"
        return (imports + "\n\n" if imports else "") + line


# --------------------------------------------------------------------------------------------------
# Values as source text


def canon_repr(value: Any) -> str:
    """`repr` that is the same in every process: sets are sorted (their order depends on str hashing)."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str, bytes)):
        return repr(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise FamilyError(f"non-finite float {value!r} cannot be written as a literal")
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(canon_repr(v) for v in value) + "]"
    if isinstance(value, tuple):
        inner = ", ".join(canon_repr(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{canon_repr(k)}: {canon_repr(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (set, frozenset)):
        items = sorted(canon_repr(v) for v in value)
        if not items:
            return "set()" if isinstance(value, set) else "frozenset()"
        text = "{" + ", ".join(items) + "}"
        return text if isinstance(value, set) else f"frozenset({text})"
    raise FamilyError(f"cannot write {type(value).__name__} {value!r} as a literal")


def _operand(code: str) -> str:
    """`code` parenthesized unless it is a call, name, attribute or subscript (``a == b is False`` chains)."""
    try:
        node = ast.parse(code, mode="eval").body
    except SyntaxError:
        return f"({code})"
    return code if isinstance(node, (ast.Call, ast.Name, ast.Attribute, ast.Subscript, ast.Constant)) else f"({code})"


def _assertion(code: str, value: Any) -> str:
    code = _operand(code)
    if value is None or isinstance(value, bool):
        return f"assert {code} is {value!r}"
    if isinstance(value, float):
        return f"assert abs({code} - {value!r}) < 1e-6"
    return f"assert {code} == {canon_repr(value)}"


def _raises_block(code: str, exc: str) -> str:
    return f"try:\n    {code}\nexcept {exc}:\n    pass\nelse:\n    raise AssertionError({code!r} + ' should raise {exc}')"


def build(fam: Family, variant: str, name: str, seed: int, *, n_examples: int | None = None) -> Instance:
    """Build, run and render one instance of `fam`; raises FamilyError if the family misbehaves."""
    rng = random.Random(f"{fam.key}/{variant}/{name}/{seed}")
    x = Ctx(fam, variant, name, rng)
    fam.variant(variant)  # KeyError for an unknown variant
    fam.build(x)
    if not x._body or not x._cases or not x._doc:
        raise FamilyError(f"{fam.key}/{variant}: missing body, cases or docstring")
    header = x.header()
    source = header + "\n" + x._body
    namespace: dict[str, Any] = {"__name__": "__reference__"}
    try:
        exec(compile(source, f"<{fam.key}>", "exec"), namespace)  # noqa: S102 - our own reference code
    except Exception as exc:  # a family bug: say which
        raise FamilyError(f"{fam.key}/{variant}: reference does not run: {exc!r}\n{source}") from exc

    shown: list[tuple[list[Step], list[str]]] = []
    test_blocks: list[str] = []
    for steps in x._cases:
        ns = dict(namespace)
        results: list[str] = []
        lines: list[str] = []
        for step in steps:
            if step.kind == "stmt":
                _run(exec, step.code, ns, fam, variant)
                lines.append(step.code)
                results.append("")
            elif step.kind == "expr":
                value = _run(eval, step.code, ns, fam, variant)
                lines.append(_assertion(step.code, value))
                results.append("" if value is None else canon_repr(value))  # doctest shows no None
            elif step.kind == "raises":
                try:
                    eval(step.code, ns)
                except Exception as exc:
                    if type(exc).__name__ != step.exc:
                        raise FamilyError(f"{fam.key}: {step.code} raised {type(exc).__name__}, "
                                          f"not {step.exc}") from exc
                    lines.append(_raises_block(step.code, step.exc))
                    results.append(f"{step.exc}: {exc}" if str(exc) else step.exc)
                else:
                    raise FamilyError(f"{fam.key}: {step.code} should raise {step.exc}")
            else:
                raise FamilyError(f"unknown step kind {step.kind!r}")
        shown.append((steps, results))
        test_blocks.append("\n".join(lines))

    n_ex = x.n_examples if n_examples is None else n_examples
    examples = shown[:n_ex]
    doc = "\n\n".join(textwrap.fill(p, 92) for p in x._doc)
    example_text = "\n".join(_doctest(steps, results) for steps, results in examples)
    docstring = doc + ("\n\n" + example_text if example_text else "")
    summary = x._doc[0]
    return Instance(concept=fam.key, variant=variant, entry_point=name, kind=x.kind, header=header,
                    docstring=docstring, body=x._body, tests="\n".join(test_blocks) + "\n",
                    explanation=" ".join(x._explain), summary=summary, examples=shown,
                    test_cases=test_blocks)


def _run(fn: Callable, code: str, ns: dict, fam: Family, variant: str) -> Any:
    try:
        return fn(code, ns)
    except Exception as exc:
        raise FamilyError(f"{fam.key}/{variant}: {code} raised {exc!r}") from exc


def _doctest(steps: list[Step], results: list[str]) -> str:
    out = []
    for step, result in zip(steps, results):
        out.append(f">>> {step.code}")
        if step.kind == "raises":
            out.append("Traceback (most recent call last):\n    ...")
            out.append(result)
        elif result:
            out.append(result)
    return "\n".join(out)


# --------------------------------------------------------------------------------------------------
# Random inputs

WORDS = ["apple", "river", "stone", "cloud", "garden", "window", "pencil", "rocket", "forest", "candle", "silver", "market", "bridge", "orange", "planet", "thunder", "basket", "meadow", "violin", "harbor", "lantern", "pepper", "castle", "island", "mirror", "jacket", "ladder", "needle", "oyster", "parrot", "quartz", "saddle", "tunnel", "velvet", "walnut", "yogurt", "zebra", "anchor", "button", "cactus", "dragon", "engine", "falcon", "glacier", "hammer", "igloo", "jungle", "kettle", "lemon", "magnet", "nectar", "orbit", "puzzle", "quiver", "rabbit", "spider", "tomato", "umbrella", "valley", "wizard", "yellow", "bamboo", "copper", "desert", "ember", "fabric", "ginger", "helmet", "ivory", "jasmine", "koala", "lizard", "mango", "noodle", "olive", "pirate", "quilt", "raven", "sunset", "tiger", "uncle", "vessel", "wagon", "canyon", "breeze", "cobalt", "dune", "echo", "fossil", "grape", "hazel", "iris", "jade", "kayak", "lotus", "maple", "nova", "opal", "prism", "ridge", "sage"]

SHORT_WORDS = ["cat", "dog", "sun", "sky", "red", "map", "cup", "pen", "ant", "bee", "owl", "fox", "hat", "box", "car", "bus", "egg", "ice", "ink", "jam"]

NAMES = ["ada", "alan", "grace", "linus", "guido", "barbara", "ken", "dennis", "margaret", "edsger", "donald", "frances", "radia", "tim", "niklaus", "john", "katherine", "hedy", "annie", "joan"]

CITIES = ["oslo", "lima", "cairo", "quito", "paris", "tokyo", "delhi", "perth", "austin", "dublin", "nairobi", "lisbon"]


def words(rng: random.Random, lo: int = 2, hi: int = 6, pool: tuple | list = WORDS) -> list[str]:
    return [rng.choice(pool) for _ in range(rng.randint(lo, hi))]


def sentence(rng: random.Random, lo: int = 2, hi: int = 7) -> str:
    return " ".join(words(rng, lo, hi))


def ints(rng: random.Random, lo_n: int = 0, hi_n: int = 8, lo: int = -20, hi: int = 20) -> list[int]:
    return [rng.randint(lo, hi) for _ in range(rng.randint(lo_n, hi_n))]


def mixed_text(rng: random.Random) -> str:
    """Letters, digits, spaces and punctuation in varying case."""
    parts = []
    for _ in range(rng.randint(1, 5)):
        w = rng.choice(WORDS)
        r = rng.random()
        if r < 0.25:
            w = w.capitalize()
        elif r < 0.35:
            w = w.upper()
        if rng.random() < 0.3:
            w += str(rng.randint(0, 99))
        if rng.random() < 0.25:
            w += rng.choice(",.!?;:")
        parts.append(w)
    return " ".join(parts)


def identifier_words(rng: random.Random, lo: int = 1, hi: int = 4) -> list[str]:
    return [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
