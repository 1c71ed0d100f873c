"""The offline teacher: concept families that yield distinct, valid instances; answers in the LLM format."""

# ruff: noqa: S102 - running the generated code is what these tests check

import ast
import doctest
import random

import pytest

from phi1lib.teacher import prompts, protocol
from phi1lib.teacher.offline import FAMILIES, FamilyError, OfflineTeacher, approx_tokens, build, canon_repr
from phi1lib.teacher.offline.base import Family, V, family
from phi1lib.teacher.offline.textbook import demo_code, write_section
from phi1lib.teacher.protocol import TeacherRequest

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
        parsed = protocol.parse_exercise(resp.text, spec["function_name"])
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
        parsed = protocol.parse_textbook(resp.text)
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
        parsed = protocol.parse_textbook(text)
        exec(compile(parsed.program, "<section>", "exec"), {"print": lambda *a, **k: None})


def test_demo_code_prints_the_computed_results():
    inst = build(FAMILIES["reversing"], "string", "reversed_text", 2)
    printed = []
    code = inst.code + "\n" + demo_code(inst)
    exec(compile(code, "<demo>", "exec"), {"print": lambda *a: printed.append(" ".join(map(str, a)))})
    for line, shown in zip(demo_code(inst).splitlines(), printed):
        assert line.endswith(f"# {shown}")


def test_check_code_takes_whole_test_cases():
    from phi1lib.teacher.offline.textbook import check_code

    inst = build(FAMILIES["raising"], "positive_int", "parse_positive_int", 0)
    code = check_code(inst, n=6)
    assert code == "\n".join(inst.test_cases[:6]) and "except ValueError" in code
    exec(compile(inst.code + "\n" + code, "<check>", "exec"), {})


# --------------------------------------------------------------------------------------------------
# Sections that teach (textbook.py): a worked trace, a common mistake with its fix, an exercise


def _printed_comments_match(program: str, namespace: dict) -> int:
    """Run `program` statement by statement; every `print(...)  # shown` (or a print followed by `# line`
    comments, or `x = f()  # prints shown`) must print exactly what its comment says. Returns the checks."""
    import contextlib
    import io
    import re

    checks = 0
    lines = program.splitlines()
    for stmt in ast.parse(program).body:
        expected, pending = [], False
        for line in lines[stmt.lineno - 1:stmt.end_lineno]:
            m = re.search(r"print\(.*\)\s+# (.*)$", line) or re.search(r"# prints (.*)$", line)
            if m:
                expected.append(m.group(1).rstrip())
                pending = False
            elif re.match(r"^\s*print\(.*\)$", line):
                pending = True
            elif pending and line.startswith("#"):
                expected.append(line[2:].rstrip())
            else:
                pending = False
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(ast.Module([stmt], []), "<section>", "exec"), namespace)
        if expected:
            checks += 1
            assert [x.rstrip() for x in out.getvalue().splitlines()] == expected, ast.get_source_segment(program, stmt)
    return checks


def test_sections_teach_with_a_trace_a_mistake_and_an_exercise():
    concepts = prompts.curriculum()
    styles = sorted(prompts.STYLES)
    parts = {"trace": 0, "mistake": 0, "exercise": 0}
    n = 48
    for i in range(n):
        spec = prompts.textbook_spec(concepts, 5, i)
        spec["style"] = styles[i % len(styles)]
        text = write_section(spec)
        parsed = protocol.parse_textbook(text)
        _printed_comments_match(parsed.program, {"__name__": "__section__"})  # runs, and every comment is true
        prose_before_code = text[:text.index("```python")]
        assert len(prose_before_code.split()) >= 30, "the idea comes before the code"
        parts["trace"] += any(m in text for m in ("| pass |", "- Pass 1:", "<- base case", "Step by step:",
                                                  "One step at a time"))
        parts["mistake"] += any(m in text for m in ("**The fix:**", "Fix:", "To fix it,"))
        parts["exercise"] += "**Exercise.**" in text or "one to practise" in text
    assert parts["trace"] >= 0.85 * n and parts["mistake"] >= 0.8 * n and parts["exercise"] >= 0.95 * n, parts


def test_trace_of_a_loop_follows_the_run():
    from phi1lib.teacher.offline.textbook import trace

    inst = next(i for i in (build(FAMILIES["aggregate"], "sum_even", "sum_evens", s) for s in range(60))
                if "for " in i.body and "sum(" not in i.body)
    t = trace(inst, random.Random(0))
    assert t is not None and t.kind == "loop"
    ns: dict = {}
    exec(inst.code, ns)
    value = eval(t.call, ns)
    assert t.result == canon_repr(value) and f"`{t.result}`" in t.after  # the trace ends with the real result
    assert t.size == len(ast.literal_eval(t.call[t.call.index("("):]))  # one pass per item of the input


def test_trace_of_a_recursion_shows_every_call():
    from phi1lib.teacher.offline.textbook import trace

    inst = build(FAMILIES["recursion_numbers"], "digit_sum", "digit_sum_recursive", 4)
    t = trace(inst, random.Random(0))
    assert t is not None and t.kind == "recursion"
    tree = t.body[0]
    ns: dict = {}
    exec(inst.code, ns)
    assert f"{t.call} returns {ns['digit_sum_recursive'](int(t.call.split('(')[1][:-1]))}" in tree
    base = [line.strip() for line in tree.splitlines() if "<- base case" in line]
    assert base and all(int(b.split(" returns ")[1].split()[0]) < 10 for b in base)  # one digit: no more calls


