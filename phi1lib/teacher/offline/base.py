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
    # the synthesis stream that asks for it: "train" is the curriculum (its concepts are sampled uniformly,
    # and held out whole or by instance); another stream asks for its own families in its own numbers
    stream: str = "train"

    def variant(self, key: str) -> Variant:
        for v in self.variants:
            if v.key == key:
                return v
        raise KeyError(f"family {self.key!r} has no variant {key!r}")


FAMILIES: dict[str, Family] = {}


def family(theme: str, title: str, *variants: Variant,
           stream: str = "train") -> Callable[[Callable[[Ctx], None]], Family]:
    """Register the decorated builder as a concept family named after the function, asked for by the
    synthesis stream `stream` (`Family.stream`)."""

    def register(fn: Callable[[Ctx], None]) -> Family:
        key = fn.__name__
        if key in FAMILIES:
            raise ValueError(f"family {key!r} registered twice")
        if not variants:
            raise ValueError(f"family {key!r} has no variants")
        fam = Family(key, theme, title, tuple(variants), fn, fn.__module__.rsplit(".", 1)[-1], stream)
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
    doc_style: str = "imperative"  # how the docstring is phrased: one of DOC_STYLES

    @property
    def prompt(self) -> str:
        doc = textwrap.indent(self.docstring, "    ").lstrip()
        raw = "r" if "\\" in doc else ""  # a repr with a backslash must reach the reader as written
        return f'{self.header}\n    {raw}"""{doc}\n    """\n'

    @property
    def code(self) -> str:
        return self.prompt + self.body


class Ctx:
    """What a family builder writes into: `x.param(...)`, `x.doc(...)`, `x.body(...)` (or `x.form(...)`, one
    of several equivalent solutions; `x.reject(...)` sometimes adds an input check), `x.cases(...)`."""

    def __init__(self, fam: Family, variant: str, name: str, rng: random.Random):
        self.family, self.v, self.name, self.rng = fam, variant, name, rng
        self.kind = "function"
        self._params: list[str] = []
        self._param_info: list[tuple[str, str | None, Any]] = []  # (name, annotation, default or ...)
        self._used: set[str] = {name}
        self._ret: str | None = None
        self._imports: list[str] = []
        self._doc: list[str] = []
        self._body = ""
        self._explain: list[str] = []
        self._cases: list[list[Step]] = []
        self._bases = ""
        self._late_doc: list[str] = []  # paragraphs that go after the family's own (see `reject`)
        self._late_cases: list[list[Step]] = []  # cases that go after the family's own
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
        self._param_info.append((name, annotation, default))
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
        if text.strip():
            self._explain.append(" ".join(text.split()))

    def body(self, *parts: str) -> None:
        """The reference body, written without indentation (it is indented here); each part is dedented
        on its own, so a family can assemble a body from shared pieces."""
        code = "\n".join(textwrap.dedent(part).strip("\n") for part in parts if part.strip())
        self._body = textwrap.indent(code + "\n", "    ")

    def form(self, *options: str | tuple[str, ...], prefix: str = "") -> int:
        """Pick one of several equivalent solutions and use it; return its index.

        Each option is a body (a string) or a tuple (body, explanation) or (body parts..., explanation)
        when the tuple has more than two items: all but the last item are body parts. Every option must
        compute the same results on every test input (the tests are derived from whichever is picked).
        `prefix` (e.g. a guard that checks the input) goes in front of whichever body is picked.
        """
        i = self.rng.randrange(len(options))
        opt = options[i]
        if isinstance(opt, str):
            self.body(prefix, opt)
        else:
            self.body(prefix, *opt[:-1])
            self.explain(opt[-1])
        return i

    def reject(self, condition: str, message: str, rule: str, *bad: tuple, exc: str = "ValueError",
               p: float = 0.3) -> str:
        """Sometimes (probability `p`) the exercise also refuses bad input: the docstring gains `rule`
        (after the family's own paragraphs), the tests call the function with each argument tuple in
        `bad` and expect `exc`, and the returned guard (``if condition: raise exc(message)``) is to be put
        in front of the body (``x.form(..., prefix=guard)``). Otherwise nothing changes and "" is returned."""
        if not self.chance(p):
            return ""
        self._late_doc.append(" ".join(rule.split()))
        for args in bad:
            self._late_cases.append([Step("raises", self.call(*args), exc)])
        return f"if {condition}:\n    raise {exc}({message!r})"

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


