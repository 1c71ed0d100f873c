"""Byte-level BPE for Python code, and one small wrapper over any local tokenizer.

Paper: phi-1 uses the CodeGen-350M-mono tokenizer (GPT-2's byte-level BPE plus extra tokens for runs of
spaces and tabs; 50295 entries, padded to 51200). Offline we train our own byte-level BPE on the corpus
(`train_tokenizer`) with a pre-tokenization regex for code: GPT-2's, except that newlines and runs of
spaces/tabs become pretokens of their own. Indentation then never shares a pretoken with the word after
it, so BPE learns 4 and 8 spaces as single tokens, which is what CodeGen's added whitespace tokens buy.
`load_tokenizer` loads either that or any local Hugging Face tokenizer directory (e.g. a copy of
Salesforce/codegen-350M-mono) behind one interface: `CodeTokenizer`.

Choices: ``<|endoftext|>`` is a special token (id 0 in ours) that only packing inserts; a literal
``<|endoftext|>`` inside a source file is encoded as ordinary bytes (`encode_special_tokens`), so
files cannot forge document boundaries. No BOS, no normalizer: ``decode(encode(s)) == s`` exactly.
Simplified: no vocabulary padding here (the model rounds the vocabulary up, config.py).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path

import tokenizers
from tokenizers import Regex, decoders, models, pre_tokenizers, trainers

from phi1lib.core.config import TokenizerConfig

EOT = "<|endoftext|>"
# GPT-2's pattern with two changes for code: `\s+(?!\S)|\s+` becomes "trailing blanks + newlines" and
# "a run of blanks", so a line's indentation is one pretoken (GPT-2 would glue its last space to the
# next word, leaving 3 or 7 spaces).
CODE_SPLIT_PATTERN = (
    r"'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|[^\S\r\n]*[\r\n]+|[^\S\r\n]+"
)
# The same with every bracket a pretoken of its own (`TokenizerConfig.split_brackets`): BPE then never
# merges "))", "())" or "):", so a model closes each bracket with a token of its own instead of choosing
# among ~120 tokens that close one, two or three at once.
BRACKET_SPLIT_PATTERN = (
    r"'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[()\[\]{}]| ?[^\s\p{L}\p{N}()\[\]{}]+"
    r"|[^\S\r\n]*[\r\n]+|[^\S\r\n]+"
)


def build_bpe(pattern: str = CODE_SPLIT_PATTERN) -> tokenizers.Tokenizer:
    """An untrained byte-level BPE with the code pre-tokenizer (no normalizer, nothing added)."""
    tok = tokenizers.Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(pattern), behavior="isolated"),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),  # bytes -> 256 symbols
    ])
    tok.decoder = decoders.ByteLevel()
    return tok


def train_tokenizer(texts: Iterable[str], cfg: TokenizerConfig, out_dir: Path | str) -> Path:
    """Train on `texts` (the first `cfg.train_max_docs` of them), save to `out_dir`, return it.

    Writes ``tokenizer.json`` (the `tokenizers` model) and ``tokenizer_config.json`` /
    ``special_tokens_map.json`` so that ``transformers.AutoTokenizer.from_pretrained(out_dir)`` loads
    it with `cfg.eot_token` as eos (and bos/unk, as CodeGen). The vocabulary can come out smaller than
    `cfg.vocab_size` when the corpus has fewer merges of `cfg.min_frequency`.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tok = build_bpe(BRACKET_SPLIT_PATTERN if cfg.split_brackets else CODE_SPLIT_PATTERN)
    trainer = trainers.BpeTrainer(
        vocab_size=cfg.vocab_size,
        min_frequency=cfg.min_frequency,
        special_tokens=[cfg.eot_token],  # first, so it gets id 0
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),  # every byte encodable, no <unk>
        show_progress=False,
    )
    tok.train_from_iterator(itertools.islice(texts, cfg.train_max_docs), trainer=trainer)
    tok.save(str(out_dir / "tokenizer.json"))
    # Written by hand rather than by transformers' save_pretrained: the same files for any version.
    special = {"bos_token": cfg.eot_token, "eos_token": cfg.eot_token, "unk_token": cfg.eot_token}
    hf_config = {"tokenizer_class": "PreTrainedTokenizerFast", **special,
                 "clean_up_tokenization_spaces": False, "add_prefix_space": False}
    (out_dir / "tokenizer_config.json").write_text(json.dumps(hf_config, indent=2) + "\n")
    (out_dir / "special_tokens_map.json").write_text(json.dumps(special, indent=2) + "\n")
    return out_dir


