"""packing.py: shards decode back to the documents, any num_proc gives the same bytes, memory is flat."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import datasets
import numpy as np
import pytest
import torch

from phi1lib.core.config import CorpusConfig, PackingConfig, TokenizerConfig
from phi1lib.data.corpus import iter_local_sources
from phi1lib.data.packing import (
    PackedTokens,
    is_val_doc,
    pack_dataset,
    pack_texts,
    read_meta,
    token_dtype,
)
from phi1lib.data.tokenizer import EOT, CodeTokenizer, load_tokenizer, train_tokenizer

REPO = Path(__file__).resolve().parents[2]
# Small shards and batches so that documents, batches and shards all cross each other's edges.
CFG = PackingConfig(seq_len=64, shard_tokens=5000, num_proc=1, batch_docs=7, val_fraction=0.1)


@pytest.fixture(scope="module")
def docs() -> list[str]:
    cfg = CorpusConfig(source="local", include_site_packages=False, max_file_bytes=20_000)
    return [f.text for f in iter_local_sources(cfg)][:120]


@pytest.fixture(scope="module")
def tok_dir(tmp_path_factory, docs) -> Path:
    return train_tokenizer(iter(docs), TokenizerConfig(kind="bpe", vocab_size=512),
                           tmp_path_factory.mktemp("tok"))


@pytest.fixture(scope="module")
def tok(tok_dir) -> CodeTokenizer:
    return load_tokenizer(tok_dir)


@pytest.fixture(scope="module")
def packed(tmp_path_factory, docs, tok) -> Path:
    out = tmp_path_factory.mktemp("packed")
    pack_texts(iter(docs), tok, CFG, out)
    return out


def _split_docs(docs: list[str], split: str) -> list[str]:
    return [d for i, d in enumerate(docs) if is_val_doc(i, CFG.val_fraction) == (split == "val")]


def _all_tokens(directory: Path, split: str) -> np.ndarray:
    meta = read_meta(directory)
    shards = meta["splits"][split]["shards"]
    return np.concatenate([np.fromfile(directory / s["file"], dtype=meta["dtype"]) for s in shards])


@pytest.mark.parametrize("split", ["train", "val"])
def test_shards_decode_to_documents_joined_by_eot(packed, docs, tok, split):
    expected = "".join(d + EOT for d in _split_docs(docs, split))
    tokens = _all_tokens(packed, split)
    assert tok.decode(tokens.tolist()) == expected
    assert int((tokens == tok.eot_id).sum()) == len(_split_docs(docs, split))


def test_meta_and_shard_sizes(packed, docs, tok):
    meta = read_meta(packed)
    assert meta["dtype"] == "uint16" and meta["eot_id"] == tok.eot_id == 0
    assert meta["tokenizer_sha256"] == tok.sha256 and meta["vocab_size"] == tok.vocab_size
    assert meta["n_docs"] == len(docs) == sum(s["n_docs"] for s in meta["splits"].values())
    assert meta["splits"]["val"]["n_docs"] == len(docs) // 10  # exactly every 10th document
    assert meta["n_tokens"] == sum(s["n_tokens"] for s in meta["splits"].values())
    for split in ("train", "val"):
        shards = meta["splits"][split]["shards"]
        assert [s["n_tokens"] for s in shards[:-1]] == [CFG.shard_tokens] * (len(shards) - 1)
        assert 0 < shards[-1]["n_tokens"] <= CFG.shard_tokens
        for s in shards:
            assert (packed / s["file"]).stat().st_size == 2 * s["n_tokens"]
    assert len(meta["splits"]["train"]["shards"]) > 3
    expected_tokens = sum(len(ids) + 1 for ids in tok.encode_batch(docs))
    assert meta["n_tokens"] == expected_tokens


@pytest.mark.parametrize("num_proc, batch_max_chars", [(2, 1_000_000), (1, 3000), (3, 3000)])
def test_identical_output_for_any_num_proc_and_batching(tmp_path, docs, tok, packed, num_proc,
                                                        batch_max_chars):
    meta2 = pack_texts(iter(docs), tok, CFG, tmp_path / "p2", num_proc=num_proc,
                       batch_max_chars=batch_max_chars)
    meta1 = read_meta(packed)
    assert meta2["num_proc"] == num_proc
    volatile = {"seconds", "tokens_per_s", "num_proc"}
    assert {k: v for k, v in meta1.items() if k not in volatile} == \
           {k: v for k, v in meta2.items() if k not in volatile}
    for split in ("train", "val"):
        for shard in meta1["splits"][split]["shards"]:
            assert (packed / shard["file"]).read_bytes() == (tmp_path / "p2" / shard["file"]).read_bytes()


def test_is_val_doc_exact_fraction():
    assert sum(is_val_doc(i, 0.005) for i in range(1000)) == 5
    assert [i for i in range(30) if is_val_doc(i, 0.1)] == [9, 19, 29]
    assert not any(is_val_doc(i, 0.0) for i in range(100))
    assert all(is_val_doc(i, 1.0) for i in range(100))


def test_token_dtype():
    assert token_dtype(512) == np.uint16 and token_dtype(1 << 16) == np.uint16
    assert token_dtype((1 << 16) + 1) == np.uint32 and token_dtype(51200) == np.uint16


def test_large_vocab_packs_uint32(tmp_path, docs, tok_dir):
    big = load_tokenizer(tok_dir)
    big.vocab_size = 100_000  # as if the vocabulary were larger: the dtype must follow it
    meta = pack_texts(docs[:10], big, PackingConfig(shard_tokens=1000, val_fraction=0.0), tmp_path)
    assert meta["dtype"] == "uint32"
    reader = PackedTokens(tmp_path, "train")
    assert big.decode(reader.tokens(0, len(reader)).tolist()) == "".join(d + EOT for d in docs[:10])
    assert (tmp_path / "train_00000.bin").stat().st_size == 4 * 1000


def test_pack_dataset_from_dataset_and_directory(tmp_path, docs, tok, packed):
    ds = datasets.Dataset.from_dict({"text": docs, "path": [str(i) for i in range(len(docs))]})
    ds.save_to_disk(str(tmp_path / "ds"))
    for source, name in ((ds, "a"), (tmp_path / "ds", "b")):
        meta = pack_dataset(source, tok, CFG, tmp_path / name)
        assert meta["n_tokens"] == read_meta(packed)["n_tokens"]
        assert np.array_equal(_all_tokens(tmp_path / name, "train"), _all_tokens(packed, "train"))
    with pytest.raises(KeyError, match="content"):
        pack_dataset(ds, tok, CFG, tmp_path / "c", text_field="content")


def test_repacking_removes_stale_shards(tmp_path, docs, tok):
    (tmp_path / "train_00099.bin").write_bytes(b"\0\0")
    (tmp_path / "unrelated.txt").write_text("keep")
    pack_texts(docs[:3], tok, CFG, tmp_path)
    assert not (tmp_path / "train_00099.bin").exists() and (tmp_path / "unrelated.txt").exists()


def test_reader_slices_cross_shards(packed):
    reader = PackedTokens(packed, "train")
    flat = _all_tokens(packed, "train").astype(np.int64)
    assert len(reader) == len(flat)
    assert np.array_equal(reader.tokens(4990, 5010), flat[4990:5010])  # over a shard edge
    seq = 64
    assert reader.n_slices(seq) == (len(flat) - 1) // seq
    for i in (0, 78, reader.n_slices(seq) - 1):  # slice 78 spans tokens 4992..5056
        x, y = reader.get_slice(i, seq)
        assert x.dtype == torch.int64 and x.shape == y.shape == (seq,)
        assert x.tolist() == flat[i * seq:(i + 1) * seq].tolist()
        assert y.tolist() == flat[i * seq + 1:(i + 1) * seq + 1].tolist()
    with pytest.raises(IndexError):
        reader.get_slice(reader.n_slices(seq), seq)
    with pytest.raises(IndexError):
        reader.tokens(0, len(reader) + 1)


def test_random_batch_is_seeded(packed):
    a = PackedTokens(packed, "train", seed=1).random_batch(8, 64)
    b = PackedTokens(packed, "train", seed=1).random_batch(8, 64)
    c = PackedTokens(packed, "train", seed=2).random_batch(8, 64)
    assert torch.equal(a[0], b[0]) and torch.equal(a[1], b[1]) and not torch.equal(a[0], c[0])
    x, y = a
    assert x.shape == y.shape == (8, 64) and x.dtype == torch.int64
    assert torch.equal(x[:, 1:], y[:, :-1])
    external = PackedTokens(packed, "train").random_batch(8, 64, rng=np.random.default_rng(1))
    assert torch.equal(external[0], a[0])
    reader = PackedTokens(packed, "train", seed=3)
    assert not torch.equal(reader.random_batch(8, 64)[0], reader.random_batch(8, 64)[0])  # advances


def test_reader_errors(tmp_path, packed, docs, tok):
    with pytest.raises(FileNotFoundError, match="meta.json"):
        PackedTokens(tmp_path / "nothing")
    with pytest.raises(KeyError, match="test"):
        PackedTokens(packed, "test")
    pack_texts(docs[:3], tok, CFG, tmp_path / "tiny")  # 3 docs at 0.1: no val document
    empty = PackedTokens(tmp_path / "tiny", "val")
    assert len(empty) == 0 and empty.n_slices(64) == 0
    with pytest.raises(ValueError, match="has 0 tokens"):
        empty.random_batch(2, 64)


_MEMORY_CHILD = textwrap.dedent("""
    import json, sys
    from phi1lib.core.config import PackingConfig
    from phi1lib.data.packing import pack_texts
    from phi1lib.data.tokenizer import load_tokenizer

    def docs(n):  # generated on the fly: the corpus never exists in memory as a whole
        for i in range(n):
            yield (f"def function_{i}(x, y):\\n    '''Value for case {i}.'''\\n"
                   f"    total = x * {i % 97} + y\\n    for k in range({i % 13}):\\n"
                   f"        total += k\\n    return total\\n\\n") * 8

    def status_bytes(field):  # VmHWM is this process's peak RSS; ru_maxrss would carry the
        # parent's peak over fork + exec on Linux
        for line in open("/proc/self/status"):
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024

    tok_dir, out_dir, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    tok = load_tokenizer(tok_dir)
    tok.encode_batch(["warm up the tokenizer"] * 256)
    base = status_bytes("VmHWM")
    meta = pack_texts(docs(n), tok, PackingConfig(shard_tokens=1 << 20, batch_docs=256), out_dir,
                      num_proc=1)
    peak = status_bytes("VmHWM")
    print(json.dumps({"base": base, "peak": peak, "text_bytes": sum(len(d) for d in docs(n)),
                      "n_tokens": meta["n_tokens"], "tokens_per_s": meta["tokens_per_s"]}))
