"""The runs behind the pretrain and finetune notebooks: every model shape x seed, resumable, tabulated.

Notebooks 03 and 04 call these so that no loop lives only in a notebook:

- `pretrain_models`: one `loop.train` run per shape in ``cfg.models`` and seed in ``cfg.seeds`` on the
  packed tokens of each data setting (`setting_dirs`: unfiltered and filtered code from stage 01,
  CodeTextbook = filtered code + synthetic textbooks) with the paper's phi-1-base recipe (`cfg.pretrain`).
- `finetune_models`: the same grid from each pretrained run's best checkpoint (lowest validation loss
  among those saved; the paper finetunes phi-1-base) on function-completion exercises (`cfg.finetune`,
  its `loss_on`): the synthesis stage's CodeExercises (`prepare_synthetic_exercises`; the paper's were
  written by GPT-3.5).
- `load_curves`, `runs_table`, `summarize_runs`, `plot_loss_curves`: what the notebooks show.
- `export_finetuned`, `complete_exercises`: Hugging Face export and a look at greedy completions.

Run directories are ``<shape>-<setting>-s<seed>`` (pretraining on a data setting: unfiltered,
filtered, codetextbook; `SETTING_TOKENS`) and ``<shape>-<setting>-s<seed>-finetuned`` under one
folder (``outputs/<profile>/models/``). Each holds the trainer's files plus ``experiment.json``: the
model and train settings, content hashes of the data and the starting checkpoint, and a hash of the
training code (`training_code_digest`: model, trainer, batches, schedule). A rerun skips a
run whose experiment.json matches and whose summary.json exists, resumes one that matches but did
not finish (the trainer's ckpt_latest.pt), and starts over, deleting the folder, where it differs.
On a CPU the runs go in parallel, one per core with one thread each (`workers.resolve_workers` says why);
on a GPU one after the other. Workers are spawned processes: a script (not a notebook) that calls
these with more than one worker needs the usual ``if __name__ == "__main__":`` guard.

Progress (`phi1lib.core.progress`, on unless ``PHI1_PROGRESS=0`` or ``progress=False``): a line per run
as it finishes (runs done / total, ETA) and, from inside each run, its steps, loss and tokens/s
every `progress.interval_s`, relayed from the worker processes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from phi1lib.train.batches import ExampleData, packed_data, tokenize_examples
from phi1lib.core.config import ModelConfig, StudyConfig, TrainConfig
from phi1lib.core.devices import resolve_device
from phi1lib.core.jsonio import read_jsonl
from phi1lib.core.manifest import hash_path
from phi1lib.core.progress import is_enabled, progress_bar
from phi1lib.core.workers import resolve_workers, run_in_processes
from phi1lib.data.exercises import split_exercises, with_task_forms
from phi1lib.data.packing import pack_texts
from phi1lib.data.tokenizer import load_tokenizer
from phi1lib.model.checkpoint import best_checkpoint, load_model
from phi1lib.model.generate import generate
from phi1lib.model.hf_interop import export_hf
from phi1lib.train.distributed import DistEnv
from phi1lib.train.loop import evaluate, train

EXPERIMENT = "experiment.json"
# Completions stop where a new top-level statement would start (the usual HumanEval stop sequences);
# a finetuned model also ends with <|endoftext|>, as every answer it learned did.
STOP_SEQUENCES = ("\ndef ", "\nclass ", "\nif __name__", "\nprint(", "\n#")


def run_name(shape: str, seed: int, suffix: str = "", setting: str = "") -> str:
    """``tiny-codetextbook-s0`` for pretraining on a data setting, ``tiny-codetextbook-s0-finetuned``
    with suffix "finetuned"; ``tiny-s0`` without a setting."""
    return f"{shape}-" + (f"{setting}-" if setting else "") + f"s{seed}" + (f"-{suffix}" if suffix else "")


def _digest(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()[:16]


# The modules whose code decides what a run computes: a change to any of them means a rerun.
TRAINING_CODE = ("model/transformer.py", "train/loop.py", "train/batches.py", "train/schedule.py",
                 "train/distributed.py")


def training_code_digest() -> str:
    """Hash of the training code's source (`TRAINING_CODE`), recorded in every experiment.json."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for name in TRAINING_CODE:
        digest.update(name.encode() + b"\0" + (package / name).read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class _Job:
    """One training run, as a worker process receives it (everything picklable)."""

    run_dir: Path
    model_cfg: ModelConfig
    train_cfg: TrainConfig
    device: str
    # ("packed", tokens_dir, seq_len) | ("examples", train_pairs, val_pairs, seq_len, loss_on, pad_id)
    data: tuple
    init_from: Path | None = None
    resume: bool = False
    threads: int | None = None  # torch intra-op threads in a worker; None: leave as is
    progress: bool = False  # step progress lines (`_step_progress`)
    wide: int | None = None  # CPU: train alone on this many threads, before the side-by-side runs
    # CPU, side by side: stop at this step (a checkpoint), and resume alone on every core after the
    # other runs (`TrainConfig.alone_from_step_by_shape`); None: the whole run side by side
    alone_from: int | None = None
    stop_at: int | None = None  # end this session after this step (set for the side-by-side part)

    @property
    def cost(self) -> float:
        """Relative compute per token, to start the longest runs first."""
        c = self.model_cfg
        return c.n_layer * 12 * c.d_model ** 2 + 2 * c.d_model * c.vocab_size


def _datasets(spec: tuple):
    if spec[0] == "packed":
        _, directory, seq_len = spec
        return packed_data(directory, "train", seq_len), packed_data(directory, "val", seq_len)
    _, train_pairs, val_pairs, seq_len, loss_on, pad_id = spec
    val = ExampleData(val_pairs, seq_len, loss_on, pad_id=pad_id) if val_pairs else None
    return ExampleData(train_pairs, seq_len, loss_on, pad_id=pad_id), val


def _step_progress(name: str, max_steps: int) -> tuple[Callable[[dict[str, Any]], None],
                                                      Callable[[], None]]:
    """(callback, close): a `loop.train` callback that shows the run's steps as a progress bar, with
    its loss, last validation loss and tokens/s, and the function that closes the bar.

    Driven by the trainer's per-step callback rather than a bar inside `loop.train`, so the
    trainer's source, whose hash decides whether a finished run is reused (`training_code_digest`),
    did not change for it. tokens/s is wall-clock throughput since the bar's first step, evaluation
    and checkpoint time included, so it is what the ETA runs on (the summary's tokens_per_s counts
    optimizer steps only)."""
    state: dict[str, Any] = {}

    def on_step(row: dict[str, Any]) -> None:
        bar = state.get("bar")
        if bar is None:  # the first step run now tells where a resumed run starts
            bar = state["bar"] = progress_bar(max_steps, name, "step", initial=row["step"] - 1, enabled=True)
            state["first"] = row
        if row["val_loss"] is not None:
            state["val"] = row["val_loss"]
        first = state["first"]
        seconds = row["elapsed_s"] - first["elapsed_s"]
        tok_s = (row["tokens"] - first["tokens"]) / seconds if seconds > 0 else row["tokens_per_s"]
        val = f", val {state['val']:.3f}" if "val" in state else ""
        bar.set_postfix_str(f"loss {row['loss']:.3f}{val}, {tok_s:,.0f} tok/s", refresh=False)
        bar.update(row["step"] - bar.n)

    def close() -> None:
        if "bar" in state:
            state["bar"].close()

    return on_step, close


class _Pause(Exception):
    """Raised by the step callback after a run's `stop_at` step (whose checkpoint is saved by then)."""


def _checkpoint_step(run_dir: Path) -> int:
    """The step of the run's latest checkpoint; 0 without one."""
    import torch

    latest = run_dir / "ckpt_latest.pt"
    # mmap: only the step is read, not the weights and optimizer state
    return torch.load(latest, map_location="cpu", weights_only=False, mmap=True)["step"] if latest.is_file() else 0


def _execute(job: _Job) -> float:
    """Train one run (in this process or a worker), or its part up to `job.stop_at`; return the wall
    time in seconds."""
    import time

    import torch

    if job.threads is not None:
        torch.set_num_threads(job.threads)
    started = time.perf_counter()
    if job.stop_at is not None and job.resume and _checkpoint_step(job.run_dir) >= job.stop_at:
        return 0.0  # a rerun: this part is done
    train_data, val_data = _datasets(job.data)
    on_step, close = (_step_progress(job.run_dir.name, job.train_cfg.max_steps) if job.progress
                      else (None, None))

    def callback(row: dict[str, Any]) -> None:
        if on_step is not None:
            on_step(row)
        if job.stop_at is not None and row["step"] >= job.stop_at:
            raise _Pause  # the trainer saved this step's checkpoint before calling back

    try:
        train(job.model_cfg, job.train_cfg, train_data, job.run_dir, val_data=val_data, device=job.device,
              init_from=job.init_from, resume=job.resume, progress=False, callback=callback)
    except _Pause:
        pass
    finally:
        if close is not None:
            close()
    return time.perf_counter() - started


def _plan(run_dir: Path, experiment: dict[str, Any]) -> str:
    """"skipped" (finished with these settings), "resumed" (same settings, a checkpoint to continue
    from) or "ran" (fresh: a folder with other settings is deleted first); records experiment.json."""
    record = run_dir / EXPERIMENT
    experiment = json.loads(json.dumps(experiment, sort_keys=True))  # tuples -> lists, as read back
    same = record.is_file() and json.loads(record.read_text()) == experiment
    if same and (run_dir / "summary.json").is_file():
        return "skipped"
    if run_dir.exists() and not same:
        shutil.rmtree(run_dir)  # another config's run: its checkpoints must not be resumed
    resuming = same and (run_dir / "ckpt_latest.pt").is_file()
    run_dir.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(experiment, indent=2, sort_keys=True) + "\n")
    return "resumed" if resuming else "ran"


