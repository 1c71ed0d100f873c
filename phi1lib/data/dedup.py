"""Near-duplicate removal: MinHash signatures of word 5-grams, banded LSH, clusters, keep the first.

Paper: phi-1 starts from *deduplicated* The Stack, whose near-deduplication is MinHash LSH. Exact
duplicates (same SHA-256) are already gone when a corpus reaches this module (`corpus.py`); this one
finds files that differ by a few edits (a vendored copy with another licence header, a regenerated
module, the same test helper in two packages).

Following datatrove's `MinhashDedup*` defaults:
- a document is the set of its word 5-grams (``\\w+`` tokens, lower-cased: datatrove lower-cases and
  drops punctuation before tokenizing); a document shorter than 5 words is one shingle of all of them;
- 14 bands x 8 rows = 112 hash functions. Two files with 5-gram Jaccard similarity s share a bucket
  in at least one band with probability ``1 - (1 - s**8)**14`` (`lsh_probability`): 1% at s = 0.41,
  50% at s = 0.69, 95% at s = 0.81 (`lsh_threshold`);
- every bucket collision is an edge (no verification by the true Jaccard, as datatrove); connected
  components are clusters; the first file of each cluster (lowest index: walk or stream order) is
  kept, the rest are removed.

Hashing: each word's CRC-32 (stable across processes, unlike `hash`), combined into a 64-bit
polynomial rolling hash per 5-gram and reduced modulo the Mersenne prime p = 2**31 - 1; the 112
functions are ``(a*h + b) mod p`` with a, b drawn from ``numpy.random.default_rng(seed)``, exact in
uint64 (a*h + b < 2**62). Datatrove uses 64-bit hashes; 31-bit values collide for two *different*
shingles with probability ~5e-10, irrelevant at Jaccard resolution.

Simplified: signatures live in memory (112 x 4 bytes per file: fine to a few million files; datatrove
shards them to disk and sorts buckets at The Stack's scale); no StackOverflow-specific normalisation.

`Deduplicator` is the other MinHash LSH here, for the synthesis stage (`synth.synthesize`), and differs on
purpose: it sees texts one at a time, in request order, and must decide at once (keep or drop), where
`near_duplicates` sees the whole corpus; its texts are short exercises, so shingles are 5-grams of code
tokens (`text.code_tokens`: words *and* punctuation, which tell ``f(a, b)`` from ``f(a)(b)``); it also
drops exact duplicates of the normalized text, and it verifies every LSH candidate by its estimated
Jaccard (>= 0.85) before calling it a duplicate. It is `datasketch`'s MinHash (128 permutations,
SHA-1 of each shingle) and MinHashLSH (bands chosen for the threshold); moving it onto `MinHasher`
would change which synthetic exercises are kept.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from phi1lib.data.text import code_tokens

MERSENNE_31 = (1 << 31) - 1
_WORD = re.compile(r"\w+")
_POLY = np.uint64(1_000_003)  # multiplier of the rolling 5-gram hash (wraps mod 2**64)


def words(text: str) -> list[str]:
    """The lower-cased ``\\w+`` tokens of `text` (identifiers, keywords, numbers, words)."""
    return _WORD.findall(text.lower())


def shingle_hashes(text: str, ngram: int = 5) -> np.ndarray:
    """The distinct hashes (uint64, each < 2**31 - 1) of `text`'s word `ngram`-grams, sorted.

    Empty for a text without words; a single shingle when it has fewer than `ngram` words.
    """
    tokens = words(text)
    if not tokens:
        return np.empty(0, dtype=np.uint64)
    cache: dict[str, int] = {}
    ids = np.fromiter((cache[t] if t in cache else cache.setdefault(t, zlib.crc32(t.encode()))
                       for t in tokens), dtype=np.uint64, count=len(tokens))
    n = min(ngram, len(ids))
    windows = len(ids) - n + 1
    h = np.zeros(windows, dtype=np.uint64)
    with np.errstate(over="ignore"):  # wrapping mod 2**64 is the point
        for k in range(n):
            h = h * _POLY + ids[k:k + windows]
    return np.unique(h % np.uint64(MERSENNE_31))


class MinHasher:
    """`num_perm` universal hash functions ``(a*h + b) mod (2**31 - 1)``; `signature` takes the minima."""

    def __init__(self, num_perm: int = 112, seed: int = 0, ngram: int = 5):
        rng = np.random.default_rng(seed)
        self.num_perm, self.seed, self.ngram = num_perm, seed, ngram
        self.a = rng.integers(1, MERSENNE_31, size=num_perm, dtype=np.uint64)
        self.b = rng.integers(0, MERSENNE_31, size=num_perm, dtype=np.uint64)

    def signature(self, text: str, chunk: int = 8192) -> np.ndarray:
        """uint32 array of `num_perm` minima; all 2**31 - 1 (the empty set) for a text without words."""
        hashes = shingle_hashes(text, self.ngram)
        sig = np.full(self.num_perm, MERSENNE_31, dtype=np.uint64)
        p = np.uint64(MERSENNE_31)
        for start in range(0, len(hashes), chunk):  # bounds memory: num_perm x chunk at a time
            h = hashes[start:start + chunk]
            values = (self.a[:, None] * h[None, :] + self.b[:, None]) % p
            np.minimum(sig, values.min(axis=1), out=sig)
        return sig.astype(np.uint32)

    def signatures(self, texts: Iterable[str]) -> np.ndarray:
        """``(len(texts), num_perm)`` uint32."""
        rows = [self.signature(t) for t in texts]
        return np.stack(rows) if rows else np.empty((0, self.num_perm), dtype=np.uint32)


def estimated_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """The MinHash estimate of Jaccard similarity: the fraction of equal minima."""
    return float(np.mean(np.asarray(sig_a) == np.asarray(sig_b)))


def jaccard(text_a: str, text_b: str, ngram: int = 5) -> float:
    """The exact Jaccard similarity of two texts' shingle sets (1.0 for two texts without words)."""
    a, b = shingle_hashes(text_a, ngram), shingle_hashes(text_b, ngram)
    union = len(np.union1d(a, b))
    return len(np.intersect1d(a, b)) / union if union else 1.0


