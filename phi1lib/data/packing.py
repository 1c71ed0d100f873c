"""Token shards on disk: documents tokenized, joined by <|endoftext|>, and read back as slices.

Paper: files are concatenated with an end-of-text token and cut into 2048-token slices. Here every
document is followed by the eot id and the stream is written, in document order, to raw ``.bin``
shards of `shard_tokens` tokens (uint16 when the vocabulary fits, else uint32) with a ``meta.json``
beside them, as nanoGPT's ``prepare.py`` does. About every ``1 / val_fraction``-th document goes to
``val`` (`is_val_doc`: by index, so the split is exact, evenly spread and the same on every run).

Packing streams: the main process reads `batch_docs` documents (at most `BATCH_MAX_CHARS`
characters) at a time, at most ``2 * num_proc`` batches are in flight, results are written in
submission order (so shards are identical for any `num_proc`) and each shard file is appended to as
tokens arrive. Memory stays flat in the corpus size. Workers are spawned, so a *script* that packs
with ``num_proc > 1`` needs the usual ``if __name__ == "__main__":`` guard (notebooks do not).
`PackedTokens` reads the shards through `np.memmap`.

Simplified: no shuffling at pack time (the reader samples), no per-document attention masking (as the
paper: a slice may span two files).
"""

from __future__ import annotations

import collections
import json
import multiprocessing
import os
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from phi1lib.core.config import PackingConfig
from phi1lib.data.tokenizer import CodeTokenizer

SPLITS = ("train", "val")
META = "meta.json"
# A batch's transient memory is ~100+ bytes per token (the Rust encodings, then Python int lists):
# capping it at 2M characters (~0.7M tokens) bounds that whatever the file sizes (256 docs of 1 MB
# would otherwise be a batch).
BATCH_MAX_CHARS = 2_000_000


def token_dtype(vocab_size: int) -> np.dtype:
    """uint16 holds ids < 65536: half the disk and page cache of uint32."""
    return np.dtype(np.uint16 if vocab_size <= 1 << 16 else np.uint32)


def is_val_doc(index: int, val_fraction: float) -> bool:
    """True for every ``1/val_fraction``-th document: floor((i+1)f) steps up exactly at those i."""
    return int((index + 1) * val_fraction) > int(index * val_fraction)


# --- encoding (runs in worker processes when num_proc > 1) -------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(tokenizer_json: str, eot_token: str) -> None:
    # One process per core already: the Rust thread pool inside each worker would oversubscribe.
    os.environ["TOKENIZERS_PARALLELISM"] = "false"
    _WORKER["tok"] = CodeTokenizer.from_str(tokenizer_json, eot_token)


