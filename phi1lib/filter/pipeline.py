"""Stage 1 as datatrove pipelines: every step that grows with the corpus is sharded over tasks.

`DatatroveFilterStage` is `stage.FilterStage` with the corpus-sized steps moved into datatrove
pipelines (``filter.engine = "datatrove"``); the sample-sized steps and every output stay FilterStage's
own code, so the pretraining stage reads the same packed directories and datasets either way.

    build_corpus   read     SourceReader -> jsonl shards (checked/) -> ExactDedupSignature   [tasks]
                   exact    ExactFindDedups                                                   [1]
                   rows     checked/ -> ExactDedupFilter -> RowNumbers -> raw/ shards
                            -> MinhashDedupSignature (5-grams, 14 bands x 8 rows)            [tasks]
                   then raw_corpus/ (the Arrow dataset the later steps and notebooks read)
    deduplicate    buckets  MinhashDedupBuckets                                               [bands]
                   cluster  MinhashDedupCluster (ids of the removed documents)                [1]
    annotate, embed, evaluate: FilterStage's, on the annotated sample only
    score          the classifier trained on the sample is saved (scorer.QualityModel), then
                   score    raw/ -> MinhashDedupFilter -> ScoreDocuments -> scores/ (id, score)
                            -> keep score >= threshold -> kept/ (the filtered set, text and score) [tasks]
    train_tokenizer, pack, finish: FilterStage's (tokens_raw/, tokens_filtered/, tokens_unfiltered/,
                   filtered_corpus/, unfiltered_corpus/, scores.parquet, manifest.json)

Documents are keyed by (shard, index) after exact dedup; shard r of every folder is task r's, so a
document's raw row is its shard's offset plus its index, for any number of tasks. Tasks read
contiguous parts of the corpus and exact dedup keeps the earliest copy (`blocks.first_copy_priority`),
so one task and many keep the same files (tests/filter/test_filter_pipeline.py).

Differences from the in-process path (`stage.FilterStage` alone), on purpose: shingles are datatrove's
(64-bit SHA-1 prefixes of word 5-grams; a text under 5 words has none and is never a near-duplicate, where ours
is one shingle), and of a near-duplicate cluster datatrove keeps the member its union-by-size leaves as
root, usually but not always the first; a corpus-fitted embedder (``tfidf``) is fitted on the annotated
sample, not on the whole corpus. Left in one process: the tokenizer's training (on a sample) and
packing the raw corpus into tokens_raw/ (`packing.num_proc` workers).
"""

from __future__ import annotations

import errno
import hashlib
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import datasets
import numpy as np
from datatrove.io import get_datafolder
from datatrove.pipeline.dedup import ExactDedupFilter, ExactDedupSignature, ExactFindDedups
from datatrove.pipeline.dedup.exact_dedup import ExactDedupConfig
from datatrove.pipeline.dedup.minhash import (
    MinhashConfig,
    MinhashDedupBuckets,
    MinhashDedupCluster,
    MinhashDedupFilter,
    MinhashDedupSignature,
)
from datatrove.pipeline.filters import LambdaFilter
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter
from datatrove.utils.hashing import HashConfig
from datatrove.utils.text import TextNormConfig
from datatrove.utils.word_tokenizers import WordTokenizer

from phi1lib.core.config import StudyConfig
from phi1lib.data.corpus import FEATURES, CorpusStats, load_dataset_dir
from phi1lib.data.dedup import NearDupStats, lsh_threshold, words
from phi1lib.filter import quality
from phi1lib.filter.blocks import (
    RowNumbers,
    ScoreDocuments,
    ShardReader,
    SourceReader,
    document_bytes,
    first_copy_priority,
    is_kept,
    read_corpus_stats,
    read_counts,
    shard_name,
)
from phi1lib.filter.embed import embed_texts, make_embedder
from phi1lib.filter.executors import Step, check_executor, run_step
from phi1lib.filter.scorer import QualityModel
from phi1lib.filter.stage import DATASET_DIRS, FilterStage

