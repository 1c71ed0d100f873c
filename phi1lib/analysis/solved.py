"""Every solved benchmark problem, beside the training exercises nearest to the model's code.

When a laptop-scale model passes a HumanEval or MBPP problem, the first question is whether it wrote
the code or recalled it. The contamination stage (paper section 5) measures how close each *problem*
is to the finetuning exercises; this module asks it of each *completion that passed*, so a reader can
judge memorisation case by case:

- **nearest exercise by AST match rate** (`nearest_by_ast`): the contamination stage's measure
  (`phi1lib.analysis.ast_match`: APTED tree edit distance on normalised ASTs, match rate 1 - TED / max size)
  between the program that ran (HumanEval: prompt + completion; MBPP: the whole program) and each
  exercise's prompt + answer. Exact nearest neighbour, best first: every exercise has a cheap upper
  bound on its match rate, from the multisets of labels (the bound `ast_match` prunes with), and a
  tighter one (~1 ms a pair) from the string edit distance between the trees' preorder label
  sequences and between their postorder ones, both lower bounds of the tree edit distance (Guha et
  al., "Approximate XML joins", SIGMOD 2002: an edit of one node is an edit of one symbol of either
  sequence). The tighter bound is computed only where the cheap one could still beat the best found,
  the distances (~20 ms a pair with APTED) in order of the tighter bound, and the search stops when
  no exercise's bound beats the best match found (or after `max_teds` distances: the rate found is
  then a lower bound, and ``ast exact`` says so). 100 HumanEval solutions against 5,640 exercises:
  655 distances instead of 2,289 with the label bound alone.
- **n-gram overlap**, on the code the model wrote (HumanEval: the completion; MBPP: the program
  after the prompt) against each exercise's prompt + answer, in the contamination stage's tokens
  (`data.text.code_tokens`: words and single punctuation characters, lowercased):
  the **longest token n-gram** it shares with any exercise, and which exercise (`longest_shared`:
  exact, by a binary search over n on rolling hashes, every hit checked token by token), and the
  **share of its 13-grams** found anywhere in the exercises (`ngram_share`, by the contamination
  stage's `NgramIndex`).

`solved_table` puts these together, one row per (benchmark, problem, model) solved; `render_solved`
writes it as Markdown with the code side by side. Not done: the filtered code and the textbooks are
not searched (the contamination stage's n-gram scan covers them for the problems themselves).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from phi1lib.analysis.ast_match import Tree, code_tree, match_rate, tree_labels
from phi1lib.analysis.contamination import NgramIndex, exercise_text
from phi1lib.data.text import code_tokens

BENCHMARKS = ("humaneval", "mbpp")
COLUMNS = ["benchmark", "task_id", "model", "completion", "ast match", "ast exact", "ast exercise",
           "ast exercise solution", "longest shared n-gram", "shared n-gram", "n-gram exercise",
           "n-gram exercise solution", "13-gram share"]


# ------------------------------------------------------------------------------------ solved rows

def solved_problems(per_problem: pd.DataFrame, benchmarks: Sequence[str] = BENCHMARKS) -> pd.DataFrame:
    """One row per (benchmark, task_id, model) with a passing sample among `benchmarks`: its first
    passing completion. `per_problem` is the evaluation's per-sample frame (model, benchmark,
    task_id, completion, passed)."""
    columns = ["benchmark", "task_id", "model", "completion"]
    if per_problem.empty or "passed" not in per_problem:
        return pd.DataFrame(columns=columns)
    passed = per_problem[per_problem["benchmark"].isin(benchmarks) & per_problem["passed"].eq(True)]
    first = passed.drop_duplicates(["benchmark", "task_id", "model"])
    return first[columns].reset_index(drop=True)


def written_code(problem: Any, completion: str) -> str:
    """The code the model wrote: the completion without the problem's prompt where it includes it
    (MBPP's completion is the whole program, prompt first)."""
    return completion.removeprefix(problem.prompt)


# ------------------------------------------------------------------------------------ AST

def nearest_by_ast(queries: Sequence[Tree | None], exercises: Sequence[Tree | None],
                   max_teds: int = 64) -> pd.DataFrame:
    """Per query tree: the exercise with the highest match rate (among equals the first visited:
    highest bound, then lowest index), that rate, and whether the search was exhaustive
    (``exact``; False when `max_teds` distances ran out first, so the rate is a lower bound).
    Columns: exercise (index into `exercises`, -1 where none), match, exact."""
    rows = [{"exercise": -1, "match": np.nan, "exact": True} for _ in queries]
    kept = [i for i, t in enumerate(exercises) if t is not None]
    if not kept:
        return pd.DataFrame(rows, columns=["exercise", "match", "exact"])
    unique: dict[Tree, int] = {}  # distinct exercise trees, each under its lowest index
    for i in kept:
        unique.setdefault(exercises[i], i)
    trees, first = list(unique), np.array(list(unique.values()))
    vocab: dict[str, int] = {}
    pre = [np.array([vocab.setdefault(x, len(vocab)) for x in tree_labels(t)]) for t in trees]
    post = [np.array([vocab[x] for x in _postorder(t)]) for t in trees]
    hist = np.zeros((len(trees), len(vocab) + 1), dtype=np.int32)
    for k, ids in enumerate(pre):
        np.add.at(hist[k], ids, 1)
    sizes = np.array([len(ids) for ids in pre])
    done: dict[Tree, dict[str, Any]] = {}
    for q, tree in enumerate(queries):
        if tree is None:
            continue
        if tree not in done:
            done[tree] = _nearest(tree, trees, first, vocab, pre, post, hist, sizes, max_teds)
        rows[q] = done[tree]
    return pd.DataFrame(rows, columns=["exercise", "match", "exact"])


def _nearest(tree: Tree, trees: list[Tree], first: np.ndarray, vocab: dict[str, int], pre: list[np.ndarray],
             post: list[np.ndarray], hist: np.ndarray, sizes: np.ndarray, max_teds: int) -> dict[str, Any]:
    unseen = len(vocab)  # labels no exercise has share one slot, which matches nothing
    q_pre = np.array([vocab.get(x, unseen) for x in tree_labels(tree)])
    q_post = np.array([vocab.get(x, unseen) for x in _postorder(tree)])
    q_hist = np.bincount(q_pre, minlength=hist.shape[1])
    q_hist[unseen] = 0
    big = np.maximum(sizes, len(q_pre))
    # each edit changes the bag of labels by at most one: TED >= big - shared
    label_bound = np.minimum(hist, q_hist).sum(axis=1) / big
    # Best first by the tighter bound: an exercise's sequence bound is computed only once its label
    # bound could beat the best sequence bound still waiting, so the heap's top is the highest of all.
    order = iter(np.lexsort((first, -label_bound)))
    upcoming = next(order, None)
    waiting: list[tuple[float, int, int]] = []  # (-sequence bound, index, k)
    best, best_k, exact, teds = -1.0, -1, True, 0
    while True:
        while upcoming is not None and label_bound[upcoming] > max(best, -waiting[0][0] if waiting else -1.0):
            k = upcoming
            bound = 1.0 - max(_sed(q_pre, pre[k]), _sed(q_post, post[k])) / big[k]
            heapq.heappush(waiting, (-bound, int(first[k]), int(k)))
            upcoming = next(order, None)
        if not waiting or -waiting[0][0] <= best:
            break
        if teds == max_teds:
            exact = False
            break
        _, _, k = heapq.heappop(waiting)
        teds += 1
        m = match_rate(tree, trees[k])
        if m > best:
            best, best_k = m, k
    if best_k < 0:
        return {"exercise": -1, "match": np.nan, "exact": False}
    return {"exercise": int(first[best_k]), "match": best, "exact": exact}


def _postorder(tree: Tree) -> list[str]:
    """Labels in postorder (children before their parent)."""
    out, stack = [], [(tree, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            out.append(node[0])
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node[1]))
    return out


def _sed(a: np.ndarray, b: np.ndarray) -> int:
    """Unit-cost string edit distance of two id sequences, a row of the table at a time: within a row
    the insertions are a running minimum, D[j] = j + min_{k<=j} (E[k] - k)."""
    cols = np.arange(len(b) + 1)
    prev = cols
    row = np.empty(len(b) + 1, dtype=np.int64)
    for i, x in enumerate(a, 1):
        row[0] = i
        np.minimum(prev[:-1] + (b != x), prev[1:] + 1, out=row[1:])  # substitute / delete
        prev = np.minimum.accumulate(row - cols) + cols  # then insert
    return int(prev[-1])


# ------------------------------------------------------------------------------------ n-grams

_P = 0x100000001B3  # odd, so invertible modulo 2^64
_Q = pow(_P, -1, 1 << 64)


def _powers(base: int, n: int) -> np.ndarray:
    out = np.empty(n + 1, dtype=np.uint64)
    out[0] = 1
    out[1:] = np.cumprod(np.full(n, base, dtype=np.uint64))  # wraps modulo 2^64
    return out


class _Rolling:
    """Polynomial hashes (mod 2^64) of every n-token window of `ids`, for any n in O(len) each:
    hash(i, n) = sum_k ids[i+k] P^(n-1-k) = P^(i+n-1) (G[i+n] - G[i]), G[j] = sum_{k<j} ids[k] P^-k."""

    def __init__(self, ids: np.ndarray):
        self.ids = ids
        self.pw = _powers(_P, len(ids))
        self.g = np.zeros(len(ids) + 1, dtype=np.uint64)
        self.g[1:] = np.cumsum(ids * _powers(_Q, len(ids))[:-1])
        self.zeros = np.concatenate([[0], np.cumsum(ids == 0)])  # 0: separator or unknown token

    def hashes(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """(start positions, hashes) of the windows of n tokens holding no 0."""
        count = len(self.ids) - n + 1
        if count <= 0:
            return np.zeros(0, np.int64), np.zeros(0, np.uint64)
        starts = np.flatnonzero(self.zeros[n:] - self.zeros[:count] == 0)
        return starts, self.pw[starts + n - 1] * (self.g[starts + n] - self.g[starts])


def longest_shared(texts: Sequence[str], docs: Sequence[str]) -> pd.DataFrame:
    """Per text: the longest token n-gram (`data.text.code_tokens`) it shares with any doc, which
    doc holds it (the first in the docs' order) and the n-gram. Columns: length (0 where none),
    doc (-1 where none), ngram."""
    vocab: dict[str, int] = {}
    queries = [np.array([vocab.setdefault(t, len(vocab) + 1) for t in code_tokens(x)], dtype=np.uint64)
               for x in texts]
    parts, starts, pos = [], [], 0
    for doc in docs:
        ids = [vocab.get(t, 0) for t in code_tokens(doc)]  # 0: a token no text has
        starts.append(pos)
        parts.append(ids + [0])  # a separator no window can span
        pos += len(ids) + 1
    corpus = _Rolling(np.array([t for p in parts for t in p], dtype=np.uint64))
    texts_rolling = [_Rolling(q) for q in queries]
    lo = np.zeros(len(texts), dtype=np.int64)  # a shared lo-gram is known (0: trivially)
    hi = np.array([len(q) for q in queries], dtype=np.int64)
    found = np.full(len(texts), -1, dtype=np.int64)  # the lowest corpus position of a shared lo-gram
    # Parallel binary search: a text that shares an n-gram shares every shorter one, so each round
    # halves every text's range; the texts probing the same n share one pass over the corpus.
    while (lo < hi).any():
        mid = (lo + hi + 1) // 2
        for n in np.unique(mid[lo < hi]):
            probing = np.flatnonzero((lo < hi) & (mid == n))
            hits = _first_hits(int(n), [queries[i] for i in probing], [texts_rolling[i] for i in probing], corpus)
            for i, hit in zip(probing, hits):
                if hit >= 0:
                    lo[i], found[i] = n, hit
                else:
                    hi[i] = n - 1
    inverse = {v: k for k, v in vocab.items()}
    doc_starts = np.array(starts, dtype=np.int64)
    rows = []
    for i in range(len(texts)):
        if lo[i] == 0:
            rows.append({"length": 0, "doc": -1, "ngram": ""})
            continue
        p = int(found[i])
        rows.append({"length": int(lo[i]), "doc": int(np.searchsorted(doc_starts, p, side="right") - 1),
                     "ngram": " ".join(inverse[int(t)] for t in corpus.ids[p:p + lo[i]])})
    return pd.DataFrame(rows, columns=["length", "doc", "ngram"])


def _first_hits(n: int, queries: list[np.ndarray], rolling: list[_Rolling], corpus: _Rolling,
                chunk: int = 1 << 20) -> np.ndarray:
    """Per query: the lowest corpus position whose n tokens equal one of the query's n-grams, -1
    where none. Hash matches are checked token by token, so a collision is never a hit."""
    out = np.full(len(queries), -1, dtype=np.int64)
    windows = [r.hashes(n) for r in rolling]
    c_pos, c_hash = corpus.hashes(n)
    if not len(c_hash) or not sum(len(h) for _, h in windows):
        return out
    q_hash = np.concatenate([h for _, h in windows])
    q_which = np.concatenate([np.full(len(h), i) for i, (_, h) in enumerate(windows)])
    q_start = np.concatenate([p for p, _ in windows])
    order = np.argsort(q_hash, kind="stable")
    q_hash, q_which, q_start = q_hash[order], q_which[order], q_start[order]
    left = np.searchsorted(q_hash, c_hash, side="left")
    right = np.searchsorted(q_hash, c_hash, side="right")
    hit = right > left  # corpus windows whose hash some query window has
    c_pos, left, right = c_pos[hit], left[hit], right[hit]
    counts = right - left
    # queries with any candidate: once each has a verified position, later (higher) ones cannot win
    cover = np.zeros(len(q_hash) + 1, dtype=np.int64)
    np.add.at(cover, left, 1)
    np.add.at(cover, right, -1)
    hoped = np.zeros(len(queries), dtype=bool)
    hoped[q_which[np.cumsum(cover[:-1]) > 0]] = True
    flat = np.concatenate(queries)
    offsets = np.concatenate([[0], np.cumsum([len(q) for q in queries])[:-1]]).astype(np.int64)
    none = np.iinfo(np.int64).max
    best = np.full(len(queries), none, dtype=np.int64)
    step = np.arange(n)
    cum = np.cumsum(counts)
    start = 0
    while start < len(c_pos) and not (best[hoped] < none).all():
        # corpus windows in position order, a chunk of (corpus window, query window) pairs at a time
        done = cum[start - 1] if start else 0
        stop = max(start + 1, int(np.searchsorted(cum, done + max(1, chunk // n), side="right")))
        k = counts[start:stop]
        pair_c = np.repeat(c_pos[start:stop], k)
        pair_q = np.repeat(left[start:stop], k) + np.arange(k.sum()) - np.repeat(np.cumsum(k) - k, k)
        which = q_which[pair_q]
        same = (corpus.ids[pair_c[:, None] + step]
                == flat[(offsets[which] + q_start[pair_q])[:, None] + step]).all(axis=1)
        np.minimum.at(best, which[same], pair_c[same])
        start = stop
    out[best < none] = best[best < none]
    return out


def ngram_share(texts: Sequence[str], docs: Sequence[str], n: int = 13, batch_docs: int = 512) -> np.ndarray:
    """Per text: the share of its distinct n-grams found in any doc (NaN for a text shorter than n
    tokens), by the contamination stage's `NgramIndex`."""
    index = NgramIndex(list(texts), n)
    hit: list[set[int]] = [set() for _ in texts]
    for start in range(0, len(docs), batch_docs):
        for _, g in index.scan(list(docs[start:start + batch_docs])):
            for i in index.gram_texts[g]:
                hit[i].add(g)
    totals = index.text_grams.astype(float)
    return np.array([len(h) / t if t else np.nan for h, t in zip(hit, totals)])


# ------------------------------------------------------------------------------------ the table

def _exercise_id(ex: dict[str, Any], i: int) -> str:
    return str(ex.get("task_id") or ex.get("name") or i)


def solved_table(per_problem: pd.DataFrame, exercises: Sequence[dict[str, Any]], benchmarks: Sequence[Any], *,
                 n: int = 13, max_teds: int = 64) -> pd.DataFrame:
    """Every solved problem of `benchmarks` (`Benchmark` objects; HumanEval and MBPP) with its nearest
    exercise by AST match rate and by longest shared n-gram (task id and answer of each), and the
    share of the written code's n-grams found in the exercises. Columns: `COLUMNS`."""
    by_name = {b.name: b for b in benchmarks if b.name in BENCHMARKS}
    solved = solved_problems(per_problem, list(by_name))
    if solved.empty:
        return pd.DataFrame(columns=COLUMNS)
    problems = [by_name[b].problem(t) for b, t in zip(solved["benchmark"], solved["task_id"])]
    programs = [by_name[b].program(p, c) for b, p, c in zip(solved["benchmark"], problems, solved["completion"])]
    written = [written_code(p, c) for p, c in zip(problems, solved["completion"])]
    texts = [exercise_text(ex) for ex in exercises]
    near = nearest_by_ast([code_tree(p) for p in programs], [code_tree(t) for t in texts], max_teds)
    shared = longest_shared(written, texts)
    share = ngram_share(written, texts, n) if texts else np.full(len(written), np.nan)

    def ex_field(k: int, field: str) -> str:
        if k < 0:
            return ""
        return _exercise_id(exercises[k], k) if field == "id" else exercises[k].get("answer", "")

    out = solved.assign(**{
        "ast match": near["match"].to_numpy(), "ast exact": near["exact"].to_numpy(),
        "ast exercise": [ex_field(k, "id") for k in near["exercise"]],
        "ast exercise solution": [ex_field(k, "answer") for k in near["exercise"]],
        "longest shared n-gram": shared["length"].to_numpy(), "shared n-gram": shared["ngram"].to_numpy(),
        "n-gram exercise": [ex_field(k, "id") for k in shared["doc"]],
        "n-gram exercise solution": [ex_field(k, "answer") for k in shared["doc"]],
        f"{n}-gram share": share})
    return out


def render_solved(table: pd.DataFrame, exercises: Sequence[dict[str, Any]] = ()) -> str:
    """Markdown: each solved problem with the model's completion, then its nearest exercise by AST
    match and by shared n-gram (once when they are the same exercise), prompt and answer."""
    lines = ["# Solved benchmark problems and their nearest training exercises", ""]
    if table.empty:
        return "\n".join(lines + ["No model solved a HumanEval or MBPP problem.", ""])
    share_col = next(c for c in table.columns if c.endswith("-gram share"))
    intro = (f"{len(table)} solutions: {table.groupby('benchmark').size().to_dict()}; by model: "
             f"{table.groupby('model').size().to_dict()}. For each, the exercise nearest to the code that ran "
             "by AST match rate (1 = the same tree once names, docstrings and imports are dropped) and the "
             "exercise holding the longest token n-gram of the code the model wrote.")
    lines += [intro, ""]
    by_id = {_exercise_id(ex, i): ex for i, ex in enumerate(exercises)}
    for r in table.to_dict("records"):
        ast_m = "-" if pd.isna(r["ast match"]) else f"{r['ast match']:.3f}" + ("" if r["ast exact"] else " (at least)")
        share = "-" if pd.isna(r.get(share_col)) else f"{r[share_col]:.0%}"
        measures = (f"AST match {ast_m} with `{r['ast exercise'] or '-'}`; longest shared n-gram "
                    f"{r['longest shared n-gram']} tokens with `{r['n-gram exercise'] or '-'}`; {share_col} {share}")
        lines += [f"## {r['benchmark']} `{r['task_id']}` solved by `{r['model']}`", "", measures, "",
                  "Completion:", "", "```python", r["completion"].rstrip("\n"), "```", ""]
        if r["shared n-gram"]:
            lines += [f"Longest shared n-gram: `{r['shared n-gram']}`", ""]
        shown = []
        for label, key, answer in (("Nearest by AST match", "ast exercise", "ast exercise solution"),
                                   ("Nearest by shared n-gram", "n-gram exercise", "n-gram exercise solution")):
            if not r[key] or r[key] in shown:
                continue
            shown.append(r[key])
            label += " (also nearest by shared n-gram)" if key == "ast exercise" and r["n-gram exercise"] == r[key] else ""
            code = (by_id[r[key]]["prompt"] + by_id[r[key]]["answer"]) if r[key] in by_id else r[answer]
            lines += [f"{label}: exercise `{r[key]}`", "", "```python", code.rstrip("\n"), "```", ""]
    return "\n".join(lines)
