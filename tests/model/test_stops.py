"""model/stops.py: the one truncation rule, the same for our decoder, HF models, servers and benchmarks."""

from __future__ import annotations

import random

from phi1lib.eval import benchmarks
from phi1lib.eval.benchmarks import HUMANEVAL_STOP, MBPP_STOP
from phi1lib.model import generate
from phi1lib.model.stops import stop_window, truncate_at_stop


def _old_truncate_at_stop(text, stop):  # eval/benchmarks.py and model/generate.py, identical copies
    cuts = [i for i in (text.find(s) for s in stop if s) if i >= 0]
    return text[:min(cuts)] if cuts else text


def test_truncation_equals_the_former_copies():
    rng = random.Random(0)
    for _ in range(2000):
        text = "".join(rng.choice("ab\n#dfeic @lsprnt\"<|/`") for _ in range(rng.randint(0, 60)))
        for stop in (HUMANEVAL_STOP, MBPP_STOP, ("",), (), ("\ndef", "")):
            assert truncate_at_stop(text, stop) == _old_truncate_at_stop(text, stop)
    assert benchmarks.truncate_at_stop is truncate_at_stop and generate.truncate_at_stop is truncate_at_stop


def test_stop_window_covers_the_longest_stop_plus_slack():
    assert stop_window(HUMANEVAL_STOP) == max(map(len, HUMANEVAL_STOP)) + 4
    assert stop_window([]) == 4