def _run_jobs(jobs: list[tuple[_Job, dict[str, Any]]], workers: int | None,
              log: Callable[[str], None] | None) -> None:
    """Plan every run, then train those not skipped: in this process, or `workers` spawned ones.
    With the jobs' `progress`, a line per finished run: runs done / total and the ETA."""
    todo = []
    for job, experiment in jobs:
        status = _plan(job.run_dir, experiment)
        if status == "skipped":
            if log:
                log(f"{job.run_dir.name}: skipped")
            continue
        job.resume = status == "resumed"
        todo.append((job, status))
    if not todo:
        return
    # Runs done / total: a line as each finishes (interval 0: a grid has few runs, each minutes long).
    # One run alone needs no such line: its own step progress says it all.
    stage = jobs[0][1].get("stage", "training")
    runs = progress_bar(len(todo), f"{stage} runs", "run", interval=0,
                        enabled=len(todo) > 1 and any(job.progress for job, _ in todo))
    try:
        _train_todo(todo, workers, log, runs.update)
    finally:
        runs.close()


def _train_alone(job: _Job, threads: int) -> float:
    """Train `job` by itself on `threads` threads, in a worker as the side-by-side runs are; its wall time."""
    walls: list[float] = []
    run_in_processes(_execute, [(dataclasses.replace(job, threads=threads),)], 1, lambda _i, wall: walls.append(wall))
    return walls[0]