def build(fam: Family, variant: str, name: str, seed: int, *, n_examples: int | None = None,
          doc_style: str | None = None) -> Instance:
    """Build, run and render one instance of `fam`; raises FamilyError if the family misbehaves.

    The docstring is phrased in one of `DOC_STYLES`, drawn from its own generator seeded by (family,
    variant, name, seed), unless `doc_style` names one."""
    rng = random.Random(f"{fam.key}/{variant}/{name}/{seed}")
    x = Ctx(fam, variant, name, rng)
    fam.variant(variant)  # KeyError for an unknown variant
    fam.build(x)
    x._doc += x._late_doc
    x._cases += x._late_cases
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
    style_rng = random.Random(f"{fam.key}/{variant}/{name}/{seed}/doc")
    style = doc_style or style_rng.choice(DOC_STYLES)
    if style not in DOC_STYLES:
        raise ValueError(f"unknown docstring style {style!r}; expected one of {DOC_STYLES}")
    raises = sorted({s.exc for steps in x._cases for s in steps if s.kind == "raises" and s.exc})
    docstring, style = render_docstring(x, examples, style, style_rng, raises)
    summary = x._doc[0]
    return Instance(concept=fam.key, variant=variant, entry_point=name, kind=x.kind, header=header,
                    docstring=docstring, body=x._body, tests="\n".join(test_blocks) + "\n",
                    explanation=" ".join(x._explain), summary=summary, examples=shown,
                    test_cases=test_blocks, doc_style=style)


# --------------------------------------------------------------------------------------------------
# Phrasing the docstring
#
# The same task can be asked in many ways; a model that has only ever read "Return ..." followed by two
# doctests learns the template, not the task. Every instance is therefore phrased in one of these styles
# (the facts are the same, only their order and wording change; the doctests are always those computed
# above):
#
# - imperative:  the family's own words, "Return ...", then the examples;
# - descriptive: "Given a string text, return ..." / "This function returns ..." / "f(text) returns ...";
# - example_led: the examples first ("For example:"), then the rule;
# - rules:       a one-sentence description, then its details as a "Rules:"/"Notes:" list;
# - google:      the description, then "Args:", "Returns:" (and "Raises:") sections from the signature.

DOC_STYLES = ("imperative", "descriptive", "example_led", "rules", "google")

_VERBS = {
    "add", "apply", "build", "calculate", "center", "check", "clamp", "collapse", "collect", "combine",
    "compare", "compress", "compute", "concatenate", "convert", "count", "decide", "decode", "describe",
    "determine", "divide", "double", "draw", "encode", "evaluate", "expand", "extract", "fill", "filter",
    "find", "flatten", "format", "generate", "give", "group", "join", "keep", "list", "look", "make", "map",
    "merge", "move", "multiply", "normalize", "pack", "pad", "parse", "pick", "produce", "read", "rebuild",
    "remove", "render", "repeat", "replace", "replay", "report", "return", "reverse", "rotate", "round",
    "scale", "select", "shift", "shorten", "simulate", "sort", "split", "strip", "sum", "swap", "take",
    "tell", "test", "transform", "translate", "trim", "truncate", "turn", "validate", "walk", "wrap",
    "write", "yield",
}


def _third_person(verb: str) -> str:
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ies"
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        return verb + "es"
    return verb + "s"


