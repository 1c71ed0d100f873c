"""Profiles: a few overrides of the paper's defaults (config.py), sized to a machine.

- ``full``: phi-1 and phi-1-small at the paper's scale (multi-GPU, a real teacher, The Stack).
- ``small``: the phi-1-small shape on one GPU, a shorter schedule.
- ``tiny``: the default; the whole study on a 2-core laptop in <= 45 minutes. Budgets come from
  ../shared/MEASURED.md: ~3k tokens/s for a 7M-parameter model at seq 256, so ~2M tokens per 10 min.
- ``smoke``: the tests' profile; every notebook in a few minutes, numbers mean nothing.
"""

from __future__ import annotations

from typing import Any

_OFFLINE = {
    "corpus.source": "local",
    "tokenizer.kind": "bpe",
    "filter.annotator": "rubric",
    "filter.embedder": "minilm",
    "teacher.kind": "offline",
    "device": "cpu",
}

PROFILES: dict[str, dict[str, Any]] = {
    "full": {},
    "small": {
        "models": ["phi-1-small"],
        "device": "cuda",
        "pretrain.max_steps": 12_000,
        "pretrain.keep_checkpoint_at": [],
        "pretrain.batch_size": 256,
        "finetune.max_steps": 2000,
        "stage_timeout_s": 2 * 24 * 3600,
    },
    "tiny": {
        **_OFFLINE,
        "seeds": [0, 1, 2],
        "models": ["tiny-small", "tiny"],
        "corpus.max_files": 6000,
        "tokenizer.vocab_size": 4096,
        "tokenizer.train_max_docs": 3000,
        "packing.seq_len": 256,
        "packing.shard_tokens": 1 << 22,
        "packing.num_proc": 1,  # the tokenizer already uses both cores; workers only add start-up
        "filter.n_annotations": 3000,
        "synth.n_textbook_sections": 1500,
        "synth.n_exercises": 6000,
        "pretrain.batch_size": 16,
        "pretrain.micro_batch_size": 16,
        "pretrain.warmup_steps": 30,
        "pretrain.max_steps": 300,
        "pretrain.eval_every": 100,
        "pretrain.save_every": 100,
        "pretrain.keep_checkpoint_at": [],
        "pretrain.precision": "bf16",  # bf16 autocast trains 1.6x faster here (benchmarks/bench_train.py)
        "finetune.batch_size": 16,
        "finetune.micro_batch_size": 16,
        "finetune.warmup_steps": 10,
        "finetune.max_steps": 150,
        "finetune.eval_every": 50,
        "finetune.save_every": 50,
        "finetune.precision": "bf16",
        "eval.limit": 50,  # ~1.4 s per prompt for a tiny model here: all 664 problems x 12 models is hours
        "eval.max_new_tokens": 96,
        "eval.timeout_s": 5.0,
        "stage_timeout_s": 30 * 60,
    },
    "smoke": {
        **_OFFLINE,
        "models": ["smoke"],
        "corpus.max_files": 300,
        "corpus.include_site_packages": False,
        "tokenizer.vocab_size": 1024,
        "tokenizer.min_frequency": 2,
        "tokenizer.train_max_docs": 300,
        "packing.seq_len": 64,
        "packing.shard_tokens": 1 << 16,
        "packing.num_proc": 1,
        "filter.n_annotations": 200,
        "synth.n_textbook_sections": 40,
        "synth.n_exercises": 120,
        "pretrain.batch_size": 4,
        "pretrain.micro_batch_size": 4,
        "pretrain.warmup_steps": 2,
        "pretrain.max_steps": 10,
        "pretrain.eval_every": 5,
        "pretrain.save_every": 5,
        "pretrain.keep_checkpoint_at": [],
        "pretrain.precision": "fp32",
        "finetune.batch_size": 4,
        "finetune.micro_batch_size": 4,
        "finetune.warmup_steps": 1,
        "finetune.max_steps": 5,
        "finetune.eval_every": 5,
        "finetune.save_every": 5,
        "finetune.precision": "fp32",
        "eval.limit": 5,
        "eval.max_new_tokens": 32,
        "eval.timeout_s": 5.0,
        "stage_timeout_s": 10 * 60,
    },
}
