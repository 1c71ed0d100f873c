"""data/exercises.py: the held-out split and the JSON Lines round trip."""

import pytest

from phi1lib.data.exercises import load_exercises, save_exercises, split_exercises

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
