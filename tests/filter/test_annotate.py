"""annotate.py: score parsing, the prompt, the rubric's signals and labels, the LLM annotator end to end
against a local OpenAI-compatible server (labels, caches, a rerun sends nothing)."""

from __future__ import annotations

import ast
import re
import textwrap

import fake_openai_server
import pytest
from fake_openai_server import FakeOpenAIServer

from phi1lib.filter.annotate import (
    Annotation,
    LLMAnnotator,
    RubricAnnotator,
    build_prompt,
    code_signals,
    is_clear_name,
    make_annotator,
    parse_score,
    parseable_head,
    rubric_points,
    rubric_score,
)
from phi1lib.core.config import FilterConfig, TeacherConfig
from phi1lib.teacher.openai_client import OpenAITeacher

TEXTBOOK = textwrap.dedent('''\
    """Searching a sorted list."""


    def binary_search(items, target):
        """Return the index of `target` in the sorted list `items`, or -1 when it is absent.

        Each step halves the part of the list that can still hold the target.
        """
        low, high = 0, len(items) - 1
        while low <= high:
            middle = (low + high) // 2
            if items[middle] == target:
                return middle
            if items[middle] < target:
                low = middle + 1
            else:
                high = middle - 1
        return -1


    def is_sorted(items):
        """True when every element is at most the next one."""
        for index in range(len(items) - 1):
            if items[index] > items[index + 1]:
                return False
        return True
    ''')

CONFIG = textwrap.dedent('''\
    import os
    from .base import BaseConfig

    DEBUG = False
    HOST = "localhost"
    PORT = 8080
    DATABASE_URL = os.environ.get("DATABASE_URL")
    TIMEOUT = 30
    RETRIES = 3
    ''')

INIT_ONLY_IMPORTS = "from .models import Model\nfrom .utils import helper\n\n__all__ = ['Model', 'helper']\n"

GENERATED = "# This file was automatically generated. Do not edit.\n" + TEXTBOOK

DATA_TABLE = "TABLE = {\n" + "".join(f"    {i}: ({i * 3}, 'name{i}'),\n" for i in range(60)) + "}\n\n\n" \
    + "def lookup(key):\n    if key in TABLE:\n        return TABLE[key]\n    return None\n"

ATTRIBUTE_CLASSES = "".join(textwrap.dedent(f'''\
    class Record{i}:
        """A record."""

        def __init__(self, name, value):
            self.name = name
            self.value = value

        def get_name(self):
            return self.name

    ''') for i in range(3)) + textwrap.dedent('''\
    def total(records):
        """Sum the values."""
        result = 0
        for record in records:
            if record.value:
                result += record.value
        return result
    ''')


@pytest.mark.parametrize("answer, score", [
    ("The code is clear.\nEducational score: 4", 4),
    ("educational score: **3**", 3),
    ("Educational Score: 5/5", 5),
    ("Educational score: 2\n... on reflection, Educational score: 3", 3),
    ("I would give it a 4.", None),
    ("Educational score: 7", None),
    ("", None),
])
def test_parse_score(answer, score):
    assert parse_score(answer) == score


def test_prompt_asks_the_papers_question_and_cuts_long_files():
    prompt = build_prompt(TEXTBOOK)
    assert "educational value for a student whose goal is to learn basic coding concepts" in prompt
    assert "additive 5-point" in prompt and 'Educational score: <total points>' in prompt
    assert TEXTBOOK in prompt
    long = "x = 1\n" * 5000
    cut = build_prompt(long, max_chars=600)
    assert "x = 1\n" * 100 in cut and "x = 1\n" * 101 not in cut and "(truncated)" in cut


@pytest.mark.parametrize("name, clear", [
    ("binary_search", True), ("items", True), ("i", True), ("self", True), ("_private_value", True),
    ("HTTPServer", True), ("a1", False), ("tmp2", False), ("qq", False), ("cnt", False), ("xs", False),
])
def test_is_clear_name(name, clear):
    assert is_clear_name(name) is clear


def test_signals_of_a_textbook_file():
    s = code_signals(TEXTBOOK)
    assert s["parses"] and s["functions"] == 2 and s["computing_functions"] == 2
    assert s["docstring_fraction"] == 1.0 and s["third_party_imports"] == 0 and not s["generated"]
    assert s["flow_nodes"] >= 4 and s["clear_name_fraction"] >= 0.9 and s["literal_fraction"] < 0.2
    assert all(rubric_points(s).values())
    assert rubric_score(s) == (5, "+1 content; +1 logic; +1 readable; +1 explains; +1 textbook")


@pytest.mark.parametrize("text, at_most, reason", [
    (CONFIG, 1, None),
    (INIT_ONLY_IMPORTS, 0, None),
    (GENERATED, 1, "auto-generated"),
    (DATA_TABLE, 1, "data table"),
    (ATTRIBUTE_CLASSES, 2, "attribute-only classes"),
    ("def f(:\n", 0, None),  # does not parse: no content
])
def test_low_value_files_score_low(text, at_most, reason):
    score, rationale = rubric_score(code_signals(text))
    assert score <= at_most, rationale
    if reason:
        assert f"capped at {at_most}: {reason}" in rationale