def _train_todo(todo: list[tuple[_Job, str]], workers: int | None, log: Callable[[str], None] | None,
                finished: Callable[[], Any]) -> None:
    """Train the planned runs; call `finished()` after each one's log line."""
    wide = [item for item in todo if item[0].wide and resolve_device(item[0].device).type == "cpu"]
    for job, status in wide:  # one at a time, each on its threads
        wall = _train_alone(job, job.wide)
        if log:
            log(f"{job.run_dir.name}: {status} in {wall:.0f} s (alone, {job.wide} threads)")
        finished()
    todo = [item for item in todo if all(item is not w for w in wide)]
    if not todo:
        return
    n_workers, threads = resolve_workers(workers, todo[0][0].device, len(todo))
    if n_workers == 1:
        for job, status in todo:
            wall = _execute(job)
            if log:
                log(f"{job.run_dir.name}: {status} in {wall:.0f} s")
            finished()
        return
    # Longest runs first: list scheduling in that order balances the workers well.
    todo.sort(key=lambda item: -item[0].cost)
    # Runs that finish alone: side by side up to their planned step, then alone on every core.
    split = [i for i, (job, _) in enumerate(todo) if job.alone_from and job.alone_from < job.train_cfg.max_steps]
    parts = [dataclasses.replace(job, threads=threads, stop_at=job.alone_from if i in split else None)
             for i, (job, _) in enumerate(todo)]

    def done(i: int, wall: float) -> None:
        job, status = todo[i]
        if log:
            upto = f" up to step {job.alone_from}" if i in split else ""
            log(f"{job.run_dir.name}: {status}{upto} in {wall:.0f} s ({n_workers} parallel runs, "
                f"{threads} thread{'s' if threads > 1 else ''} each)")
        if i not in split:
            finished()

    # The workers' step progress comes back through `run_in_processes`' relay.
    run_in_processes(_execute, [(part,) for part in parts], n_workers, done)
    cores = n_workers * threads
    for i in split:
        job, _ = todo[i]
        wall = _train_alone(dataclasses.replace(job, resume=True), cores)
        if log:
            log(f"{job.run_dir.name}: resumed alone from step {job.alone_from} in {wall:.0f} s ({cores} threads)")
        finished()


def model_config(cfg: StudyConfig, shape: str, train_cfg: TrainConfig) -> ModelConfig:
    """``cfg.shape(shape)`` with the run's dropout (`TrainConfig.dropout`) where it sets one."""
    model_cfg = cfg.shape(shape)
    if train_cfg.dropout is not None:
        model_cfg = dataclasses.replace(model_cfg, dropout=train_cfg.dropout)
    return model_cfg


def run_config(stage_cfg: TrainConfig, shape: str, seed: int) -> TrainConfig:
    """A run's TrainConfig: the stage's, with the run's seed and its shape's ``max_steps_by_shape``."""
    return dataclasses.replace(stage_cfg, seed=seed,
                               max_steps=stage_cfg.max_steps_by_shape.get(shape, stage_cfg.max_steps))


def alone_from(tcfg: TrainConfig, shape: str) -> int | None:
    """The step after which a run of `shape` trains alone (`TrainConfig.alone_from_step_by_shape`),
    or None; it must be a step the trainer saves a checkpoint at, for the run resumes from there."""
    step = tcfg.alone_from_step_by_shape.get(shape)
    if step is None:
        return None
    saved = (tcfg.save_every > 0 and step % tcfg.save_every == 0) or step in tcfg.keep_checkpoint_at
    if step <= 0 or not saved:
        raise ValueError(f"alone_from_step_by_shape[{shape!r}] = {step}: not a checkpoint step (a multiple of "
                         f"save_every {tcfg.save_every} or one of keep_checkpoint_at)")
    return step


def finetune_settings(cfg: StudyConfig) -> list[str]:
    """The pretraining data settings whose runs are finetuned: ``cfg.ablation.finetune_settings``, or
    the paper's one (``finetune_setting``, CodeTextbook), which always comes first."""
    main = cfg.ablation.finetune_setting
    return [main] + [s for s in cfg.ablation.finetune_settings if s != main]


