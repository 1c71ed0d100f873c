"""Profiles: a few overrides of the paper's defaults (config.py), sized to a machine.

- ``full``: phi-1 and phi-1-small at the paper's scale (multi-GPU, a real teacher, The Stack).
- ``small``: the phi-1-small shape on one GPU, a shorter schedule.
- ``tiny``: the default; the whole study on a 2-core laptop in <= 45 minutes. Budgets come from
  measured throughput (benchmarks/bench_train.py; the README's run layout): ~6k tokens/s per core for
  `tiny`, ~13k for `tiny-small`, in bf16 at seq 256.
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
        # Planned around capability (README, "The tiny study"): a model writes working code only after
        # ~1M+ tokens of exercises, so the budget goes to fewer, longer runs. The data ablation runs at
        # the smaller shape (every setting, each with and without finetuning) and the larger shape
        # trains on CodeTextbook only, as the paper's Figure 2.1 does at 350M and 1.3B.
        "seeds": [0],
        "models": ["tiny-small", "tiny"],
        "ablation.settings_by_shape": {"tiny": ["codetextbook"]},
        "ablation.finetune_settings": ["unfiltered", "filtered", "codetextbook"],
        # One run per core: the single 4 x 256 run on one, the three 2 x 128 runs (each ~3x cheaper)
        # one after the other on the other; that ends sooner than the 4 x 256 run alone on both cores
        # first (`threads_by_shape`; ~2x faster there, measured on this 2-core machine) and the others after it.
        "corpus.max_files": 6000,
        "tokenizer.vocab_size": 4096,
        "tokenizer.train_max_docs": 3000,
        "packing.seq_len": 256,
        "packing.shard_tokens": 1 << 22,
        "packing.num_proc": 1,  # the tokenizer already uses both cores; workers only add start-up
        "filter.n_annotations": 3000,
        # MiniLM reads each file's first 128 tokens in bf16 (embed.py): ~2x cheaper than 256 in fp32,
        # and the whole corpus must be embedded within the stage's budget.
        "filter.embed_max_tokens": 128,
        # In process, not on datatrove: here the datatrove path costs more than 10% of the stage
        # (README, "The filter stage at scale"); tests/filter/test_filter_pipeline.py keeps both equal.
        "filter.engine": "in_process",
        "filter.tasks": 4,
        "filter.embed_precision": "bf16",
        "synth.n_textbook_sections": 1500,
        # 20,000 exercises rather than 6,000: the larger tiny run then trains 4,000+ steps (~4+ epochs) without
        # memorising them, and passed 162 of 300 held-out instances where 6,000 at 3,000 steps (~10 epochs)
        # passed 101 (same base, same held-out set; session-9 sweep, README). 1.5% of them held out: the
        # 300 held-out instances and 300 held-out family problems the evaluation scores in full.
        "synth.n_exercises": 20000,
        "synth.heldout_fraction": 0.015,
        "synth.heldout_families": 6,
        # a quarter of the finetuning exercises ask for the whole function from a description and an
        # assertion (MBPP's form; the docstring completions alone taught only indented bodies: README)
        "synth.task_form_share": 0.25,
        # no pipeline exercises: 6,000 on top of the 20,000 (session 12, README) made the held-out families'
        # completions parse more often (66% against 47%) and their code more likely, but passed fewer
        # held-out instances (120 against 168 of 300) and no held-out family problem (against 3)
        "synth.n_pipeline_exercises": 0,
        "pretrain.batch_size": 16,
        "pretrain.micro_batch_size": 16,
        # 250 steps x 16 x 256 = 1.0M tokens per run (the paper: 51B)
        "pretrain.warmup_steps": 25,
        "pretrain.max_steps": 250,
        "pretrain.dropout": 0.0,
        "pretrain.eval_every": 125,
        "pretrain.save_every": 125,
        "pretrain.eval_sequences": 64,
        "pretrain.keep_checkpoint_at": [],
        "pretrain.precision": "bf16",  # bf16 autocast trains 1.6x faster here (benchmarks/bench_train.py)
        # The finetuning recipe of the sweeps (benchmarks/sweep_finetune.py, README): 30x the paper's
        # peak LR, no dropout, weight decay 0.1; ~4 epochs over the exercises for the larger shape, ~1 for
        # the smaller.
        "finetune.batch_size": 16,
        "finetune.micro_batch_size": 16,
        "finetune.warmup_steps": 50,
        # The larger shape on one core while the three smaller runs follow one another on the other
        # (~500 s: ~1,000 of its steps), then the larger alone on both cores, where it trains 1.6x
        # faster (`alone_from_step_by_shape`; benchmarks/bench_train.py --alone): the stage ends ~4 min
        # sooner than with the larger run on one core throughout. On 6,000 exercises 4,000 steps passed
        # no more than 3,000 (96 against 98 of 300 held-out instances: it memorised them); on 20,000,
        # 3,000 steps passed 130 and 4,000 passed 162 (session-9 sweep, README). 4,750 steps (session 10)
        # passed 183 of 300 but no more held-out family problems (3 of 300); 5,400 (~5.5 epochs; session-12
        # sweep, one thread) passed 193 and 10 of 300 held-out family problems, the first count whose
        # interval clears zero, for ~6 more minutes of the stage; in the whole study (session 13, two threads
        # from step 1,000) it passed 197 and 3, and the study took 38.7 minutes. The smaller shape's 800 steps (~0.8
        # epoch; they pass ~0 of the held-out problems at 1,000 too) and the earlier switch save ~80 s.
        "finetune.max_steps": 800,
        "finetune.max_steps_by_shape": {"tiny": 5400},
        "finetune.alone_from_step_by_shape": {"tiny": 1000},
        "finetune.lr": 3e-3,
        "finetune.weight_decay": 0.1,
        "finetune.dropout": 0.0,
        # the loss on prompt and answer: from the same base, 51/300 held-out instances and 2/300 held-out
        # family problems against 44 and 0 for the answer only (one seed; README, the finetuning sweep)
        "finetune.loss_on": "all",
        "finetune.eval_every": 250,
        "finetune.save_every": 250,
        "finetune.keep_checkpoint_at": [250, 500, 1000, 2000, 3000, 4000],  # pass@1 against compute (notebook 05)
        "finetune.eval_sequences": 64,
        "finetune.precision": "bf16",
        "eval.limit": None,  # every problem: 164 HumanEval, 500 MBPP, the whole held-out set
        "eval.capability_limit": 50,  # per benchmark and checkpoint: fixed random subsets
        "eval.capability_seeds": 1,
        "eval.max_new_tokens": 128,
        "eval.timeout_s": 5.0,
        # MiniLM embeds ~24 exercises/s here: the ~16,000 exercises + 664 problems would take longer than
        # the whole contamination stage's ~6 min, so its embedding distance uses the hashed TF-IDF.
        "contamination.embedder": "tfidf",
        # retraining on pruned exercises is a full finetuning run each: the smaller shape, two taus
        "contamination.retrain_shape": "tiny-small",
        "contamination.retrain_taus": [0.95, 0.8],
        # 4 categories x 12 completions and x <= 60 scored references per model: 12 tiny models with
        # random weights (no early stop, the worst case) took 75 s on the shared 2-core machine
        "emergence.limit": 12,
        "emergence.loglik_limit": 60,
        # a limit, not a plan: the finetuning stage took 26 of these 45 minutes in the session-7 reference
        # run on a slow day of the shared 2-core machine
        "stage_timeout_s": 45 * 60,
    },
    "smoke": {
        **_OFFLINE,
        "models": ["smoke"],
        "corpus.max_files": 300,
        "corpus.include_site_packages": False,
        "tokenizer.vocab_size": 1024,
        "tokenizer.min_frequency": 2,
        "tokenizer.train_max_docs": 300,
        "packing.seq_len": 256,  # the synthetic exercises are ~100-300 tokens with this small vocabulary
        "packing.shard_tokens": 1 << 16,
        "packing.val_fraction": 0.02,  # a few hundred files: 0.5% would leave the filtered set no validation file
        "packing.num_proc": 1,
        "filter.n_annotations": 200,
        "filter.embedder": "tfidf",  # seconds, not minutes; MiniLM is tested in tests/filter/test_embed.py
        "filter.embed_dim": 64,
        "filter.num_proc": 1,  # a few hundred files: worker start-up would cost more than it saves
        "filter.engine": "in_process",  # as tiny
        "filter.tasks": 4,
        "filter.eval_seeds": [0, 1, 2],
        "filter.curve_seeds": [0],
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
        "eval.capability_limit": 3,
        "eval.max_new_tokens": 32,
        "eval.timeout_s": 5.0,
        "emergence.limit": 2,
        "emergence.loglik_limit": 6,
        "emergence.n_gallery": 2,
        "emergence.n_boot": 500,
        "stage_timeout_s": 10 * 60,
    },
}