def lsh_probability(similarity: float | np.ndarray, bands: int = 14, rows: int = 8) -> Any:
    """Probability that two documents of Jaccard `similarity` collide in at least one band."""
    s = np.asarray(similarity, dtype=float)
    return 1.0 - (1.0 - s ** rows) ** bands


def lsh_threshold(probability: float = 0.5, bands: int = 14, rows: int = 8) -> float:
    """The Jaccard similarity found with `probability`: the inverse of `lsh_probability`."""
    if not 0.0 < probability < 1.0:
        raise ValueError(f"probability must be in (0, 1), got {probability}")
    return float((1.0 - (1.0 - probability) ** (1.0 / bands)) ** (1.0 / rows))


# --- signatures in worker processes -----------------------------------------------------------

def _signatures_in_worker(texts: list[str], num_perm: int, seed: int, ngram: int) -> np.ndarray:
    return MinHasher(num_perm, seed, ngram).signatures(texts)


def minhash_signatures(texts: Sequence[str], ngram: int = 5, num_perm: int = 112, seed: int = 0,
                       num_proc: int = 1, chunk_docs: int = 256) -> np.ndarray:
    """``(len(texts), num_perm)`` uint32 signatures; identical for any `num_proc` (spawned workers,
    chunks of `chunk_docs` documents, results in order). Scripts need the ``__main__`` guard."""
    if num_proc <= 1 or len(texts) <= chunk_docs:
        return MinHasher(num_perm, seed, ngram).signatures(texts)
    chunks = [list(texts[i:i + chunk_docs]) for i in range(0, len(texts), chunk_docs)]
    with ProcessPoolExecutor(num_proc, mp_context=multiprocessing.get_context("spawn")) as pool:
        work = functools.partial(_signatures_in_worker, num_perm=num_perm, seed=seed, ngram=ngram)
        parts = list(pool.map(work, chunks))
    return np.concatenate(parts)


# --- LSH and clusters ---------------------------------------------------------------------------

def _find(parent: np.ndarray, i: int) -> int:
    root = i
    while parent[root] != root:
        root = parent[root]
    while parent[i] != root:  # path compression
        parent[i], i = root, parent[i]
    return root


