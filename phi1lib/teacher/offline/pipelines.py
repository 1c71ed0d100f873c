"""Pipeline families: exercises assembled from steps, so that no two need share a template.

A hand-written family has a handful of variants, and a small model learns each variant's answer as a
whole: it recalls templates instead of writing code. Here one exercise is a *pipeline* over a collection
(a list of numbers, a list of words, the characters of a string): an optional test that keeps some
elements, an optional change applied to each kept element, and one way of reducing the result (a sum, a
count, the largest, a list, a sorted list, a joined string, ...). Each step brings its own words and its
own code, so the docstring and the solution are assembled from the same choices: the task's phrase
"the squares of the even numbers" becomes ``v * v for v in xs if v % 2 == 0``, in a loop, a
comprehension, named intermediate lists or ``map``/``filter``. What the model can learn from thousands of
such exercises is how phrases map to pieces of code, and how the pieces compose.

The steps are written from first principles, like every family (nothing from HumanEval or MBPP), and
none compares an element with a statistic of the collection or groups elements: those are concepts of
their own. These families are a stream of their own (`synth.n_pipeline_exercises`): the curriculum's
train stream, its held-out families and instances do not change with them.
"""

from __future__ import annotations

from dataclasses import dataclass

from phi1lib.teacher.offline.base import SHORT_WORDS, WORDS, Ctx, FamilyError, V, family, ints, mixed_text, words

T = "composition"
STREAM = "pipelines"


@dataclass(frozen=True)
class Keep:
    """A test that keeps some elements. ``{v}`` is the element, ``{k}`` the step's argument (if any)."""

    key: str
    is_: str  # "is even": after "a number that"
    are: str  # "are even": after "the numbers that"
    cond: str
    arg: str = ""  # "int" or "str": the test takes an argument, a parameter or a literal
    draw: tuple = ()  # values the argument takes


@dataclass(frozen=True)
class Change:
    """A change applied to each element: ``{v}`` the element, ``{k}`` a literal argument."""

    key: str
    of: str  # "the squares of {items}"
    each: str  # "its square": in "replace each by its square"
    expr: str
    src: str  # element type it applies to: "int" or "str"
    dst: str
    draw: tuple = ()


