"""The offline teacher: concept families that yield distinct, valid instances; answers in the LLM format."""

# ruff: noqa: S102 - running the generated code is what these tests check

import ast
import doctest
import random

import pytest

from phi1lib import prompts
from phi1lib.offline_teacher import FAMILIES, FamilyError, OfflineTeacher, approx_tokens, build, canon_repr
from phi1lib.offline_teacher.base import Family, V, family
from phi1lib.offline_teacher.textbook import demo_code, write_section
from phi1lib.teacher import TeacherRequest

SEEDS = range(6)


def run_tests(inst) -> None:
    """Prompt + solution + tests as one program, in this process (the family code is ours)."""
    exec(compile(inst.code + "\n\n" + inst.tests, f"<{inst.concept}>", "exec"), {"__name__": "__test__"})


def test_there_are_many_families_over_the_basic_themes():
    assert len(FAMILIES) >= 60
    themes = {f.theme for f in FAMILIES.values()}
    for theme in ("strings", "lists", "dicts and sets", "arithmetic and number theory", "searching", "sorting",
                  "recursion", "comprehensions", "generators and iteration", "classes", "exceptions",
                  "formatting and parsing", "stacks and queues"):
        assert theme in themes
    modules = {f.module for f in FAMILIES.values()}
    assert {"strings", "lists", "mappings", "numbers", "algorithms", "pythonic"} <= modules


@pytest.mark.parametrize("key", sorted(FAMILIES))
def test_every_family_yields_distinct_valid_instances_across_seeds(key):
    fam = FAMILIES[key]
    for variant in fam.variants:
        codes = set()
        for seed in SEEDS:
            name = variant.names[seed % len(variant.names)]
            inst = build(fam, variant.key, name, seed)
            assert inst.entry_point == name and inst.concept == key and inst.variant == variant.key
            ast.parse(inst.code)
            run_tests(inst)  # the reference passes its own tests
            assert inst.tests.count("assert") + inst.tests.count("raise AssertionError") >= 3
            assert inst.explanation and inst.summary
            assert ">>>" in inst.docstring  # examples, computed by running the reference
            codes.add(inst.code + inst.tests)
        assert len(codes) >= len(SEEDS) - 1, f"{key}/{variant.key}: instances repeat across seeds"


@pytest.mark.parametrize("key", sorted(FAMILIES))
def test_docstring_examples_are_what_the_reference_returns(key):
    fam = FAMILIES[key]
    variant = fam.variants[0]
    inst = build(fam, variant.key, variant.names[0], 11)
    globs: dict = {}
    exec(compile(inst.code, "<ref>", "exec"), globs)
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = finder.find(globs[inst.entry_point], inst.entry_point, globs=globs)
    assert tests and tests[0].examples
    result = runner.run(tests[0], out=lambda s: None)
    assert result.failed == 0, f"{key}: docstring examples disagree with the reference"


def test_build_is_deterministic_and_uses_the_requested_name():
    fam = FAMILIES["char_class_count"]
    a = build(fam, "vowels", "tally_vowels", 5)
    b = build(fam, "vowels", "tally_vowels", 5)
    assert a == b and "def tally_vowels(" in a.prompt
    assert build(fam, "vowels", "tally_vowels", 6).code != a.code


def test_families_vary_names_parameters_and_bodies():
    fam = FAMILIES["aggregate"]
    insts = [build(fam, "sum_even", name, s) for s in range(30) for name in fam.variant("sum_even").names[:2]]
    assert len({i.header for i in insts}) > 10
    assert len({i.body for i in insts}) > 10


def test_class_families_render_classes_with_scenarios():
    inst = build(FAMILIES["container_class"], "stack", "Stack", 0)
    assert inst.kind == "class" and inst.prompt.startswith("class Stack:")
    assert "s = Stack()" in inst.tests or "= Stack()" in inst.tests
    run_tests(inst)


def test_unknown_variant_and_broken_family_fail_loudly():
    with pytest.raises(KeyError):
        build(FAMILIES["aggregate"], "no_such_variant", "f", 0)

    def broken(x):
        x.param("n", "int")
        x.doc("Return n.")
        x.body("return 1 / 0")
        x.case(1)

    fam = Family("broken", "t", "Broken", (V("v", "do nothing useful at all", "f"),), broken)
    with pytest.raises(FamilyError, match="raised"):
        build(fam, "v", "f", 0)


def test_family_registration_and_name_pools():
    v = V("k", "count the things in a list", "count|tally", "things|items", names="how_many")
    assert v.names == ("count_things", "count_items", "tally_things", "tally_items", "how_many")
    with pytest.raises(ValueError, match="identifier"):
        V("k", "task", "not ok")
    def aggregate(x):  # the name of an existing family
        pass

    with pytest.raises(ValueError, match="twice"):
        family("t", "T", v)(aggregate)


