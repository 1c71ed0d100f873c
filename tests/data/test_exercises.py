"""data/exercises.py: the held-out split, the task form and the JSON Lines round trip."""

import pytest

from phi1lib.data.exercises import (as_task, family_subset, load_exercises, save_exercises, split_exercises,
                                    with_task_forms)

EXERCISES = [{"prompt": f'def f{i}(x):\n    """Add {i}."""\n', "answer": f"    return x + {i}\n", "name": f"f{i}"}
             for i in range(9)]


def test_split_is_seeded_disjoint_and_complete():
    exs = EXERCISES
    train, val = split_exercises(exs, 0.25, seed=0)
    assert len(val) == 2 and len(train) == 7
    assert sorted(e["name"] for e in train + val) == sorted(e["name"] for e in exs)
    assert [e["name"] for e in train] == [e["name"] for e in exs if e in train]  # input order kept
    assert split_exercises(exs, 0.25, seed=0) == (train, val)
    assert split_exercises(exs, 0.25, seed=1) != (train, val)
    assert len(split_exercises(exs[:2], 0.01)[1]) == 1  # at least one held out
    assert split_exercises(exs, 0.0)[1] == []
    with pytest.raises(ValueError):
        split_exercises(exs, 1.0)


def test_save_and_load_round_trip(tmp_path):
    assert load_exercises(save_exercises(EXERCISES, tmp_path / "d" / "ex.jsonl")) == EXERCISES


DOCSTRING_FORM = {
    "name": "count_mirror_words", "entry_point": "count_mirror_words",
    "prompt": ('from collections import Counter\n\n\n'
               'def count_mirror_words(phrase: str,\n                       strict: bool = True) -> int:\n'
               '    """Given a string phrase, count the space-separated words that read the same\n'
               '    backwards.\n\n    Examples:\n    >>> count_mirror_words("dragon madam civic")\n    2\n'
               '    >>> count_mirror_words("")\n    0\n\n    Case matters.\n    """\n'),
    "answer": "    return sum(1 for w in phrase.split() if w == w[::-1])\n",
    "test": "def _t():\n    pass\nassert count_mirror_words('aa b') == 2\nassert count_mirror_words('') == 0\n",
}


def test_task_form_asks_for_the_whole_function_and_still_passes_its_tests():
    task = as_task(DOCSTRING_FORM)
    assert task["form"] == "task" and task["test"] == DOCSTRING_FORM["test"]
    # description without the doctests or their header, then the first one-line assertion
    assert task["prompt"] == ('"""\nGiven a string phrase, count the space-separated words that read the same\n'
                              'backwards.\n\nCase matters.\nassert count_mirror_words(\'aa b\') == 2\n"""\n')
    # imports, the whole (two-line) signature, the body
    assert task["answer"] == ("from collections import Counter\n\n"
                              "def count_mirror_words(phrase: str,\n                       strict: bool = True) -> int:\n"
                              "    return sum(1 for w in phrase.split() if w == w[::-1])\n")
    ns = {}
    exec(task["prompt"] + task["answer"] + "\n" + task["test"], ns)  # a working program


@pytest.mark.parametrize("header", ["Examples:", "For example:", "Some examples:", "Example usage:"])
def test_task_form_drops_every_example_header_the_offline_teacher_writes(header):
    # teacher/offline/base.py picks one of the first three; a header left behind dangles over nothing
    task = as_task({**DOCSTRING_FORM, "prompt": DOCSTRING_FORM["prompt"].replace("Examples:", header)})
    assert header not in task["prompt"] and task["prompt"] == as_task(DOCSTRING_FORM)["prompt"]


def test_task_form_is_refused_where_there_is_no_function_to_ask_for():
    assert as_task({**DOCSTRING_FORM, "test": "check(count_mirror_words)\n"}) is None  # no assertion
    only_examples = DOCSTRING_FORM["prompt"].replace("Given a string", ">>> x").replace("    backwards.\n", "")
    only_examples = only_examples.replace("    Case matters.\n", "")
    assert as_task({**DOCSTRING_FORM, "prompt": only_examples}) is None  # nothing left to describe
    cls = {"name": "Tally", "prompt": 'class Tally:\n    """Counts."""\n', "answer": "    n = 0\n",
           "test": "assert Tally().n == 0\n"}
    assert as_task(cls) is None  # a class
    assert as_task({**DOCSTRING_FORM, "answer": "    return (\n"}) is None  # does not parse


def test_with_task_forms_rewrites_a_seeded_share_in_place():
    exs = [dict(DOCSTRING_FORM, name=f"n{i}") for i in range(8)]
    out = with_task_forms(exs, 0.25, seed=0)
    assert [e["name"] for e in out] == [e["name"] for e in exs]
    assert sum(e.get("form") == "task" for e in out) == 2
    assert out == with_task_forms(exs, 0.25, seed=0) and out != with_task_forms(exs, 0.25, seed=1)
    assert with_task_forms(exs, 0.0) == exs and exs[0].get("form") is None  # input untouched
    with pytest.raises(ValueError):
        with_task_forms(exs, 1.5)


def test_family_subset_draws_whole_families_then_a_fixed_count():
    exs = [{"prompt": "p", "answer": "a", "concept": f"c{i % 6}", "name": f"e{i}"} for i in range(60)]
    rows, fams = family_subset(exs, 2, seed=0)
    assert len(fams) == 2 and fams == sorted(fams)
    assert {r["concept"] for r in rows} == set(fams) and len(rows) == 20  # every exercise of both
    assert [r["name"] for r in rows] == [e["name"] for e in exs if e["concept"] in fams]  # input order
    assert family_subset(exs, 2, seed=0) == (rows, fams)
    assert any(family_subset(exs, 2, seed=s)[1] != fams for s in range(1, 6))
    wide, wide_fams = family_subset(exs, 6, n_exercises=20, seed=0)
    assert len(wide) == 20 and len(wide_fams) == 6 and len({r["concept"] for r in wide}) > 2
    with pytest.raises(ValueError, match="n_families"):
        family_subset(exs, 7)
    with pytest.raises(ValueError, match="n_exercises"):
        family_subset(exs, 1, n_exercises=11)
