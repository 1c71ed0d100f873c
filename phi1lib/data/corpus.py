"""Raw Python code: the corpus the filter stage starts from.

Paper: deduplicated The Stack (Python subset) + StackOverflow, 35M files / 35B tokens, streamed from the
Hugging Face hub. Offline default here: the Python source that ships with the interpreter (its standard
library) and with the installed packages (site-packages), walked in sorted order; the same skip rules
then run unchanged on a hub dataset or local parquet/jsonl files (`iter_hub_sources`).

Every file is checked by `check_source`; a file that fails is skipped and counted by reason, never
raised: ``unreadable`` (not a regular readable file, e.g. a dangling symlink or a FIFO), ``too_large``
(over `max_file_bytes`), ``empty`` (no non-whitespace), ``binary`` (a NUL byte), ``not_utf8`` (PEP 263
latin-1 files included: the study trains on UTF-8 text), ``syntax_error`` (does not compile under
*this* interpreter, a superset of `ast.parse` failing: the study is about valid Python).
`build_corpus_dataset` then drops exact duplicates (same SHA-256 of the text) and saves an Arrow
dataset.

Simplified: no StackOverflow; no near-duplicate removal (The Stack's dedup is MinHash-based, ours is
exact only); the set of seen hashes lives in memory (~100 bytes per kept file); test suites are
excluded by directory name (``test``, ``tests``, ``idle_test``) in both the stdlib and site-packages.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import os
import random
import shutil
import stat
import sysconfig
import tempfile
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import datasets

from phi1lib.core.config import CorpusConfig

SKIP_REASONS = ("unreadable", "too_large", "empty", "binary", "not_utf8", "syntax_error")
TEST_SUITE_DIRS = frozenset({"test", "tests", "idle_test"})
# Never part of the stdlib walk: installed packages are walked as their own origin.
_NOT_STDLIB_DIRS = frozenset({"site-packages", "dist-packages"})
FEATURES = datasets.Features({
    "text": datasets.Value("string"),
    "path": datasets.Value("string"),
    "origin": datasets.Value("string"),
    "n_bytes": datasets.Value("int64"),
    "sha256": datasets.Value("string"),
})


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative to its root (local) or the row's path field / "row<N>" (hub)
    text: str
    origin: str  # "stdlib" | "site-packages" | "hub"


@dataclass
class CorpusStats:
    """What was looked at and why files were dropped. examined = sum(skipped) + valid."""

    examined: int = 0
    valid: int = 0  # passed `check_source`
    duplicates: int = 0  # valid, but an exact copy of an earlier file
    kept: int = 0  # rows of the saved dataset; valid = kept + duplicates
    kept_bytes: int = 0
    skipped: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SKIP_REASONS, 0))
    kept_by_origin: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def check_source(data: bytes | str | None, max_file_bytes: int) -> tuple[str | None, str | None]:
    """``(text, None)`` for a usable source file, else ``(None, reason)`` with reason in SKIP_REASONS."""
    if data is None:
        return None, "empty"
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    if len(raw) > max_file_bytes:
        return None, "too_large"
    if not raw.strip():
        return None, "empty"
    if b"\0" in raw:
        return None, "binary"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, "not_utf8"
    # A BOM marks the encoding, it is not code; `ast.parse` on a str rejects it.
    text = text.removeprefix("\ufeff")
    try:
        with warnings.catch_warnings():  # invalid escape sequences etc. are warnings, not errors
            warnings.simplefilter("ignore")
            # Compiling rejects all that `ast.parse` rejects (plus e.g. `return` outside a function)
            # and is ~2.4x faster: it never builds Python AST objects (56 s -> 23 s on 225 MB here).
            compile(text, "<source>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, OverflowError, RecursionError, MemoryError):
        return None, "syntax_error"
    return text, None


def read_source(path: Path | str, max_file_bytes: int) -> tuple[str | None, str | None]:
    """Read one file from disk and `check_source` it; any OS error is ``unreadable``."""
    try:
        info = os.stat(path)  # follows symlinks: a dangling one raises here
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block a read forever
            return None, "unreadable"
        if info.st_size > max_file_bytes:  # decide before reading a huge file
            return None, "too_large"
        with open(path, "rb") as handle:
            data = handle.read(max_file_bytes + 1)
    except OSError:
        return None, "unreadable"
    return check_source(data, max_file_bytes)


def local_roots(cfg: CorpusConfig) -> list[tuple[str, Path]]:
    """``[(origin, root)]``: the stdlib and the site-packages directories this interpreter uses."""
    paths = sysconfig.get_paths()
    roots: list[tuple[str, Path]] = []
    if cfg.include_stdlib:
        roots.append(("stdlib", Path(paths["stdlib"])))
    if cfg.include_site_packages:
        seen: set[Path] = set()
        for key in ("purelib", "platlib"):
            root = Path(paths[key])
            if root.resolve() not in seen and root.is_dir():
                seen.add(root.resolve())
                roots.append(("site-packages", root))
    return roots


EDITABLE_FINDER_PREFIX = "__editable__"


def list_local_files(cfg: CorpusConfig, roots: list[tuple[str, Path]] | None = None,
                     stats: CorpusStats | None = None) -> list[tuple[str, Path, str]]:
    """Every candidate ``.py`` file as ``(origin, root, relative posix path)``, in sorted walk order.

    Only names are listed here (cheap); `roots` defaults to `local_roots(cfg)`. A directory that
    cannot be listed counts as one ``unreadable``.
    """
    out: list[tuple[str, Path, str]] = []
    for origin, root in roots if roots is not None else local_roots(cfg):
        def onerror(_exc: OSError) -> None:
            if stats is not None:
                stats.examined += 1
                stats.skip("unreadable")

        for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
            # Pruning and sorting in place makes os.walk skip those trees and visit in a stable order.
            dirnames[:] = sorted(
                d for d in dirnames
                if d != "__pycache__"
                and not (origin == "stdlib" and d in _NOT_STDLIB_DIRS and Path(dirpath) == root)
                and (cfg.include_test_suites or d not in TEST_SUITE_DIRS)
            )
            rel_dir = Path(dirpath).relative_to(root)
            for name in sorted(filenames):
                # pip's editable-install finders hold the checkout's absolute path: not code anyone
                # wrote, and a corpus file that differs between two clones of the same commit.
                if name.endswith(".py") and not name.startswith(EDITABLE_FINDER_PREFIX):
                    out.append((origin, root, (rel_dir / name).as_posix()))
    return out


def iter_local_sources(cfg: CorpusConfig, stats: CorpusStats | None = None, shuffle: bool = False,
                       roots: list[tuple[str, Path]] | None = None) -> Iterator[SourceFile]:
    """Valid files of the stdlib and site-packages, in sorted order (or a `cfg.seed` shuffle)."""
    stats = stats if stats is not None else CorpusStats()
    candidates = list_local_files(cfg, roots, stats)
    if shuffle:
        random.Random(cfg.seed).shuffle(candidates)
    for origin, root, rel in candidates:
        stats.examined += 1
        text, reason = read_source(root / rel, cfg.max_file_bytes)
        if reason is not None:
            stats.skip(reason)
            continue
        stats.valid += 1
        yield SourceFile(path=rel, text=text, origin=origin)


_BAD_ROW = "__phi1_unparsable_row__"
_OPENERS = {".gz": "gzip", ".bz2": "bz2", ".xz": "lzma"}


def _json_rows(paths: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Rows of JSON Lines (or JSON array) files, read with Python's json rather than Arrow's: Arrow
    rejects a whole file for one string holding a lone surrogate escape ("\\ud800"), which code
    scraped from the web does contain. Such a row reaches `check_source` and is skipped as not_utf8;
    a line that is not JSON at all becomes one `_BAD_ROW` (skipped as unreadable)."""
    import importlib

    for path in paths:
        suffix = next((s for s in _OPENERS if path.lower().endswith(s)), None)
        opener = importlib.import_module(_OPENERS[suffix]).open if suffix else open
        with opener(path, "rt", encoding="utf-8", errors="surrogateescape") as handle:
            first = handle.read(1)
            while first and first.isspace():
                first = handle.read(1)
            if first == "[":  # one JSON array, not lines
                try:
                    rows = json.loads(first + handle.read())
                except ValueError as exc:
                    raise ValueError(f"{path}: not valid JSON ({exc})") from None
                yield from (row if isinstance(row, dict) else {_BAD_ROW: True} for row in rows)
                continue
            for line in itertools.chain([first + handle.readline()] if first else [], handle):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except ValueError:
                    row = None
                yield row if isinstance(row, dict) else {_BAD_ROW: True}