def _lower_first(text: str) -> str:
    """`text` with its first letter lowercased, unless the first word is an acronym."""
    m = re.match(r"[A-Za-z]+", text)
    if m and m.group(0)[0].isupper() and (len(m.group(0)) == 1 or m.group(0)[1:].islower()):
        return text[0].lower() + text[1:]
    return text


def _conjugate_and(text: str) -> str:
    """'... and return the total' -> '... and returns the total' in the first sentence of `text`."""
    first, sep, rest = text.partition(". ")
    first = re.sub(r"\b(and|then) ([a-z]+)\b",
                   lambda m: f"{m.group(1)} {_third_person(m.group(2))}" if m.group(2) in _VERBS else m.group(0),
                   first)
    return first + sep + rest


def _noun(annotation: str | None) -> str | None:
    """A short English description of a type annotation, or None where there is no good one."""
    if not annotation:
        return None
    a = annotation.replace(" ", "")
    simple = {"str": "a string", "int": "an integer", "float": "a number", "bool": "a boolean",
              "list": "a list", "dict": "a dictionary", "tuple": "a tuple", "set": "a set",
              "list[int]": "a list of integers", "list[str]": "a list of strings",
              "list[float]": "a list of numbers", "list[list[int]]": "a list of lists of integers",
              "set[int]": "a set of integers", "set[str]": "a set of strings", "None": "None",
              "int|None": "an integer or None", "str|None": "a string or None", "float|None": "a number or None"}
    if a in simple:
        return simple[a]
    if a.startswith("dict["):
        return "a dictionary"
    if a.startswith("list[tuple["):
        return "a list of tuples"
    if a.startswith("tuple["):
        return "a tuple"
    if a.startswith("Callable["):
        return "a function"
    if a.startswith(("Iterator[", "Generator[", "Iterable[")):
        return "an iterator"
    return None


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _sentences(paragraph: str, names: list[str] | tuple[str, ...] = (), clauses: bool = False) -> list[str]:
    """The sentences of `paragraph` (and, with `clauses`, the clauses between semicolons). A sentence
    starts after '.', '!' or '?' with a capital, a call such as `push(item)` or one of `names`."""
    starts = r"[A-Z(]|\w+\(" + "".join(f"|{re.escape(n)}\\b" for n in names)
    parts = [p for p in re.split(rf"(?<=[.!?])\s+(?={starts})", paragraph) if p]
    if clauses:
        parts = [c.strip() for p in parts for c in p.split("; ") if c.strip()]
    return parts


def _as_bullet(text: str, names: list[str]) -> str:
    """A sentence or clause as a list item: capitalized (unless it starts with a name or a call) and
    ending with punctuation."""
    m = re.match(r"\w+", text)
    word = m.group(0) if m else ""
    if word and word not in names and word.islower() and not text[len(word):].startswith("("):
        text = text[0].upper() + text[1:]
    return text if text[-1:] in ".!?:" else text + "."


def _fill(text: str, first: str = "", rest: str = "") -> str:
    return textwrap.fill(text, 92, initial_indent=first, subsequent_indent=rest)


