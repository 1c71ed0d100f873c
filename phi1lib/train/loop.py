"""One training loop for pretraining (phi-1-base) and finetuning (phi-1), configured by `TrainConfig`.

The paper's recipe, as `TrainConfig`'s defaults:
- AdamW; weight decay 0.1 (pretrain) / 0.01 (finetune) on weight matrices only (every Linear weight,
  the LM head's included); biases, LayerNorm and the token embedding are not decayed (nanoGPT/GPT-3
  practice; the paper does not say). Betas (0.9, 0.95), eps 1e-8 and gradient clipping at norm 1.0
  are NOT reported by the paper: our choices, in the config.
- linear warmup (750 / 50 steps) to the peak (1e-3 / 1e-4), linear decay to 0 (`schedule.lr_at`).
- batch 1024 / 256 sequences per optimizer step, accumulated from `micro_batch_size` per device.
- fp16 in the paper: autocast fp16 with a GradScaler on CUDA, or bf16 (no scaler); on CPU autocast
  is bf16 only when precision == "bf16" (fp16 on CPU runs in fp32: slow kernels, and no GPU to match).
- finetuning keeps the checkpoint with the best validation loss among those saved every 1000 steps
  (the paper picks "the best" without saying by what; validation loss is our criterion).

Data (`batches.py`): the trainer takes any `TrainData` (a length, a `seq_len` and
`get(indices) -> (x, y)`). The order is a pure function of (seed, step) (`batches.batch_indices`),
so a checkpoint needs no iterator state, and dropout is reseeded from (seed, step, rank) every step:
a run killed after step k and resumed from its last checkpoint retraces the uninterrupted run
exactly (on CPU).

Loss: summed over target tokens (-100 ignored) and divided by the target count of the WHOLE global
batch, so accumulation, masking and the number of ranks do not change the gradient's weighting.

Run directory (rank 0 writes): config.json (resolved settings), metrics.jsonl + metrics.csv (a row
per step: loss, val_loss, lr, grad norm, tokens/s, MFU), ckpt_latest.pt (model, optimizer, scaler,
step, RNG states, best-so-far; rewritten atomically every `save_every` steps and at the end),
ckpt_NNNNNN.pt for `keep_checkpoint_at` (phi-1-base at 24k), best.pt (weights only), summary.json.
Validation runs every `eval_every` steps and at every save, so "best" is chosen among saved ones.

    python -m phi1lib.train.loop --profile smoke --stage pretrain --data PACKED_DIR --out runs/base
    torchrun --nproc_per_node 8 -m phi1lib.train.loop --profile full --shape phi-1 --data ... --out ...
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import math
import os
import random
import shutil
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from phi1lib.train import distributed as D
from phi1lib.train import throughput
from phi1lib.train.batches import (
    ExampleData,
    TrainData,
    batch_indices,
    micro_rows,
    packed_data,
    tokenize_examples,
)
from phi1lib.core.config import ModelConfig, TrainConfig, from_dict, load_config, set_field
from phi1lib.core.jsonio import read_jsonl
from phi1lib.data.tokenizer import load_tokenizer
from phi1lib.model.checkpoint import BEST, LATEST
from phi1lib.model.transformer import PhiModel
from phi1lib.train.schedule import lr_at

METRIC_FIELDS = ["step", "tokens", "loss", "val_loss", "lr", "grad_norm", "tokens_per_s", "mfu", "elapsed_s"]


# ------------------------------------------------------------------------------------ optimizer

def param_groups(model: nn.Module, weight_decay: float) -> list[dict[str, Any]]:
    """AdamW groups: decay on weight matrices; none on biases, LayerNorm and embedding weights."""
    decay, no_decay = [], []
    for module in model.modules():
        for param in module.parameters(recurse=False):
            if not param.requires_grad:
                continue
            skip = isinstance(module, (nn.Embedding, nn.LayerNorm)) or param.ndim < 2
            (no_decay if skip else decay).append(param)
    return [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]


def make_optimizer(model: nn.Module, cfg: TrainConfig, device: torch.device) -> torch.optim.AdamW:
    # fused kernels on CUDA are faster; on CPU the default (foreach) is what is tested
    kwargs = {"fused": True} if device.type == "cuda" else {}
    return torch.optim.AdamW(param_groups(model, cfg.weight_decay), lr=cfg.lr, betas=tuple(cfg.betas),
                             eps=cfg.eps, **kwargs)


def autocast_dtype(device: torch.device, precision: str) -> torch.dtype | None:
    """The autocast dtype for `precision` on `device`; None means plain fp32."""
    if precision not in ("fp32", "bf16", "fp16"):
        raise ValueError(f"precision must be fp32 | bf16 | fp16, got {precision!r}")
    if precision == "bf16":
        return torch.bfloat16
    if precision == "fp16" and device.type == "cuda":
        return torch.float16
    return None


def _step_seed(seed: int, step: int, rank: int) -> int:
    return int(np.random.SeedSequence([seed, step, rank]).generate_state(1)[0])


def _fwd_loss_sum(model, x, y, amp) -> torch.Tensor:
    """Cross-entropy summed over the targets that are not -100 (0 when there are none)."""
    with amp:
        logits, _ = model(x)
    return F.cross_entropy(logits.float().view(-1, logits.size(-1)), y.view(-1), ignore_index=-100,
                           reduction="sum")


@torch.no_grad()
def evaluate(model: nn.Module, data: TrainData, n_sequences: int, micro: int, env: D.DistEnv,
             amp_dtype: torch.dtype | None) -> float:
    """Token-weighted mean loss over `n_sequences` evenly spaced sequences of `data` (no dropout).

    Every rank runs the same number of forwards (FSDP gathers weights collectively); a rank with no
    chunk left reruns chunk 0 with weight 0.
    """
    n = min(n_sequences, len(data))
    idx = np.unique(np.linspace(0, len(data) - 1, n).round().astype(np.int64))
    chunks = [idx[i:i + micro] for i in range(0, len(idx), micro)]
    was_training = model.training
    model.eval()
    amp = _amp(env.device, amp_dtype)
    total = torch.zeros(2, dtype=torch.float64, device=env.device)  # loss sum, target count
    for i in range(math.ceil(len(chunks) / env.world_size)):
        c = i * env.world_size + env.rank
        x, y = (t.to(env.device) for t in data.get(chunks[c if c < len(chunks) else 0]))
        loss_sum = _fwd_loss_sum(model, x, y, amp)
        if c < len(chunks):
            total += torch.stack([loss_sum.double(), (y != -100).sum().double()])
    D.all_reduce_sum(total)
    model.train(was_training)
    return (total[0] / total[1].clamp(min=1)).item()


def _amp(device: torch.device, dtype: torch.dtype | None):
    return torch.autocast(device.type, dtype=dtype) if dtype is not None else nullcontext()


# ------------------------------------------------------------------------------------- checkpoints

def _atomic_save(obj: Any, path: Path) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)  # a kill mid-write leaves the previous checkpoint intact


def _rng_state() -> dict[str, Any]:
    state = {"torch": torch.get_rng_state(), "numpy": np.random.get_state(), "python": random.getstate()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def _set_rng_state(state: dict[str, Any]) -> None:
    torch.set_rng_state(state["torch"])
    np.random.set_state(state["numpy"])
    random.setstate(state["python"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


# ---------------------------------------------------------------------------------------- metrics

class MetricsLog:
    """metrics.jsonl and metrics.csv in the run dir, one row per logged step; rank 0 only."""

    def __init__(self, run_dir: Path, enabled: bool, resume_step: int | None):
        self.jsonl, self.csv, self.enabled = run_dir / "metrics.jsonl", run_dir / "metrics.csv", enabled
        if not enabled:
            return
        rows = []
        if resume_step is not None and self.jsonl.exists():
            # drop the rows a killed run wrote after its last checkpoint: they are about to be redone
            rows = [r for r in self.rows() if r["step"] <= resume_step]
        self.jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows))
        with open(self.csv, "w", newline="") as f:
            writer = csv.DictWriter(f, METRIC_FIELDS)
            writer.writeheader()
            writer.writerows(rows)

    def write(self, row: dict[str, Any]) -> None:
        if not self.enabled:
            return
        with open(self.jsonl, "a") as f:
            f.write(json.dumps(row) + "\n")
        with open(self.csv, "a", newline="") as f:
            csv.DictWriter(f, METRIC_FIELDS).writerow(row)

    def rows(self) -> list[dict[str, Any]]:
        if not self.jsonl.exists():
            return []
        return read_jsonl(self.jsonl)


# ------------------------------------------------------------------------------------------ train

@dataclass
class TrainSummary:
    run_dir: str
    params: int
    params_non_embedding: int
    steps: int
    tokens_seen: int
    tokens_this_run: int
    wall_time_s: float
    train_time_s: float  # optimizer steps only: no evaluation, no checkpoint writing
    tokens_per_s: float
    flops_per_token: float
    peak_flops: float | None  # per device, the figure MFU is against
    mfu: float | None
    final_train_loss: float | None
    final_val_loss: float | None
    best_val_loss: float | None
    best_step: int | None
    precision: str  # what ran: "fp32" | "bf16" | "fp16"
    strategy: str  # "none" | "ddp" | "fsdp"
    world_size: int
    device: str
    checkpoints: dict[str, str] = field(default_factory=dict)


def train(model_cfg: ModelConfig, cfg: TrainConfig, train_data: TrainData, run_dir: str | Path, *,
          val_data: TrainData | None = None, device: str | torch.device = "auto",
          init_from: str | Path | None = None, resume: bool = True, eval_sequences: int | None = None,
          min_lr: float | None = None, peak_flops: float | None | str = "auto", strategy: str | None = None,
          progress: bool = True, log_every: int = 1,
          callback: Callable[[dict[str, Any]], None] | None = None) -> TrainSummary:
    """Train a PhiModel(model_cfg) per `cfg` on `train_data`; write everything under `run_dir`.

    init_from: a checkpoint whose weights start the run (finetuning from phi-1-base). resume: continue
    from run_dir/ckpt_latest.pt when it exists. peak_flops: "auto" (GPU table / CPU matmul measured),
    a number, or None (no MFU). callback: called with each metrics row (rank 0; tests use it to kill
    a run). eval_sequences (validation set size: evenly spaced sequences of val_data), min_lr (floor
    of the linear decay) and strategy (auto | ddp | fsdp | none under torchrun) override the fields
    of `cfg` of the same names when not None; config.json records the values that ran.
    """
    t_start = time.perf_counter()
    overrides = {"eval_sequences": eval_sequences, "min_lr": min_lr, "strategy": strategy}
    cfg = dataclasses.replace(cfg, **{k: v for k, v in overrides.items() if v is not None})
    env = D.setup(device)
    run_dir = Path(run_dir)
    if env.is_main:
        run_dir.mkdir(parents=True, exist_ok=True)
    T = train_data.seq_len
    if T > model_cfg.context_len:
        raise ValueError(f"data seq_len {T} exceeds the model's context_len {model_cfg.context_len}")
    per_step = cfg.micro_batch_size * env.world_size
    if cfg.batch_size % per_step:
        raise ValueError(f"batch_size {cfg.batch_size} is not a multiple of micro_batch_size "
                         f"{cfg.micro_batch_size} x world size {env.world_size}")
    amp_dtype = autocast_dtype(env.device, cfg.precision)
    precision = {torch.bfloat16: "bf16", torch.float16: "fp16", None: "fp32"}[amp_dtype]

    torch.manual_seed(cfg.seed)  # same initial weights on every rank (FSDP does not broadcast)
    model = PhiModel(model_cfg)
    if init_from is not None:
        model.load_state_dict(torch.load(init_from, map_location="cpu", weights_only=False)["model"])
    n_params = model.num_params()
    n_params_ne = model.num_params(exclude_embedding=True)
    flops_tok = model.estimate_flops_per_token(T)
    model.to(env.device)
    strat = D.choose_strategy(model, env, cfg.strategy)
    model = D.wrap(model, env, strat)
    optimizer = make_optimizer(model, cfg, env.device)
    scaler = torch.amp.GradScaler(env.device.type, enabled=amp_dtype is torch.float16)

    # ---- resume
    start_step, elapsed_before, best_val, best_step = 0, 0.0, math.inf, None
    # tokens the model has read (padding included): steps x batch x T for windows; less for
    # finetuning rows padded only to their batch's longest (batches.ExampleData.dynamic)
    tokens_done = 0
    latest = run_dir / LATEST
    if resume and latest.exists():
        ckpt = torch.load(latest, map_location="cpu", weights_only=False)
        if ckpt["model_config"] != dataclasses.asdict(model_cfg):
            raise ValueError(f"{latest} holds a different model shape; use another run_dir or resume=False")
        if ckpt["data"] != {"n_train": len(train_data), "seq_len": T, "seed": cfg.seed,
                            "batch_size": cfg.batch_size}:
            raise ValueError(f"{latest} was trained on other data or batch settings: {ckpt['data']}")
        D.load_full_state(model, optimizer, ckpt["model"], ckpt["optimizer"])
        if ckpt["scaler"]:
            scaler.load_state_dict(ckpt["scaler"])
        _set_rng_state(ckpt["rng"][env.rank] if env.rank < len(ckpt["rng"]) else ckpt["rng"][0])
        start_step, elapsed_before = ckpt["step"], ckpt["elapsed_s"]
        best_val, best_step = ckpt["best_val"], ckpt["best_step"]
        tokens_done = ckpt.get("tokens", start_step * cfg.batch_size * T)
        del ckpt
    log = MetricsLog(run_dir, env.is_main, start_step if start_step else None)
    if env.is_main:
        (run_dir / "config.json").write_text(json.dumps(
            {"model": dataclasses.asdict(model_cfg), "train": dataclasses.asdict(cfg),
             "extra": {"strategy": strat,
                       "world_size": env.world_size, "precision": precision, "device": str(env.device),
                       "init_from": str(init_from) if init_from else None}}, indent=2))

    if peak_flops == "auto":
        peak = throughput.peak_flops(env.device, throughput.compute_dtype(env.device, amp_dtype))
    else:
        peak = peak_flops

    def save(step: int, val_loss: float | None) -> None:
        nonlocal best_val, best_step
        model_sd, optim_sd = D.full_state(model, optimizer)  # collective under FSDP
        rngs = [None] * env.world_size
        if env.world_size > 1:
            torch.distributed.all_gather_object(rngs, _rng_state())
        else:
            rngs = [_rng_state()]
        improved = val_loss is not None and val_loss < best_val
        if improved:
            best_val, best_step = val_loss, step
        if env.is_main:
            meta = {"step": step, "model_config": dataclasses.asdict(model_cfg),
                    "train_config": dataclasses.asdict(cfg), "val_loss": val_loss}
            if improved:  # before `latest`, which records it as the best: never ahead of the disk
                _atomic_save({**meta, "model": model_sd}, run_dir / BEST)
            # the data position is `step` itself: the order is a function of (seed, step), see above
            _atomic_save({**meta, "model": model_sd, "optimizer": optim_sd,
                          "scaler": scaler.state_dict() if scaler.is_enabled() else None, "rng": rngs,
                          "elapsed_s": elapsed_before + time.perf_counter() - t_start,
                          "best_val": best_val, "best_step": best_step, "tokens": tokens_done,
                          "data": {"n_train": len(train_data), "seq_len": T, "seed": cfg.seed,
                                   "batch_size": cfg.batch_size}}, latest)
            if step in cfg.keep_checkpoint_at:
                shutil.copyfile(latest, run_dir / f"ckpt_{step:06d}.pt")
        D.barrier()

    # ---- loop
    bar = None
    if progress and env.is_main:
        from tqdm.auto import tqdm

        bar = tqdm(total=cfg.max_steps, initial=start_step, desc="train", dynamic_ncols=True)
    model.train()
    lengths = getattr(train_data, "lengths", None)  # finetuning rows: batches of similar length
    train_time, last_loss, last_val, tokens_start = 0.0, None, None, tokens_done
    for step in range(start_step, cfg.max_steps):
        t0 = time.perf_counter()
        torch.manual_seed(_step_seed(cfg.seed, step, env.rank))  # dropout masks: f(seed, step, rank)
        lr = lr_at(step, peak=cfg.lr, warmup=cfg.warmup_steps, max_steps=cfg.max_steps, min_lr=cfg.min_lr)
        for group in optimizer.param_groups:
            group["lr"] = lr
        micro = [train_data.get(rows) for rows in
                 micro_rows(batch_indices(len(train_data), cfg.seed, step, cfg.batch_size, lengths),
                            cfg.micro_batch_size, env)]
        step_tokens = sum(x.numel() for x, _ in micro) * env.world_size
        n_targets = D.all_reduce_sum(torch.tensor(float(sum((y != -100).sum() for _, y in micro)),
                                                  dtype=torch.float64, device=env.device))
        n_targets = n_targets.clamp(min=1).item()
        loss_sum = torch.zeros((), dtype=torch.float64, device=env.device)
        amp = _amp(env.device, amp_dtype)
        for j, (x, y) in enumerate(micro):
            x, y = x.to(env.device, non_blocking=True), y.to(env.device, non_blocking=True)
            with D.grad_sync(model, strat, sync=j == len(micro) - 1):
                s = _fwd_loss_sum(model, x, y, amp)
                # DDP/FSDP average gradients over ranks; x world_size turns that into the global sum
                scaler.scale(s * (env.world_size / n_targets)).backward()
            loss_sum += s.detach().double()
        scaler.unscale_(optimizer)
        grad_norm = D.clip_grad_norm(model, cfg.grad_clip)
        scaler.step(optimizer)
        scaler.update()
        optimizer.zero_grad(set_to_none=True)
        last_loss = (D.all_reduce_sum(loss_sum) / n_targets).item()  # .item() also syncs the GPU
        if not math.isfinite(last_loss) and not scaler.is_enabled():  # fp16 skips such steps itself
            raise FloatingPointError(f"loss is {last_loss} at step {step + 1}; lower lr or check the data")
        dt = time.perf_counter() - t0
        train_time += dt
        tokens_done += step_tokens

        done = step + 1
        val_loss = None
        is_save = (cfg.save_every > 0 and done % cfg.save_every == 0) or done in cfg.keep_checkpoint_at \
            or done == cfg.max_steps
        if val_data is not None and ((cfg.eval_every > 0 and done % cfg.eval_every == 0) or is_save):
            val_loss = last_val = evaluate(model, val_data, cfg.eval_sequences, cfg.micro_batch_size, env,
                                           amp_dtype)
        tok_s = step_tokens / dt
        row = {"step": done, "tokens": tokens_done, "loss": last_loss, "val_loss": val_loss,
               "lr": lr, "grad_norm": grad_norm.item(), "tokens_per_s": tok_s,
               "mfu": throughput.mfu(tok_s, flops_tok, peak, env.world_size),
               "elapsed_s": elapsed_before + time.perf_counter() - t_start}
        if done % log_every == 0 or val_loss is not None or done == cfg.max_steps:
            log.write(row)
        if bar is not None:
            bar.update(1)
            bar.set_postfix(loss=f"{last_loss:.4f}", tok_s=f"{tok_s:,.0f}",
                            mfu="n/a" if row["mfu"] is None else f"{row['mfu']:.1%}")
        if is_save:
            save(done, val_loss)
        if callback is not None and env.is_main:
            callback(row)
    if bar is not None:
        bar.close()

    # ---- summary
    tokens_run = tokens_done - tokens_start
    tok_s = tokens_run / train_time if train_time > 0 else 0.0
    if last_loss is None:  # nothing left to do: report from the log
        rows = log.rows()
        last_loss = rows[-1]["loss"] if rows else None
        last_val = next((r["val_loss"] for r in reversed(rows) if r["val_loss"] is not None), None)
    ckpts = {"latest": str(latest)}
    if best_step is not None:
        ckpts["best"] = str(run_dir / BEST)
    for k in cfg.keep_checkpoint_at:
        if (run_dir / f"ckpt_{k:06d}.pt").exists():
            ckpts[f"step_{k}"] = str(run_dir / f"ckpt_{k:06d}.pt")
    summary = TrainSummary(
        run_dir=str(run_dir), params=n_params, params_non_embedding=n_params_ne, steps=cfg.max_steps,
        tokens_seen=tokens_done, tokens_this_run=tokens_run,
        wall_time_s=time.perf_counter() - t_start, train_time_s=train_time, tokens_per_s=tok_s,
        flops_per_token=flops_tok, peak_flops=peak,
        mfu=throughput.mfu(tok_s, flops_tok, peak, env.world_size),
        final_train_loss=last_loss, final_val_loss=last_val,
        best_val_loss=best_val if best_step is not None else None, best_step=best_step,
        precision=precision, strategy=strat, world_size=env.world_size, device=str(env.device),
        checkpoints=ckpts)
    if env.is_main:
        (run_dir / "summary.json").write_text(json.dumps(dataclasses.asdict(summary), indent=2))
    return summary


# -------------------------------------------------------------------------------------------- CLI

def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m phi1lib.train.loop",
        description="Pretrain or finetune a phi-1-shaped model. Launch with torchrun for several "
                    "processes, e.g. torchrun --nproc_per_node 8 -m phi1lib.train.loop --profile full "
                    "--stage pretrain --shape phi-1 --data outputs/full/pack --out runs/phi-1-base")
    g = p.add_argument_group("what")
    g.add_argument("--profile", default="tiny", help="config profile (smoke | tiny | small | full)")
    g.add_argument("--config", default=None, help="a resolved StudyConfig JSON (overrides --profile)")
    g.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="override, e.g. pretrain.max_steps=10 (VALUE parsed as JSON when it can be)")
    g.add_argument("--stage", choices=("pretrain", "finetune"), default="pretrain")
    g.add_argument("--shape", default=None, help="model shape (default: the config's first model)")
    g = p.add_argument_group("data")
    g.add_argument("--data", required=True,
                   help="pretrain: a packed-token directory (train/val splits); finetune: a JSONL of "
                        "examples with --prompt-field / --answer-field text")
    g.add_argument("--val-data", default=None, help="finetune: a JSONL of held-out examples")
    g.add_argument("--tokenizer", default=None, help="finetune: tokenizer directory or tokenizer.json")
    g.add_argument("--prompt-field", default="prompt")
    g.add_argument("--answer-field", default="answer")
    g = p.add_argument_group("run")
    g.add_argument("--out", required=True, help="run directory (checkpoints, metrics, summary)")
    g.add_argument("--init", default=None, help="checkpoint to start from (finetune: phi-1-base)")
    g.add_argument("--no-resume", action="store_true", help="start over even if a checkpoint exists")
    g.add_argument("--device", default="auto")
    g.add_argument("--strategy", default=None, choices=("auto", "ddp", "fsdp", "none"),
                   help="default: the stage's `strategy` in the config")
    g.add_argument("--eval-sequences", type=int, default=None,
                   help="validation sequences per evaluation (default: the config's eval_sequences)")
    g.add_argument("--min-lr", type=float, default=None, help="floor of the LR decay (default: config)")
    g.add_argument("--no-progress", action="store_true")
    return p


def _parse_sets(items: list[str]) -> dict[str, Any]:
    out = {}
    for item in items:
        key, _, value = item.partition("=")
        try:
            out[key] = json.loads(value)
        except json.JSONDecodeError:
            out[key] = value
    return out


def main(argv: list[str] | None = None) -> TrainSummary:
    args = build_parser().parse_args(argv)
    overrides = _parse_sets(args.set)
    if args.config:
        study = from_dict(json.loads(Path(args.config).read_text()))
        for key, value in overrides.items():
            set_field(study, key, value)
    else:
        study = load_config(args.profile, overrides)
    cfg: TrainConfig = getattr(study, args.stage)
    model_cfg = study.shape(args.shape or study.models[0])
    T = study.packing.seq_len
    if args.stage == "pretrain":
        train_data, val_data = packed_data(args.data, "train", T), packed_data(args.data, "val", T)
        if train_data.tokens.vocab_size > model_cfg.vocab_size:
            raise SystemExit(f"{args.data} holds ids up to {train_data.tokens.vocab_size - 1}; the model's "
                             f"vocabulary is {model_cfg.vocab_size} (set tokenizer.vocab_size)")
    else:
        if not args.tokenizer:
            raise SystemExit("--stage finetune needs --tokenizer")
        tok = load_tokenizer(args.tokenizer)

        def read(path):
            rows = read_jsonl(path)
            pairs = tokenize_examples([(r[args.prompt_field], r[args.answer_field]) for r in rows], tok)
            return ExampleData(pairs, T, cfg.loss_on, pad_id=tok.eot_id)

        train_data = read(args.data)
        val_data = read(args.val_data) if args.val_data else None
    summary = train(model_cfg, cfg, train_data, args.out, val_data=val_data, device=study.device
                    if args.device == "auto" else args.device, init_from=args.init,
                    resume=not args.no_resume, eval_sequences=args.eval_sequences, min_lr=args.min_lr,
                    strategy=args.strategy, progress=not args.no_progress)
    if int(os.environ.get("RANK", "0")) == 0:
        print(json.dumps(dataclasses.asdict(summary), indent=2))
    D.teardown()
    return summary


if __name__ == "__main__":
    main()