def settings_for(cfg: StudyConfig, shape: str) -> list[str]:
    """The data settings shape `shape` is pretrained on: ``cfg.ablation.settings_by_shape[shape]``
    (in ``cfg.ablation.settings``' order), else every one of ``cfg.ablation.settings``."""
    own = cfg.ablation.settings_by_shape.get(shape)
    return list(cfg.ablation.settings) if own is None else [s for s in cfg.ablation.settings if s in own]


def _trains_on(cfg: StudyConfig, shape: str, setting: str) -> bool:
    """Whether `shape` has a run on `setting` (every setting unless ``settings_by_shape`` lists its own)."""
    own = cfg.ablation.settings_by_shape.get(shape)
    return not setting or own is None or setting in own


def seeds_for(cfg: StudyConfig, shape: str) -> list[int]:
    """The seeds shape `shape` is trained with: ``cfg.ablation.seeds_by_shape[shape]``, else ``cfg.seeds``."""
    return list(cfg.ablation.seeds_by_shape.get(shape, cfg.seeds))


def _grid(cfg: StudyConfig, seeds: Sequence[int] | None, models: Sequence[str] | None):
    for shape in models if models is not None else cfg.models:
        for seed in seeds if seeds is not None else seeds_for(cfg, shape):
            yield shape, seed


# The paper's pretraining data settings (Figure 2.1) and the packed-token folders that hold them:
# the filter stage writes the first two, `build_codetextbook` the third (into the pretrain stage).
SETTING_TOKENS = {"unfiltered": ("filter", "tokens_unfiltered"), "filtered": ("filter", "tokens_filtered"),
                  "codetextbook": ("pretrain", "tokens_codetextbook")}


def setting_dirs(cfg: StudyConfig, stage_dirs: dict[str, Path | str]) -> dict[str, Path]:
    """``{setting: packed tokens dir}`` for each of ``cfg.ablation.settings``, given the stage
    folders by name (``{"filter": ..., "pretrain": ...}``)."""
    out = {}
    for setting in cfg.ablation.settings:
        if setting not in SETTING_TOKENS:
            raise ValueError(f"unknown data setting {setting!r}; known: {', '.join(SETTING_TOKENS)}")
        stage, folder = SETTING_TOKENS[setting]
        out[setting] = Path(stage_dirs[stage]) / folder
    return out


def build_codetextbook(filter_dir: Path | str, synth_dir: Path | str, cfg: StudyConfig,
                       out_dir: Path | str) -> dict[str, Any]:
    """CodeTextbook as packed tokens at `out_dir`: the filtered code (``filter_dir/filtered_corpus``)
    followed by the synthetic textbooks (``synth_dir/synthetic_textbooks``), tokenized with the filter
    stage's tokenizer. Returns the packing meta, with the two sources' document counts added.

    Order does not matter for training (batches are drawn at random positions); it does for the
    train/val rule, which is by document index, so both sources land in both splits.
    """
    from itertools import chain

    from phi1lib.data.corpus import load_dataset_dir  # lazy: pulls datasets, slow to import in each worker

    filter_dir, synth_dir = Path(filter_dir), Path(synth_dir)
    sources = {"filtered code": filter_dir / "filtered_corpus", "textbooks": synth_dir / "synthetic_textbooks"}
    missing = [str(p) for p in sources.values() if not p.is_dir()]
    if missing:
        raise FileNotFoundError(f"CodeTextbook needs {', '.join(missing)}: run the filter and synthesize "
                                f"stages first")
    data = {name: load_dataset_dir(path) for name, path in sources.items()}
    texts = chain.from_iterable((row["text"] for row in ds.select_columns(["text"])) for ds in data.values())
    meta = pack_texts(texts, load_tokenizer(filter_dir / "tokenizer"), cfg.packing, out_dir)
    meta["sources"] = {name: len(ds) for name, ds in data.items()}
    return meta