NUMBER_KEEPS = (
    Keep("even", "is even", "are even", "{v} % 2 == 0"),
    Keep("odd", "is odd", "are odd", "{v} % 2 != 0"),
    Keep("positive", "is positive", "are positive", "{v} > 0"),
    Keep("negative", "is negative", "are negative", "{v} < 0"),
    Keep("nonzero", "is not zero", "are not zero", "{v} != 0"),
    Keep("above", "is greater than {k}", "are greater than {k}", "{v} > {k}", "int", (-3, 0, 2, 4, 5)),
    Keep("below", "is smaller than {k}", "are smaller than {k}", "{v} < {k}", "int", (-2, 0, 1, 3, 6)),
    Keep("at_least", "is at least {k}", "are at least {k}", "{v} >= {k}", "int", (-1, 0, 3, 4)),
    Keep("multiple", "is a multiple of {k}", "are multiples of {k}", "{v} % {k} == 0", "int", (2, 3, 4, 5)),
)
NUMBER_CHANGES = (
    Change("square", "the squares of {items}", "its square", "{v} * {v}", "int", "int"),
    Change("double", "{items}, each doubled", "twice its value", "2 * {v}", "int", "int"),
    Change("negate", "the negatives of {items}", "its negative", "-{v}", "int", "int"),
    Change("absolute", "the absolute values of {items}", "its absolute value", "abs({v})", "int", "int"),
    Change("plus", "{items}, each increased by {k}", "itself plus {k}", "{v} + {k}", "int", "int", (1, 2, 10)),
    Change("times", "{items}, each multiplied by {k}", "itself times {k}", "{v} * {k}", "int", "int", (3, 5, 10)),
    Change("last_digit", "the last digits of {items}", "its last digit", "abs({v}) % 10", "int", "int"),
    Change("as_text", "{items}, written as strings", "its decimal string", "str({v})", "int", "str"),
)
WORD_KEEPS = (
    Keep("longer", "is longer than {k} letters", "are longer than {k} letters", "len({v}) > {k}", "int", (3, 4, 5)),
    Keep("short", "has at most {k} letters", "have at most {k} letters", "len({v}) <= {k}", "int", (3, 4, 5)),
    Keep("starts", "starts with {k}", "start with {k}", "{v}.startswith({k})", "str", ("a", "s", "c", "p")),
    Keep("ends", "ends with {k}", "end with {k}", "{v}.endswith({k})", "str", ("e", "r", "n", "t")),
    Keep("contains", "contains {k}", "contain {k}", "{k} in {v}", "str", ("a", "o", "i", "an")),
    Keep("capital", "starts with a capital letter", "start with a capital letter", "{v}[:1].isupper()"),
    Keep("lower", "is all lower case", "are all lower case", "{v}.islower()"),
)
WORD_CHANGES = (
    Change("upper", "{items}, in upper case", "its upper-case form", "{v}.upper()", "str", "str"),
    Change("lower", "{items}, in lower case", "its lower-case form", "{v}.lower()", "str", "str"),
    Change("reverse", "{items}, each spelled backwards", "its reverse", "{v}[::-1]", "str", "str"),
    Change("initial", "the first letters of {items}", "its first letter", "{v}[0]", "str", "str"),
    Change("length", "the lengths of {items}", "its length", "len({v})", "str", "int"),
    Change("capitalize", "{items}, capitalized", "its capitalized form", "{v}.capitalize()", "str", "str"),
    Change("suffix", "{items}, each followed by {k}", "itself followed by {k}", "{v} + {k}", "str", "str",
           ("!", "s", "-x")),
)
CHAR_KEEPS = (
    Keep("vowel", "is a vowel", "are vowels", "{v}.lower() in 'aeiou'"),
    Keep("digit", "is a digit", "are digits", "{v}.isdigit()"),
    Keep("letter", "is a letter", "are letters", "{v}.isalpha()"),
    Keep("upper", "is an upper-case letter", "are upper-case letters", "{v}.isupper()"),
    Keep("not_space", "is not a space", "are not spaces", "{v} != ' '"),
    Keep("consonant", "is a consonant", "are consonants", "{v}.isalpha() and {v}.lower() not in 'aeiou'"),
)
CHAR_CHANGES = (
    Change("upper", "{items}, in upper case", "its upper-case form", "{v}.upper()", "str", "str"),
    Change("lower", "{items}, in lower case", "its lower-case form", "{v}.lower()", "str", "str"),
    Change("double", "{items}, each written twice", "two copies of itself", "{v} * 2", "str", "str"),
    Change("code", "the character codes of {items}", "its character code (ord)", "ord({v})", "str", "int"),
)

# (collection annotation, element type, singular noun, plural noun, "the ... of/in", names, element names)
COLLECTIONS = {
    "numbers": ("list[int]", "int", "number", "numbers", "in", "numbers|values|nums|xs|data|items",
                "v|n|x|num|value"),
    "words": ("list[str]", "str", "word", "words", "in", "words|names|items|tokens|strings", "w|word|s|item"),
    "text": ("str", "str", "character", "characters", "of", "text|s|line|message|sentence", "ch|c|char|letter"),
}
STEPS = {"numbers": (NUMBER_KEEPS, NUMBER_CHANGES), "words": (WORD_KEEPS, WORD_CHANGES),
         "text": (CHAR_KEEPS, CHAR_CHANGES)}

# reductions: the element types each takes, whether it needs a test / forbids a change
NEEDS_KEEP = {"count", "any", "all", "first"}
NO_CHANGE = {"count", "any", "all"}
TAKES = {"sum": {"int"}, "product": {"int"}, "largest": {"int"}, "smallest": {"int"}, "join": {"str"}}


def _annotation(reduce: str, t: str, empty: str) -> str:
    if reduce in ("sum", "count", "product"):
        return "int"
    if reduce in ("any", "all"):
        return "bool"
    if reduce == "join":
        return "str"
    if reduce in ("list", "sorted", "unique"):
        return f"list[{t}]"
    return f"{t} | None" if empty == "none" else t


