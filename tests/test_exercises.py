"""exercises.py: which functions become exercises, what prompt and answer hold, dedup, order, split."""

import ast
import textwrap

import datasets
import pytest

from phi1lib.data.exercises import (
    exercises_from_source,
    load_exercises,
    mine_exercises,
    save_exercises,
    split_exercises,
)


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


MODULE = src('''
    """A module."""
    import os
    import sys
    from typing import Dict, List
    from . import sibling

    LIMIT = 10


    def mean(xs: List[float]) -> float:
        """Return the arithmetic mean of xs.

        >>> mean([1, 2, 3])
        2.0
        """
        total = 0.0
        for x in xs:  # a comment is part of the answer
            total += x
        return total / len(xs)


    def join_all(parts):
        """Join path parts with the separator of this system."""
        out = parts[0]
        for part in parts[1:]:
            out = os.path.join(out, part)
        return out


    def capped(n):
        """Reads a module constant: not self-contained."""
        m = min(n, LIMIT)
        return m


    def fact(n):
        """Factorial, recursively."""
        if n <= 1:
            return 1
        return n * fact(n - 1)


    def about():
        """Reads the module's docstring: __doc__ is not a builtin here."""
        text = __doc__
        return text


    def spaced(x):
        """Blank lines after the docstring are not part of the answer."""

        y = x + 1
        return y


    def short(x):
        """One line of body only."""
        return x


    def undocumented(x):
        y = x + 1
        return y


    def nested(x):
        """Has a nested def."""
        def inner(y):
            return y
        return inner(x)


    @staticmethod
    def decorated(x):
        """Decorated."""
        y = x
        return y


    async def coro(x):
        """Async."""
        y = x
        return y


    def inline(x): "Docstring on the def line."; y = x; return y


    def bumps():
        """Writes a global."""
        global LIMIT
        LIMIT += 1


    def uses_relative(x):
        """Uses a relative import."""
        y = sibling.f(x)
        return y


    def test_something():
        """A test, not an exercise."""
        x = 1
        assert x


    class Box:
        def method(self, x):
            """A method: its body reads self."""
            y = self.v + x
            return y
    ''')


def test_self_contained_top_level_documented_functions_only():
    names = [ex["name"] for ex in exercises_from_source(MODULE, "m.py")]
    assert names == ["mean", "join_all", "fact", "spaced"]


def test_not_self_contained_keeps_functions_that_read_module_names():
    names = [ex["name"] for ex in exercises_from_source(MODULE, "m.py", self_contained=False)]
    assert names == ["mean", "join_all", "capped", "fact", "about", "spaced", "bumps", "uses_relative"]


def test_prompt_is_used_imports_signature_and_docstring_answer_is_the_body():
    by_name = {ex["name"]: ex for ex in exercises_from_source(MODULE, "m.py")}
    mean = by_name["mean"]
    assert mean["prompt"] == src('''
        from typing import List


        def mean(xs: List[float]) -> float:
            """Return the arithmetic mean of xs.

            >>> mean([1, 2, 3])
            2.0
            """
        ''')
    assert mean["answer"] == ("    total = 0.0\n    for x in xs:  # a comment is part of the answer\n"
                              "        total += x\n    return total / len(xs)\n")
    assert mean["source_path"] == "m.py"
    assert by_name["join_all"]["prompt"].startswith("import os\n\n\ndef join_all(parts):\n")
    assert by_name["fact"]["prompt"].startswith("def fact(n):")  # no imports used: none shown
    assert by_name["spaced"]["answer"] == "    y = x + 1\n    return y\n"
    for ex in by_name.values():
        ast.parse(ex["prompt"] + ex["answer"])
        # the prompt ends where HumanEval's do: after the docstring, at the start of the body
        assert ex["prompt"].endswith('"""\n') and ex["answer"].startswith("    ")


def test_body_length_limits_count_non_blank_lines():
    body = "".join(f"    x{i} = {i}\n" for i in range(41))
    text = f'def long():\n    """Long."""\n{body}'
    assert exercises_from_source(text) == []
    assert len(exercises_from_source(text, max_body_lines=41)) == 1
    two = 'def two():\n    """Two."""\n    a = 1\n\n    return a\n'
    assert len(exercises_from_source(two)) == 1 and exercises_from_source(two, min_body_lines=3) == []


def test_tabs_and_syntax_errors_give_nothing():
    assert exercises_from_source('def f(x):\n\t"""Tab."""\n\ty = x\n\treturn y\n') == []
    assert exercises_from_source("def broken(:\n") == []


def corpus():
    a = 'def add(a, b):\n    """Add."""\n    c = a + b\n    return c\n'
    # same body as `add` up to formatting and comments, another name and docstring: a duplicate
    b = 'def plus(a, b):\n    """Sum of two."""\n    c = a+b   # sum\n\n    return (c)\n'
    others = [f'def f{i}(x):\n    """Times {i}."""\n    y = x * {i}\n    return y\n' for i in range(8)]
    return [a, b, *others]


def test_mine_dedupes_bodies_keeping_the_first_in_corpus_order():
    mined = mine_exercises(corpus())
    names = {ex["name"] for ex in mined}
    assert len(mined) == 9 and "add" in names and "plus" not in names


def test_mine_is_deterministic_and_max_n_is_a_prefix():
    full = mine_exercises(corpus(), None, seed=3)
    assert mine_exercises(corpus(), None, seed=3) == full
    assert mine_exercises(corpus(), 4, seed=3) == full[:4]
    other = mine_exercises(corpus(), None, seed=4)
    assert [e["name"] for e in other] != [e["name"] for e in full]
    assert sorted(e["name"] for e in other) == sorted(e["name"] for e in full)


def test_mine_reads_a_dataset_with_paths():
    texts = corpus()
    ds = datasets.Dataset.from_dict({"text": texts, "path": [f"pkg/m{i}.py" for i in range(len(texts))],
                                     "origin": ["stdlib"] * len(texts)})
    mined = mine_exercises(ds)
    assert {ex["source_path"] for ex in mined} == {f"pkg/m{i}.py" for i in range(len(texts)) if i != 1}
    assert [ex["source_path"] for ex in mine_exercises([("x.py", texts[0])])] == ["x.py"]


def test_split_is_seeded_disjoint_and_complete():
    exs = mine_exercises(corpus())
    train, val = split_exercises(exs, 0.25, seed=0)
    assert len(val) == 2 and len(train) == 7
    assert sorted(e["name"] for e in train + val) == sorted(e["name"] for e in exs)
    assert split_exercises(exs, 0.25, seed=0) == (train, val)
    assert len(split_exercises(exs[:2], 0.01)[1]) == 1  # at least one held out
    assert split_exercises(exs, 0.0)[1] == []
    with pytest.raises(ValueError):
        split_exercises(exs, 1.0)


def test_save_and_load_round_trip(tmp_path):
    exs = mine_exercises(corpus())
    assert load_exercises(save_exercises(exs, tmp_path / "d" / "ex.jsonl")) == exs