def pretrain_models(cfg: StudyConfig, data: Path | str | dict[str, Path | str], out_dir: Path | str, *,
                    seeds: Sequence[int] | None = None, models: Sequence[str] | None = None,
                    tokens_subdir: str = "tokens_raw", workers: int | None = None,
                    progress: bool | None = None, log: Callable[[str], None] | None = print) -> pd.DataFrame:
    """Pretrain every shape x data setting x seed; return `runs_table` of the runs.

    `data` is ``{setting: packed tokens dir}`` (`setting_dirs`; runs are ``<shape>-<setting>-s<seed>``),
    or one folder holding `tokens_subdir` (runs ``<shape>-s<seed>``). Every run of a shape trains for
    the same steps, so each setting gets the same token budget. `seeds` / `models` default to
    `seeds_for` / ``cfg.models``. The model vocabulary is ``cfg.shape(name)``'s; packed ids must fit
    it. `workers`: see `resolve_workers`. `progress`: lines per run and per finished run (None:
    ``PHI1_PROGRESS``, on by default; see the module docstring).
    """
    progress = is_enabled(progress)
    if not isinstance(data, dict):
        data = {"": Path(data) / tokens_subdir}
    T = cfg.packing.seq_len
    code = training_code_digest()
    jobs = []
    for setting, tokens_dir in data.items():
        tokens_dir = Path(tokens_dir)
        vocab = packed_data(tokens_dir, "train", T).tokens.vocab_size  # also checks both splits exist
        packed_data(tokens_dir, "val", T)
        data_hash = hash_path(tokens_dir)
        for shape, seed in _grid(cfg, seeds, models):
            if not _trains_on(cfg, shape, setting):
                continue
            model_cfg = model_config(cfg, shape, cfg.pretrain)
            if vocab > model_cfg.vocab_size:
                raise ValueError(f"{tokens_dir} holds ids up to {vocab - 1}; the model's vocabulary is "
                                 f"{model_cfg.vocab_size} (tokenizer.vocab_size)")
            tcfg = run_config(cfg.pretrain, shape, seed)
            run_dir = Path(out_dir) / run_name(shape, seed, setting=setting)
            experiment = {"stage": "pretrain", "shape": shape, "seed": seed, "setting": setting,
                          "model": dataclasses.asdict(model_cfg), "train": dataclasses.asdict(tcfg),
                          "device": cfg.device, "data": {"path": str(tokens_dir), "sha256_16": data_hash},
                          "code": code}
            jobs.append((_Job(run_dir, model_cfg, tcfg, cfg.device, ("packed", tokens_dir, T),
                              progress=progress, wide=cfg.threads_by_shape.get(shape),
                              alone_from=alone_from(tcfg, shape)), experiment))
    _run_jobs(jobs, workers, log)
    return runs_table(job.run_dir for job, _ in jobs)


def exercise_pairs(exercises: Iterable[dict[str, Any]], tokenizer,
                   seq_len: int) -> tuple[list[dict[str, Any]], list[tuple[list[int], list[int]]]]:
    """(exercises kept, their token ids): those whose prompt + answer + end-of-text fit seq_len + 1.

    A longer one would lose the end of its answer (and its end-of-text) to truncation, so it is
    dropped rather than cut.
    """
    exercises = list(exercises)
    pairs = tokenize_examples([(ex["prompt"], ex["answer"]) for ex in exercises], tokenizer)
    keep = [i for i, (p, a) in enumerate(pairs) if len(p) + len(a) <= seq_len + 1]
    return [exercises[i] for i in keep], [pairs[i] for i in keep]


def synthetic_exercises(synth_dir: Path | str) -> list[dict[str, Any]]:
    """The synthesis stage's CodeExercises (``synth_dir/code_exercises``) as finetuning exercises:
    dicts with prompt (signature + docstring), answer (the body), name, and the row's task_id,
    concept, test and entry_point."""
    from phi1lib.data.corpus import load_dataset_dir  # lazy: pulls datasets, slow to import in each worker

    path = Path(synth_dir) / "code_exercises"
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: run the synthesize stage (notebook 02) first")
    return [{"task_id": row["task_id"], "name": row["entry_point"], "prompt": row["prompt"],
             "answer": row["solution"], "test": row["tests"], "entry_point": row["entry_point"],
             "concept": row["concept"]} for row in load_dataset_dir(path)]


def prepare_synthetic_exercises(cfg: StudyConfig, synth_dir: Path | str, tokenizer,
                                val_fraction: float | None = None) -> tuple[list, list, dict[str, int]]:
    """Finetuning exercises from the synthesis stage: (train, val, counts). A seeded
    ``cfg.synth.task_form_share`` of them is rewritten in task form (`data.exercises.with_task_forms`:
    a description and an assertion, the whole function to write) before anything else. Those that fit
    ``cfg.packing.seq_len`` are kept (`exercise_pairs`) and split with `val_fraction` (default
    ``cfg.synth.heldout_fraction``) held out for the validation loss, seeded by ``cfg.synth.seed``."""
    rows = with_task_forms(synthetic_exercises(synth_dir), cfg.synth.task_form_share, cfg.synth.seed)
    fit, _ = exercise_pairs(rows, tokenizer, cfg.packing.seq_len)
    frac = cfg.synth.heldout_fraction if val_fraction is None else val_fraction
    train, val = split_exercises(fit, frac, cfg.synth.seed)
    counts = {"synthesized": len(rows), "task form": sum(r.get("form") == "task" for r in rows),
              "fit_seq_len": len(fit), "train": len(train), "val": len(val)}
    return train, val, counts