def _neg(cond: str) -> str:
    return f"not ({cond})" if " and " in cond or " or " in cond else f"not {cond}"


def _phrase(reduce: str, items: str, noun_sg: str, noun_pl: str, coll: str, keep: Keep | None, k: str,
            sep: str, empty: str, order: str) -> str:
    """The task in one sentence (or two), assembled from the steps' words."""
    none = {"none": "None if there are none", "raise": "raise ValueError if there are none"}.get(empty, "")
    if reduce == "sum":
        return f"Return the sum of {items} (0 if there are none)."
    if reduce == "product":
        return f"Return the product of {items} (1 if there are none)."
    if reduce == "count":
        return f"Return how many {noun_pl} {coll} {keep.are.format(k=k)}."
    if reduce in ("largest", "smallest"):
        return f"Return the {reduce} of {items}; {none}."
    if reduce == "list":
        return f"Return a list of {items}, in their original order."
    if reduce == "sorted":
        return f"Return {items} as a list sorted in {order} order."
    if reduce == "first":
        return f"Return the first of {items}, or None if there is none."
    if reduce == "any":
        return f"Return True if at least one {noun_sg} {coll} {keep.is_.format(k=k)}, and False otherwise."
    if reduce == "all":
        return (f"Return True if every {noun_sg} {coll} {keep.is_.format(k=k)}, and False otherwise (True when "
                f"there are no {noun_pl}).")
    if reduce == "join":
        return f"Return {items} joined into one string with {sep} between neighbours."
    if reduce == "unique":
        return f"Return a list of {items} without repeats, each kept where it first appears."
    raise ValueError(f"unknown reduction {reduce!r}")


def _steps(reduce: str, noun_sg: str, noun_pl: str, coll: str, keep: Keep | None, change: Change | None,
           k: str, mk: str, sep: str, empty: str, order: str) -> str:
    """The task as a short recipe: one sentence per step."""
    out = [f"Go through the {noun_pl} {coll} in order."]
    if keep is not None:
        out.append(f"Keep only those that {keep.are.format(k=k)}.")
    if change is not None:
        out.append(f"Replace {'each kept one' if keep else 'each one'} by {change.each.format(k=mk)}.")
    left = "nothing is left" if keep else f"there are no {noun_pl}"
    out.append({
        "sum": f"Return the sum of what is left (0 if {left}).",
        "product": f"Return the product of what is left (1 if {left}).",
        "count": "Return how many are kept.",
        "largest": f"Return the largest of them ({'None' if empty == 'none' else 'raise ValueError'} if {left}).",
        "smallest": f"Return the smallest of them ({'None' if empty == 'none' else 'raise ValueError'} if {left}).",
        "list": "Return them as a list, in order.",
        "sorted": f"Return them as a list sorted in {order} order.",
        "first": f"Return the first of them, or None if {left}.",
        "any": "Return True if any is kept, and False otherwise.",
        "all": "Return True if every one is kept (also when there is none), and False otherwise.",
        "join": f"Return them joined into one string with {sep} between neighbours.",
        "unique": "Return them as a list without repeats, keeping the first occurrence of each.",
    }[reduce])
    return " ".join(out)


