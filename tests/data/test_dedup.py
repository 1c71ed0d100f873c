"""dedup.py: stable shingle hashes, MinHash estimates the true Jaccard, LSH clusters, counts."""

from __future__ import annotations

import random
import subprocess
import sys

import numpy as np
import pytest

from phi1lib.data.dedup import (
    MERSENNE_31,
    MinHasher,
    NearDupStats,
    estimated_jaccard,
    jaccard,
    lsh_clusters,
    lsh_probability,
    lsh_threshold,
    minhash_signatures,
    near_duplicates,
    shingle_hashes,
    words,
)

VOCAB = [f"w{i}" for i in range(5000)]


def _doc(seed: int, n: int = 300) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(VOCAB) for _ in range(n))


def _edit(text: str, fraction: float, seed: int) -> str:
    """`text` with `fraction` of its words replaced by words outside VOCAB."""
    rng = random.Random(seed)
    tokens = text.split()
    for i in rng.sample(range(len(tokens)), int(fraction * len(tokens))):
        tokens[i] = f"new{rng.randrange(10**9)}"
    return " ".join(tokens)


def test_words_are_lower_cased_word_tokens():
    assert words("def Foo_bar(x1):\n    return X1 + 2  # Hi") == ["def", "foo_bar", "x1", "return", "x1", "2", "hi"]


def test_shingle_hashes_distinct_sorted_below_the_prime_and_short_texts():
    h = shingle_hashes("a b c d e f a b c d e f")
    assert list(h) == sorted(set(h.tolist())) and len(h) == 6  # 8 windows, "a b c d e" etc. repeat
    assert (h < MERSENNE_31).all() and h.dtype == np.uint64
    assert len(shingle_hashes("just three words")) == 1  # fewer words than n: one shingle of all
    assert len(shingle_hashes("  ... !!! ")) == 0
    assert shingle_hashes("A B C D E").tolist() == shingle_hashes("a b c d e").tolist()


def test_shingle_hashes_do_not_depend_on_the_process_hash_seed():
    code = "from phi1lib.data.dedup import shingle_hashes; print(shingle_hashes('one two three four five six')[:3].tolist())"
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(outs) == 1 and outs.pop().strip() == str(shingle_hashes("one two three four five six")[:3].tolist())


def test_minhash_estimates_the_exact_jaccard():
    hasher = MinHasher(num_perm=256, seed=0)
    base = _doc(0)
    for k, fraction in enumerate((0.0, 0.02, 0.05, 0.1, 0.2, 0.5)):
        other = _edit(base, fraction, seed=k)
        true = jaccard(base, other)
        est = estimated_jaccard(hasher.signature(base), hasher.signature(other))
        assert abs(est - true) < 0.1, (fraction, true, est)
    assert estimated_jaccard(hasher.signature(base), hasher.signature(base)) == 1.0
    assert jaccard(base, _doc(1)) < 0.01


def test_signature_shape_dtype_and_the_empty_set():
    hasher = MinHasher(num_perm=112, seed=3)
    sig = hasher.signature(_doc(5))
    assert sig.shape == (112,) and sig.dtype == np.uint32
    assert (hasher.signature("") == MERSENNE_31).all()
    # Chunking the shingles does not change the minima.
    assert (hasher.signature(_doc(5, 3000), chunk=7) == hasher.signature(_doc(5, 3000))).all()
    assert hasher.signatures([]).shape == (0, 112)


def test_signatures_are_the_same_in_worker_processes():
    texts = [_doc(i, 50) for i in range(40)]
    one = minhash_signatures(texts, num_perm=16, seed=1, num_proc=1)
    two = minhash_signatures(texts, num_perm=16, seed=1, num_proc=2, chunk_docs=7)
    assert one.shape == (40, 16) and (one == two).all()


def test_lsh_clusters_join_band_collisions_transitively():
    rng = np.random.default_rng(0)
    sig = rng.integers(0, 1 << 30, size=(5, 6), dtype=np.uint32)  # 3 bands x 2 rows
    sig[2, 0:2] = sig[0, 0:2]  # 0 ~ 2 in band 0
    sig[3, 4:6] = sig[2, 4:6]  # 2 ~ 3 in band 2, so 0 ~ 3
    sig[4, 1] = sig[1, 1]  # one row of a band is not a collision
    assert lsh_clusters(sig, bands=3, rows=2).tolist() == [0, 1, 0, 0, 4]
    with pytest.raises(ValueError, match="need 8"):
        lsh_clusters(sig, bands=4, rows=2)