def finetune_models(cfg: StudyConfig, train_exercises: Sequence[dict[str, Any]],
                    val_exercises: Sequence[dict[str, Any]], tokenizer_dir: Path | str,
                    pretrain_dir: Path | str, out_dir: Path | str, *, seeds: Sequence[int] | None = None,
                    models: Sequence[str] | None = None, setting: str | Sequence[str] = "",
                    suffix: str = "finetuned", workers: int | None = None, progress: bool | None = None,
                    log: Callable[[str], None] | None = print) -> pd.DataFrame:
    """Finetune every shape x seed from ``pretrain_dir/<shape>-<setting>-s<seed>``'s best checkpoint
    into ``out_dir/<shape>-<setting>-s<seed>-<suffix>`` (no setting: ``<shape>-s<seed>``). `setting`
    may be a list (`finetune_settings`): every setting's runs then share one pool of workers.

    Exercises are dicts with prompt and answer; those that do not fit ``cfg.packing.seq_len`` are
    dropped (`exercise_pairs`). Loss on ``cfg.finetune.loss_on``. Returns `runs_table` of the runs.
    `progress`: as `pretrain_models`'.
    """
    progress = is_enabled(progress)
    tok = load_tokenizer(tokenizer_dir)
    T = cfg.packing.seq_len
    _, train_pairs = exercise_pairs(train_exercises, tok, T)
    _, val_pairs = exercise_pairs(val_exercises, tok, T)
    if not train_pairs:
        raise ValueError(f"no training exercise fits seq_len {T}")
    if log:
        log(f"{len(train_pairs)} training / {len(val_pairs)} held-out exercises")
    data = ("examples", train_pairs, val_pairs, T, cfg.finetune.loss_on, tok.eot_id)
    data_hash, code = _digest([train_pairs, val_pairs]), training_code_digest()
    jobs = []
    for one in [setting] if isinstance(setting, str) else list(setting):
        for shape, seed in _grid(cfg, seeds, models):
            if not _trains_on(cfg, shape, one):
                continue
            tcfg = run_config(cfg.finetune, shape, seed)
            model_cfg = model_config(cfg, shape, tcfg)
            init = best_checkpoint(Path(pretrain_dir) / run_name(shape, seed, setting=one))
            run_dir = Path(out_dir) / run_name(shape, seed, suffix, setting=one)
            experiment = {"stage": "finetune", "shape": shape, "seed": seed, "setting": one,
                          "model": dataclasses.asdict(model_cfg), "train": dataclasses.asdict(tcfg),
                          "device": cfg.device, "data": {"n_train": len(train_pairs), "n_val": len(val_pairs),
                                                         "sha256_16": data_hash},
                          "init_from": {"path": str(init), "sha256_16": hash_path(init)}, "code": code}
            jobs.append((_Job(run_dir, model_cfg, tcfg, cfg.device, data, init_from=init, progress=progress,
                              wide=cfg.threads_by_shape.get(shape), alone_from=alone_from(tcfg, shape)),
                         experiment))
    _run_jobs(jobs, workers, log)
    return runs_table(job.run_dir for job, _ in jobs)


# ------------------------------------------------------------------------------------ tables

def _experiment(run_dir: Path) -> dict[str, Any]:
    path = run_dir / EXPERIMENT
    return json.loads(path.read_text()) if path.is_file() else {}


def load_curves(run_dirs: Iterable[Path | str]) -> pd.DataFrame:
    """Every run's metrics.jsonl in one frame, with run, shape, setting and seed columns."""
    frames = []
    for run_dir in map(Path, run_dirs):
        rows = read_jsonl(run_dir / "metrics.jsonl")
        exp = _experiment(run_dir)
        frame = pd.DataFrame(rows)
        frame.insert(0, "run", run_dir.name)
        frame.insert(1, "shape", exp.get("shape", run_dir.name))
        frame.insert(2, "setting", exp.get("setting", ""))
        frame.insert(3, "seed", exp.get("seed"))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


RUN_COLUMNS = ["run", "shape", "setting", "seed", "params", "params_non_embedding", "steps", "tokens_seen",
               "wall_time_s", "tokens_per_s", "mfu", "final_train_loss", "final_val_loss", "best_val_loss",
               "best_step", "precision", "device"]


def _whole_run_times(run_dir: Path) -> dict[str, float]:
    """wall_time_s, tokens_per_s and mfu over all the run's steps, from its metrics.jsonl (the trainer's
    summary counts only its last session); {} unless there is a row for every step from the first."""
    path = run_dir / "metrics.jsonl"
    rows = read_jsonl(path) if path.is_file() else []
    if not rows or [r["step"] for r in rows] != list(range(1, len(rows) + 1)) \
            or any(not r.get("tokens_per_s") for r in rows):
        return {}
    tokens = [r["tokens"] for r in rows]
    step_tokens = [b - a for a, b in zip([0, *tokens[:-1]], tokens)]
    step_s = [n / r["tokens_per_s"] for n, r in zip(step_tokens, rows)]
    out = {"wall_time_s": float(rows[-1]["elapsed_s"]), "tokens_per_s": sum(step_tokens) / sum(step_s)}
    if all(r.get("mfu") is not None for r in rows):  # MFU is proportional to tokens/s: the same weights
        out["mfu"] = sum(r["mfu"] * t for r, t in zip(rows, step_s)) / sum(step_s)
    return out