ENGINES = ("datatrove", "in_process")
MODEL_FILE = "quality_model.pkl"


class CodeWords(WordTokenizer):
    """Shingles of lower-cased ``\\w+`` words, as `dedup.words` (datatrove's English tokenizer needs NLTK
    data from the network, and splits code on punctuation differently)."""

    def word_tokenize(self, text: str) -> list[str]:
        return words(text)

    def sent_tokenize(self, text: str) -> list[str]:
        return [text]

    def span_tokenize(self, text: str) -> list[tuple[int, int]]:
        return [(0, len(text))]


def minhash_config(cfg: StudyConfig) -> MinhashConfig:
    """``filter.minhash_*`` as datatrove's config: the text lower-cased, whitespace collapsed, nothing
    else normalised (punctuation separates words, it is not removed: ``a.b`` stays two words)."""
    f = cfg.filter
    norm = TextNormConfig(lowercase=True, norm_whitespace=True, remove_punctuation=False,
                          norm_unicode_diacritics=False, norm_numbers=False)
    # SHA-1 of each shingle: datatrove's default, xxhash, is handed str shingles and the xxhash
    # package hashes bytes only.
    return MinhashConfig(n_grams=f.minhash_ngram, num_buckets=f.minhash_bands, hashes_per_bucket=f.minhash_rows,
                         seed=f.seed, norm_config=norm, hash_config=HashConfig(precision=64, hash_fc="sha1"))


def _score_only(self: Any, doc: Any) -> dict[str, Any]:
    """scores/ rows: the key and the score, not the text again."""
    return {"id": doc.id, "shard": doc.metadata["shard"], "index": doc.metadata["index"],
            "score": doc.metadata["score"]}


def _writer(folder: str, adapter: Callable | None = None) -> JsonlWriter:
    return JsonlWriter(folder, output_filename="${rank}.jsonl.gz", adapter=adapter, expand_metadata=False)


class Layout:
    """The work directory's folders (``filter.work_dir``, default ``<stage>/datatrove``)."""

    def __init__(self, root: Path):
        self.root = root
        for name in ("checked", "exact", "raw", "counts", "corpus_stats", "minhash", "buckets", "clusters",
                     "scores", "kept", "logs"):
            setattr(self, name, str(root / name))


def build_steps(cfg: StudyConfig, layout: Layout, roots: list[tuple[str, Path]] | None = None,
                model_sha: str | None = None) -> dict[str, Step]:
    """The datatrove steps in run order (``score`` only once a model exists: `model_sha`)."""
    f, L = cfg.filter, layout
    exact = ExactDedupConfig(content_getter=document_bytes, document_priority=first_copy_priority)
    mh = minhash_config(cfg)
    rows = [ShardReader(L.checked), ExactDedupFilter(L.exact, config=exact), RowNumbers(L.counts), _writer(L.raw)]
    if f.near_dedup:
        rows.append(MinhashDedupSignature(L.minhash, config=mh, language=CodeWords()))
    steps = {
        "read": Step("read", [SourceReader(cfg.corpus, L.corpus_stats, roots), _writer(L.checked),
                              ExactDedupSignature(L.exact, config=exact)], f.tasks, f"{L.logs}/read"),
        "exact": Step("exact", [ExactFindDedups(L.exact, L.exact, config=exact)], 1, f"{L.logs}/exact"),
        "rows": Step("rows", rows, f.tasks, f"{L.logs}/rows"),
    }
    if f.near_dedup:
        steps["buckets"] = Step("buckets", [MinhashDedupBuckets(L.minhash, L.buckets, config=mh)],
                                f.minhash_bands, f"{L.logs}/buckets")
        steps["cluster"] = Step("cluster", [MinhashDedupCluster(L.buckets, L.clusters, config=mh,
                                                                save_cluster_id=True)], 1, f"{L.logs}/cluster")
    if model_sha is not None:
        score = [ShardReader(L.raw)]
        if f.near_dedup:
            score.append(MinhashDedupFilter(L.clusters))
        score += [ScoreDocuments(str(L.root / MODEL_FILE), f.score_batch_docs), _writer(L.scores, _score_only),
                  LambdaFilter(is_kept), _writer(L.kept)]
        # The model's hash names the logs: tasks done with another model are not "completed" for this one.
        steps["score"] = Step("score", score, f.tasks, f"{L.logs}/score-{model_sha[:12]}")
    return steps