def test_lsh_probability_and_threshold_are_inverse():
    assert lsh_probability(0.0) == 0.0 and lsh_probability(1.0) == 1.0
    assert lsh_probability(0.9) > 0.999 and lsh_probability(0.3) < 1e-3
    for p in (0.01, 0.5, 0.95):
        assert lsh_probability(lsh_threshold(p)) == pytest.approx(p)
    assert lsh_threshold(0.5) == pytest.approx(0.685, abs=1e-3)
    with pytest.raises(ValueError):
        lsh_threshold(1.0)


def test_near_duplicates_removes_edited_copies_and_keeps_the_first():
    originals = [_doc(i) for i in range(20)]
    texts = list(originals)
    texts.insert(3, _edit(originals[1], 0.01, seed=1))  # Jaccard ~0.95: found with certainty
    texts.append(_edit(originals[5], 0.02, seed=2))
    texts.append(_edit(originals[7], 0.6, seed=3))  # Jaccard ~0.1: not a near-duplicate
    keep, cluster, stats = near_duplicates(texts)
    assert keep.tolist() == [i not in (3, 21) for i in range(len(texts))]
    assert cluster[3] == 1 and cluster[21] == 6  # originals[5] sits at index 6 after the insert
    assert stats == NearDupStats(documents=23, kept=21, removed=2, clusters=2, largest_cluster=2, ngram=5,
                                 bands=14, rows=8, threshold_50=round(lsh_threshold(0.5), 4))
    assert stats.to_dict()["removed"] == 2


def test_near_duplicates_of_nothing():
    keep, _, stats = near_duplicates([])
    assert len(keep) == 0 and stats.documents == 0 and stats.largest_cluster == 0


# --- the synthesis stage's streaming deduplicator -------------------------------------------------

class _OldDeduplicator:
    """synth/synthesize.py's `Deduplicator` before `dedup` became its home (issue 16), as it was."""

    def __init__(self, threshold=0.85, ngram=5, num_perm=128, seed=0):
        from datasketch import MinHashLSH

        self.threshold, self.ngram, self.num_perm, self.seed = threshold, ngram, num_perm, seed
        self.lsh, self.exact, self.hashes = MinHashLSH(threshold=threshold, num_perm=num_perm), set(), {}

    def _tokens(self, text):
        import re

        return [t.lower() for t in re.compile(r"\w+|[^\w\s]").findall(text)]

    def check(self, key, text):
        import hashlib

        from datasketch import MinHash

        digest = hashlib.sha256(" ".join(self._tokens(text)).encode()).hexdigest()
        if digest in self.exact:
            return "exact duplicate"
        toks = self._tokens(text)
        grams = {" ".join(toks[i:i + self.ngram]) for i in range(max(len(toks) - self.ngram + 1, 1))}
        m = MinHash(num_perm=self.num_perm, seed=self.seed)
        m.update_batch([g.encode() for g in sorted(grams)])
        for other in self.lsh.query(m):
            if m.jaccard(self.hashes[other]) >= self.threshold:
                return "near duplicate"  # which earlier text it names follows set order, not compared
        self.exact.add(digest)
        self.lsh.insert(key, m)
        self.hashes[key] = m
        return None


def test_streaming_deduplicator_decides_as_the_former_synthesis_copy():
    from phi1lib.data.dedup import Deduplicator

    rng = random.Random(0)
    bases = ["def add(a, b):\n    return a + b\n" * 3, "class Stack:\n    def push(self, x):\n        self.items.append(x)\n",
             "def total(xs):\n    s = 0\n    for x in xs:\n        s += x * x + 1\n    return s\n"]
    texts = [rng.choice(bases) + f"# v{rng.randint(0, 6)}\n" + ("İ" if rng.random() < 0.1 else "")
             + " ".join(rng.choice(["x", "y", "z", "(", ")", "İf"]) for _ in range(rng.randint(0, 9)))
             for _ in range(150)]
    for seed, threshold in ((0, 0.85), (3, 0.7)):
        new, old = Deduplicator(threshold=threshold, seed=seed), _OldDeduplicator(threshold=threshold, seed=seed)
        got = [new.check(f"k{i}", t) for i, t in enumerate(texts)]
        want = [old.check(f"k{i}", t) for i, t in enumerate(texts)]
        assert [g and g.split(" of ")[0] for g in got] == want
        assert new.counts["kept"] == want.count(None) and new.counts["near"] > 0