def hub_stream(cfg: CorpusConfig) -> Iterable[dict[str, Any]]:
    """The rows of ``cfg.local_files`` (parquet, or JSON Lines read as `_json_rows` does) or of the hub
    dataset ``cfg.hub_name``, streamed, unchecked."""
    if cfg.local_files:
        formats = {_file_format(f) for f in cfg.local_files}
        if len(formats) != 1:
            raise ValueError(f"corpus.local_files mixes formats {sorted(formats)}: {cfg.local_files}")
        fmt = formats.pop()
        if fmt == "json" and not any(f.lower().endswith(".zst") for f in cfg.local_files):
            return _json_rows(cfg.local_files)
        return datasets.load_dataset(fmt, data_files=list(cfg.local_files), split="train", streaming=True)
    return datasets.load_dataset(cfg.hub_name, data_dir=cfg.hub_data_dir or None, split="train",
                                 streaming=True)


def _file_format(path: str) -> str:
    name = path.lower()
    for suffix in (".gz", ".zst", ".bz2", ".xz"):  # compressed jsonl is read transparently
        name = name.removesuffix(suffix)
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith((".jsonl", ".json")):
        return "json"
    raise ValueError(f"corpus.local_files: {path!r} is neither parquet nor json/jsonl")


def iter_hub_sources(cfg: CorpusConfig, stats: CorpusStats | None = None,
                     rows: Iterable[dict[str, Any]] | None = None) -> Iterator[SourceFile]:
    """Valid rows of a streamed `datasets` dataset (hub name or `cfg.local_files`), in stream order;
    `rows` replaces the stream (one datatrove task's part of it, phi1lib/filter/blocks.py)."""
    stats = stats if stats is not None else CorpusStats()
    for index, row in enumerate(hub_stream(cfg) if rows is None else rows):
        if _BAD_ROW in row:
            stats.examined += 1
            stats.skip("unreadable")
            continue
        if cfg.hub_text_field not in row:
            raise KeyError(f"corpus.hub_text_field {cfg.hub_text_field!r} is not a column; "
                           f"columns: {sorted(row)}")
        stats.examined += 1
        text, reason = check_source(row[cfg.hub_text_field], cfg.max_file_bytes)
        if reason is not None:
            stats.skip(reason)
            continue
        stats.valid += 1
        # The Stack names files in max_stars_repo_path; plain files may have "path"; else the row.
        path = row.get("max_stars_repo_path") or row.get("path") or f"row{index}"
        yield SourceFile(path=str(path), text=text, origin="hub")