def runs_table(run_dirs: Iterable[Path | str]) -> pd.DataFrame:
    """One row per finished run (its summary.json): size, tokens, time, throughput, MFU, losses.

    wall_time_s and tokens_per_s are the whole run's, over every session of a resumed or split run
    (`TrainConfig.alone_from_step_by_shape`), from its per-step metrics: wall_time_s its training
    time (evaluation and checkpoints included), tokens_per_s over optimizer steps only. MFU is None
    where no peak is known.
    """
    rows = []
    for run_dir in map(Path, run_dirs):
        summary = {**json.loads((run_dir / "summary.json").read_text()), **_whole_run_times(run_dir)}
        exp = _experiment(run_dir)
        rows.append({"run": run_dir.name, "shape": exp.get("shape"), "setting": exp.get("setting", ""),
                     "seed": exp.get("seed"), **{k: summary.get(k) for k in RUN_COLUMNS[4:]}})
    return pd.DataFrame(rows, columns=RUN_COLUMNS)


def summarize_runs(table: pd.DataFrame) -> pd.DataFrame:
    """Per data setting and shape: number of seeds, parameters, and mean / std across seeds of loss
    and throughput."""
    grouped = table.groupby(["setting", "shape"], sort=False)
    out = grouped.agg(seeds=("seed", "count"), params=("params", "first"),
                      tokens_seen=("tokens_seen", "first"),
                      final_val_loss_mean=("final_val_loss", "mean"),
                      final_val_loss_std=("final_val_loss", "std"),
                      final_train_loss_mean=("final_train_loss", "mean"),
                      tokens_per_s_mean=("tokens_per_s", "mean"), mfu_mean=("mfu", "mean"),
                      wall_time_s_sum=("wall_time_s", "sum"))
    return out.reset_index()


def pretrain_headline(runs: pd.DataFrame, data_settings: pd.DataFrame) -> dict[str, Any]:
    """Stage 03's headline figures (its manifest's ``headline``, summary.json's ``pretrain``): the
    number of runs, each data setting (`data_settings`, a row per setting) and the final losses per
    setting and shape (`summarize_runs` of the `runs_table`)."""
    return {"runs": int(runs["run"].nunique()), "data_settings": data_settings.to_dict("records"),
            "by_setting": summarize_runs(runs).to_dict("records")}


def plot_loss_curves(curves: pd.DataFrame, title: str = "", smooth: int | None = None):
    """Train (left) and validation (right) loss against tokens seen: per shape, the mean across seeds
    as a line and the min-max spread as a band. Train loss is a rolling mean over `smooth` logged
    steps (default: ~1/25 of the run). Returns the matplotlib Figure."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), sharey=False)
    curves = curves.assign(series=[f"{shape} · {setting}" if setting else shape for shape, setting in
                                   zip(curves["shape"], curves.get("setting", [""] * len(curves)))])
    for shape, group in curves.groupby("series", sort=False):
        color = None
        for ax, metric in zip(axes, ("loss", "val_loss")):
            data = group.dropna(subset=[metric])
            if data.empty:
                continue
            if metric == "loss":
                window = smooth or max(1, data.groupby("run").size().max() // 25)
                data = data.assign(loss=data.groupby("run")["loss"].transform(
                    lambda s, w=window: s.rolling(w, min_periods=1).mean()))
            stats = data.groupby("tokens")[metric].agg(["mean", "min", "max", "count"]).reset_index()
            n_seeds = data["run"].nunique()
            (line,) = ax.plot(stats["tokens"], stats["mean"], color=color,
                              label=f"{shape} ({n_seeds} seed{'s' if n_seeds > 1 else ''})")
            color = line.get_color()
            if n_seeds > 1:
                ax.fill_between(stats["tokens"], stats["min"], stats["max"], color=color, alpha=0.2)
    for ax, name in zip(axes, ("train loss (smoothed)", "validation loss")):
        ax.set_xlabel("tokens seen")
        ax.set_ylabel(name)
        ax.grid(alpha=0.3)
    axes[0].legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


# -------------------------------------------------------------------------- export and samples

def export_finetuned(run_dirs: Iterable[Path | str], tokenizer_dir: Path | str, out_dir: Path | str,
                     eos_token_id: int | None = None) -> list[Path]:
    """Each run's best checkpoint as a Hugging Face PhiForCausalLM at ``out_dir/<run>-hf/``."""
    paths = []
    for run_dir in map(Path, run_dirs):
        model = load_model(best_checkpoint(run_dir))
        dest = Path(out_dir) / f"{run_dir.name}-hf"
        if dest.exists():
            shutil.rmtree(dest)
        paths.append(export_hf(model, dest, tokenizer_dir, eos_token_id=eos_token_id))
    return paths


def complete_exercises(model, tokenizer, exercises: Sequence[dict[str, Any]], max_new_tokens: int,
                       stop: Sequence[str] = STOP_SEQUENCES) -> pd.DataFrame:
    """Greedy completions of the exercises' prompts beside their reference answers."""
    prompts = [ex["prompt"] for ex in exercises]
    outs = generate(model, tokenizer, prompts, max_new_tokens, stop=stop, eos_id=tokenizer.eot_id,
                    pad_id=tokenizer.eot_id)
    return pd.DataFrame({"name": [ex.get("name") for ex in exercises], "prompt": prompts,
                         "reference": [ex["answer"] for ex in exercises], "completion": outs})


