"""Our datatrove pipeline blocks: the corpus reader, row numbers, a task's own shard, the quality scorer.

Every block has datatrove's `run(data, rank, world_size)` contract; `pipeline.py` puts them between
datatrove's own dedup blocks and writers.

- `SourceReader`: the raw corpus as documents, with `corpus.py`'s checks and skip reasons. Task `rank`
  of `world_size` reads a *contiguous* part of the input: local roots, a slice of the sorted file list;
  `corpus.local_files`, a slice of the files; a hub dataset, its own data files
  (`datasets.distributed.split_dataset_by_node`). Contiguous parts keep the corpus's order across
  tasks, so "the first copy" means the same file for any number of tasks (`first_copy_priority`).
- `RowNumbers`: each document's (shard, index) after exact dedup, the key every later step and the
  driver use; its count per task goes to ``counts/<rank>.json``.
- `ShardReader`: task `rank` reads shard `rank` of a folder (and nothing when it is absent): datatrove's
  readers deal files round-robin over the files that exist, which shifts when a task wrote none.
- `ScoreDocuments`: the trained `scorer.QualityModel`, loaded once per task on its device, scores
  `batch_docs` documents at a time, writes ``score`` and ``kept`` into each document's metadata and
  passes every document on (the writers after it keep what they need).

Simplified: `max_files` with many tasks takes, for local roots, the first `max_files` candidates of the
seeded shuffle (files that then fail a check are not replaced, as one process's sample would do), and
for a stream, ``ceil(max_files / world_size)`` valid rows per task.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from datatrove.data import Document, DocumentsPipeline
from datatrove.io import get_datafolder
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.readers import JsonlReader

from phi1lib.core.config import CorpusConfig
from phi1lib.data.corpus import (
    SKIP_REASONS,
    CorpusStats,
    hub_stream,
    iter_hub_sources,
    list_local_files,
    read_source,
)
from phi1lib.filter.scorer import QualityModel

MAX_PRIORITY = 65_535  # datatrove's exact dedup keeps the copy of highest priority, a uint16 >= 1


def contiguous(n: int, rank: int, world_size: int) -> range:
    """Task `rank`'s part of ``range(n)``: contiguous, sizes differ by at most one."""
    return range(rank * n // world_size, (rank + 1) * n // world_size)


def document_bytes(doc: Document) -> bytes:
    """What exact dedup hashes: the UTF-8 text (the xxhash package hashes bytes only)."""
    return doc.text.encode("utf-8")


def first_copy_priority(doc: Document) -> int:
    """Earlier tasks win; within a task datatrove keeps the earlier document: the corpus's first copy."""
    return MAX_PRIORITY - int(doc.metadata["shard"])


def is_kept(doc: Document) -> bool:
    return bool(doc.metadata["kept"])


class SourceReader(PipelineStep):
    """The raw corpus (``corpus.source``: local roots, local parquet/jsonl files or a hub dataset) as
    checked documents; per-task skip counts go to ``<stats_dir>/<rank>.json`` (`read_corpus_stats`)."""

    name = "phi1 corpus"
    type = "📖 - READER"

    def __init__(self, cfg: CorpusConfig, stats_dir: str, roots: list[tuple[str, str]] | None = None):
        super().__init__()
        self.cfg = cfg
        self.stats_dir = stats_dir
        self.roots = [(origin, str(root)) for origin, root in roots] if roots is not None else None

    def _local(self, rank: int, world_size: int, stats: CorpusStats) -> Iterator[tuple[str, str, str]]:
        roots = [(o, Path(r)) for o, r in self.roots] if self.roots is not None else None
        candidates = list_local_files(self.cfg, roots, stats if rank == 0 else None)
        if self.cfg.max_files is not None:
            order = list(range(len(candidates)))
            random.Random(self.cfg.seed).shuffle(order)
            candidates = [candidates[i] for i in sorted(order[:self.cfg.max_files])]
        for i in contiguous(len(candidates), rank, world_size):
            origin, root, rel = candidates[i]
            stats.examined += 1
            text, reason = read_source(root / rel, self.cfg.max_file_bytes)
            if reason is not None:
                stats.skip(reason)
                continue
            stats.valid += 1
            yield rel, text, origin

    def _stream(self, rank: int, world_size: int, stats: CorpusStats) -> Iterator[tuple[str, str, str]]:
        cfg = self.cfg
        if cfg.local_files:
            mine = [cfg.local_files[i] for i in contiguous(len(cfg.local_files), rank, world_size)]
            sources = iter_hub_sources(dataclasses.replace(cfg, local_files=mine), stats) if mine else iter([])
        else:
            from datasets.distributed import split_dataset_by_node

            rows = split_dataset_by_node(hub_stream(cfg), rank=rank, world_size=world_size)
            sources = iter_hub_sources(cfg, stats, rows=rows)
        cap = None if cfg.max_files is None else -(-cfg.max_files // world_size)
        for n, source in enumerate(sources):
            if cap is not None and n >= cap:
                return
            yield source.path, source.text, source.origin

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if self.cfg.source not in ("local", "hub"):
            raise ValueError(f"corpus.source must be 'local' or 'hub', got {self.cfg.source!r}")
        stats = CorpusStats()
        files = self._local if self.cfg.source == "local" else self._stream
        for index, (path, text, origin) in enumerate(files(rank, world_size, stats)):
            with self.track_time():
                raw = text.encode("utf-8")
                self.stat_update("documents")
                doc = Document(text=text, id=f"{rank}/{index}",
                               metadata={"path": path, "origin": origin, "n_bytes": len(raw),
                                         "sha256": hashlib.sha256(raw).hexdigest(), "shard": rank})
            yield doc
        for reason in SKIP_REASONS:
            if stats.skipped[reason]:
                self.stat_update(f"skipped: {reason}", value=stats.skipped[reason])
        write_task_record(self.stats_dir, rank, stats.to_dict())


def write_task_record(directory: str, rank: int, record: dict[str, Any]) -> None:
    """A task's small JSON record (``<directory>/<rank>.json``) for the driver to add up after the run."""
    with get_datafolder(directory).open(f"{rank:05d}.json", "w") as handle:
        json.dump(record, handle)


def read_task_records(directory: str, world_size: int) -> Iterator[dict[str, Any]]:
    """Every task's record (`write_task_record`), in rank order."""
    folder = get_datafolder(directory)
    for rank in range(world_size):
        with folder.open(f"{rank:05d}.json") as handle:
            yield json.load(handle)


def read_corpus_stats(stats_dir: str, world_size: int) -> CorpusStats:
    """The tasks' skip counts added up (`SourceReader`); `kept`/`duplicates` are the driver's to fill."""
    total = CorpusStats()
    for part in read_task_records(stats_dir, world_size):
        total.examined += part["examined"]
        total.valid += part["valid"]
        for reason, n in part["skipped"].items():
            total.skipped[reason] += n
    return total


class RowNumbers(PipelineStep):
    """Stamps ``shard`` (this task) and ``index`` (position in its stream) on each document."""

    name = "phi1 row numbers"
    type = "🔢 - COUNTER"

    def __init__(self, counts_dir: str):
        super().__init__()
        self.counts_dir = counts_dir

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        n = 0
        for doc in data:
            doc.metadata["shard"], doc.metadata["index"] = rank, n
            n += 1
            yield doc
        write_task_record(self.counts_dir, rank, {"documents": n})


def read_counts(counts_dir: str, world_size: int) -> list[int]:
    """Documents per shard, in rank order (`RowNumbers`)."""
    return [int(record["documents"]) for record in read_task_records(counts_dir, world_size)]


class ShardReader(PipelineStep):
    """Task `rank` reads ``<folder>/<rank>.jsonl.gz`` (datatrove's jsonl writer's name for it)."""

    name = "phi1 shard"
    type = "📖 - READER"

    def __init__(self, folder: str):
        super().__init__()
        self.folder = folder

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        name = shard_name(rank)
        reader = JsonlReader(self.folder)
        if reader.data_folder.isfile(name):
            yield from reader.read_file(name)


def shard_name(rank: int) -> str:
    return f"{rank:05d}.jsonl.gz"


class ScoreDocuments(PipelineStep):
    """Writes the quality model's ``score`` and ``kept`` into each document's metadata."""

    name = "phi1 quality score"
    type = "🔻 - FILTER"

    def __init__(self, model_path: str, batch_docs: int = 256, device: str = "auto"):
        super().__init__()
        self.model_path, self.batch_docs, self.device = model_path, batch_docs, device
        self._model: QualityModel | None = None

    def _score(self, batch: list[Document]) -> Iterator[Document]:
        with self.track_time(unit="batch"):
            scores = self._model.score([doc.text for doc in batch])
        for doc, score in zip(batch, scores.tolist()):
            kept = score >= self._model.threshold
            doc.metadata["score"], doc.metadata["kept"] = float(score), bool(kept)
            self.stat_update("kept" if kept else "not kept")
            yield doc

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if self._model is None:
            self._model = QualityModel.load(self.model_path, self.device)
        batch: list[Document] = []
        for doc in data:
            batch.append(doc)
            if len(batch) == self.batch_docs:
                yield from self._score(batch)
                batch = []
        if batch:
            yield from self._score(batch)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_model": None}  # each task loads its own copy