def iter_sources(cfg: CorpusConfig, stats: CorpusStats | None = None) -> Iterator[SourceFile]:
    """Valid files of ``cfg.source`` ("local" or "hub"), in their deterministic order."""
    if cfg.source == "local":
        return iter_local_sources(cfg, stats)
    if cfg.source == "hub":
        return iter_hub_sources(cfg, stats)
    raise ValueError(f"corpus.source must be 'local' or 'hub', got {cfg.source!r}")


def _dedup_rows(files: Iterable[SourceFile], max_files: int | None,
                stats: CorpusStats) -> Iterator[dict[str, Any]]:
    seen: set[bytes] = set()
    for source in files:
        raw = source.text.encode("utf-8")
        digest = hashlib.sha256(raw).digest()
        if digest in seen:
            stats.duplicates += 1
            continue
        seen.add(digest)
        stats.kept += 1
        stats.kept_bytes += len(raw)
        stats.kept_by_origin[source.origin] = stats.kept_by_origin.get(source.origin, 0) + 1
        yield {"text": source.text, "path": source.path, "origin": source.origin,
               "n_bytes": len(raw), "sha256": digest.hex()}
        if max_files is not None and stats.kept >= max_files:
            return  # stop reading: later files are not examined (nor counted)


def build_corpus_dataset(cfg: CorpusConfig, out_dir: Path | str,
                         roots: list[tuple[str, Path]] | None = None) -> tuple[datasets.Dataset, CorpusStats]:
    """Save the deduplicated corpus to `out_dir` (Arrow, `save_to_disk`) and return it with its stats.

    Columns: text, path, origin, n_bytes, sha256. ``max_files``: for "local", a uniform `cfg.seed`
    sample — candidates are read in a seeded shuffled order until `max_files` distinct valid files
    are found, then rows are put back in walk order; for "hub", the first `max_files` distinct valid
    rows of the stream (a stream has no cheap uniform sample). Without it, everything in walk order.
    Rows stream to disk; `corpus_stats.json` is written beside the dataset. `roots` overrides the
    local roots (tests).
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / "state.json").exists():
        raise FileExistsError(f"{out_dir} exists and is not a saved dataset; refusing to overwrite it")
    stats = CorpusStats()
    sample = cfg.source == "local" and cfg.max_files is not None
    if cfg.source == "local":
        files = iter_local_sources(cfg, stats, shuffle=sample, roots=roots)
    else:
        files = iter_sources(cfg, stats)

    def generate() -> Iterator[dict[str, Any]]:
        yield from _dedup_rows(files, cfg.max_files, stats)

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    bars = datasets.is_progress_bar_enabled()
    datasets.disable_progress_bars()  # keep notebook output small
    try:
        # A fresh cache dir per build: `from_generator` caches by fingerprint, a stale hit would lie.
        with tempfile.TemporaryDirectory(dir=out_dir.parent, prefix=".corpus-build-") as cache:
            fingerprint = hashlib.sha256(json.dumps(dataclasses.asdict(cfg), sort_keys=True)
                                         .encode()).hexdigest()[:16]
            try:
                dataset = datasets.Dataset.from_generator(generate, features=FEATURES, cache_dir=cache,
                                                          fingerprint=fingerprint)
            except ValueError:  # `datasets` refuses a generator that yields nothing
                if stats.kept:
                    raise
                dataset = datasets.Dataset.from_dict({name: [] for name in FEATURES}, features=FEATURES)
            if sample:  # back to walk order: the sample is a subsequence of the full corpus
                rank = {(o, rel): i for i, (o, _, rel) in enumerate(list_local_files(cfg, roots))}
                keys = [rank[key] for key in zip(dataset["origin"], dataset["path"])]
                dataset = dataset.select(sorted(range(len(keys)), key=keys.__getitem__))
            if out_dir.exists():
                shutil.rmtree(out_dir)
            # An empty dataset saved with no shard cannot be loaded back (datasets 5.2): ask for one.
            dataset.save_to_disk(str(out_dir), num_shards=None if len(dataset) else 1)
            del dataset
    finally:
        if bars:
            datasets.enable_progress_bars()
    (out_dir / "corpus_stats.json").write_text(json.dumps(stats.to_dict(), indent=2) + "\n")
    return load_dataset_dir(out_dir), stats


def load_dataset_dir(path: Path | str) -> datasets.Dataset | datasets.DatasetDict:
    """`datasets.load_from_disk`, with an error that names the directory and what it lacks."""
    path = Path(path)
    if not path.is_dir():
        raise FileNotFoundError(f"no dataset at {path}: the directory does not exist "
                                f"(build it with build_corpus_dataset or save_to_disk)")
    if not ((path / "state.json").is_file() or (path / "dataset_dict.json").is_file()):
        raise ValueError(f"{path} is not a saved dataset directory (no state.json or dataset_dict.json; "
                         f"it holds: {sorted(p.name for p in path.iterdir())[:10]})")
    return datasets.load_from_disk(str(path))
