"""Stage 1, filter, as one object: notebook 01 calls its steps between pictures; `run` does them all.

    raw corpus          corpus.py: files checked, skips counted by reason, exact duplicates out
    -> deduplicate      dedup.py: MinHash LSH near-duplicates out (first of each cluster kept)
    -> annotate         annotate.py: a seeded sample of `filter.n_annotations` files labelled 0-5
    -> embed            embed.py: every deduplicated file's head
    -> evaluate         quality.py: both classifiers on held-out annotations over seeds, learning curve
    -> score            the forest trained on all annotations scores every deduplicated file
    -> train_tokenizer  tokenizer.py: trained on the raw corpus (as every later stage reads it)
    -> pack             tokens_raw/ (the raw corpus), then, cut from it without tokenizing again,
                        tokens_filtered/ (score >= threshold) and tokens_unfiltered/ (a seeded random
                        sample of the deduplicated corpus with the same token count: the ablation's
                        "unfiltered" arm); filtered_corpus/ and unfiltered_corpus/ as datasets
    -> finish           steps.csv/md (files and tokens at each step), scores.parquet, manifest.json

Rows are always indices into the raw corpus dataset. Each step records its wall time in `timings`.
Paper: ~35B tokens in, ~6B kept; it reports neither held-out metrics nor the threshold.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import datasets
import numpy as np
import pandas as pd

from phi1lib.filter import quality
from phi1lib.filter.annotate import make_annotator
from phi1lib.core.config import StudyConfig
from phi1lib.data.corpus import CorpusStats, build_corpus_dataset, load_dataset_dir
from phi1lib.data.dedup import NearDupStats, near_duplicates
from phi1lib.filter.embed import embed_texts, make_embedder
from phi1lib.core.manifest import write_manifest
from phi1lib.data.packing import (
    META,
    SPLITS,
    PackedTokens,
    ShardWriter,  # the shard format lives in packing.py; subset_packed writes it, not a copy of it
    is_val_doc,
    pack_dataset,
    read_meta,
)
from phi1lib.core.report import save_table
from phi1lib.data.tokenizer import CodeTokenizer, prepare_tokenizer

TOKEN_DIRS = {"raw": "tokens_raw", "filtered": "tokens_filtered", "unfiltered": "tokens_unfiltered"}
DATASET_DIRS = {"raw": "raw_corpus", "filtered": "filtered_corpus", "unfiltered": "unfiltered_corpus"}


# --- packed tokens, per document -----------------------------------------------------------------

def _doc_spans(directory: Path | str) -> tuple[dict[str, Any], dict[str, np.ndarray], np.ndarray]:
    """``(meta, {split: end position (after the eot) of each of its documents}, split of each document)``."""
    meta = read_meta(directory)
    ends: dict[str, np.ndarray] = {}
    for split in SPLITS:
        found, offset = [], 0
        for shard in meta["splits"][split]["shards"]:
            tokens = np.memmap(Path(directory) / shard["file"], dtype=meta["dtype"], mode="r",
                               shape=(shard["n_tokens"],))
            found.append(np.flatnonzero(tokens == meta["eot_id"]) + offset + 1)
            offset += shard["n_tokens"]
        ends[split] = np.concatenate(found) if found else np.empty(0, dtype=np.int64)
        if len(ends[split]) != meta["splits"][split]["n_docs"]:
            raise ValueError(f"{directory}: {len(ends[split])} end-of-text tokens in {split}, meta says "
                             f"{meta['splits'][split]['n_docs']} documents")
    is_val = np.array([is_val_doc(i, meta["val_fraction"]) for i in range(meta["n_docs"])], dtype=bool)
    return meta, ends, is_val


def doc_token_counts(directory: Path | str) -> np.ndarray:
    """Tokens of each document of a packed directory, in document order, without its end-of-text."""
    meta, ends, is_val = _doc_spans(directory)
    counts = np.empty(meta["n_docs"], dtype=np.int64)
    for split, mask in (("train", ~is_val), ("val", is_val)):
        counts[mask] = np.diff(ends[split], prepend=0) - 1
    return counts


def subset_packed(source: Path | str, rows: np.ndarray, out_dir: Path | str) -> dict[str, Any]:
    """Documents `rows` (sorted indices) of packed directory `source`, written to `out_dir` exactly as
    `pack_dataset` would write those documents (same shards, same train/val rule), without tokenizing
    them again. Returns (and saves) the meta dict."""
    started = time.perf_counter()
    meta, ends, is_val = _doc_spans(source)
    rows = np.asarray(rows, dtype=np.int64)
    if len(rows) and (np.any(np.diff(rows) <= 0) or rows[0] < 0 or rows[-1] >= meta["n_docs"]):
        raise ValueError(f"rows must be sorted, distinct indices in 0..{meta['n_docs'] - 1}")
    position = np.empty(meta["n_docs"], dtype=np.int64)  # index of each document within its split
    for mask in (~is_val, is_val):
        position[mask] = np.arange(int(mask.sum()))
    readers = {split: PackedTokens(source, split) for split in SPLITS}
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in [out_dir / META, *out_dir.glob("train_*.bin"), *out_dir.glob("val_*.bin")]:
        stale.unlink(missing_ok=True)
    dtype = np.dtype(meta["dtype"])
    writers = {split: ShardWriter(out_dir, split, meta["shard_tokens"]) for split in SPLITS}
    for new_index, row in enumerate(rows.tolist()):
        split = "val" if is_val[row] else "train"
        j = position[row]
        start = int(ends[split][j - 1]) if j else 0
        tokens = readers[split].tokens(start, int(ends[split][j])).astype(dtype)
        target = writers["val" if is_val_doc(new_index, meta["val_fraction"]) else "train"]
        target.write(tokens)
        target.n_docs += 1
    for writer in writers.values():
        writer.close()
    seconds = time.perf_counter() - started
    n_tokens = sum(w.n_tokens for w in writers.values())
    out = {key: meta[key] for key in ("format", "dtype", "eot_id", "eot_token", "vocab_size",
                                      "tokenizer_sha256", "shard_tokens", "val_fraction")}
    out.update(n_tokens=n_tokens, n_docs=len(rows),
               splits={split: {"n_tokens": w.n_tokens, "n_docs": w.n_docs, "shards": w.shards}
                       for split, w in writers.items()},
               num_proc=1, seconds=round(seconds, 3),
               tokens_per_s=round(n_tokens / seconds) if seconds > 0 else None,
               subset_of=str(source))
    tmp = out_dir / (META + ".tmp")
    tmp.write_text(json.dumps(out, indent=2) + "\n")
    tmp.replace(out_dir / META)
    return out


# --- the stage -------------------------------------------------------------------------------------

class FilterStage:
    """The filter stage's state and steps (module docstring); call the steps in order, or `run`."""

    def __init__(self, cfg: StudyConfig, out_dir: Path | str, roots: list[tuple[str, Path]] | None = None,
                 log: Callable[[str], None] | None = print, progress: bool = False):
        self.cfg = cfg
        self.fcfg = cfg.filter
        self.out = Path(out_dir)
        self.out.mkdir(parents=True, exist_ok=True)
        self.roots = roots  # local corpus roots (tests); None: the interpreter's
        self.log = log or (lambda _msg: None)
        self.progress = progress
        self.timings: dict[str, float] = {}
        self.started = time.perf_counter()
        self.raw: datasets.Dataset | None = None
        self.corpus_stats: CorpusStats | None = None
        self.dedup_stats: NearDupStats | None = None
        self.keep: np.ndarray | None = None  # per raw row: first of its near-duplicate cluster
        self.cluster: np.ndarray | None = None  # per raw row: its cluster's first row
        self.rows: np.ndarray | None = None  # raw rows after near-dedup
        self.annotations: pd.DataFrame | None = None
        self.embeddings: np.ndarray | None = None  # per deduplicated row, in `rows` order
        self.embedder_info: dict[str, Any] = {}
        self.metrics = self.summary = self.curve = None
        self.heldout: pd.DataFrame | None = None  # one seed's held-out annotations and their scores
        self.scores: np.ndarray | None = None  # per deduplicated row
        self.tokenizer: CodeTokenizer | None = None
        self.tokens: np.ndarray | None = None  # per raw row, without the end-of-text
        self.sets: dict[str, np.ndarray] = {}  # "filtered" / "unfiltered" -> raw rows
        self.packed: dict[str, dict[str, Any]] = {}

    @contextlib.contextmanager
    def _timed(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.timings[name] = round(time.perf_counter() - start, 3)

    def _need(self, attr: str, step: str) -> Any:
        value = getattr(self, attr)
        if value is None:
            raise RuntimeError(f"FilterStage: run {step}() first")
        return value

    # --- steps -----------------------------------------------------------------------------------
    def build_corpus(self) -> CorpusStats:
        """The raw corpus (`raw_corpus/`), its skip counts in `corpus_stats`."""
        with self._timed("corpus"):
            self.raw, self.corpus_stats = build_corpus_dataset(self.cfg.corpus, self.out / DATASET_DIRS["raw"],
                                                               roots=self.roots)
        self.log(f"raw corpus: {self.corpus_stats.kept:,} files kept of {self.corpus_stats.examined:,} examined")
        return self.corpus_stats

    def deduplicate(self) -> NearDupStats:
        """MinHash LSH over the raw corpus (unless ``filter.near_dedup`` is off)."""
        raw = self._need("raw", "build_corpus")
        with self._timed("near_dedup"):
            if self.fcfg.near_dedup:
                self.keep, self.cluster, self.dedup_stats = near_duplicates(
                    list(raw["text"]), self.fcfg.minhash_ngram, self.fcfg.minhash_bands, self.fcfg.minhash_rows,
                    seed=self.fcfg.seed, num_proc=self.fcfg.num_proc)
            else:
                n = len(raw)
                self.keep, self.cluster = np.ones(n, dtype=bool), np.arange(n)
                self.dedup_stats = NearDupStats(n, n, 0, 0, int(n > 0), self.fcfg.minhash_ngram,
                                                self.fcfg.minhash_bands, self.fcfg.minhash_rows, float("nan"))
        self.rows = np.flatnonzero(self.keep)
        self.log(f"near-duplicates: {self.dedup_stats.removed:,} removed in {self.dedup_stats.clusters:,} "
                 f"clusters; {len(self.rows):,} files left")
        return self.dedup_stats

    def annotate(self) -> pd.DataFrame:
        """Label a seeded sample of the deduplicated files; `annotations.parquet`."""
        rows = self._need("rows", "deduplicate")
        n = min(self.fcfg.n_annotations, len(rows))
        sample = np.sort(np.random.default_rng(self.fcfg.seed).choice(rows, size=n, replace=False))
        annotator = make_annotator(self.fcfg, self.cfg.teacher, self.out / "annotation_cache")
        with self._timed("annotate"):
            subset = self.raw.select(sample)
            result = annotator.annotate(list(subset["text"]))
        close = getattr(getattr(annotator, "teacher", None), "close", None)
        if close is not None:
            close()
        frame = pd.DataFrame({
            "row": sample, "path": subset["path"], "origin": subset["origin"], "n_bytes": subset["n_bytes"],
            "score": pd.array([a.score for a in result], dtype="Int64"),
            "rationale": [a.rationale for a in result], "error": [a.error for a in result],
            "cached": [a.cached for a in result]})
        signals = pd.DataFrame([a.signals for a in result]).add_prefix("signal_")
        self.annotations = pd.concat([frame, signals], axis=1) if len(signals.columns) else frame
        labelled = self.annotations["score"].notna()
        self.annotations["label"] = (self.annotations["score"] >= self.fcfg.positive_score).astype("Int64")
        self.annotations.to_parquet(self.out / "annotations.parquet", index=False)
        self.log(f"annotated {n:,} files with {annotator.name}: {int(labelled.sum()):,} labelled, "
                 f"{float(self.annotations['label'].mean()):.1%} educational (score >= {self.fcfg.positive_score})")
        return self.annotations

    def embed(self) -> np.ndarray:
        """Embeddings of every deduplicated file (`filter.embedder`), fitted on them where needed."""
        rows = self._need("rows", "deduplicate")
        embedder = make_embedder(self.fcfg)
        with self._timed("embed"):
            texts = list(self.raw.select(rows)["text"])
            embedder.fit(texts)
            self.embeddings = embed_texts(embedder, texts, num_proc=self.fcfg.num_proc, progress=self.progress)
        self.embedder_info = embedder.describe()
        rate = len(rows) / max(self.timings["embed"], 1e-9)
        self.log(f"embedded {len(rows):,} files with {embedder.name} -> {self.embeddings.shape[1]} dims "
                 f"({rate:.1f} files/s)")
        return self.embeddings

    def training_set(self) -> tuple[np.ndarray, np.ndarray]:
        """``(X, y)``: embeddings and 0/1 labels of the annotated files that got a score."""
        ann = self._need("annotations", "annotate")
        emb = self._need("embeddings", "embed")
        labelled = ann[ann["label"].notna()]
        position = np.searchsorted(self.rows, labelled["row"].to_numpy())
        return emb[position], labelled["label"].to_numpy(dtype=np.int64)

    def evaluate(self) -> pd.DataFrame:
        """Held-out metrics of both classifiers over `filter.eval_seeds`, and the learning curve."""
        X, y = self.training_set()
        f = self.fcfg
        with self._timed("evaluate"):
            if len(set(y.tolist())) < 2 or min(np.bincount(y)) < 2:
                raise ValueError(f"the annotations have {np.bincount(y, minlength=2).tolist()} files per class "
                                 f"(not / educational): too few to train and test a classifier")
            self.metrics = quality.heldout_metrics(X, y, f.eval_seeds, test_fraction=f.test_fraction,
                                                   n_estimators=f.n_estimators, n_jobs=f.num_proc)
            self.summary = quality.summarize_metrics(self.metrics)
            self.curve = quality.learning_curve(X, y, f.curve_fractions, f.curve_seeds, test_fraction=f.test_fraction,
                                                n_estimators=f.n_estimators, n_jobs=f.num_proc, known=self.metrics)
            test, scores = quality.heldout_scores(X, y, f.classifier, f.eval_seeds[0], f.test_fraction,
                                                  f.n_estimators, n_jobs=f.num_proc)
            labelled = self.annotations[self.annotations["label"].notna()]
            self.heldout = pd.DataFrame({"row": labelled["row"].to_numpy()[test],
                                         "annotation": labelled["score"].to_numpy()[test].astype(int),
                                         "label": y[test], "score": scores})
        save_table(self.metrics, self.out, "classifier_metrics")
        save_table(self.summary, self.out, "classifier_summary")
        save_table(self.curve, self.out, "learning_curve")
        return self.summary

    def score(self) -> np.ndarray:
        """`filter.classifier` trained on every annotation scores every deduplicated file."""
        X, y = self.training_set()
        with self._timed("score"):
            model = quality.train_classifier(X, y, self.fcfg.classifier, self.fcfg.seed, self.fcfg.n_estimators,
                                             n_jobs=self.fcfg.num_proc)
            self.scores = quality.predict_scores(model, self.embeddings)
        kept = quality.keep_mask(self.scores, self.fcfg.threshold)
        self.log(f"scored {len(self.scores):,} files: {kept.mean():.1%} pass the threshold {self.fcfg.threshold}")
        return self.scores

    def train_tokenizer(self) -> CodeTokenizer:
        """The study's tokenizer, trained on a seeded shuffle of the raw corpus (`tokenizer/`)."""
        raw = self._need("raw", "build_corpus")
        with self._timed("tokenizer"):
            self.tokenizer = study_tokenizer(self.cfg, raw, self.out / "tokenizer")
        return self.tokenizer

    def pack(self) -> dict[str, dict[str, Any]]:
        """tokens_raw/ by tokenizing; the filtered and same-token unfiltered sets cut from it; datasets."""
        raw = self._need("raw", "build_corpus")
        tok = self._need("tokenizer", "train_tokenizer")
        scores = self._need("scores", "score")
        with self._timed("pack_raw"):
            self.packed["raw"] = pack_dataset(raw, tok, self.cfg.packing, self.out / TOKEN_DIRS["raw"])
        with self._timed("pack_subsets"):
            self.tokens = doc_token_counts(self.out / TOKEN_DIRS["raw"])
            filtered = self.rows[quality.keep_mask(scores, self.fcfg.threshold)]
            with_eot = self.tokens + 1  # what each file adds to a packed stream
            target = int(with_eot[filtered].sum())
            unfiltered = quality.matched_token_sample(with_eot, target, seed=self.fcfg.seed, candidates=self.rows)
            self.sets = {"filtered": filtered, "unfiltered": unfiltered}
            score_of = np.full(len(raw), np.nan, dtype=np.float32)
            score_of[self.rows] = scores
            bars = datasets.is_progress_bar_enabled()
            datasets.disable_progress_bars()  # keep notebook output small
            try:
                for name, rows in self.sets.items():
                    subset = raw.select(rows).add_column("score", score_of[rows].tolist())
                    subset.save_to_disk(str(self.out / DATASET_DIRS[name]), num_shards=None if len(subset) else 1)
                    self.packed[name] = subset_packed(self.out / TOKEN_DIRS["raw"], rows,
                                                      self.out / TOKEN_DIRS[name])
            finally:
                if bars:
                    datasets.enable_progress_bars()
        self.log(f"packed: raw {self.packed['raw']['n_tokens']:,} tokens; filtered "
                 f"{self.packed['filtered']['n_tokens']:,} ({len(filtered):,} files); unfiltered "
                 f"{self.packed['unfiltered']['n_tokens']:,} ({len(unfiltered):,} files)")
        return self.packed

    # --- tables ----------------------------------------------------------------------------------
    def steps(self) -> pd.DataFrame:
        """Files (and tokens, once packed) at each step: the funnel from examined files to kept ones."""
        cs = self._need("corpus_stats", "build_corpus")
        tokens = self.tokens

        def tok(rows: np.ndarray | None) -> float:
            return float(tokens[rows].sum()) if tokens is not None and rows is not None else float("nan")

        rows = [("examined", cs.examined, float("nan"))]
        rows += [(f"skipped: {reason}", n, float("nan")) for reason, n in cs.skipped.items()]
        rows += [("exact duplicates", cs.duplicates, float("nan")),
                 ("raw corpus", cs.kept, tok(np.arange(cs.kept)) if tokens is not None else float("nan"))]
        if self.dedup_stats is not None:
            removed = np.flatnonzero(~self.keep)
            rows += [("near duplicates removed", self.dedup_stats.removed, tok(removed)),
                     ("deduplicated", len(self.rows), tok(self.rows))]
        if self.annotations is not None:
            rows += [("annotated", int(self.annotations["score"].notna().sum()),
                      tok(self.annotations["row"].to_numpy()))]
        for name, label in (("filtered", f"filtered (score >= {self.fcfg.threshold})"),
                            ("unfiltered", "unfiltered, same tokens")):
            if name in self.sets:
                rows.append((label, len(self.sets[name]), tok(self.sets[name])))
        frame = pd.DataFrame(rows, columns=["step", "files", "tokens"])
        frame["tokens"] = frame["tokens"].astype("Int64")
        return frame

    def score_table(self) -> pd.DataFrame:
        """One row per raw file: near-duplicate cluster, annotation, classifier score, tokens, sets."""
        raw = self._need("raw", "build_corpus")
        table = raw.select_columns(["path", "origin", "n_bytes"]).to_pandas()
        table.insert(0, "row", np.arange(len(table)))
        if self.keep is not None:
            table["near_dup_of"] = self.cluster
            table["deduplicated"] = self.keep
        if self.annotations is not None:
            table["annotation"] = pd.array([pd.NA] * len(table), dtype="Int64")
            table.loc[self.annotations["row"].to_numpy(), "annotation"] = self.annotations["score"].to_numpy()
        if self.scores is not None:
            table["score"] = np.nan
            table.loc[self.rows, "score"] = self.scores
        if self.tokens is not None:
            table["tokens"] = self.tokens
        for name, rows in self.sets.items():
            table[name] = np.isin(table["row"], rows)
        return table

    def examples(self, k: int = 2, min_lines: int = 8, max_lines: int = 60, seed: int | None = None
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """`k` high-scoring and `k` low-scoring files of `min_lines`..`max_lines` lines (readable whole),
        drawn from the top and bottom tenth of scores: the paper's Figure of high/low value samples."""
        scores = self._need("scores", "score")
        raw = self.raw.select(self.rows)
        n_lines = np.array([t.count("\n") + 1 for t in raw["text"]])
        short = np.flatnonzero((n_lines >= min_lines) & (n_lines <= max_lines))
        if len(short) < 2 * k:
            short = np.arange(len(self.rows))
        order = short[np.argsort(scores[short], kind="stable")]
        tenth = max(k, len(order) // 10)
        rng = np.random.default_rng(self.fcfg.seed if seed is None else seed)
        picks = {"high": rng.choice(order[-tenth:], size=min(k, len(order)), replace=False),
                 "low": rng.choice(order[:tenth], size=min(k, len(order)), replace=False)}
        annotation = {}
        if self.annotations is not None:
            annotation = dict(zip(self.annotations["row"].tolist(), self.annotations["score"].tolist()))
        frames = []
        for name in ("high", "low"):
            idx = sorted(picks[name].tolist(), key=lambda i: -scores[i] if name == "high" else scores[i])
            frames.append(pd.DataFrame({
                "path": [raw[int(i)]["path"] for i in idx], "score": [float(scores[i]) for i in idx],
                "annotation": [annotation.get(int(self.rows[i])) for i in idx],
                "text": [raw[int(i)]["text"] for i in idx]}))
        return frames[0], frames[1]

    def headline(self) -> dict[str, Any]:
        """The stage's headline figures (its manifest's ``headline``, summary.json's ``filter``): files
        and tokens kept, near duplicates removed, annotations, and each classifier's held-out metrics."""
        out: dict[str, Any] = {}
        if "filtered" in self.packed:
            n_tokens = self.packed["filtered"]["n_tokens"]
            out.update(files_kept=len(self.sets["filtered"]), tokens_kept=n_tokens,
                       file_fraction_kept=len(self.sets["filtered"]) / max(len(self.rows), 1),
                       token_fraction_kept=n_tokens / max(int((self.tokens[self.rows] + 1).sum()), 1))
        if self.dedup_stats:
            out["near_duplicates_removed"] = self.dedup_stats.removed
        if self.annotations is not None:
            out.update(annotations=int(self.annotations["score"].notna().sum()),
                       annotated_positive_rate=float(self.annotations["label"].mean()))
        out["classifiers"] = self.summary.to_dict(orient="records") if self.summary is not None else None
        return out

    def finish(self) -> Path:
        """steps and scores tables, and the manifest (config, inputs, the `headline` figures, and the
        details behind them: corpus and dedup counts, embedder, packed sets, timings)."""
        save_table(self.steps(), self.out, "steps")
        self.score_table().to_parquet(self.out / "scores.parquet", index=False)
        extra = {
            "corpus_stats": self.corpus_stats.to_dict() if self.corpus_stats else None,
            "near_dedup": self.dedup_stats.to_dict() if self.dedup_stats else None,
            "embedder": self.embedder_info,
            "packed": {name: {k: v for k, v in meta.items() if k != "splits"} for name, meta in self.packed.items()},
            "tokenizer_vocab": self.tokenizer.vocab_size if self.tokenizer else None,
            "timings_s": self.timings,
        }
        if self.annotations is not None:
            extra["annotations"] = {"n": len(self.annotations), "labelled": int(self.annotations["score"].notna().sum()),
                                    "score_counts": {int(k): int(v) for k, v in
                                                     self.annotations["score"].value_counts().sort_index().items()},
                                    "positive_rate": float(self.annotations["label"].mean())}
        inputs = {"raw_corpus": self.out / DATASET_DIRS["raw"]}
        if self.tokenizer is not None:
            inputs["tokenizer"] = self.out / "tokenizer"
        return write_manifest(self.out, self.cfg, inputs=inputs, wall_time_s=time.perf_counter() - self.started,
                              extra=extra, headline=self.headline())

    def run(self) -> FilterStage:
        """Every step in order, then `finish`."""
        self.build_corpus()
        self.deduplicate()
        self.annotate()
        self.embed()
        self.evaluate()
        self.score()
        self.train_tokenizer()
        self.pack()
        self.finish()
        return self


def study_tokenizer(cfg: StudyConfig, raw: datasets.Dataset, out_dir: Path | str) -> CodeTokenizer:
    """`cfg.tokenizer` in `out_dir`, trained (kind "bpe") on a seeded shuffle of the raw corpus `raw`:
    the filter stage's ``tokenizer/``, or a sweep recipe's own with other ``tokenizer.*`` settings."""
    texts = (row["text"] for row in raw.shuffle(seed=cfg.seed).select_columns(["text"]))
    return prepare_tokenizer(cfg.tokenizer, texts, out_dir)


def load_filtered(stage_out: Path | str, which: str = "filtered") -> datasets.Dataset:
    """A saved set of the filter stage: "raw", "filtered" or "unfiltered"."""
    return load_dataset_dir(Path(stage_out) / DATASET_DIRS[which])


# --- figures (notebook 01) ----------------------------------------------------------------------

def plot_learning_curve(curve: pd.DataFrame, summary: pd.DataFrame | None = None):
    """Held-out accuracy and ROC-AUC against the number of annotations, mean +- sd over seeds."""
    import matplotlib.pyplot as plt

    table = quality.summarize_metrics(curve)
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
    for ax, metric in zip(axes, ("accuracy", "roc_auc")):
        for kind, group in table.groupby("classifier", sort=False):
            ax.errorbar(group["n_annotations"], group[f"{metric}_mean"], yerr=group[f"{metric}_std"].fillna(0),
                        marker="o", capsize=3, label=kind)
        if metric == "accuracy" and summary is not None and "majority_accuracy" in summary:
            ax.axhline(float(summary["majority_accuracy"].iloc[0]), color="gray", ls=":", label="majority class")
        ax.set_xscale("log")
        ax.set_xlabel("annotations used for training")
        ax.set_ylabel(f"held-out {metric.replace('_', '-')}")
        ax.legend()
    fig.suptitle("Learning curve of the quality classifier")
    fig.tight_layout()
    return fig


def plot_scores(stage: FilterStage):
    """Left: the classifier's scores over the deduplicated corpus, with the threshold. Right: held-out
    annotated files (one seed's test part, scored by a model that never saw them) by their 0-5 label."""
    import matplotlib.pyplot as plt

    scores = stage._need("scores", "score")
    heldout = stage._need("heldout", "evaluate")
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.5))
    axes[0].hist(scores, bins=40, range=(0, 1), color="tab:blue")
    axes[0].axvline(stage.fcfg.threshold, color="black", ls="--", label=f"threshold {stage.fcfg.threshold}")
    axes[0].set_xlabel("P(educational)")
    axes[0].set_ylabel("files")
    axes[0].set_title(f"Classifier scores, {len(scores):,} files")
    axes[0].legend()
    labels = sorted(heldout["annotation"].unique().tolist())
    axes[1].boxplot([heldout.loc[heldout["annotation"] == label, "score"] for label in labels], positions=labels)
    axes[1].axhline(stage.fcfg.threshold, color="black", ls="--")
    axes[1].set_xlabel("annotation (0-5)")
    axes[1].set_ylabel("P(educational)")
    axes[1].set_title(f"Held-out annotated files ({len(heldout):,}) by their label")
    fig.tight_layout()
    return fig


def plot_examples(high: pd.DataFrame, low: pd.DataFrame, max_lines: int = 24, width: int = 72):
    """The paper's Figure of high and low educational value: files side by side, in monospace."""
    import matplotlib.pyplot as plt

    rows = max(len(high), len(low))
    fig, axes = plt.subplots(rows, 2, figsize=(14, 4.2 * rows), squeeze=False)
    for col, (frame, title) in enumerate(((high, "high educational value"), (low, "low educational value"))):
        for row in range(rows):
            ax = axes[row][col]
            ax.axis("off")
            if row >= len(frame):
                continue
            item = frame.iloc[row]
            lines = [line[:width] for line in item["text"].splitlines()[:max_lines]]
            label = "" if pd.isna(item["annotation"]) else f", annotated {int(item['annotation'])}"
            ax.set_title(f"{title}: {item['path']}\nscore {item['score']:.2f}{label}", fontsize=9, loc="left")
            ax.text(0, 1, "\n".join(lines), family="monospace", fontsize=7, va="top", ha="left",
                    transform=ax.transAxes)
    fig.tight_layout()
    return fig