def _settings_key(cfg: StudyConfig, roots: list[tuple[str, Path]] | None) -> str:
    """What the shards in the work directory depend on; another key means stale shards."""
    f = cfg.filter
    relevant = {"corpus": cfg.corpus.__dict__, "roots": [(o, str(r)) for o, r in roots or []],
                "tasks": f.tasks, "near_dedup": f.near_dedup,
                "minhash": [f.minhash_ngram, f.minhash_bands, f.minhash_rows, f.seed]}
    return hashlib.sha256(json.dumps(relevant, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _uint32s(folder: Any, name: str) -> np.ndarray:
    if not folder.isfile(name):
        return np.empty(0, dtype=np.uint32)
    with folder.open(name, "rb") as handle:
        return np.frombuffer(handle.read(), dtype="<u4")


def _jsonl_rows(folder: str, world_size: int) -> Iterator[dict[str, Any]]:
    """The rows of shards 0..world_size-1 of `folder`, in shard order."""
    reader = JsonlReader(folder)
    for rank in range(world_size):
        if reader.data_folder.isfile(shard_name(rank)):
            for doc in reader.read_file(shard_name(rank)):
                yield {"text": doc.text, **doc.metadata, "id": doc.id}


class DatatroveFilterStage(FilterStage):
    """FilterStage whose corpus-sized steps run as datatrove pipelines (module docstring)."""

    def __init__(self, cfg: StudyConfig, out_dir: Path | str, roots: list[tuple[str, Path]] | None = None,
                 log: Callable[[str], None] | None = print, progress: bool = False):
        super().__init__(cfg, out_dir, roots=roots, log=log, progress=progress)
        check_executor(self.fcfg)
        if self.fcfg.tasks >= 65_535:
            raise ValueError(f"filter.tasks must be < 65535 (exact dedup ranks tasks in 16 bits), got {self.fcfg.tasks}")
        if cfg.corpus.source == "hub":  # fail here, in one line, rather than in every task
            for path in cfg.corpus.local_files:
                if "://" not in path and not Path(path).is_file():
                    raise FileNotFoundError(errno.ENOENT, "corpus.local_files names no such file", path)
        self.layout = Layout(Path(self.fcfg.work_dir) if self.fcfg.work_dir else self.out / "datatrove")
        self.offsets: np.ndarray | None = None  # first raw row of each shard
        self.model_sha: str | None = None
        self.embedder = None

    def _run(self, name: str) -> None:
        step = build_steps(self.cfg, self.layout, self.roots, self.model_sha)[name]
        run_step(self.fcfg, step)

    def _fresh_work_dir(self) -> None:
        """Keep finished tasks only when they were done with these settings."""
        key = _settings_key(self.cfg, self.roots)
        stamp = self.layout.root / "settings.key"
        if stamp.is_file() and stamp.read_text() != key:
            self.log(f"{self.layout.root}: written with other settings; starting it afresh")
            shutil.rmtree(self.layout.root)
        self.layout.root.mkdir(parents=True, exist_ok=True)
        stamp.write_text(key)

    # --- steps -----------------------------------------------------------------------------------
    def build_corpus(self) -> CorpusStats:
        """Read, check and exactly deduplicate the corpus in `filter.tasks` tasks; `raw_corpus/`."""
        self._fresh_work_dir()
        with self._timed("corpus"):
            for name in ("read", "exact", "rows"):
                self._run(name)
            counts = read_counts(self.layout.counts, self.fcfg.tasks)
            self.offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
            stats = read_corpus_stats(self.layout.corpus_stats, self.fcfg.tasks)
            stats.kept = int(self.offsets[-1])
            stats.duplicates = stats.valid - stats.kept
            self.raw = self._save_raw(stats)
            self.corpus_stats = stats
        self.log(f"raw corpus: {stats.kept:,} files kept of {stats.examined:,} examined "
                 f"({self.fcfg.tasks} datatrove tasks, {self.fcfg.executor})")
        return stats

    def _save_raw(self, stats: CorpusStats) -> datasets.Dataset:
        def rows() -> Iterator[dict[str, Any]]:
            for row in _jsonl_rows(self.layout.raw, self.fcfg.tasks):
                stats.kept_bytes += row["n_bytes"]
                stats.kept_by_origin[row["origin"]] = stats.kept_by_origin.get(row["origin"], 0) + 1
                yield {name: row[name] for name in FEATURES}

        target = self.out / DATASET_DIRS["raw"]
        if target.exists():
            shutil.rmtree(target)
        bars = datasets.is_progress_bar_enabled()
        datasets.disable_progress_bars()
        try:
            cache = self.layout.root / "arrow-cache"
            if stats.kept:
                data = datasets.Dataset.from_generator(rows, features=FEATURES, cache_dir=str(cache),
                                                       fingerprint=_settings_key(self.cfg, self.roots))
            else:
                data = datasets.Dataset.from_dict({name: [] for name in FEATURES}, features=FEATURES)
            data.save_to_disk(str(target), num_shards=None if len(data) else 1)
            del data
            shutil.rmtree(cache, ignore_errors=True)
        finally:
            if bars:
                datasets.enable_progress_bars()
        (target / "corpus_stats.json").write_text(json.dumps(stats.to_dict(), indent=2) + "\n")
        return load_dataset_dir(target)

    def _rows_of(self, shard: int, index: np.ndarray) -> np.ndarray:
        return self.offsets[shard] + np.asarray(index, dtype=np.int64)

    def deduplicate(self) -> NearDupStats:
        """datatrove's MinHash buckets and clusters; `keep` and `cluster` per raw row, as FilterStage's."""
        raw = self._need("raw", "build_corpus")
        f, n = self.fcfg, len(raw)
        self.keep, self.cluster = np.ones(n, dtype=bool), np.arange(n)
        with self._timed("near_dedup"):
            if f.near_dedup:
                self._run("buckets")
                self._run("cluster")
                folder = get_datafolder(self.layout.clusters)
                ids = np.full(n, -1, dtype=np.int64)
                for shard in range(f.tasks):
                    self.keep[self._rows_of(shard, _uint32s(folder, f"{shard:06d}.remove"))] = False
                    pairs = _uint32s(folder, f"{shard:06d}.clusters").reshape(-1, 2)
                    ids[self._rows_of(shard, pairs[:, 0])] = pairs[:, 1]
                member = np.flatnonzero(ids >= 0)
                roots = {int(ids[i]): int(i) for i in member if self.keep[i]}
                self.cluster[member] = [roots[int(ids[i])] for i in member]
        self.rows = np.flatnonzero(self.keep)
        sizes = np.bincount(self.cluster, minlength=n) if n else np.zeros(0, dtype=int)
        self.dedup_stats = NearDupStats(documents=n, kept=len(self.rows), removed=n - len(self.rows),
                                        clusters=int((sizes >= 2).sum()), largest_cluster=int(sizes.max(initial=0)),
                                        ngram=f.minhash_ngram, bands=f.minhash_bands, rows=f.minhash_rows,
                                        threshold_50=round(lsh_threshold(0.5, f.minhash_bands, f.minhash_rows), 4))
        self.log(f"near-duplicates (datatrove): {self.dedup_stats.removed:,} removed in "
                 f"{self.dedup_stats.clusters:,} clusters; {len(self.rows):,} files left")
        return self.dedup_stats

    def embed(self) -> np.ndarray:
        """Embeddings of the annotated sample only: the rest of the corpus is embedded by the tasks."""
        ann = self._need("annotations", "annotate")
        self.embedder = make_embedder(self.fcfg)
        with self._timed("embed"):
            texts = list(self.raw.select(ann["row"].to_numpy())["text"])
            self.embedder.fit(texts)
            self.embeddings = embed_texts(self.embedder, texts, num_proc=self.fcfg.num_proc, progress=self.progress)
        self.embedder_info = self.embedder.describe()
        self.log(f"embedded the {len(texts):,} annotated files with {self.embedder.name} -> "
                 f"{self.embeddings.shape[1]} dims")
        return self.embeddings

    def training_set(self) -> tuple[np.ndarray, np.ndarray]:
        ann = self._need("annotations", "annotate")
        emb = self._need("embeddings", "embed")
        labelled = ann["label"].notna().to_numpy()
        return emb[labelled], ann.loc[labelled, "label"].to_numpy(dtype=np.int64)

    def score(self) -> np.ndarray:
        """Train on every annotation, save the model, score the deduplicated corpus in the tasks."""
        X, y = self.training_set()
        with self._timed("score"):
            model = quality.train_classifier(X, y, self.fcfg.classifier, self.fcfg.seed, self.fcfg.n_estimators,
                                             n_jobs=self.fcfg.num_proc)
            self.model_sha = QualityModel(self.embedder, model, self.fcfg.threshold).save(
                self.layout.root / MODEL_FILE)
            self._run("score")
            self.scores = np.full(len(self.rows), np.nan, dtype=np.float32)
            folder = get_datafolder(self.layout.scores)
            for shard in range(self.fcfg.tasks):
                if not folder.isfile(shard_name(shard)):
                    continue
                with folder.open(shard_name(shard), "rt", compression="gzip") as handle:
                    found = [json.loads(line) for line in handle]
                index = np.array([row["index"] for row in found], dtype=np.int64)
                position = np.searchsorted(self.rows, self._rows_of(shard, index))
                self.scores[position] = [row["score"] for row in found]
        if np.isnan(self.scores).any():
            raise RuntimeError(f"{int(np.isnan(self.scores).sum())} deduplicated files got no score; "
                               f"see {self.layout.logs}/score-{self.model_sha[:12]}")
        kept = quality.keep_mask(self.scores, self.fcfg.threshold)
        self.log(f"scored {len(self.scores):,} files in {self.fcfg.tasks} tasks: {kept.mean():.1%} pass the "
                 f"threshold {self.fcfg.threshold}")
        return self.scores


def make_filter_stage(cfg: StudyConfig, out_dir: Path | str, roots: list[tuple[str, Path]] | None = None,
                      log: Callable[[str], None] | None = print, progress: bool = False) -> FilterStage:
    """The stage ``filter.engine`` names: `DatatroveFilterStage` or the in-process `FilterStage`."""
    engine = cfg.filter.engine
    if engine not in ENGINES:
        raise ValueError(f"filter.engine must be one of {', '.join(ENGINES)}, got {engine!r}")
    cls = DatatroveFilterStage if engine == "datatrove" else FilterStage
    return cls(cfg, out_dir, roots=roots, log=log, progress=progress)


def read_kept(stage_out: Path | str, work_dir: Path | str | None = None) -> Iterator[dict[str, Any]]:
    """The filtered set as the datatrove tasks wrote it (``kept/``): text and metadata, score included."""
    root = Path(work_dir) if work_dir else Path(stage_out) / "datatrove"
    folder = get_datafolder(str(root / "kept"))
    for name in sorted(folder.list_files(glob_pattern="*.jsonl.gz")):
        for doc in JsonlReader(str(root / "kept")).read_file(name):
            yield {"text": doc.text, **doc.metadata}