def _code(reduce: str, form: str, xs: str, v: str, cond: str | None, expr: str, sep: str, empty: str,
          order: str, x: Ctx) -> str:
    """The body, in one of four forms: "comp" (one expression where it can be), "loop", "steps" (named
    intermediate lists) or "functional" (map and filter)."""
    gen = f"{expr} for {v} in {xs}" + (f" if {cond}" if cond else "")
    fail = "return None" if empty == "none" else "raise ValueError('no value to compare')"
    rev = ", reverse=True" if order == "decreasing" else ""
    if form == "functional":
        seq = xs if cond is None else f"filter(lambda {v}: {cond}, {xs})"
        seq = seq if expr == v else f"map(lambda {v}: {expr}, {seq})"
        call = {"sum": f"sum({seq})", "list": f"list({seq})", "sorted": f"sorted({seq}{rev})",
                "join": f"{sep}.join({seq})", "unique": f"list(dict.fromkeys({seq}))"}[reduce]
        return f"return {call}"
    if form == "comp":
        if reduce == "sum":
            return f"return sum({gen})"
        if reduce == "product":
            x.imports("import math")
            return f"return math.prod({gen})"
        if reduce == "count":
            return x.pick([f"return sum(1 for {v} in {xs} if {cond})", f"return len([{v} for {v} in {xs} if {cond}])"])
        if reduce in ("largest", "smallest"):
            fn = "max" if reduce == "largest" else "min"
            if empty == "none":
                return f"return {fn}(({gen}), default=None)"
            vals = x.local("values|kept|found|candidates")
            return f"{vals} = [{gen}]\nif not {vals}:\n    {fail}\nreturn {fn}({vals})"
        if reduce == "list":
            return f"return [{gen}]"
        if reduce == "sorted":
            return f"return sorted(({gen}){rev})" if rev else f"return sorted({gen})"
        if reduce == "first":
            return f"return next(({gen}), None)"
        if reduce in ("any", "all"):
            return f"return {reduce}({cond} for {v} in {xs})"
        if reduce == "join":
            return f"return {sep}.join({gen})"
        return f"return list(dict.fromkeys({gen}))"
    if form == "steps":
        lines, last = [], xs
        if cond:
            kept = x.local("kept|selected|chosen|matches")
            lines.append(f"{kept} = [{v} for {v} in {xs} if {cond}]")
            last = kept
        if expr != v:
            changed = x.local("changed|results|mapped|converted")
            lines.append(f"{changed} = [{expr} for {v} in {last}]")
            last = changed
        if reduce in ("largest", "smallest"):
            lines.append(f"if not {last}:\n    {fail}")
        lines.append("return " + {
            "sum": f"sum({last})", "product": f"math.prod({last})", "count": f"len({last})",
            "largest": f"max({last})", "smallest": f"min({last})", "list": last, "sorted": f"sorted({last}{rev})",
            "first": f"{last}[0] if {last} else None", "any": f"len({last}) > 0", "all": f"len({last}) == len({xs})",
            "join": f"{sep}.join({last})", "unique": f"list(dict.fromkeys({last}))"}[reduce])
        if reduce == "product":
            x.imports("import math")
        return "\n".join(lines)
    # loop
    acc = x.local({"sum": "total|acc|running", "product": "result|product|acc", "count": "count|n_kept|how_many",
                   "largest": "best|largest|top", "smallest": "best|smallest|low", "list": "result|out|kept",
                   "sorted": "result|out|ordered", "join": "parts|pieces|out", "unique": "seen|result|distinct",
                   }.get(reduce, "result"))
    if reduce in ("any", "all"):
        test = cond if reduce == "any" else _neg(cond)
        return (f"for {v} in {xs}:\n    if {test}:\n        return {reduce == 'any'}\n"
                f"return {reduce != 'any'}")
    if reduce == "first":
        head, inner = f"for {v} in {xs}:\n", f"return {expr}"
        body = (f"    if {cond}:\n        {inner}\n" if cond else f"    {inner}\n") + "return None"
        return head + body
    init = {"sum": "0", "product": "1", "count": "0", "largest": "None", "smallest": "None"}.get(reduce, "[]")
    inner: list[str] = []
    value = expr
    if reduce in ("largest", "smallest", "unique") and expr != v:
        y = x.local("y|item|new|current")
        inner.append(f"{y} = {expr}")
        value = y
    inner += {
        "sum": [f"{acc} += {value}"], "product": [f"{acc} *= {value}"], "count": [f"{acc} += 1"],
        "largest": [f"if {acc} is None or {value} > {acc}:", f"    {acc} = {value}"],
        "smallest": [f"if {acc} is None or {value} < {acc}:", f"    {acc} = {value}"],
        "list": [f"{acc}.append({value})"], "sorted": [f"{acc}.append({value})"], "join": [f"{acc}.append({value})"],
        "unique": [f"if {value} not in {acc}:", f"    {acc}.append({value})"]}[reduce]
    pad = "        " if cond else "    "
    lines = [f"{acc} = {init}", f"for {v} in {xs}:"] + ([f"    if {cond}:"] if cond else [])
    lines += [pad + line for line in inner]
    if reduce in ("largest", "smallest") and empty == "raise":
        lines.append(f"if {acc} is None:\n    {fail}")
    if reduce == "sorted":
        lines.append(f"{acc}.sort({'reverse=True' if rev else ''})")
    lines.append(f"return {sep}.join({acc})" if reduce == "join" else f"return {acc}")
    return "\n".join(lines)


