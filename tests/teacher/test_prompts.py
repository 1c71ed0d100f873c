"""Prompts: seeded specs that follow the paper's diversity recipe, and parsers for the answer format."""

# ruff: noqa: S102 - running the generated code is what these tests check

import ast
import hashlib
import textwrap

import pytest

from phi1lib.teacher import prompts, protocol
from phi1lib.teacher.protocol import ParseError

CONCEPTS = prompts.curriculum()


def test_curriculum_has_many_concepts_with_identifier_names():
    assert len(CONCEPTS) >= 60
    assert len({c.key for c in CONCEPTS}) == len(CONCEPTS)
    for c in CONCEPTS:
        assert c.theme and c.title and c.variants
        for key, task, names in c.variants:
            assert key and len(task.split()) >= 4 and names
            assert all(n.isidentifier() for n in names)


def test_request_seed_is_stable_and_distinct():
    assert prompts.request_seed(0, "train", 0) == prompts.request_seed(0, "train", 0)
    # a hash of the text, not Python's salted hash(): the same on every machine and every run
    assert prompts.request_seed(0, "train", 0) == int.from_bytes(hashlib.sha256(b"0/train/0").digest()[:4], "big") >> 1
    seeds = {prompts.request_seed(s, stream, i) for s in (0, 1) for stream in ("train", "textbook") for i in range(50)}
    assert len(seeds) == 200
    assert all(0 <= s < 2 ** 31 for s in seeds)


def test_entry_kind():
    assert prompts.entry_kind("Stack") == "class"
    assert prompts.entry_kind("count_vowels") == "function"


def test_exercise_spec_is_seeded_and_constrains_name_and_concept():
    spec = prompts.exercise_spec(CONCEPTS, seed=3, index=7)
    assert spec == prompts.exercise_spec(CONCEPTS, seed=3, index=7)
    assert spec != prompts.exercise_spec(CONCEPTS, seed=3, index=8)
    assert spec != prompts.exercise_spec(CONCEPTS, seed=4, index=7)
    concept = next(c for c in CONCEPTS if c.key == spec["concept"])
    variant = {k: (t, n) for k, t, n in concept.variants}[spec["variant"]]
    assert spec["task"] == variant[0] and spec["function_name"] in variant[1]
    assert spec["theme"] == concept.theme and spec["kind"] == "exercise"
    assert spec["entry_kind"] == prompts.entry_kind(spec["function_name"])
    assert (spec["stream"], spec["index"], spec["seed"]) == ("train", 7, prompts.request_seed(3, "train", 7))


def test_specs_only_draw_from_the_given_concepts_and_cover_them():
    few = CONCEPTS[:3]
    specs = [prompts.exercise_spec(few, 0, i) for i in range(200)]
    assert {s["concept"] for s in specs} == {c.key for c in few}
    assert len({s["function_name"] for s in specs}) > 10


def test_textbook_spec_samples_topic_audience_and_style():
    specs = [prompts.textbook_spec(CONCEPTS, 0, i) for i in range(300)]
    assert {s["audience"] for s in specs} == set(prompts.AUDIENCES)
    assert {s["style"] for s in specs} == set(prompts.STYLES)
    assert len({s["concept"] for s in specs}) > 50
    assert all(s["kind"] == "textbook" and s["stream"] == "textbook" for s in specs)
    assert specs[5] == prompts.textbook_spec(CONCEPTS, 0, 5)


def test_exercise_prompt_states_constraints_and_format():
    spec = prompts.exercise_spec(CONCEPTS, 0, 1)
    text = prompts.exercise_prompt(spec)
    for part in (spec["task"], spec["function_name"], spec["title"], "two Python code blocks", "assert", ">>>"):
        assert part in text
    cls = dict(spec, function_name="Stack", entry_kind="class")
    assert "class Stack:" in prompts.exercise_prompt(cls) and "the class must be called" in prompts.exercise_prompt(cls)


def test_textbook_prompt_states_audience_style_and_topic():
    spec = prompts.textbook_spec(CONCEPTS, 0, 2)
    text = prompts.textbook_prompt(spec)
    for part in (spec["audience"], prompts.STYLES[spec["style"]], spec["title"], spec["function_name"], "# Title"):
        assert part in text


def test_requests_carry_spec_seed_and_distinct_cache_keys():
    specs = [prompts.exercise_spec(CONCEPTS, 0, i) for i in range(20)]
    reqs = [prompts.exercise_request(s, temperature=0.7) for s in specs]
    assert all(r.kind == "exercise" and r.spec is s and r.seed == s["seed"] and r.temperature == 0.7
               and r.system == prompts.SYSTEM_PROMPT and r.max_tokens == prompts.EXERCISE_MAX_TOKENS
               for r, s in zip(reqs, specs))
    assert len({r.key("m") for r in reqs}) == 20
    tb = prompts.textbook_request(prompts.textbook_spec(CONCEPTS, 0, 0))
    assert tb.kind == "textbook" and tb.prompt == prompts.textbook_prompt(tb.spec)


