"""tokenizer.py: cheap indentation, exact round-trips on real stdlib files, HF-compatible directories."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import tokenizers

from phi1lib.core.config import CorpusConfig, TokenizerConfig
from phi1lib.data.corpus import iter_local_sources
from phi1lib.data.tokenizer import (BRACKET_SPLIT_PATTERN, EOT, CodeTokenizer, build_bpe, load_tokenizer,
                                   train_tokenizer)

VOCAB = 1024


@pytest.fixture(scope="module")
def stdlib_texts() -> list[str]:
    """~260 real stdlib files under 30 kB: up to 100 non-ASCII ones (test suites included: they
    hold the odd characters) plus an even spread of the rest."""
    cfg = CorpusConfig(source="local", include_site_packages=False, include_test_suites=True,
                       max_file_bytes=30_000)  # small files keep the test in seconds
    files = list(iter_local_sources(cfg))
    non_ascii = [f.text for f in files if not f.text.isascii()][:100]
    ascii_ = [f.text for f in files if f.text.isascii()]
    chosen = non_ascii + ascii_[:: max(1, len(ascii_) // 200)][:200]
    assert len(non_ascii) >= 30 and len(chosen) >= 200
    return chosen


@pytest.fixture(scope="module")
def trained(tmp_path_factory, stdlib_texts) -> Path:
    out = tmp_path_factory.mktemp("tok")
    return train_tokenizer(iter(stdlib_texts), TokenizerConfig(kind="bpe", vocab_size=VOCAB), out)


@pytest.fixture(scope="module")
def tok(trained) -> CodeTokenizer:
    return load_tokenizer(trained)


def test_indentation_is_one_token(tok: CodeTokenizer):
    for indent in (" " * 4, " " * 8):
        ids = tok.encode(f"{indent}return x\n")
        assert tok.decode(ids[:1]) == indent, f"{len(indent)} spaces did not become one token"
        after_newline = tok.encode(f"if x:\n{indent}y = 1\n")
        assert indent in [tok.decode([i]) for i in after_newline]


def test_pretokenizer_isolates_blanks_and_newlines():
    pieces = [p for p, _ in build_bpe().pre_tokenizer.pre_tokenize_str("def f():\n        return  x\n\n")]
    g = "Ġ"  # byte-level space
    assert pieces == ["def", f"{g}f", "():", "Ċ", g * 8, "return", g * 2, "x", "ĊĊ"]


def test_bracket_split_pretokenizer_keeps_each_bracket_apart():
    pieces = [p for p, _ in build_bpe(BRACKET_SPLIT_PATTERN).pre_tokenizer.pre_tokenize_str("f(g(x[0])): {}\n")]
    assert pieces == ["f", "(", "g", "(", "x", "[", "0", "]", ")", ")", ":", "Ġ{", "}", "Ċ"]


def test_split_brackets_tokenizer_learns_no_bracket_merges(tmp_path: Path, stdlib_texts: list[str], tok):
    brackets = set("()[]{}")

    def merged(t: CodeTokenizer) -> list[str]:
        pieces = (t.decode([i]) for i in range(1, t.vocab_size))
        return [p for p in pieces if brackets & set(p) and len(p.strip()) > 1]

    split = load_tokenizer(train_tokenizer(iter(stdlib_texts), TokenizerConfig(
        kind="bpe", vocab_size=VOCAB, split_brackets=True), tmp_path / "split"))
    assert merged(tok) and not merged(split)  # the default merges "))" and the like, the split one never
    text = "print(sorted(set(xs))[:3])\n"
    assert split.decode(split.encode(text)) == text
    assert [split.decode([i]) for i in split.encode("))")] == [")", ")"]
    for text in stdlib_texts[:50]:
        assert split.decode(split.encode(text)) == text


def test_roundtrip_exact_on_real_files(tok: CodeTokenizer, stdlib_texts: list[str]):
    batch = tok.encode_batch(stdlib_texts)
    for text, ids in zip(stdlib_texts, batch, strict=True):
        assert tok.decode(ids) == text
    assert [tok.encode(t) for t in stdlib_texts[:20]] == batch[:20]
    assert max(max(ids) for ids in batch) < tok.vocab_size


@pytest.mark.parametrize("text", [
    "", "\r\n\tx\r\n", "s = '日本語 ✓ 🐍'\n", "a\u2028b\x0cc", "e\u0301", "  trailing  \n  ",
    "x = '<|endoftext|>'\n", "\\x00 \x7f \x01",
])
def test_roundtrip_exact_on_odd_strings(tok: CodeTokenizer, text: str):
    assert tok.decode(tok.encode(text)) == text


def test_literal_eot_is_text_not_a_boundary(tok: CodeTokenizer):
    ids = tok.encode("x = '<|endoftext|>'")
    assert tok.eot_id not in ids
    assert tok.eot_id == 0 and tok.eot_token == EOT
    assert tok.decode([5, tok.eot_id, 5]) == tok.decode([5]) + EOT + tok.decode([5])


def test_trained_files_and_vocab(trained: Path, tok: CodeTokenizer):
    assert {"tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"} <= {
        p.name for p in trained.iterdir()}
    assert json.loads((trained / "special_tokens_map.json").read_text())["eos_token"] == EOT
    assert tok.vocab_size == VOCAB == len(tok)
    assert "vocab_size=1024" in repr(tok)


def test_transformers_loads_it(trained: Path, tok: CodeTokenizer, stdlib_texts: list[str]):
    from transformers import AutoTokenizer, PreTrainedTokenizerFast

    hf = AutoTokenizer.from_pretrained(str(trained))
    assert isinstance(hf, PreTrainedTokenizerFast)
    assert hf.eos_token == EOT and hf.eos_token_id == tok.eot_id
    text = stdlib_texts[0]
    ids = hf(text, add_special_tokens=False)["input_ids"]
    assert ids == tok.encode(text)
    assert hf.decode(ids) == text  # clean_up_tokenization_spaces is off


def test_training_is_deterministic_and_honours_max_docs(tmp_path: Path, stdlib_texts: list[str]):
    cfg = TokenizerConfig(kind="bpe", vocab_size=300, train_max_docs=20)
    pulled = []

    def texts():
        for text in stdlib_texts:
            pulled.append(text)
            yield text

    a = train_tokenizer(texts(), cfg, tmp_path / "a")
    assert len(pulled) == 20
    b = train_tokenizer(iter(stdlib_texts[:20]), cfg, tmp_path / "b")
    assert (a / "tokenizer.json").read_text() == (b / "tokenizer.json").read_text()
    assert load_tokenizer(a).sha256 == load_tokenizer(b).sha256


def test_load_tokenizer_sources(trained: Path, tok: CodeTokenizer, tmp_path: Path):
    text = "def f(x):\n    return x * 2\n"
    from_cfg = load_tokenizer(TokenizerConfig(kind="pretrained", pretrained_path=str(trained)))
    from_bpe = load_tokenizer(TokenizerConfig(kind="bpe"), directory=trained)
    from_file = load_tokenizer(trained / "tokenizer.json")
    assert from_cfg.encode(text) == from_bpe.encode(text) == from_file.encode(text) == tok.encode(text)
    with pytest.raises(ValueError, match="pass the directory"):
        load_tokenizer(TokenizerConfig(kind="bpe"))
    with pytest.raises(FileNotFoundError, match="missing_dir"):
        load_tokenizer(tmp_path / "missing_dir")


def test_from_str_rebuilds_the_same_tokenizer(tok: CodeTokenizer):
    copy = CodeTokenizer.from_str(tok.to_str())
    text = "for i in range(10):\n    print('<|endoftext|>', i)\n"
    assert copy.encode(text) == tok.encode(text) and copy.sha256 == tok.sha256
    assert copy.eot_id == tok.eot_id and copy.vocab_size == tok.vocab_size
    assert copy.encode_batch([text, "x"]) == [tok.encode(text), tok.encode("x")]


def test_any_hf_directory_gpt2_style(tok: CodeTokenizer, tmp_path: Path, stdlib_texts: list[str]):
    """A directory with vocab.json + merges.txt only (how CodeGen/GPT-2 repos ship their BPE) goes
    through transformers, which rebuilds GPT-2's pre-tokenizer: different ids, same exact round-trip."""
    hf_dir = tmp_path / "gpt2_style"
    hf_dir.mkdir()
    tok.backend.model.save(str(hf_dir))
    (hf_dir / "tokenizer_config.json").write_text(json.dumps(
        {"tokenizer_class": "GPT2Tokenizer", "eos_token": EOT, "bos_token": EOT, "unk_token": EOT}))
    assert not (hf_dir / "tokenizer.json").exists()
    other = load_tokenizer(hf_dir)
    assert other.eot_id == tok.eot_id and other.vocab_size == tok.vocab_size
    assert other.encode("        return x") != tok.encode("        return x")  # GPT-2 regex
    for text in stdlib_texts[:60]:
        assert other.decode(other.encode(text)) == text