EXPLAIN = {
    "sum": "The total starts at 0, so an empty selection sums to 0 without a special case.",
    "product": "The product starts at 1, the number that changes nothing when multiplied, so an empty "
               "selection gives 1.",
    "count": "Counting needs no list: adding 1 for each element that passes is enough.",
    "largest": "The best value so far starts as None, so the first candidate always replaces it; an empty "
               "selection is then visible after the loop.",
    "smallest": "The best value so far starts as None, so the first candidate always replaces it; an empty "
                "selection is then visible after the loop.",
    "list": "A new list is built, so the input is left as it was.",
    "sorted": "The values are collected first and sorted once at the end.",
    "first": "The function returns as soon as it finds one, so it reads no further than it must.",
    "any": "The loop stops at the first element that passes: one is enough to answer True.",
    "all": "The loop stops at the first element that fails: one is enough to answer False.",
    "join": "The pieces are collected in a list and joined once: join puts the separator only between them.",
    "unique": "A value is added only the first time it is met, which keeps the first occurrence of each.",
}


def fitting_changes(kind: str, reduce: str) -> list[Change]:
    """The changes of a `kind` of collection whose results the reduction takes (`sum` needs numbers,
    `join` strings); a change is drawn among these, so no draw is wasted on one that does not fit."""
    takes = TAKES.get(reduce, {"int", "str"})
    return [c for c in STEPS[kind][1] if c.dst in takes]


def _pipeline(x: Ctx, kind: str) -> None:
    ann, t, noun_sg, noun_pl, prep, coll_names, elem_names = COLLECTIONS[kind]
    keeps = STEPS[kind][0]
    reduce = x.v
    xs = x.param(coll_names, ann)
    v = x.local(elem_names)
    # the steps: a test, a change, or both, fitted to what the reduction takes
    takes = TAKES.get(reduce, {"int", "str"})
    want_keep = reduce in NEEDS_KEEP or x.chance(0.75)
    want_change = reduce not in NO_CHANGE and (x.chance(0.6) or not want_keep or t not in takes)
    fitting = fitting_changes(kind, reduce) if want_change else ([None] if t in takes else [])
    if not fitting:
        raise FamilyError(f"pipelines: no change fits {kind}/{reduce}")
    change = x.pick(fitting) if want_change else None
    keep = x.pick(keeps) if want_keep else None
    args, draws = [], []
    k = ""
    if keep is not None and keep.arg:
        if x.chance(0.5):
            k = x.param("k|limit|threshold|bound" if keep.arg == "int" else "letter|piece|part|sub", keep.arg)
            args.append(k)
            draws.append(keep.draw)
        else:
            k = repr(x.pick(list(keep.draw)))
    mk = repr(x.pick(list(change.draw))) if change is not None and change.draw else ""
    sep = ""
    if reduce == "join":
        if x.chance(0.4):
            sep = x.param("sep|separator|glue|joiner", "str")
            draws.append((", ", "-", " ", ""))
        else:
            sep = repr(x.pick([", ", "-", " ", "", "+"]))
    empty = x.pick(["none", "raise"]) if reduce in ("largest", "smallest") else ""
    order = x.pick(["increasing", "decreasing"]) if reduce == "sorted" else ""
    x.returns(_annotation(reduce, change.dst if change else t, empty))

    cond = keep.cond.format(v=v, k=k) if keep else None
    expr = change.expr.format(v=v, k=mk) if change else v
    coll = f"{prep} {xs}"
    items = f"the {noun_pl} {coll}" + (f" that {keep.are.format(k=k)}" if keep else "")
    if change is not None:
        items = change.of.format(items=items, k=mk)
    if x.chance(0.5):
        x.doc(_phrase(reduce, items, noun_sg, noun_pl, coll, keep, k, sep, empty, order))
    else:
        x.doc(_steps(reduce, noun_sg, noun_pl, coll, keep, change, k, mk, sep, empty, order))

    forms = ["comp", "loop", "steps"]
    if reduce in ("sum", "list", "sorted", "join", "unique") and (cond or expr != v):
        forms.append("functional")
    x.body(_code(reduce, x.pick(forms), xs, v, cond, expr, sep, empty, order, x))
    if keep is not None and change is not None:
        x.explain("The test is applied to each original element, before it is changed.")
    x.explain(EXPLAIN[reduce])

    # where an empty selection raises, the drawn cases keep at least one element (the tests of the
    # empty case are written below)
    passes = None
    if cond and empty == "raise":
        passes = eval(f"lambda {v}, {k if args else '_'}: {cond}")  # our own condition, as the body tests it

    def gen(r):
        for _ in range(100):
            if kind == "numbers":
                coll_value = ints(r, 1, 8, -12, 12)
            elif kind == "words":
                coll_value = [w.capitalize() if r.random() < 0.25 else w for w in words(r, 1, 6, WORDS + SHORT_WORDS)]
            else:
                coll_value = mixed_text(r)
            drawn = tuple(r.choice(d) for d in draws)
            if passes is None or any(passes(e, drawn[0] if args else None) for e in coll_value):
                break
        return (coll_value, *drawn)

    x.cases(gen, n=2)
    empty_coll = "" if kind == "text" else []
    first_draws = tuple(d[0] for d in draws)
    if empty == "raise":
        x.raises("ValueError", empty_coll, *first_draws)
    else:
        x.case(empty_coll, *first_draws)
    x.cases(gen, n=7)