def render_docstring(x: Ctx, examples: list[tuple[list[Step], list[str]]], style: str, rng: random.Random,
                     raises: list[str] | None = None) -> tuple[str, str]:
    """The docstring of the instance `x` describes, in `style`; returns (docstring, style actually used:
    a style that does not fit, such as google for a class or example_led without examples, falls back)."""
    paras = list(x._doc)
    example_text = "\n".join(_doctest(steps, results) for steps, results in examples)
    params = [(n, a, d) for n, a, d in x._param_info]
    if style == "google" and (x.kind != "function" or not params):
        style = "rules"
    if style == "example_led" and not example_text:
        style = "imperative"

    def plain(ps: list[str]) -> str:
        return "\n\n".join(_fill(p) for p in ps)

    def with_examples(text: str, header: str = "") -> str:
        if not example_text:
            return text
        return text + "\n\n" + (header + "\n" if header else "") + example_text

    if style == "imperative":
        return with_examples(plain(paras)), style

    if style == "descriptive":
        first = paras[0]
        m = re.match(r"[A-Za-z]+", first)
        word = m.group(0) if m else ""
        if x.kind == "class":
            if word in ("A", "An"):
                lead = f"{x.name} is {_lower_first(first)}"
            elif word.endswith("s") and word[:1].isupper() and word.isalpha():
                lead = f"This class {_lower_first(first)}"
            else:
                lead = f"The class {x.name}: {first}"
        elif word.lower() in _VERBS and word[:1].isupper():
            rest = first[len(word):]
            described = []
            for n, a, d in params:
                noun = _noun(a)
                described.append(f"{noun} {n}" if noun and noun != "None" else n)
            verb = _third_person(word.lower())
            options = [f"This function {verb}{_conjugate_and(rest)}",
                       f"{x.name}({', '.join(n for n, _, _ in params)}) {verb}{_conjugate_and(rest)}"]
            if params:
                options.append(f"Given {_and_list(described)}, {word.lower()}{rest}")
            lead = rng.choice(options)
        else:
            names = [n for n, _, _ in params]
            lead = (f"This function takes {_and_list(names)}. {first}" if names else f"This function: {first}")
        return with_examples(plain([lead] + paras[1:])), style

    if style == "example_led":
        header = rng.choice(["For example:", "Examples:", "Some examples:"])
        intro = rng.choice(["", "In general: ", "The rule: ", "In words: "])
        text = plain([intro + paras[0]] + paras[1:])
        return header + "\n" + example_text + "\n\n" + text, style

    if style == "rules":
        names = [n for n, _, _ in params]
        sentences = [s for p in paras for s in _sentences(p, names, clauses=True)]
        head, bullets = sentences[0], sentences[1:]
        if head[-1:] not in ".!?:":
            head += "."
        if len(bullets) < 2:
            for n, a, d in params:
                noun = _noun(a)
                if noun and noun != "None" and len(bullets) < 2:
                    bullets.append(f"{n} is {noun}" + ("." if d is ... else f" (default {canon_repr(d)})."))
        if not bullets:
            return with_examples(plain(paras)), "imperative"
        bullets = [_as_bullet(b, names) for b in bullets]
        title = rng.choice(["Rules:", "Notes:", "Details:", "Requirements:"])
        text = _fill(head) + "\n\n" + title + "\n" + "\n".join(_fill(b, "- ", "  ") for b in bullets)
        return with_examples(text, rng.choice(["", "Examples:"])), style

    # google
    lines = [plain(paras), "", "Args:"]
    for n, a, d in params:
        noun = _noun(a)
        what = (noun[0].upper() + noun[1:]) if noun and noun != "None" else "The input"
        default = "" if d is ... else f" Defaults to {canon_repr(d)}."
        lines.append(_fill(f"{n} ({a}): {what}.{default}" if a else f"{n}: {what}.{default}", "    ", "        "))
    ret = x._ret
    if ret and ret != "None":
        noun = _noun(ret)
        first = _sentences(paras[0], [n for n, _, _ in params], clauses=True)[0].rstrip(".") + "."
        if first.startswith("Return ") and len(first) <= 64:
            what = first[len("Return "):]
            what = what[0].upper() + what[1:]
        else:
            what = (noun[0].upper() + noun[1:] + ".") if noun else ""
        lines += ["", "Returns:", _fill(f"{ret}: {what}" if what else ret, "    ", "        ")]
    if raises:
        lines += ["", "Raises:"] + [f"    {exc}: as described above." for exc in raises]
    text = "\n".join(lines)
    if not example_text:
        return text, style
    return text + "\n\nExamples:\n" + textwrap.indent(example_text, "    "), style


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