def test_eos_named_by_the_directory_config(tmp_path: Path, stdlib_texts: list[str]):
    out = train_tokenizer(iter(stdlib_texts[:10]),
                          TokenizerConfig(kind="bpe", vocab_size=300, eot_token="</s>"), tmp_path / "s")
    loaded = load_tokenizer(out)  # asks for <|endoftext|>, finds eos "</s>" in tokenizer_config.json
    assert loaded.eot_token == "</s>" and loaded.eot_id == 0


def test_missing_eot_is_an_error():
    with pytest.raises(ValueError, match=re.escape("no '<|endoftext|>' token")):
        CodeTokenizer(tokenizers.Tokenizer(tokenizers.models.BPE()))

def test_prepare_tokenizer_trains_or_copies(tmp_path):
    import pytest

    from phi1lib.core.config import TokenizerConfig
    from phi1lib.data.tokenizer import prepare_tokenizer

    texts = ["def add(a, b):\n    return a + b\n"] * 20 + ["class A:\n    pass\n"] * 20
    cfg = TokenizerConfig(kind="bpe", vocab_size=300, min_frequency=2)
    trained = prepare_tokenizer(cfg, iter(texts), tmp_path / "bpe")
    assert (tmp_path / "bpe" / "tokenizer.json").is_file()
    assert trained.decode(trained.encode(texts[0])) == texts[0]
    copied = prepare_tokenizer(TokenizerConfig(kind="pretrained", pretrained_path=str(tmp_path / "bpe")),
                               iter(()), tmp_path / "copy")
    assert copied.encode(texts[0]) == trained.encode(texts[0])
    assert (tmp_path / "copy" / "tokenizer_config.json").is_file()
    with pytest.raises(FileNotFoundError):
        prepare_tokenizer(TokenizerConfig(kind="pretrained", pretrained_path=str(tmp_path / "nope")),
                          iter(()), tmp_path / "x")
    assert not (tmp_path / "x").exists()
    with pytest.raises(ValueError, match="kind"):
        prepare_tokenizer(TokenizerConfig(kind="sentencepiece"), iter(texts), tmp_path / "y")