_REDUCE_VARIANTS = {
    "sum": ("add up {what} after a test and a change", "sum|total|add_up", "selected|kept|matching|values"),
    "product": ("multiply {what} after a test and a change", "product|multiply", "selected|kept|matching"),
    "count": ("count {what} that pass a test", "count|how_many|number_of", "matching|passing|selected"),
    "largest": ("find the largest of {what} after a test and a change", "largest|max|biggest|top",
                "selected|kept|value|matching"),
    "smallest": ("find the smallest of {what} after a test and a change", "smallest|min|lowest",
                 "selected|kept|value|matching"),
    "list": ("list {what} after a test and a change", "collect|select|keep|pick", "values|items|matching"),
    "sorted": ("sort {what} after a test and a change", "sorted|sort|order", "selected|kept|values|matching"),
    "first": ("find the first of {what} that passes a test", "first|find_first|first_matching", "value|item|match"),
    "any": ("check whether any of {what} passes a test", "any|has|contains_any", "matching|match|such"),
    "all": ("check whether all of {what} pass a test", "all|every|all_are", "matching|valid|passing"),
    "join": ("join {what} into one string after a test and a change", "join|joined|combine", "selected|kept|parts"),
    "unique": ("list {what} without repeats after a test and a change", "unique|distinct|dedupe",
               "selected|kept|values"),
}


def _variants(what: str, reductions: tuple[str, ...]) -> list:
    out = []
    for key in reductions:
        task, verbs, nouns = _REDUCE_VARIANTS[key]
        out.append(V(key, task.format(what=what), verbs, nouns))
    return out


@family(T, "Pipelines over a list of numbers: test, change, reduce",
        *_variants("the numbers of a list", ("sum", "product", "count", "largest", "smallest", "list", "sorted",
                                               "first", "any", "all", "join", "unique")),
        stream=STREAM)
def number_pipelines(x: Ctx) -> None:
    _pipeline(x, "numbers")


@family(T, "Pipelines over a list of words: test, change, reduce",
        *_variants("the words of a list", ("sum", "count", "largest", "list", "sorted", "first", "any", "all",
                                             "join", "unique")),
        stream=STREAM)
def word_pipelines(x: Ctx) -> None:
    _pipeline(x, "words")


@family(T, "Pipelines over the characters of a string: test, change, reduce",
        *_variants("the characters of a string", ("sum", "count", "list", "first", "any", "all", "join",
                                                    "unique")),
        stream=STREAM)
def char_pipelines(x: Ctx) -> None:
    _pipeline(x, "text")
