"""data/text.py: one code-token pattern, and its three lowercasings equal to the copies they replaced."""

from __future__ import annotations

import random
import re

import pytest

from phi1lib.analysis import contamination
from phi1lib.data.text import CODE_TOKEN, code_tokens
from phi1lib.teacher.offline import approx_tokens

_OLD = re.compile(r"\w+|[^\w\s]")  # synth/synthesize.py, analysis/contamination.py, teacher/offline/teacher.py


def _texts():
    rng = random.Random(0)
    alphabet = list("abcXYZ_019 \t\n()[]{}:=+-*/#'\".,") + ["İ", "ß", "Σ", "é", "\u0307", "ﬁ", "ẞ", "١"]
    return ["def f(x): return X+1", "", "İstanbul = 'İ'", "a\u0307b"] + [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80))) for _ in range(500)]


def test_the_pattern_is_the_former_one():
    assert CODE_TOKEN.pattern == _OLD.pattern


def test_each_lowercasing_equals_its_former_copy():
    for text in _texts():
        assert code_tokens(text) == _OLD.findall(text.lower())  # contamination
        assert code_tokens(text, lower="tokens") == [t.lower() for t in _OLD.findall(text)]  # synthesis
        assert approx_tokens(text) == len(_OLD.findall(text))  # offline teacher
    assert approx_tokens(None) == 0
    assert contamination.code_tokens is code_tokens


def test_the_two_lowercasings_differ_only_for_dotted_capital_i():
    assert code_tokens("İ") == ["i", "\u0307"] and code_tokens("İ", lower="tokens") == ["i\u0307"]
    assert code_tokens("def f(A): return A", lower="tokens") == code_tokens("def f(A): return A")
    with pytest.raises(ValueError):
        code_tokens("x", lower="upper")