""")


def _pack_in_child(tok_dir: Path, out_dir: Path, n_docs: int) -> dict:
    run = subprocess.run([sys.executable, "-c", _MEMORY_CHILD, str(tok_dir), str(out_dir), str(n_docs)],
                         capture_output=True, text=True, cwd=REPO, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc (Linux)")
def test_memory_stays_flat_in_corpus_size(tmp_path, tok_dir):
    """Peak RSS (VmHWM of a fresh process) while packing N and 4N generated documents.

    Packing may add at most `cap` over the process's baseline; the 4N corpus (~36 MB of text, ~41 MB
    of uint16 tokens) is twice that. Growing the corpus 4x must not grow the peak by even half the
    extra text (holding the text would, holding the tokens as Python ints would by far more).
    Measured here: +26 to +31 MiB over baseline for 8k, 32k and 96k documents alike.
    """
    cap = 40 << 20
    small = _pack_in_child(tok_dir, tmp_path / "small", 8_000)
    large = _pack_in_child(tok_dir, tmp_path / "large", 32_000)
    assert large["text_bytes"] + 2 * large["n_tokens"] > 1.8 * cap
    assert large["peak"] - large["base"] < cap
    assert large["peak"] - small["peak"] < 0.5 * (large["text_bytes"] - small["text_bytes"])
    print(f"\npeak RSS: N docs {small['peak'] / 2**20:.0f} MiB, 4N docs {large['peak'] / 2**20:.0f} MiB "
          f"(baseline {large['base'] / 2**20:.0f} MiB); 4N = {large['text_bytes'] / 1e6:.0f} MB text, "
          f"{large['n_tokens'] / 1e6:.1f}M tokens at {large['tokens_per_s'] / 1e6:.2f}M tokens/s")