def test_canon_repr_is_process_independent():
    assert canon_repr({"b", "a", "c"}) == "{'a', 'b', 'c'}"
    assert canon_repr(set()) == "set()" and canon_repr(frozenset({2, 1})) == "frozenset({1, 2})"
    assert canon_repr([(1,), {"k": {3, 1}}, None, True, 1.5]) == "[(1,), {'k': {1, 3}}, None, True, 1.5]"
    for value in ([1, "a"], {"x": (1, 2)}, (3,), "q'uote"):
        assert ast.literal_eval(canon_repr(value)) == value
    with pytest.raises(FamilyError):
        canon_repr(object())
    with pytest.raises(FamilyError):
        canon_repr(float("nan"))


def test_approx_tokens():
    assert approx_tokens("def f(x): return x") == 8  # def f ( x ) : return x
    assert approx_tokens("") == 0


def _requests(n, kind="exercise"):
    concepts = prompts.curriculum()
    make = prompts.exercise_spec if kind == "exercise" else prompts.textbook_spec
    req = prompts.exercise_request if kind == "exercise" else prompts.textbook_request
    return [req(make(concepts, 0, i)) for i in range(n)]


def test_offline_teacher_answers_in_the_requested_format():
    teacher = OfflineTeacher()
    reqs = _requests(40)
    out = teacher.generate(reqs)
    assert [r.request for r in out] == reqs
    for resp in out:
        assert resp.error is None and resp.model == teacher.model and not resp.cached
        assert resp.prompt_tokens > 50 and resp.completion_tokens > 20
        spec = resp.request.spec
        parsed = prompts.parse_exercise(resp.text, spec["function_name"])
        inst = build(FAMILIES[spec["concept"]], spec["variant"], spec["function_name"], spec["seed"])
        assert (parsed.prompt, parsed.solution, parsed.tests) == (inst.prompt, inst.body, inst.tests)
    summary = teacher.summary()
    assert summary["requests"] == summary["answered"] == 40 and summary["cost_usd"] == 0.0
    assert summary["completion_tokens"] == sum(r.completion_tokens for r in out)


def test_offline_teacher_reports_requests_it_cannot_answer():
    teacher = OfflineTeacher()
    bad = [TeacherRequest(prompt="Rate this code.", kind="annotation"),
           TeacherRequest(prompt="x", kind="exercise", spec={"concept": "nope"})]
    out = teacher.generate(bad + _requests(1))
    assert len(out) == 3 and out[0].error and out[1].error and out[2].error is None
    assert teacher.summary()["failed"] == 2


def test_textbook_sections_follow_the_spec_and_their_code_runs():
    reqs = _requests(60, "textbook")
    out = OfflineTeacher().generate(reqs)
    styles = set()
    for resp in out:
        spec = resp.request.spec
        parsed = prompts.parse_textbook(resp.text)
        assert spec["function_name"] in parsed.program
        exec(compile(parsed.program, "<section>", "exec"), {"__name__": "__section__", "print": lambda *a, **k: None})
        styles.add(spec["style"])
    assert styles == set(prompts.STYLES)


@pytest.mark.parametrize("style", sorted(prompts.STYLES))
def test_every_style_writes_a_runnable_section(style):
    rng = random.Random(style)
    for _ in range(4):
        spec = prompts.textbook_spec(prompts.curriculum(), rng.randrange(10 ** 6), 0)
        spec["style"] = style
        text = write_section(spec)
        assert text == write_section(spec)  # deterministic
        parsed = prompts.parse_textbook(text)
        exec(compile(parsed.program, "<section>", "exec"), {"print": lambda *a, **k: None})


def test_demo_code_prints_the_computed_results():
    inst = build(FAMILIES["reversing"], "string", "reversed_text", 2)
    printed = []
    code = inst.code + "\n" + demo_code(inst)
    exec(compile(code, "<demo>", "exec"), {"print": lambda *a: printed.append(" ".join(map(str, a)))})
    for line, shown in zip(demo_code(inst).splitlines(), printed):
        assert line.endswith(f"# {shown}")


def test_check_code_takes_whole_test_cases():
    from phi1lib.offline_teacher.textbook import check_code

    inst = build(FAMILIES["raising"], "positive_int", "parse_positive_int", 0)
    code = check_code(inst, n=6)
    assert code == "\n".join(inst.test_cases[:6]) and "except ValueError" in code
    exec(compile(inst.code + "\n" + code, "<check>", "exec"), {})