def format_completions(completions: pd.DataFrame, max_lines: int = 8) -> str:
    """`complete_exercises` output as text: each exercise's signature, reference and completion, each
    cut to `max_lines` lines (a notebook prints this; small models can ramble for hundreds)."""
    def head(text: str) -> str:
        lines = text.rstrip().splitlines()
        more = [f"    ... ({len(lines) - max_lines} more lines)"] if len(lines) > max_lines else []
        return "\n".join(lines[:max_lines] + more)

    blocks = []
    for row in completions.itertuples():
        signature = next((ln for ln in row.prompt.splitlines() if ln.startswith("def ")), row.name)
        blocks.append(f"=== {signature}\n--- reference ---\n{head(row.reference)}\n"
                      f"--- completion ---\n{head(row.completion)}\n")
    return "\n".join(blocks)


def heldout_loss(checkpoint: Path | str, pairs: Sequence[tuple[list[int], list[int]]], seq_len: int,
                 loss_on: str, pad_id: int, micro_batch_size: int = 16) -> float:
    """Mean loss of a checkpoint on tokenized exercises (all of them; on the answers for
    loss_on="answer"): e.g. a pretrained model's, to set beside its finetuned loss."""
    model = load_model(checkpoint)
    data = ExampleData(pairs, seq_len, loss_on, pad_id=pad_id)
    return evaluate(model, data, len(data), micro_batch_size, DistEnv(), None)


def heldout_comparison(cfg: StudyConfig, exercises: Sequence[dict[str, Any]], tokenizer,
                       models_dir: Path | str, *, seeds: Sequence[int] | None = None,
                       models: Sequence[str] | None = None, setting: str | Sequence[str] = "") -> pd.DataFrame:
    """Per setting x shape x seed: held-out exercise loss of the pretrained and of the finetuned best
    checkpoint, both in fp32 on the same exercises (on the answers for loss_on="answer")."""
    _, pairs = exercise_pairs(exercises, tokenizer, cfg.packing.seq_len)
    if not pairs:
        raise ValueError(f"no held-out exercise fits seq_len {cfg.packing.seq_len}")
    rows = []
    for one in [setting] if isinstance(setting, str) else list(setting):
        for shape, seed in _grid(cfg, seeds, models):
            if not _trains_on(cfg, shape, one):
                continue
            losses = {}
            for label, name in (("pretrained", run_name(shape, seed, setting=one)),
                                ("finetuned", run_name(shape, seed, "finetuned", setting=one))):
                ckpt = best_checkpoint(Path(models_dir) / name)
                losses[f"{label}_loss"] = heldout_loss(ckpt, pairs, cfg.packing.seq_len, cfg.finetune.loss_on,
                                                       tokenizer.eot_id, cfg.finetune.micro_batch_size)
            rows.append({"setting": one, "shape": shape, "seed": seed, "exercises": len(pairs), **losses})
    return pd.DataFrame(rows)


def finetune_headline(runs: pd.DataFrame, exercise_counts: dict[str, int],
                      heldout: pd.DataFrame) -> dict[str, Any]:
    """Stage 04's headline figures (its manifest's ``headline``, summary.json's ``finetune``): the
    number of runs, the exercises (`prepare_synthetic_exercises`' counts) and, per setting and shape,
    the held-out loss before and after finetuning (a `heldout_comparison`): mean and sd over seeds."""
    by_shape = []
    if len(heldout):
        keys = ["setting", "shape"] if "setting" in heldout else ["shape"]
        losses = heldout.groupby(keys, sort=False)[["pretrained_loss", "finetuned_loss"]]
        stats = losses.agg(["mean", "std", "count"])
        for key, row in stats.iterrows():
            where = dict(zip(keys, key if isinstance(key, tuple) else (key,)))
            by_shape.append({**where, "seeds": int(row[("finetuned_loss", "count")]),
                             "pretrained_loss_mean": row[("pretrained_loss", "mean")],
                             "pretrained_loss_std": row[("pretrained_loss", "std")],
                             "finetuned_loss_mean": row[("finetuned_loss", "mean")],
                             "finetuned_loss_std": row[("finetuned_loss", "std")]})
    return {"runs": int(runs["run"].nunique()), "exercises": dict(exercise_counts), "heldout_loss": by_shape}


def train_config_table(configs: dict[str, TrainConfig]) -> pd.DataFrame:
    """Settings side by side, one column per label (e.g. paper vs this profile); max_steps names the
    shapes that override it (``1500 (tiny: 3000)``)."""
    fields = ["batch_size", "micro_batch_size", "lr", "min_lr", "warmup_steps", "max_steps",
              "weight_decay", "dropout", "precision", "eval_every", "eval_sequences", "loss_on"]

    def value(c: TrainConfig, f: str) -> Any:
        if f == "max_steps" and c.max_steps_by_shape:
            return f"{c.max_steps} ({', '.join(f'{k}: {v}' for k, v in c.max_steps_by_shape.items())})"
        return getattr(c, f)

    return pd.DataFrame({label: [value(c, f) for f in fields] for label, c in configs.items()},
                        index=fields).rename_axis("setting").reset_index()