def test_relative_and_third_party_imports_are_not_self_contained():
    s = code_signals(CONFIG)
    assert s["relative_imports"] == 1 and s["third_party_imports"] == 0 and s["imports"] == 2
    s = code_signals("import numpy\nimport torch\nimport pandas as pd\n" + TEXTBOOK)
    assert s["third_party_imports"] == 3 and not rubric_points(s)["readable"]


def test_parseable_head_cuts_where_it_still_parses():
    text = TEXTBOOK * 30
    head = parseable_head(text, 1000)
    assert len(head) <= 1000 and text.startswith(head)
    ast.parse(head)
    assert parseable_head(TEXTBOOK, None) == TEXTBOOK == parseable_head(TEXTBOOK, 10**6)
    s = code_signals(text, max_chars=1000)
    assert s["truncated"] and s["lines"] == text.count("\n") and s["code_lines"] < 60


def test_rubric_annotator_in_processes_gives_the_same_labels():
    texts = [TEXTBOOK, CONFIG, GENERATED, DATA_TABLE, ATTRIBUTE_CLASSES, INIT_ONLY_IMPORTS] * 3
    one = RubricAnnotator(num_proc=1).annotate(texts)
    two = RubricAnnotator(num_proc=2, chunk_docs=4).annotate(texts)
    assert [a.score for a in one] == [a.score for a in two] and one[0].score == 5
    assert all(isinstance(a, Annotation) and a.error is None and a.signals for a in one)


# --- the LLM annotator against a local OpenAI-compatible server ---------------------------------

def _score_for(prompt: str) -> int:
    """The test server's 'judgement': one point per function defined in the code, at most 5."""
    code = prompt.split("```python", 1)[1].split("```", 1)[0]
    return min(5, len(re.findall(r"^\s*def ", code, re.MULTILINE)))


@pytest.fixture()
def scoring_server(monkeypatch):
    def answer(prompt, seed, max_tokens=None):
        if "NO SCORE" in prompt:
            return "I cannot judge this file.", "stop"
        return f"The file defines functions with clear logic.\nEducational score: {_score_for(prompt)}", "stop"

    monkeypatch.setattr(fake_openai_server, "fake_answer", answer)
    with FakeOpenAIServer() as server:
        yield server


def _teacher(server, cache_dir) -> OpenAITeacher:
    cfg = TeacherConfig(base_url=server.base_url, model="fake-model", max_retries=0, timeout_s=10)
    return OpenAITeacher(cfg, cache_dir, fsync=False)


def test_llm_annotator_labels_caches_and_a_rerun_sends_nothing(scoring_server, tmp_path):
    texts = [TEXTBOOK, CONFIG, ATTRIBUTE_CLASSES, "# NO SCORE\nx = 1\n"]
    first = LLMAnnotator(_teacher(scoring_server, tmp_path / "cache")).annotate(texts)
    assert [a.score for a in first] == [2, 0, 5, None]
    assert first[3].error and "Educational score" in first[3].error
    assert not any(a.cached for a in first) and "clear logic" in first[0].rationale
    sent = scoring_server.stats()["requests"]
    assert sent == 4
    prompts = [e["prompt"] for e in scoring_server.log]
    assert all("basic coding concepts" in p for p in prompts)

    rerun_teacher = _teacher(scoring_server, tmp_path / "cache")  # a new client: only the disk remembers
    again = LLMAnnotator(rerun_teacher).annotate(texts)
    assert [a.score for a in again] == [2, 0, 5, None] and all(a.cached for a in again)
    assert scoring_server.stats()["requests"] == sent  # the rerun sent no request
    assert rerun_teacher.summary()["cached"] == 4


def test_llm_annotator_request_is_deterministic_and_reports_failures(scoring_server, tmp_path):
    annotator = LLMAnnotator(_teacher(scoring_server, tmp_path / "c"), max_chars=100, seed=7)
    req = annotator.request(TEXTBOOK)
    assert req.kind == "annotation" and req.temperature == 0.0 and req.seed == 7 and "(truncated)" in req.prompt
    scoring_server.configure(fault_plan=["400"])  # a client error: not retried, the request fails
    [failed] = annotator.annotate([TEXTBOOK])
    assert failed.score is None and "http_400" in failed.error


def test_make_annotator(tmp_path):
    fcfg = FilterConfig(annotator="rubric", annotate_max_chars=123, num_proc=2)
    rubric = make_annotator(fcfg, TeacherConfig(), tmp_path)
    assert isinstance(rubric, RubricAnnotator) and rubric.max_chars == 123 and rubric.num_proc == 2
    fcfg = FilterConfig(annotator="llm", annotator_model="judge-model")
    llm = make_annotator(fcfg, TeacherConfig(base_url="http://127.0.0.1:9/v1", model="writer"), tmp_path)
    assert isinstance(llm, LLMAnnotator) and llm.teacher.model == "judge-model"
    fcfg.annotator_model = None
    assert make_annotator(fcfg, TeacherConfig(base_url="http://127.0.0.1:9/v1", model="writer"),
                          tmp_path).teacher.model == "writer"
    with pytest.raises(ValueError, match="rubric"):
        make_annotator(FilterConfig(annotator="gpt"), TeacherConfig(), tmp_path)
