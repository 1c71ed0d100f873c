"""The pipeline families: words and code assembled from the same steps, every form computing the same."""

import ast
import random

import pytest

from phi1lib.teacher import prompts
from phi1lib.teacher.offline import FAMILIES, build
from phi1lib.teacher.offline.base import Ctx
from phi1lib.teacher.offline.pipelines import (
    NUMBER_CHANGES,
    NUMBER_KEEPS,
    STREAM,
    STEPS,
    _code,
    _phrase,
    _steps,
    fitting_changes,
)

PIPELINES = ["char_pipelines", "number_pipelines", "word_pipelines"]


def _ctx(seed=0):
    return Ctx(FAMILIES["number_pipelines"], "sum", "f", random.Random(seed))


def _run(body: str, xs, extra_header: str = "") -> object:
    ns: dict = {}
    exec(f"{extra_header}def f(xs):\n" + "".join(f"    {line}\n" for line in body.splitlines()), ns)  # noqa: S102
    return ns["f"](xs)


def test_pipelines_are_a_stream_of_their_own():
    assert sorted(c.key for c in prompts.curriculum(STREAM)) == PIPELINES
    train = {c.key for c in prompts.curriculum()}
    assert not train & set(PIPELINES)
    assert len(train) + len(PIPELINES) == len(FAMILIES)


KIND = {"number_pipelines": "numbers", "word_pipelines": "words", "char_pipelines": "text"}


@pytest.mark.parametrize("key", PIPELINES)
def test_a_change_is_drawn_among_those_the_reduction_takes(key):
    kind = KIND[key]
    changes = STEPS[kind][1]
    for variant in FAMILIES[key].variants:
        fitting = fitting_changes(kind, variant.key)
        assert fitting, (key, variant.key)  # every reduction a family offers can be reached with a change
        wanted = {"sum": {"int"}, "product": {"int"}, "largest": {"int"}, "smallest": {"int"}, "join": {"str"}}
        types = wanted.get(variant.key, {"int", "str"})
        assert fitting == [c for c in changes if c.dst in types]
    # summing words or characters needs a change to a number: only those are drawn
    assert {c.dst for c in fitting_changes(kind, "sum")} == {"int"}


def test_the_words_of_the_steps_compose():
    keep, change = NUMBER_KEEPS[0], NUMBER_CHANGES[0]  # even, square
    items = change.of.format(items=f"the numbers in xs that {keep.are}")
    assert _phrase("sum", items, "number", "numbers", "in xs", keep, "", "", "", "") == (
        "Return the sum of the squares of the numbers in xs that are even (0 if there are none).")
    assert _steps("largest", "number", "numbers", "in xs", keep, change, "", "", "", "none", "") == (
        "Go through the numbers in xs in order. Keep only those that are even. Replace each kept one by its "
        "square. Return the largest of them (None if nothing is left).")
    assert _phrase("count", "", "number", "numbers", "in xs", NUMBER_KEEPS[5], "k", "", "", "") == (
        "Return how many numbers in xs are greater than k.")


def test_the_code_of_the_steps_composes():
    assert _code("sum", "comp", "xs", "v", "v % 2 == 0", "v * v", "", "", "", _ctx()) == (
        "return sum(v * v for v in xs if v % 2 == 0)")
    assert _code("sum", "functional", "xs", "v", "v % 2 == 0", "v * v", "", "", "", _ctx()) == (
        "return sum(map(lambda v: v * v, filter(lambda v: v % 2 == 0, xs)))")
    loop = _code("sum", "loop", "xs", "v", "v % 2 == 0", "v * v", "", "", "", _ctx())
    acc = loop.split(" = ")[0]
    assert acc in ("total", "acc", "running")
    assert loop == f"{acc} = 0\nfor v in xs:\n    if v % 2 == 0:\n        {acc} += v * v\nreturn {acc}"
    steps = _code("largest", "steps", "xs", "v", "v > 0", "v * v", "", "raise", "", _ctx())
    kept, changed = (line.split(" = ")[0] for line in steps.splitlines()[:2])
    assert steps == (f"{kept} = [v for v in xs if v > 0]\n{changed} = [v * v for v in {kept}]\n"
                     f"if not {changed}:\n    raise ValueError('no value to compare')\nreturn max({changed})")


REDUCTIONS = {  # reduction -> (condition, change) that fits it
    "sum": ("v % 2 == 0", "v * v"), "product": ("v != 0", "v + 1"), "count": ("v > 1", "v"),
    "largest": ("v < 3", "abs(v)"), "smallest": ("v > -5", "2 * v"), "list": ("v % 3 == 0", "-v"),
    "sorted": ("v != 1", "v % 10"), "first": ("v > 2", "v * v"), "any": ("v > 4", "v"), "all": ("v > -3", "v"),
    "join": ("v >= 0", "str(v)"), "unique": (None, "abs(v) % 10"),
}


@pytest.mark.parametrize("reduce", sorted(REDUCTIONS))
def test_every_form_computes_the_same(reduce):
    cond, expr = REDUCTIONS[reduce]
    forms = ["comp", "loop", "steps"]
    if reduce in ("sum", "list", "sorted", "join", "unique"):
        forms.append("functional")
    rng = random.Random(reduce)
    inputs = [[], [0], [5, -5, 5]] + [[rng.randint(-9, 9) for _ in range(rng.randint(1, 8))] for _ in range(30)]
    for empty in (["none", "raise"] if reduce in ("largest", "smallest") else [""]):
        for order in (["increasing", "decreasing"] if reduce == "sorted" else [""]):
            results = {}
            for form in forms:
                body = _code(reduce, form, "xs", "v", cond, expr, "', '", empty, order, _ctx())
                ast.parse(body)
                outs = []
                for xs in inputs:
                    try:
                        outs.append(_run(body, xs, "import math\n"))
                    except ValueError:
                        outs.append("ValueError")
                results[form] = outs
            first = results["comp"]
            assert all(outs == first for outs in results.values()), (reduce, empty, order)
            assert len({repr(o) for o in first}) >= 2  # the inputs tell results apart


@pytest.mark.parametrize("key", PIPELINES)
def test_pipeline_instances_vary_and_run(key):
    fam = FAMILIES[key]
    bodies, docs = set(), set()
    for variant in fam.variants:
        for seed in range(12):
            inst = build(fam, variant.key, variant.names[seed % len(variant.names)], seed)
            ns: dict = {}
            exec(inst.code + "\n" + inst.tests, ns)  # noqa: S102 - the tests pass against the reference
            bodies.add(inst.body)
            docs.add(inst.summary)
    n = 12 * len(fam.variants)
    assert len(bodies) > 0.9 * n and len(docs) > 0.6 * n


def test_the_docstring_names_the_steps_the_code_takes():
    seen = 0
    for seed in range(200):
        inst = build(FAMILIES["number_pipelines"], "sum", "total_kept", seed)
        if "% 2 == 0" in inst.body and "% 2 == 0" not in inst.docstring:
            assert "even" in inst.docstring or "multiples of 2" in inst.docstring
            seen += 1
        if "% 2 != 0" in inst.body:
            assert "odd" in inst.docstring
    assert seen