def lsh_clusters(signatures: np.ndarray, bands: int = 14, rows: int = 8) -> np.ndarray:
    """For each document, the index of its cluster's first document (itself when it has no near twin).

    Documents that share all `rows` minima of any band are joined (union-find over bucket
    collisions); the root of each component is its smallest index.
    """
    n, num_perm = signatures.shape
    if num_perm < bands * rows:
        raise ValueError(f"signatures have {num_perm} values; {bands} bands x {rows} rows need {bands * rows}")
    parent = np.arange(n)
    for band in range(bands):
        block = np.ascontiguousarray(signatures[:, band * rows:(band + 1) * rows])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        first: dict[bytes, int] = {}
        for i, key in enumerate(keys.tolist()):
            j = first.setdefault(key, i)
            if j != i:
                ri, rj = _find(parent, i), _find(parent, j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)  # the smaller index stays the root
    return np.array([_find(parent, i) for i in range(n)], dtype=np.int64)


@dataclass
class NearDupStats:
    """What near-deduplication found. documents = kept + removed."""

    documents: int
    kept: int
    removed: int  # near-duplicates of an earlier document
    clusters: int  # clusters of two or more documents
    largest_cluster: int
    ngram: int
    bands: int
    rows: int
    threshold_50: float  # the Jaccard similarity found with probability 1/2 (`lsh_threshold`)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def near_duplicates(texts: Sequence[str], ngram: int = 5, bands: int = 14, rows: int = 8, seed: int = 0,
                    num_proc: int = 1) -> tuple[np.ndarray, np.ndarray, NearDupStats]:
    """``(keep, cluster, stats)``: a boolean mask (first of each cluster), each document's cluster
    root (`lsh_clusters`) and the counts."""
    signatures = minhash_signatures(texts, ngram, bands * rows, seed, num_proc)
    cluster = lsh_clusters(signatures, bands, rows)
    keep = cluster == np.arange(len(texts))
    sizes = np.bincount(cluster, minlength=len(texts)) if len(texts) else np.zeros(0, dtype=int)
    stats = NearDupStats(documents=len(texts), kept=int(keep.sum()), removed=int((~keep).sum()),
                         clusters=int((sizes >= 2).sum()), largest_cluster=int(sizes.max(initial=0)),
                         ngram=ngram, bands=bands, rows=rows,
                         threshold_50=round(lsh_threshold(0.5, bands, rows), 4))
    return keep, cluster, stats


# --- the synthesis stage's streaming deduplicator ------------------------------------------------

class Deduplicator:
    """Exact (normalized text) and near-duplicate (MinHash LSH over token n-grams) filter, in insertion
    order: `check(key, text)` returns None and remembers the text, or the reason it is a duplicate.
    Why it is not `near_duplicates`: the module docstring."""

    def __init__(self, threshold: float = 0.85, ngram: int = 5, num_perm: int = 128, seed: int = 0):
        self.threshold, self.ngram, self.num_perm, self.seed = threshold, ngram, num_perm, seed
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.exact: set[str] = set()
        self.hashes: dict[str, Any] = {}
        self.counts = Counter()

    def minhash(self, text: str) -> MinHash:
        toks = code_tokens(text, lower="tokens")
        grams = {" ".join(toks[i:i + self.ngram]) for i in range(max(len(toks) - self.ngram + 1, 1))}
        m = MinHash(num_perm=self.num_perm, seed=self.seed)
        m.update_batch([g.encode() for g in sorted(grams)])
        return m

    def check(self, key: str, text: str) -> str | None:
        digest = hashlib.sha256(" ".join(code_tokens(text, lower="tokens")).encode()).hexdigest()
        if digest in self.exact:
            self.counts["exact"] += 1
            return "exact duplicate"
        m = self.minhash(text)
        for other in self.lsh.query(m):
            if m.jaccard(self.hashes[other]) >= self.threshold:
                self.counts["near"] += 1
                return f"near duplicate of {other}"
        self.exact.add(digest)
        self.lsh.insert(key, m)
        self.hashes[key] = m
        self.counts["kept"] += 1
        return None