def test_mistakes_are_real_and_their_outputs_are_computed():
    from phi1lib.teacher.offline.textbook import mistake

    found = 0
    for key in sorted(FAMILIES)[::3]:
        fam = FAMILIES[key]
        variant = fam.variants[0]
        inst = build(fam, variant.key, variant.names[0], 3)
        mk = mistake(inst, random.Random(1))
        if mk is None:
            continue
        found += 1
        assert mk.buggy_name != inst.entry_point and mk.buggy_name in mk.code
        assert mk.got != mk.want, f"{key}: the wrong version must really give another answer"
        assert mk.code.split("\n", 1)[1] != inst.body  # the body really changed
        ns = {"__name__": "__section__"}
        _printed_comments_match(inst.code + "\n\n" + mk.code + "\n\n" + mk.demo, ns)
    assert found >= len(sorted(FAMILIES)[::3]) * 0.7


def test_exercise_is_a_sibling_task_with_a_working_solution():
    from phi1lib.teacher.offline.textbook import exercise

    fam = FAMILIES["linear_search"]
    spec = {"variant": fam.variants[0].key, "function_name": fam.variants[0].names[0], "seed": 8}
    kinds = set()
    for k in range(8):
        ex = exercise(fam, spec, {spec["function_name"]}, random.Random(k))
        assert ex is not None and ex.inst.entry_point != spec["function_name"]
        run_tests(ex.inst)
        kinds.add(ex.variant)
    assert len(kinds) >= 2  # mostly another variant of the family


# --------------------------------------------------------------------------------------------------
# Docstring phrasings (base.render_docstring): the same task in several styles, examples always computed


def test_docstring_style_is_deterministic_recorded_and_varied():
    from phi1lib.teacher.offline.base import DOC_STYLES

    fam = FAMILIES["aggregate"]
    names = fam.variant("sum_even").names
    a = build(fam, "sum_even", names[0], 4)
    assert a.doc_style in DOC_STYLES and build(fam, "sum_even", names[0], 4).doc_style == a.doc_style
    seen = {build(fam, v.key, v.names[s % len(v.names)], s).doc_style for v in fam.variants for s in range(30)}
    assert seen == set(DOC_STYLES)
    forced = build(fam, "sum_even", names[0], 4, doc_style="google")
    assert forced.doc_style == "google" and forced.body == a.body and forced.tests == a.tests
    with pytest.raises(ValueError):
        build(fam, "sum_even", names[0], 4, doc_style="poetic")


@pytest.mark.parametrize("style", ["imperative", "descriptive", "example_led", "rules", "google"])
def test_every_docstring_style_keeps_correct_examples_and_parses(style):
    from phi1lib.teacher.offline.base import DOC_STYLES
    from phi1lib.teacher.protocol import format_exercise

    assert style in DOC_STYLES
    finder = doctest.DocTestFinder(recurse=False)
    for key in sorted(FAMILIES):
        fam = FAMILIES[key]
        for i, variant in enumerate(fam.variants):
            name = variant.names[i % len(variant.names)]
            inst = build(fam, variant.key, name, 7 + i, doc_style=style)
            used = inst.doc_style
            assert used == style or (style, used) in {("google", "rules"), ("google", "imperative"),
                                                      ("example_led", "imperative"), ("rules", "imperative")}, \
                (key, style, used)
            globs: dict = {}
            exec(compile(inst.code, "<ref>", "exec"), globs)
            tests = finder.find(globs[name], name, globs=globs)
            assert tests and tests[0].examples, (key, style)
            result = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS).run(tests[0], out=lambda s: None)
            assert result.failed == 0, f"{key}/{variant.key} ({style}): docstring examples disagree"
            parsed = protocol.parse_exercise(format_exercise(inst.code, inst.tests), name)
            assert (parsed.prompt, parsed.solution) == (inst.prompt, inst.body)
            doc = inst.docstring
            if used == "example_led":
                assert doc.split("\n")[1].startswith(">>>") and inst.summary.split()[-1] in doc
            elif used == "rules":
                assert any(t in doc for t in ("Rules:", "Notes:", "Details:", "Requirements:")) and "\n- " in doc
            elif used == "google":
                assert "Args:" in doc and "Examples:" in doc
            elif used == "descriptive":
                assert doc.startswith(("Given ", "This ", "The class ", f"{name}(", f"{name} is "))
            else:
                assert doc.startswith(inst.summary.split()[0])


def test_docstring_styles_stay_short():
    # tiny models read prompts with a 256-384 token context
    for key in sorted(FAMILIES):
        fam = FAMILIES[key]
        variant = fam.variants[-1]
        for style in ("imperative", "rules", "google"):
            inst = build(fam, variant.key, variant.names[0], 2, doc_style=style)
            base = build(fam, variant.key, variant.names[0], 2, doc_style="imperative")
            assert approx_tokens(inst.prompt) <= approx_tokens(base.prompt) + 60, (key, style)
