"""Is the training data too close to the benchmarks? The paper's section 5 measures, on every training set.

Paper (section 5): a 13-gram overlap of HumanEval's docstrings with CodeExercises found 4 problems, all
false positives. So it measured similarity instead: the L2 distance between normalised CodeGen-Mono
350M embeddings, and an AST match rate tau (`phi1lib.analysis.ast_match`); pruning and retraining on what is
left is in `phi1lib.analysis.pruning`. What this module measures, and how:

- **n-gram overlap** (`NgramIndex`, `ngram_overlap`): the n-grams (``contamination.ngram`` = 13) of
  each benchmark problem's prompt and reference solution, against every document of every training
  set (filtered code, synthetic textbooks, exercises), not only the exercises (the paper: HumanEval
  docstrings against CodeExercises). Tokens are words and single punctuation characters, lowercased
  (the units of the synthesis stage's dedup). The benchmark n-grams (small) are hashed into a table;
  training documents stream past in batches, each window hashed with numpy (a polynomial hash over
  token ids; windows holding a token no benchmark has are skipped at once) and every hash hit
  checked token by token, so there are no false hits from collisions.
- **exact substrings, BigCode's rule as a floor**: StarCoder's decontamination dropped a file that
  contains, case-insensitively and verbatim, a benchmark's docstring or solution. We apply it to each
  problem's reference solution and docstring (HumanEval's docstring; MBPP's task text) with
  whitespace runs collapsed to one space, and only to strings of at least ``ngram + 2`` tokens (15):
  BigCode had no minimum, so every file holding ``return x`` or ``return len(string)`` would count.
  Exact: a verbatim occurrence contains the string's interior n-gram (tokens 1..n), so only documents
  holding that n-gram are searched.
- **embedding distance** (`nearest_neighbours`): the L2 distance between L2-normalised embeddings of
  each problem (prompt + solution) and each exercise (prompt + answer), nearest exercise per problem
  by a matrix product, with the project's embedders (``contamination.embedder``, default
  ``filter.embedder``; "codegen" with a local CodeGen-Mono 350M is the paper's).
- **the closest pairs side by side** (`closest_pairs`, `render_pairs`, `plot_pairs`), as the paper's
  appendix C shows them.
"""

from __future__ import annotations

import ast
import dataclasses
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from phi1lib.analysis.ast_match import best_matches, code_tree, match_rate
from phi1lib.core.paths import profile_dir
from phi1lib.data.exercises import load_exercises
from phi1lib.filter.embed import embed_texts, make_embedder
from phi1lib.data.text import code_tokens  # lowercased before splitting

_PRIME = np.uint64(0x100000001B3)  # FNV-1a's 64-bit prime: odd, so every position's weight differs


def normalize_ws(text: str) -> str:
    """Lowercased, whitespace runs collapsed to one space, stripped (the substring rule's form)."""
    return " ".join(text.lower().split())


# ------------------------------------------------------------------------------------ inputs

def _docstring(problem) -> str:
    if "text" in problem.meta:  # MBPP: the task description
        return problem.meta["text"]
    try:
        tree = ast.parse(problem.prompt + problem.reference)
    except SyntaxError:
        return ""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == problem.entry_point:
            return ast.get_docstring(node, clean=False) or ""
    return ""


def benchmark_problems(benchmarks: Sequence[Any]) -> pd.DataFrame:
    """One row per problem of each `Benchmark`: benchmark, task_id, prompt, solution, docstring, text
    (prompt + solution, what every measure compares)."""
    rows = [{"benchmark": b.name, "task_id": p.task_id, "prompt": p.prompt, "solution": p.reference,
             "docstring": _docstring(p), "text": p.prompt + p.reference}
            for b in benchmarks for p in b.problems()]
    return pd.DataFrame(rows, columns=["benchmark", "task_id", "prompt", "solution", "docstring", "text"])


def exercise_text(ex: dict[str, Any]) -> str:
    return ex["prompt"] + ex["answer"]