def test_code_blocks_reads_python_and_bare_fences_only():
    text = "intro\n```python\na = 1\n```\ntext\n```\nb = 2\n```\n```bash\nls\n```\n```py\nc = 3\n```\n"
    assert protocol.code_blocks(text) == ["a = 1\n", "b = 2\n", "c = 3\n"]


CODE = textwrap.dedent('''\
    import math


    def circle_area(r: float) -> float:
        """Return the area of a circle of radius r.

        >>> circle_area(1.0)
        3.141592653589793
        """
        return math.pi * r * r
    ''')
TESTS = "assert circle_area(0) == 0\nassert abs(circle_area(2) - 12.566370614359172) < 1e-9\n"


def test_format_then_parse_round_trips():
    parsed = protocol.parse_exercise(protocol.format_exercise(CODE, TESTS), "circle_area")
    assert parsed.prompt + parsed.solution == CODE
    assert parsed.prompt.startswith("import math") and parsed.prompt.rstrip().endswith('"""')
    assert parsed.solution == "    return math.pi * r * r\n"
    assert parsed.tests == TESTS and parsed.entry_point == "circle_area" and parsed.kind == "function"
    assert parsed.to_dict()["solution"] == parsed.solution


def test_parse_tolerates_prose_and_drops_code_after_the_entry_point():
    text = ("Sure! Here is the exercise.\n\n```python\n" + CODE + "\nprint(circle_area(3))\n```\n\n"
            "And the tests:\n\n```\n" + TESTS + "```\nHope this helps.")
    parsed = protocol.parse_exercise(text)
    assert parsed.entry_point == "circle_area" and parsed.dropped == "print(circle_area(3))"
    assert "print" not in parsed.solution


def test_parse_finds_the_block_that_defines_the_entry_point():
    text = f"```python\n{TESTS}```\n```python\n{CODE}```\n"
    parsed = protocol.parse_exercise(text, "circle_area")
    assert parsed.tests == TESTS


def test_parse_class_exercise():
    code = 'class Box:\n    """Holds one value.\n\n    >>> Box(3).get()\n    3\n    """\n    def __init__(self, v):\n' \
           '        self.v = v\n\n    def get(self):\n        return self.v\n'
    parsed = protocol.parse_exercise(protocol.format_exercise(code, "assert Box(2).get() == 2"), "Box")
    assert parsed.kind == "class" and parsed.solution.lstrip().startswith("def __init__")
    ast.parse(parsed.prompt + parsed.solution)


def test_parse_calls_a_humaneval_style_check_function():
    tests = "def check(candidate):\n    assert candidate(0) == 0\n"
    parsed = protocol.parse_exercise(protocol.format_exercise(CODE, tests), "circle_area")
    assert parsed.tests.rstrip().endswith("check(circle_area)")
    called = tests + "\ncheck(circle_area)\n"
    assert protocol.parse_exercise(protocol.format_exercise(CODE, called)).tests == called


@pytest.mark.parametrize("text, reason", [
    (f"```python\n{CODE}```\n", "fewer than two"),
    (protocol.format_exercise(CODE, "if __name__ == '__main__':\n    assert circle_area(0) == 0"), "__main__"),
    (protocol.format_exercise(CODE, TESTS), "defines 'other'"),
    (protocol.format_exercise("def f(x):\n    return x\n", "assert f(1) == 1"), "no docstring"),
    (protocol.format_exercise('def f(x):\n    """Doc."""\n', "assert f(1) is None"), "no body"),
    (protocol.format_exercise(CODE, "assert 1 == 1"), "do not use the entry point"),
    (protocol.format_exercise(CODE, "circle_area(1)"), "check nothing"),
    (protocol.format_exercise(CODE, "assert circle_area(1) ==="), "do not parse"),
    (protocol.format_exercise("def broken(:\n", TESTS), "defines a function"),
])
def test_parse_exercise_rejects_with_a_reason(text, reason):
    entry = "other" if "defines 'other'" in reason else None
    with pytest.raises(ParseError, match=reason):
        protocol.parse_exercise(text, entry)


SECTION = ("# Loops\n\nA loop repeats work. " + "Words of prose explain the idea. " * 15
           + "\n\n```python\ntotal = 0\nfor i in range(3):\n    total += i\n```\n\nThen:\n\n"
           "```python\nprint(total)\n```\n")


def test_parse_textbook():
    parsed = protocol.parse_textbook(SECTION)
    assert parsed.title == "Loops" and len(parsed.code_blocks) == 2
    assert parsed.program == "total = 0\nfor i in range(3):\n    total += i\n\nprint(total)\n"
    exec(compile(parsed.program, "section", "exec"), {"print": lambda *a: None})
    assert parsed.to_dict()["title"] == "Loops"


@pytest.mark.parametrize("text, reason", [
    (SECTION.replace("# Loops", "Loops"), "title"),
    ("# T\n\n" + "word " * 100, "no python code block"),
    ("# T\n\nshort\n\n```python\nx = 1\n```\n", "too little prose"),
    (SECTION.replace("print(total)", "print(total"), "does not parse"),
])
def test_parse_textbook_rejects_with_a_reason(text, reason):
    with pytest.raises(ParseError, match=reason):
        protocol.parse_textbook(text)