class CodeTokenizer:
    """encode/decode that round-trip exactly, the end-of-text id, and the vocabulary size."""

    def __init__(self, backend: tokenizers.Tokenizer, eot_token: str = EOT, source: str = ""):
        self.backend = backend
        # Text that spells the eot token is just text; only packing inserts the real one.
        self.backend.encode_special_tokens = True
        eot_id = backend.token_to_id(eot_token)
        if eot_id is None:
            raise ValueError(f"tokenizer {source or '(in memory)'} has no {eot_token!r} token")
        self.eot_token = eot_token
        self.eot_id: int = eot_id
        # max id + 1, not the count: ids are what must fit the embedding table and the shard dtype.
        self.vocab_size: int = max(backend.get_vocab(with_added_tokens=True).values()) + 1
        self.source = source

    def encode(self, text: str) -> list[int]:
        return self.backend.encode(text, add_special_tokens=False).ids

    def encode_batch(self, texts: Sequence[str]) -> list[list[int]]:
        # encode_batch_fast (tokenizers >= 0.21) skips offsets: ~15% faster, same ids.
        encode = getattr(self.backend, "encode_batch_fast", self.backend.encode_batch)
        return [e.ids for e in encode(list(texts), add_special_tokens=False)]

    def decode(self, ids: Iterable[int]) -> str:
        return self.backend.decode([int(i) for i in ids], skip_special_tokens=False)

    def to_str(self) -> str:
        """The tokenizer as JSON (`tokenizers` format): what worker processes rebuild it from."""
        return self.backend.to_str()

    @classmethod
    def from_str(cls, data: str, eot_token: str = EOT) -> CodeTokenizer:
        return cls(tokenizers.Tokenizer.from_str(data), eot_token)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.to_str().encode()).hexdigest()

    def __len__(self) -> int:
        return self.vocab_size

    def __repr__(self) -> str:
        return f"CodeTokenizer(vocab_size={self.vocab_size}, eot_id={self.eot_id}, source={self.source!r})"


def _eos_from_config(directory: Path) -> str | None:
    config = directory / "tokenizer_config.json"
    if not config.is_file():
        return None
    eos = json.loads(config.read_text()).get("eos_token")
    return eos.get("content") if isinstance(eos, dict) else eos


def load_tokenizer(source: TokenizerConfig | Path | str,
                   directory: Path | str | None = None) -> CodeTokenizer:
    """A `CodeTokenizer` from our `train_tokenizer` output or any local Hugging Face tokenizer dir.

    `source` is a directory (or a ``tokenizer.json``), or a `TokenizerConfig`: kind "pretrained" reads
    `pretrained_path`; kind "bpe" needs `directory`, the folder `train_tokenizer` wrote (the config
    has no field for it). A directory without ``tokenizer.json`` (e.g. GPT-2 style vocab.json +
    merges.txt) goes through ``transformers.AutoTokenizer``, which converts it to a fast tokenizer.
    """
    eot_token = EOT
    if isinstance(source, TokenizerConfig):
        eot_token = source.eot_token
        path = directory if directory is not None else (
            source.pretrained_path if source.kind == "pretrained" else None)
        if path is None:
            raise ValueError(f"tokenizer.kind={source.kind!r}: pass the directory to load "
                             f"(train_tokenizer's output, or set tokenizer.pretrained_path)")
    else:
        path = source
    path = Path(path)
    if path.is_file():
        return CodeTokenizer(tokenizers.Tokenizer.from_file(str(path)), eot_token, str(path))
    if not path.is_dir():
        raise FileNotFoundError(f"no tokenizer at {path}")
    if (path / "tokenizer.json").is_file():
        backend = tokenizers.Tokenizer.from_file(str(path / "tokenizer.json"))
    else:
        from transformers import AutoTokenizer  # heavy import, only for directories that need it

        hf = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        backend = getattr(hf, "backend_tokenizer", None)
        if backend is None:
            raise ValueError(f"{path}: transformers gave a slow tokenizer ({type(hf).__name__}); "
                             f"only fast (tokenizers-backed) ones are supported")
    if backend.token_to_id(eot_token) is None:
        eot_token = _eos_from_config(path) or eot_token  # e.g. a tokenizer whose eos is "</s>"
    return CodeTokenizer(backend, eot_token, str(path))


def prepare_tokenizer(cfg: TokenizerConfig, texts: Iterable[str], out_dir: Path | str) -> CodeTokenizer:
    """The study's tokenizer in `out_dir`: trained on `texts` (kind "bpe"), or copied from
    `cfg.pretrained_path` (kind "pretrained", e.g. CodeGen-350M-mono's), so later stages always read
    it from the same place. `texts` is not consumed for a pretrained tokenizer."""
    out_dir = Path(out_dir)
    if cfg.kind == "bpe":
        train_tokenizer(texts, cfg, out_dir)
    elif cfg.kind == "pretrained":
        source = Path(load_tokenizer(cfg).source)  # loads it first: a bad path fails before any copy
        if out_dir.exists():
            shutil.rmtree(out_dir)
        if source.is_dir():
            shutil.copytree(source, out_dir)
        else:
            out_dir.mkdir(parents=True)
            shutil.copy(source, out_dir / "tokenizer.json")
    else:
        raise ValueError(f"tokenizer.kind must be 'bpe' or 'pretrained', got {cfg.kind!r}")
    return load_tokenizer(out_dir)