@dataclass
class TrainingSet:
    """A training set as documents: a `datasets` directory with a text column, or exercises JSONL."""

    name: str
    path: Path
    kind: str  # "dataset" | "exercises"

    def exists(self) -> bool:
        return self.path.is_dir() if self.kind == "dataset" else self.path.is_file()

    def batches(self, size: int = 512) -> Iterator[list[tuple[str, str]]]:
        """(doc_id, text) in batches; doc ids are the set's own (path, id, task_id) or row numbers."""
        if self.kind == "exercises":
            docs = [(str(ex.get("task_id") or ex.get("name") or i), exercise_text(ex))
                    for i, ex in enumerate(load_exercises(self.path))]
            for start in range(0, len(docs), size):
                yield docs[start:start + size]
            return
        from phi1lib.data.corpus import load_dataset_dir  # lazy: pulls datasets

        ds = load_dataset_dir(self.path)
        key = next((c for c in ("path", "id") if c in ds.column_names), None)
        start = 0
        for batch in ds.select_columns(["text"] + ([key] if key else [])).iter(batch_size=size):
            ids = batch[key] if key else range(start, start + len(batch["text"]))
            yield [(str(i), t or "") for i, t in zip(ids, batch["text"])]
            start += len(batch["text"])


def training_sets(profile: str, root: Path | None = None) -> list[TrainingSet]:
    """The three training sets of a run: filtered code, synthetic textbooks, finetuning exercises."""
    base = profile_dir(profile, root)
    return [TrainingSet("filtered code", base / "filter" / "filtered_corpus", "dataset"),
            TrainingSet("synthetic textbooks", base / "synthesize" / "synthetic_textbooks", "dataset"),
            TrainingSet("exercises", base / "finetune" / "exercises" / "train.jsonl", "exercises")]


# ------------------------------------------------------------------------------------ n-grams

