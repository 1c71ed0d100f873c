"""Solved problems beside their nearest exercises: exact nearest by AST match and by shared n-gram,
each checked against brute force, and the table and its Markdown on a scripted evaluation."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from phi1lib.analysis import solved
from phi1lib.analysis.ast_match import code_tree, match_rate
from phi1lib.eval.benchmarks import MBPP, HumanEval
from phi1lib.data.text import code_tokens

SNIPPETS = [
    "def f(x):\n    return x + 1\n",
    "def g(a, b):\n    total = 0\n    for v in a:\n        total += v * b\n    return total\n",
    "def h(s):\n    return ''.join(reversed(s))\n",
    "def k(n):\n    if n < 2:\n        return n\n    return k(n - 1) + k(n - 2)\n",
    "def m(xs):\n    return [x for x in xs if x % 2 == 0]\n",
    "def p(xs):\n    best = xs[0]\n    for x in xs:\n        if x > best:\n            best = x\n    return best\n",
    "def q(d):\n    return sorted(d.items(), key=lambda kv: kv[1])\n",
]


def test_solved_problems_keeps_the_first_passing_sample_of_humaneval_and_mbpp():
    per = pd.DataFrame([
        {"model": "a", "benchmark": "humaneval", "task_id": "HumanEval/0", "sample": 0, "completion": "x", "passed": False},
        {"model": "a", "benchmark": "humaneval", "task_id": "HumanEval/0", "sample": 1, "completion": "y", "passed": True},
        {"model": "a", "benchmark": "humaneval", "task_id": "HumanEval/0", "sample": 2, "completion": "z", "passed": True},
        {"model": "b", "benchmark": "mbpp", "task_id": 11, "sample": 0, "completion": "w", "passed": True},
        {"model": "b", "benchmark": "heldout", "task_id": "h/1", "sample": 0, "completion": "v", "passed": True},
        {"model": "b", "benchmark": "mbpp", "task_id": 12, "sample": 0, "completion": "u", "passed": np.nan},
    ])
    out = solved.solved_problems(per)
    assert out.to_dict("records") == [
        {"benchmark": "humaneval", "task_id": "HumanEval/0", "model": "a", "completion": "y"},
        {"benchmark": "mbpp", "task_id": 11, "model": "b", "completion": "w"}]
    assert solved.solved_problems(pd.DataFrame()).empty


def _random_function(rng: random.Random, depth: int = 0, indent: str = "    ") -> list[str]:
    lines = []
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(["assign", "if", "for", "return"] if depth < 2 else ["assign", "return"])
        if kind == "assign":
            lines.append(f"{indent}{rng.choice('abc')} = {rng.choice(['x + 1', 'x * y', '[x]', 'len(x)', 'x[0]'])}")
        elif kind == "return":
            lines.append(f"{indent}return {rng.choice(['x', 'x - 1', 'y', 'x < y'])}")
        else:
            lines.append(indent + ("if x > 0:" if kind == "if" else "for v in x:"))
            lines += _random_function(rng, depth + 1, indent + "    ")
    return lines


def test_nearest_by_ast_equals_brute_force(monkeypatch):
    rng = random.Random(0)
    programs = ["def f(x, y):\n" + "\n".join(_random_function(rng)) + "\n" for _ in range(40)]
    trees = [code_tree(p) for p in programs[:30]] + [code_tree(s) for s in SNIPPETS]
    queries = [code_tree(p) for p in programs[30:]] + [code_tree(SNIPPETS[1].replace("total", "acc")),
                                                       code_tree("not python (")]
    teds = []
    monkeypatch.setattr(solved, "match_rate", lambda a, b: teds.append(1) or match_rate(a, b))
    searches = []
    for q in queries[:-1]:
        teds.clear()
        row = solved.nearest_by_ast([q], trees + [None]).iloc[0]
        rates = [match_rate(q, t) for t in trees]
        assert row["match"] == pytest.approx(max(rates)) and rates[row["exercise"]] == pytest.approx(max(rates))
        assert row["exact"]
        searches.append((len(teds), q, row["match"]))
    assert sum(n for n, _, _ in searches) < len(searches) * len(trees) / 4  # the bounds prune most pairs
    near = solved.nearest_by_ast(queries, trees)
    assert (near["exercise"].iloc[-2], near["match"].iloc[-2]) == (31, 1.0)  # renamed: the same tree
    assert near["exercise"].iloc[-1] == -1 and np.isnan(near["match"].iloc[-1])  # does not parse
    # a search that needed several distances, cut after one: the rate found is a lower bound
    n_teds, q, rate = max(searches, key=lambda s: s[0])
    assert n_teds >= 2
    teds.clear()
    capped = solved.nearest_by_ast([q], trees, max_teds=1).iloc[0]
    assert len(teds) == 1 and not capped["exact"] and capped["match"] <= rate
    nothing = solved.nearest_by_ast([q], trees, max_teds=0).iloc[0]
    assert (nothing["exercise"], nothing["exact"]) == (-1, False)
    assert solved.nearest_by_ast(queries, []).eq(-1)["exercise"].all()


def test_sequence_bounds_never_exceed_the_tree_edit_distance():
    from phi1lib.analysis.ast_match import tree_edit_distance, tree_labels

    rng = random.Random(1)
    trees = [code_tree("def f(x, y):\n" + "\n".join(_random_function(rng)) + "\n") for _ in range(12)]
    vocab: dict[str, int] = {}

    def ids(labels):
        return np.array([vocab.setdefault(x, len(vocab)) for x in labels])

    for a, b in zip(trees[::2], trees[1::2]):
        ted = tree_edit_distance(a, b)
        pre = solved._sed(ids(tree_labels(a)), ids(tree_labels(b)))
        post = solved._sed(ids(solved._postorder(a)), ids(solved._postorder(b)))
        assert max(pre, post) <= ted
    # the string edit distance itself, against the textbook table
    for a, b in (("kitten", "sitting"), ("", "abc"), ("flaw", "lawn"), ("same", "same")):
        table = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
        for i in range(1, len(a) + 1):
            for j in range(1, len(b) + 1):
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1,
                                  table[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
        assert solved._sed(np.array([ord(c) for c in a]), np.array([ord(c) for c in b])) == table[-1][-1]
    assert solved._postorder(("a", (("b", ()), ("c", (("d", ()),))))) == ["b", "d", "c", "a"]


def _brute_longest(text, docs):
    q = code_tokens(text)
    best = (0, -1)
    for d, doc in enumerate(docs):
        t = code_tokens(doc)
        for i in range(len(q)):
            for j in range(len(t)):
                n = 0
                while i + n < len(q) and j + n < len(t) and q[i + n] == t[j + n]:
                    n += 1
                if n > best[0]:
                    best = (n, d)
    return best


def test_longest_shared_equals_brute_force(monkeypatch):
    rng = random.Random(0)
    docs = SNIPPETS[:5]
    texts = ["    total = 0\n    for v in a:\n        total += v\n", "return ''.join(reversed(s)) + x",
             "zzz yyy", "", "def m(xs):\n    return [x for x in xs if x % 2 == 0]\n"]
    texts += [" ".join(rng.choice(code_tokens(" ".join(docs))) for _ in range(30)) for _ in range(5)]
    out = solved.longest_shared(texts, docs)
    for text, row in zip(texts, out.to_dict("records")):
        length, _ = _brute_longest(text, docs)
        assert row["length"] == length, text
        if length:
            assert row["ngram"] in " ".join(code_tokens(docs[row["doc"]]))
            assert len(row["ngram"].split(" ")) == length
        else:
            assert row["doc"] == -1 and row["ngram"] == ""
    assert out["length"].iloc[4] == len(code_tokens(texts[4])) and out["doc"].iloc[4] == 4  # copied whole
    assert out["length"].iloc[2] == 0
    assert (solved.longest_shared(texts[:2], [])["length"] == 0).all()
    # pairs checked a few at a time (in corpus order, stopping once every text has its first): the same
    first_hits = solved._first_hits
    monkeypatch.setattr(solved, "_first_hits", lambda *a: first_hits(*a, chunk=2))
    pd.testing.assert_frame_equal(solved.longest_shared(texts, docs), out)


def test_ngram_share_equals_brute_force():
    docs = SNIPPETS
    texts = [SNIPPETS[1], SNIPPETS[1][:40] + " completely new words here and there and everywhere again", "x"]
    n = 4
    share = solved.ngram_share(texts, docs, n, batch_docs=2)
    doc_grams = set()
    for d in docs:
        t = code_tokens(d)
        doc_grams |= {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}
    for text, value in zip(texts, share):
        t = code_tokens(text)
        grams = {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}
        if grams:
            assert value == pytest.approx(len(grams & doc_grams) / len(grams))
        else:
            assert np.isnan(value)
    assert share[0] == 1.0 and 0 < share[1] < 1


def test_solved_table_and_markdown():
    he, mbpp = HumanEval(), MBPP()
    p_he, p_mb = he.problem("HumanEval/0"), mbpp.problem(11)
    copy = {"task_id": "ex/copy", "prompt": p_he.prompt.replace("has_close_elements", "near"),
            "answer": p_he.reference}
    exercises = [{"task_id": f"ex/{i}", "prompt": s.split("\n", 1)[0] + "\n", "answer": s.split("\n", 1)[1]}
                 for i, s in enumerate(SNIPPETS)] + [copy]
    mb_completion = p_mb.prompt + "def remove_Occ(s, ch):\n    return s.replace(ch, '', 1)[::-1].replace(ch, '', 1)[::-1]\n"
    per = pd.DataFrame([
        {"model": "m1", "benchmark": "humaneval", "task_id": "HumanEval/0", "sample": 0,
         "completion": p_he.reference, "passed": True},
        {"model": "m1", "benchmark": "mbpp", "task_id": 11, "sample": 0, "completion": mb_completion, "passed": True},
        {"model": "m1", "benchmark": "mbpp", "task_id": 12, "sample": 0, "completion": "nope", "passed": False},
    ])
    table = solved.solved_table(per, exercises, [he, mbpp], n=13)
    assert list(table.columns) == solved.COLUMNS and len(table) == 2
    first = table.iloc[0]
    assert (first["ast exercise"], first["ast match"], first["n-gram exercise"]) == ("ex/copy", 1.0, "ex/copy")
    assert first["longest shared n-gram"] == len(code_tokens(p_he.reference))  # the whole body, verbatim
    assert first["13-gram share"] == 1.0 and first["ast exercise solution"] == p_he.reference
    second = table.iloc[1]
    assert second["longest shared n-gram"] < len(code_tokens(mb_completion[len(p_mb.prompt):]))
    assert second["13-gram share"] == 0.0  # the written code only: the prompt's docstring is not counted
    text = solved.render_solved(table, exercises)
    assert "## humaneval `HumanEval/0` solved by `m1`" in text and "exercise `ex/copy`" in text
    assert "also nearest by shared n-gram" in text and "AST match 1.000" in text
    # two completions, the copy once (nearest both ways), the MBPP solution's one or two exercises
    assert text.count("```python") == 2 + 1 + 1 + int(second["ast exercise"] != second["n-gram exercise"])
    assert solved.solved_table(per.assign(passed=False), exercises, [he, mbpp]).empty
    assert "No model solved" in solved.render_solved(pd.DataFrame(columns=solved.COLUMNS))