def _encode_batch(tok: CodeTokenizer, start: int, texts: list[str], val_fraction: float,
                  dtype: np.dtype) -> dict[str, tuple[np.ndarray, int]]:
    """``{split: (tokens, n_docs)}`` for documents start, start+1, ...; each doc followed by eot."""
    parts: dict[str, list[np.ndarray]] = {split: [] for split in SPLITS}
    eot = np.array([tok.eot_id], dtype=dtype)
    for offset, ids in enumerate(tok.encode_batch(texts)):
        split = "val" if is_val_doc(start + offset, val_fraction) else "train"
        parts[split] += [np.asarray(ids, dtype=dtype), eot]
    return {split: (np.concatenate(arrays) if arrays else np.empty(0, dtype), len(arrays) // 2)
            for split, arrays in parts.items()}


def _encode_in_worker(start: int, texts: list[str], val_fraction: float,
                      dtype: str) -> dict[str, tuple[np.ndarray, int]]:
    return _encode_batch(_WORKER["tok"], start, texts, val_fraction, np.dtype(dtype))


# --- writing ---------------------------------------------------------------------------------

class ShardWriter:
    """Appends tokens to ``<split>_NNNNN.bin`` files of exactly `shard_tokens` tokens (last: fewer)."""

    def __init__(self, out_dir: Path, split: str, shard_tokens: int):
        self.out_dir, self.split, self.shard_tokens = out_dir, split, shard_tokens
        self.shards: list[dict[str, Any]] = []
        self.n_tokens = 0
        self.n_docs = 0
        self._handle = None
        self._in_shard = 0

    def write(self, tokens: np.ndarray) -> None:
        self.n_tokens += len(tokens)
        while len(tokens):
            if self._handle is None:
                name = f"{self.split}_{len(self.shards):05d}.bin"
                self._handle = open(self.out_dir / name, "wb")  # noqa: SIM115 (open across writes)
                self.shards.append({"file": name, "n_tokens": 0})
            room = self.shard_tokens - self._in_shard
            chunk, tokens = tokens[:room], tokens[room:]
            self._handle.write(chunk.tobytes())
            self._in_shard += len(chunk)
            self.shards[-1]["n_tokens"] = self._in_shard
            if self._in_shard == self.shard_tokens:
                self.close()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle, self._in_shard = None, 0


def _batches(texts: Iterable[str], max_docs: int, max_chars: int) -> Iterator[tuple[int, list[str]]]:
    """``(index of the first document, documents)``: at most `max_docs` documents and, unless one
    document alone is longer, at most `max_chars` characters."""
    batch: list[str] = []
    start = chars = 0
    for text in texts:
        if batch and (len(batch) == max_docs or chars + len(text) > max_chars):
            yield start, batch
            start += len(batch)
            batch, chars = [], 0
        batch.append(text)
        chars += len(text)
    if batch:
        yield start, batch


def pack_texts(texts: Iterable[str], tokenizer: CodeTokenizer, cfg: PackingConfig, out_dir: Path | str,
               num_proc: int | None = None, batch_max_chars: int = BATCH_MAX_CHARS) -> dict[str, Any]:
    """Tokenize `texts` into train/val shards under `out_dir`; return (and save) the meta dict.

    `texts` is consumed once, lazily, in batches of `cfg.batch_docs` documents and at most
    `batch_max_chars` characters. `num_proc` overrides `cfg.num_proc`; the output is byte-identical
    for any value. ``meta.json`` is written last, so its presence means complete.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in [out_dir / META, *out_dir.glob("train_*.bin"), *out_dir.glob("val_*.bin")]:
        stale.unlink(missing_ok=True)  # a previous run's extra shards would be read as ours
    num_proc = cfg.num_proc if num_proc is None else num_proc
    dtype = token_dtype(tokenizer.vocab_size)
    writers = {split: ShardWriter(out_dir, split, cfg.shard_tokens) for split in SPLITS}
    started = time.perf_counter()

    def consume(result: dict[str, tuple[np.ndarray, int]]) -> None:
        for split, (tokens, n_docs) in result.items():
            writers[split].write(tokens)
            writers[split].n_docs += n_docs

    batches = _batches(texts, cfg.batch_docs, batch_max_chars)
    if num_proc <= 1:
        for start, batch in batches:
            consume(_encode_batch(tokenizer, start, batch, cfg.val_fraction, dtype))
    else:
        # spawn, not fork: the parent may hold torch/tokenizers thread pools that fork would break.
        # An executor, not multiprocessing.Pool: a worker that dies raises BrokenProcessPool here
        # instead of hanging (e.g. a script without the `if __name__ == "__main__":` guard).
        with ProcessPoolExecutor(num_proc, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_init_worker,
                                 initargs=(tokenizer.to_str(), tokenizer.eot_token)) as pool:
            # Pool.imap/Executor.map would read the whole input ahead; a bounded queue keeps memory flat.
            pending: collections.deque = collections.deque()
            for start, batch in batches:
                pending.append(pool.submit(_encode_in_worker, start, batch, cfg.val_fraction, dtype.str))
                if len(pending) >= 2 * num_proc:
                    consume(pending.popleft().result())
            while pending:
                consume(pending.popleft().result())
    for writer in writers.values():
        writer.close()
    seconds = time.perf_counter() - started
    n_tokens = sum(w.n_tokens for w in writers.values())
    meta = {
        "format": "phi1-packed-v1",
        "dtype": dtype.name,
        "eot_id": tokenizer.eot_id,
        "eot_token": tokenizer.eot_token,
        "vocab_size": tokenizer.vocab_size,
        "tokenizer_sha256": tokenizer.sha256,
        "shard_tokens": cfg.shard_tokens,
        "val_fraction": cfg.val_fraction,
        "n_tokens": n_tokens,
        "n_docs": sum(w.n_docs for w in writers.values()),
        "splits": {split: {"n_tokens": w.n_tokens, "n_docs": w.n_docs, "shards": w.shards}
                   for split, w in writers.items()},
        "num_proc": num_proc,
        "seconds": round(seconds, 3),
        "tokens_per_s": round(n_tokens / seconds) if seconds > 0 else None,
    }
    tmp = out_dir / (META + ".tmp")
    tmp.write_text(json.dumps(meta, indent=2) + "\n")
    tmp.replace(out_dir / META)
    return meta


def pack_dataset(dataset: Any, tokenizer: CodeTokenizer, cfg: PackingConfig, out_dir: Path | str,
                 text_field: str = "text", num_proc: int | None = None,
                 batch_max_chars: int = BATCH_MAX_CHARS) -> dict[str, Any]:
    """`pack_texts` on a `datasets.Dataset` (or a saved dataset directory), read in batches."""
    if isinstance(dataset, (str, Path)):
        from phi1lib.data.corpus import load_dataset_dir  # lazy: pulls datasets

        dataset = load_dataset_dir(dataset)
    if text_field not in dataset.column_names:
        raise KeyError(f"no column {text_field!r}; columns: {dataset.column_names}")
    dataset = dataset.select_columns([text_field])  # don't read the other columns at all

    def texts() -> Iterator[str]:
        for batch in dataset.iter(batch_size=cfg.batch_docs):  # Arrow memory map: one batch in RAM
            yield from batch[text_field]

    return pack_texts(texts(), tokenizer, cfg, out_dir, num_proc=num_proc,
                      batch_max_chars=batch_max_chars)


# --- reading ---------------------------------------------------------------------------------

def read_meta(directory: Path | str) -> dict[str, Any]:
    path = Path(directory) / META
    if not path.is_file():
        raise FileNotFoundError(f"{directory} holds no packed tokens ({META} missing: not packed, or "
                                f"packing did not finish)")
    return json.loads(path.read_text())


class PackedTokens:
    """One split of a packed directory as a token array: slices and random batches as torch tensors.

    `get_slice(i, seq_len)` is the paper's i-th non-overlapping slice (x) and its next-token targets
    (y); `random_batch` draws slices at random offsets (nanoGPT) from a generator seeded by `seed`.
    """

    def __init__(self, directory: Path | str, split: str = "train", seed: int = 0):
        self.directory = Path(directory)
        self.meta = read_meta(self.directory)
        if split not in self.meta["splits"]:
            raise KeyError(f"no split {split!r} in {directory}; splits: {list(self.meta['splits'])}")
        self.split = split
        self.dtype = np.dtype(self.meta["dtype"])
        self.eot_id: int = self.meta["eot_id"]
        self.vocab_size: int = self.meta["vocab_size"]
        shards = self.meta["splits"][split]["shards"]
        self._maps = [np.memmap(self.directory / s["file"], dtype=self.dtype, mode="r",
                                shape=(s["n_tokens"],)) for s in shards]
        # _starts[k] is the global index of shard k's first token; the last entry is the total.
        self._starts = np.cumsum([0] + [s["n_tokens"] for s in shards])
        self.rng = np.random.default_rng(seed)

    def __len__(self) -> int:
        return int(self._starts[-1])

    def tokens(self, start: int, stop: int) -> np.ndarray:
        """Tokens [start, stop) as int64, read across shard boundaries."""
        if not 0 <= start <= stop <= len(self):
            raise IndexError(f"tokens [{start}, {stop}) outside 0..{len(self)} of split {self.split!r}")
        out = np.empty(stop - start, dtype=np.int64)
        k = int(np.searchsorted(self._starts, start, side="right")) - 1
        pos = start
        while pos < stop:
            shard_start = int(self._starts[k])
            take = min(stop, int(self._starts[k + 1])) - pos
            out[pos - start:pos - start + take] = self._maps[k][pos - shard_start:pos - shard_start + take]
            pos += take
            k += 1
        return out

    def n_slices(self, seq_len: int) -> int:
        """Non-overlapping slices of `seq_len` (each needs one more token for its last target)."""
        return max(0, (len(self) - 1) // seq_len)

    def get_slice(self, i: int, seq_len: int):
        """``(x, y)``, LongTensors of shape (seq_len,): tokens [i*T, (i+1)*T) and the next ones."""
        import torch  # here, not at the top: packing workers need no torch

        if not 0 <= i < self.n_slices(seq_len):
            raise IndexError(f"slice {i} not in 0..{self.n_slices(seq_len) - 1} "
                             f"(seq_len {seq_len}, split {self.split!r})")
        chunk = torch.from_numpy(self.tokens(i * seq_len, (i + 1) * seq_len + 1))
        return chunk[:-1], chunk[1:]

    def random_batch(self, batch_size: int, seq_len: int, rng: np.random.Generator | None = None):
        """``(x, y)`` of shape (batch_size, seq_len) at uniform random offsets (`rng` or our own)."""
        import torch

        if len(self) < seq_len + 1:
            raise ValueError(f"split {self.split!r} of {self.directory} has {len(self)} tokens; "
                             f"a sequence of {seq_len} needs {seq_len + 1}")
        rng = rng if rng is not None else self.rng
        starts = rng.integers(0, len(self) - seq_len, size=batch_size)
        chunks = torch.from_numpy(np.stack([self.tokens(int(s), int(s) + seq_len + 1) for s in starts]))
        return chunks[:, :-1], chunks[:, 1:]