class NgramIndex:
    """The n-grams of a few texts (the benchmarks), hashed, and `scan` over many others.

    Each text's n-grams are registered under its index; `anchors` are extra strings (the substring
    rule's solutions and docstrings) whose interior n-gram (tokens 1..n) marks the documents that
    could contain them verbatim.
    """

    def __init__(self, texts: Sequence[str], n: int, anchors: Sequence[tuple[int, str, str]] = ()):
        self.n = n
        self.vocab: dict[str, int] = {}  # token -> id >= 1; 0 is "no benchmark has it"
        self.grams: dict[tuple[int, ...], int] = {}
        self.gram_texts: list[list[int]] = []  # gram id -> indices of the texts holding it
        self.gram_anchors: list[list[int]] = []  # gram id -> anchor indices
        self.text_grams = np.zeros(len(texts), dtype=np.int64)  # distinct n-grams per text
        for i, text in enumerate(texts):
            ids = self._ids(code_tokens(text), add=True)
            grams = {tuple(ids[k:k + n]) for k in range(len(ids) - n + 1)}
            self.text_grams[i] = len(grams)
            for g in grams:
                self.gram_texts[self._gram(g)].append(i)
        self.anchors: list[tuple[int, str, str]] = []  # (text index, part, normalized string)
        for i, part, string in anchors:
            toks = code_tokens(string)
            if len(toks) < n + 2:
                continue
            self.gram_anchors[self._gram(tuple(self._ids(toks[1:n + 1], add=True)))].append(len(self.anchors))
            self.anchors.append((i, part, normalize_ws(string)))
        self.gram_list = list(self.grams)
        self.hashes = np.unique(self._hash(np.array([t for g in self.gram_list for t in g], dtype=np.uint64),
                                           stride=n)) if self.grams else np.zeros(0, np.uint64)

    def _ids(self, toks: Sequence[str], add: bool = False) -> list[int]:
        if add:
            return [self.vocab.setdefault(t, len(self.vocab) + 1) for t in toks]
        get = self.vocab.get
        return [get(t, 0) for t in toks]

    def _gram(self, gram: tuple[int, ...]) -> int:
        if gram not in self.grams:
            self.grams[gram] = len(self.gram_texts)
            self.gram_texts.append([])
            self.gram_anchors.append([])
        return self.grams[gram]

    def _hash(self, ids: np.ndarray, stride: int = 1) -> np.ndarray:
        """Polynomial hash (mod 2^64) of every window of n ids, windows starting every `stride`."""
        count = (len(ids) - self.n) // stride + 1
        if count <= 0:
            return np.zeros(0, np.uint64)
        h = np.zeros(count, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for j in range(self.n):
                h = h * _PRIME + ids[j:j + (count - 1) * stride + 1:stride]
        return h

    def scan(self, texts: Sequence[str]) -> list[tuple[int, int]]:
        """(text position in `texts`, gram id) for every benchmark n-gram occurring in the texts."""
        n = self.n
        parts, starts, pos = [], [], 0
        for text in texts:
            ids = self._ids(code_tokens(text))
            starts.append(pos)
            parts.append(ids)
            parts.append([0])  # a separator no window can span
            pos += len(ids) + 1
        if not self.grams or pos < n:
            return []
        flat = np.fromiter((t for p in parts for t in p), dtype=np.uint64, count=pos)
        unknown = np.concatenate([[0], np.cumsum(flat == 0)])
        valid = (unknown[n:] - unknown[:-n]) == 0  # windows without a non-benchmark token
        where = np.flatnonzero(valid)
        if not len(where):
            return []
        h = self._hash(flat)
        hit = where[np.isin(h[where], self.hashes)]
        out = set()
        doc_of = np.searchsorted(np.array(starts), hit, side="right") - 1
        for k, d in zip(hit.tolist(), doc_of.tolist()):
            g = self.grams.get(tuple(flat[k:k + n].tolist()))  # None: a hash collision
            if g is not None:
                out.add((d, g))
        return sorted(out)

    def gram_text(self, g: int) -> str:
        inverse = getattr(self, "_inverse", None)
        if inverse is None:
            inverse = self._inverse = {v: k for k, v in self.vocab.items()}
        return " ".join(inverse[t] for t in self.gram_list[g])


@dataclass
class Overlap:
    """What `ngram_overlap` found: per problem and set, the hits and verbatim matches, and costs."""

    per_problem: pd.DataFrame
    hits: pd.DataFrame
    substrings: pd.DataFrame
    scanned: pd.DataFrame
    eligible: pd.DataFrame = field(default_factory=pd.DataFrame)


def ngram_overlap(problems: pd.DataFrame, sources: Sequence[TrainingSet], n: int, *, batch_docs: int = 512,
                  log: Callable[[str], None] | None = print) -> Overlap:
    """n-gram overlap and verbatim substrings of the `problems` (`benchmark_problems`) in each source.

    per_problem: benchmark, task_id, ngrams (distinct n-grams of prompt + solution), and per source
    ``<set>: ngrams hit`` (distinct n-grams found anywhere in the set) and ``<set>: docs hit``.
    hits: one row per (problem, source, document) with the number of distinct n-grams shared and one
    of them. substrings: each verbatim occurrence (problem, part, source, document).
    """
    problems = problems.reset_index(drop=True)
    anchors = [(i, part, row[part]) for i, row in enumerate(problems.to_dict("records"))
               for part in ("solution", "docstring") if row[part]]
    index = NgramIndex(problems["text"].tolist(), n, anchors)
    per = problems[["benchmark", "task_id"]].copy()
    per["ngrams"] = index.text_grams
    hit_rows, sub_rows, scan_rows = [], [], []
    for source in sources:
        if not source.exists():
            scan_rows.append({"training set": source.name, "path": str(source.path), "status": "missing"})
            continue
        started, n_docs, n_chars, base = time.perf_counter(), 0, 0, 0
        found: dict[tuple[int, int], set[int]] = defaultdict(set)  # (problem, doc) -> grams
        ids: dict[int, str] = {}
        for batch in source.batches(batch_docs):
            texts = [t for _, t in batch]
            candidates = defaultdict(set)  # doc -> anchors to check
            for d, g in index.scan(texts):
                for p in index.gram_texts[g]:
                    found[(p, base + d)].add(g)
                for a in index.gram_anchors[g]:
                    candidates[d].add(a)
                ids[base + d] = batch[d][0]
            for d, anchor_ids in candidates.items():
                doc = normalize_ws(texts[d])
                for a in sorted(anchor_ids):
                    p, part, string = index.anchors[a]
                    if string in doc:
                        sub_rows.append({"benchmark": problems.at[p, "benchmark"], "task_id": problems.at[p, "task_id"],
                                         "part": part, "training set": source.name, "doc": base + d,
                                         "doc_id": batch[d][0], "chars": len(string)})
            n_docs += len(batch)
            n_chars += sum(map(len, texts))
            base += len(batch)
        seconds = time.perf_counter() - started
        grams_hit: dict[int, set[int]] = defaultdict(set)
        docs_hit: dict[int, int] = defaultdict(int)
        for (p, d), grams in sorted(found.items()):
            grams_hit[p] |= grams
            docs_hit[p] += 1
            hit_rows.append({"benchmark": problems.at[p, "benchmark"], "task_id": problems.at[p, "task_id"],
                             "training set": source.name, "doc": d, "doc_id": ids[d], "ngrams hit": len(grams),
                             "example": index.gram_text(min(grams))})
        per[f"{source.name}: ngrams hit"] = [len(grams_hit.get(p, ())) for p in range(len(problems))]
        per[f"{source.name}: docs hit"] = [docs_hit.get(p, 0) for p in range(len(problems))]
        scan_rows.append({"training set": source.name, "path": str(source.path), "status": "scanned",
                          "docs": n_docs, "chars": n_chars, "seconds": round(seconds, 2),
                          "problems hit": int(sum(1 for v in docs_hit.values() if v))})
        if log:
            log(f"{source.name}: {n_docs} documents, {n_chars / 1e6:.1f}M characters in {seconds:.1f} s; "
                f"{scan_rows[-1]['problems hit']} problems share a {n}-gram, "
                f"{sum(r['training set'] == source.name for r in sub_rows)} verbatim matches")
    eligible = pd.DataFrame([{"benchmark": problems.at[p, "benchmark"], "task_id": problems.at[p, "task_id"],
                              "part": part, "chars": len(s)} for p, part, s in index.anchors])
    return Overlap(per, pd.DataFrame(hit_rows, columns=["benchmark", "task_id", "training set", "doc", "doc_id",
                                                        "ngrams hit", "example"]),
                   pd.DataFrame(sub_rows, columns=["benchmark", "task_id", "part", "training set", "doc",
                                                   "doc_id", "chars"]),
                   pd.DataFrame(scan_rows), eligible)


def overlap_summary(overlap: Overlap) -> pd.DataFrame:
    """Per benchmark and scanned training set: problems, those sharing an n-gram with some document,
    documents hit, and problems whose solution / docstring occurs verbatim (of those long enough)."""
    rows = []
    scanned = overlap.scanned[overlap.scanned["status"] == "scanned"] if len(overlap.scanned) else overlap.scanned
    for name in scanned.get("training set", []):
        for bench, part in overlap.per_problem.groupby("benchmark", sort=False):
            hits = overlap.hits[(overlap.hits["training set"] == name) & (overlap.hits["benchmark"] == bench)]
            subs = overlap.substrings[(overlap.substrings["training set"] == name)
                                      & (overlap.substrings["benchmark"] == bench)]
            eligible = overlap.eligible[overlap.eligible["benchmark"] == bench] if len(overlap.eligible) else None
            row = {"training set": name, "benchmark": bench, "problems": len(part),
                   "problems sharing an n-gram": int((part[f"{name}: docs hit"] > 0).sum()),
                   "documents hit": int(hits["doc"].nunique())}
            for piece in ("solution", "docstring"):
                row[f"{piece}s checked"] = int((eligible["part"] == piece).sum()) if eligible is not None else 0
                row[f"verbatim {piece}s"] = int(subs.loc[subs["part"] == piece, "task_id"].nunique())
            rows.append(row)
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------ embeddings

def contamination_embedder(cfg):
    """The embedder of ``contamination.embedder`` (default: ``filter.embedder``), with the filter
    stage's settings (`phi1lib.filter.embed.make_embedder`)."""
    kind = cfg.contamination.embedder or cfg.filter.embedder
    return make_embedder(dataclasses.replace(cfg.filter, embedder=kind))


def nearest_neighbours(bench_texts: Sequence[str], train_texts: Sequence[str], embedder, *, num_proc: int = 1,
                       chunk: int = 16_384) -> pd.DataFrame:
    """Per benchmark text: its nearest training text by L2 distance of L2-normalised embeddings.

    `embedder` is fitted on both sides first (a no-op for MiniLM/CodeGen; TF-IDF learns its IDF and
    SVD). Columns: bench, train (index of the nearest), l2 (in [0, 2]).
    """
    if not len(bench_texts) or not len(train_texts):
        return pd.DataFrame({"bench": np.arange(len(bench_texts)), "train": -1, "l2": np.nan})
    embedder.fit(list(train_texts) + list(bench_texts))
    b = _unit(embed_texts(embedder, list(bench_texts), num_proc=num_proc))
    best_sim = np.full(len(b), -np.inf)
    best = np.zeros(len(b), dtype=np.int64)
    for start in range(0, len(train_texts), chunk):
        t = _unit(embed_texts(embedder, list(train_texts[start:start + chunk]), num_proc=num_proc))
        sim = b @ t.T  # cosine similarity; ||x - y||^2 = 2 - 2 cos for unit vectors
        arg = sim.argmax(axis=1)
        top = sim[np.arange(len(b)), arg]
        better = top > best_sim
        best_sim[better], best[better] = top[better], arg[better] + start
    l2 = np.sqrt(np.maximum(0.0, 2.0 - 2.0 * best_sim))
    return pd.DataFrame({"bench": np.arange(len(b)), "train": best, "l2": l2})


def _unit(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


# ------------------------------------------------------------------------ pairs side by side

def pair_distances(embedder, left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    """L2 distance between the normalised embeddings of ``left[i]`` and ``right[i]`` (`embedder` fitted)."""
    if not len(left):
        return np.zeros(0)
    a, b = _unit(embedder.embed(list(left))), _unit(embedder.embed(list(right)))
    return np.sqrt(np.maximum(0.0, 2.0 - 2.0 * (a * b).sum(axis=1)))


def closest_pairs(problems: pd.DataFrame, exercises: Sequence[dict[str, Any]], ast_pairs: pd.DataFrame,
                  nn: pd.DataFrame, n: int, embedder=None) -> pd.DataFrame:
    """The `n` closest benchmark/exercise pairs by AST match (one per problem, highest first) and the
    `n` closest by embedding distance (nearest neighbours, smallest first), each with both measures:
    the AST match computed for the embedding pairs, the L2 distance for the AST pairs (with the fitted
    `embedder`; without it, only where the pair is also the nearest neighbour)."""
    problems = problems.reset_index(drop=True)
    best_ast = ast_pairs.drop_duplicates("bench").head(n) if len(ast_pairs) else ast_pairs
    emb = nn[nn["train"] >= 0].sort_values(["l2", "bench"]).head(n)
    nearest = dict(zip(zip(nn["bench"], nn["train"]), nn["l2"]))
    rows = []
    for measure, frame in (("AST match", best_ast), ("embedding distance", emb)):
        for b, t in zip(frame["bench"].astype(int), frame["train"].astype(int)):
            left, right = problems.at[b, "text"], exercise_text(exercises[t])
            trees = code_tree(left), code_tree(right)
            rows.append({"by": measure, "bench": b, "benchmark": problems.at[b, "benchmark"],
                         "task_id": problems.at[b, "task_id"], "exercise": t,
                         "exercise_id": exercises[t].get("task_id") or exercises[t].get("name") or t,
                         "ast match": match_rate(*trees) if None not in trees else np.nan,
                         "l2": nearest.get((b, t), np.nan), "benchmark code": left, "exercise code": right})
    out = pd.DataFrame(rows, columns=["by", "bench", "benchmark", "task_id", "exercise", "exercise_id", "ast match",
                                      "l2", "benchmark code", "exercise code"])
    missing = out["l2"].isna()
    if embedder is not None and missing.any():
        out.loc[missing, "l2"] = pair_distances(embedder, out.loc[missing, "benchmark code"].tolist(),
                                                out.loc[missing, "exercise code"].tolist())
    return out.drop(columns="bench")


def _head(text: str, width: int, max_lines: int) -> list[str]:
    lines = [line.expandtabs(4).rstrip()[:width] for line in text.rstrip().splitlines()]
    return lines[:max_lines] + ([f"... ({len(lines) - max_lines} more lines)"] if len(lines) > max_lines else [])


def _measures(row: dict[str, Any]) -> str:
    ast_m = "-" if pd.isna(row["ast match"]) else f"{row['ast match']:.2f}"
    l2 = "-" if pd.isna(row["l2"]) else f"{row['l2']:.3f}"
    return f"AST match {ast_m}, L2 {l2}"


def render_pairs(pairs: pd.DataFrame, width: int = 60, max_lines: int = 24) -> str:
    """`closest_pairs` as text: benchmark code left, exercise code right."""
    blocks = []
    for row in pairs.to_dict("records"):
        left = _head(row["benchmark code"], width, max_lines)
        right = _head(row["exercise code"], width, max_lines)
        head = (f"=== by {row['by']}: {row['task_id']} vs exercise {row['exercise_id']} "
                f"({_measures(row)})")
        lines = [head, f"{'benchmark'.ljust(width)} | exercise"]
        for k in range(max(len(left), len(right))):
            a = left[k] if k < len(left) else ""
            b = right[k] if k < len(right) else ""
            lines.append(f"{a.ljust(width)} | {b}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def plot_pairs(pairs: pd.DataFrame, max_lines: int = 18, width: int = 56, title: str = ""):
    """The pairs as a figure: one row per pair, benchmark code left, exercise code right."""
    import matplotlib.pyplot as plt

    n = max(len(pairs), 1)
    fig, axes = plt.subplots(n, 2, figsize=(14, 2.9 * n), squeeze=False)
    for ax in axes.flat:
        ax.set_axis_off()
    for k, row in enumerate(pairs.to_dict("records")):
        sides = ((row["benchmark code"], str(row["task_id"])), (row["exercise code"], f"exercise {row['exercise_id']}"))
        for j, (code, label) in enumerate(sides):
            ax = axes[k, j]
            ax.text(0, 1, "\n".join(_head(code, width, max_lines)), family="monospace", fontsize=6.5,
                    va="top", ha="left", transform=ax.transAxes)
            ax.set_title(f"{label}  [by {row['by']}; {_measures(row)}]" if j == 0 else label, fontsize=8, loc="left")
    if len(pairs) == 0:
        axes[0, 0].text(0.5, 0.5, "no pairs", ha="center", transform=axes[0, 0].transAxes)
    fig.tight_layout()
    fig.suptitle(title or "Closest benchmark / exercise pairs", y=1.0 + 0.25 / n, va="bottom")
    return fig


def plot_similarity(best: pd.DataFrame, taus: Sequence[float], title: str = ""):
    """Left: each problem's nearest exercise by embedding (L2, per benchmark). Right: problems whose
    best AST match reaches tau, for tau from the lowest threshold to 1 (the paper's taus marked)."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(12, 3.8))
    grid = np.linspace(min(taus), 1.0, 41)
    for bench, part in best.groupby("benchmark", sort=False):
        l2 = part["nearest_l2"].dropna()
        if len(l2):
            axes[0].hist(l2, bins=30, alpha=0.6, label=f"{bench} ({len(l2)})")
        values = part["best_match"].to_numpy()
        axes[1].step(grid, [int(np.sum(np.nan_to_num(values, nan=-1.0) >= g - 1e-9)) for g in grid], where="post",
                     label=f"{bench} ({len(part)} problems)")
    for tau in taus:
        axes[1].axvline(tau, color="grey", lw=0.6, ls="--")
    axes[0].set_xlabel("L2 distance to the nearest exercise (normalised embeddings)")
    axes[0].set_ylabel("problems")
    axes[1].set_xlabel("tau (AST match rate)")
    axes[1].set_ylabel("problems with an exercise at >= tau")
    for ax in axes:
        ax.legend(fontsize=8)
    fig.suptitle(title or "How close is the nearest exercise to each benchmark problem?")
    fig.tight_layout()
    return fig


def best_match_table(problems: pd.DataFrame, ast_pairs: pd.DataFrame, nn: pd.DataFrame) -> pd.DataFrame:
    """Per problem: best AST match (NaN below the lowest tau) and the exercise it is with, and the
    nearest exercise by embedding with its L2 distance."""
    best = best_matches(ast_pairs, len(problems), "bench")
    partner = ast_pairs.drop_duplicates("bench").set_index("bench")["train"] if len(ast_pairs) else pd.Series(dtype=int)
    out = problems[["benchmark", "task_id"]].reset_index(drop=True)
    out["best_match"] = best
    out["best_match_exercise"] = [int(partner[i]) if i in partner.index else -1 for i in range(len(problems))]
    out["nearest_exercise"] = nn["train"].to_numpy() if len(nn) == len(problems) else -1
    out["nearest_l2"] = nn["l2"].to_numpy() if len(nn) == len(problems) else np.nan
    return out
