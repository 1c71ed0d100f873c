"""Training throughput: our trainer against a plain nanoGPT-style loop, same shape, same machine.

    .venv/bin/python benchmarks/bench_train.py            # tiny shape, vocab 4096, seq 256, batch 16
    .venv/bin/python benchmarks/bench_train.py --steps 20 --repeats 3 --threads 2
    .venv/bin/python benchmarks/bench_train.py --exercises outputs/tiny/finetune/exercises/train.jsonl \
        --tokenizer outputs/tiny/filter/tokenizer   # finetuning rows at the real exercise lengths

The reference is a minimal GPT written here (nanoGPT's: learned positions, pre-LN sequential blocks,
fused qkv, SDPA causal attention, GELU MLP, tied LM head), trained by a bare loop: random slices of a
token array, AdamW, clip 1.0, fp32. Ours is `phi1lib.train.loop.train` on PhiModel (parallel block, partial
rotary, untied head) with everything it does per step (data order, token-weighted loss, metrics files,
progress bar off), in fp32 and in bf16 autocast. MFU = tokens/s x each model's 6N + 12LHQT FLOPs per
token against the fp32 and bf16 matmul peaks this script measures first (1024^3, best of many).
The machine is shared and noisy: each variant runs `--repeats` times, interleaved, and the best is kept.

Finetuning rows (one exercise per row, `batches.ExampleData`): padded to the full row as before, and
padded only to the longest row of a batch whose rows `batches.batch_indices` grouped by length. What
counts there is *useful* tokens/s (the exercises' own tokens, padding left out): the lengths are the
real exercises' with ``--exercises``/``--tokenizer``, else drawn to match them (mean ~153 of 256).

``--alone``: the grouped finetuning rows on one thread (a run side by side with others) and on every
core (a run alone, as the larger `tiny` run finishes: `TrainConfig.alone_from_step_by_shape`).

``--compile``: PhiModel forward + backward + AdamW in bf16 autocast, eager against ``torch.compile``
(inductor), at a few row widths: steady tokens/s and the seconds the first steps take (compilation).
Finetuning batches are as wide as their longest row, so each new width compiles again; the trainer
stays eager unless the gain pays for that (README, "Choices").
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout
from phi1lib.train import throughput
from phi1lib.train.batches import ExampleData, batch_indices
from phi1lib.core.config import SHAPES, TrainConfig
from phi1lib.train.batches import TokenWindows
from phi1lib.train.loop import train

# ------------------------------------------------------------------- the reference: nanoGPT, minimal

class RefBlock(nn.Module):
    def __init__(self, d: int, n_head: int, d_mlp: int):
        super().__init__()
        self.ln_1, self.ln_2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.c_attn, self.c_proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.fc, self.proj = nn.Linear(d, d_mlp), nn.Linear(d_mlp, d)
        self.n_head = n_head

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(C, dim=2)
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.c_proj(y.transpose(1, 2).reshape(B, T, C))
        return x + self.proj(F.gelu(self.fc(self.ln_2(x))))


class RefGPT(nn.Module):
    def __init__(self, vocab: int, ctx: int, n_layer: int, d: int, n_head: int, d_mlp: int):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(vocab, d), nn.Embedding(ctx, d)
        self.blocks = nn.ModuleList(RefBlock(d, n_head, d_mlp) for _ in range(n_layer))
        self.ln_f = nn.LayerNorm(d)
        self.lm_head = nn.Linear(d, vocab, bias=False)
        self.lm_head.weight = self.wte.weight  # tied, as nanoGPT
        self.apply(lambda m: nn.init.normal_(m.weight, 0, 0.02) if isinstance(m, (nn.Linear, nn.Embedding))
                   else None)

    def forward(self, idx, targets):
        x = self.wte(idx) + self.wpe(torch.arange(idx.shape[1]))
        for block in self.blocks:
            x = block(x)
        logits = self.lm_head(self.ln_f(x))
        return F.cross_entropy(logits.view(-1, logits.size(-1)), targets.reshape(-1))


def run_reference(shape, tokens: np.ndarray, batch: int, seq: int, steps: int,
                  warmup: int) -> tuple[float, int]:
    """(tokens/s over the timed steps, non-embedding params as nanoGPT counts them)."""
    torch.manual_seed(0)
    model = RefGPT(shape.vocab_size, seq, shape.n_layer, shape.d_model, shape.n_head, shape.d_mlp)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.95), weight_decay=0.1)
    rng = np.random.default_rng(0)
    timed = 0.0
    for step in range(warmup + steps):
        t0 = time.perf_counter()
        starts = rng.integers(0, len(tokens) - seq - 1, batch)
        rows = torch.from_numpy(np.stack([tokens[s:s + seq + 1].astype(np.int64) for s in starts]))
        loss = model(rows[:, :-1], rows[:, 1:])
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        loss.item()
        if step >= warmup:
            timed += time.perf_counter() - t0
    n_params = sum(p.numel() for p in model.parameters()) - model.wpe.weight.numel()  # nanoGPT's N
    return steps * batch * seq / timed, n_params


def run_ours(shape, tokens: np.ndarray, batch: int, seq: int, steps: int, warmup: int, precision: str,
             out: Path) -> tuple[float, int, float]:
    """(tokens/s over the timed steps, non-embedding params, FLOPs per token)."""
    cfg = TrainConfig(batch_size=batch, micro_batch_size=batch, warmup_steps=2, max_steps=warmup + steps,
                      eval_every=0, save_every=0, keep_checkpoint_at=[], precision=precision)
    summary = train(shape, cfg, TokenWindows(tokens, seq), out, resume=False, peak_flops=None, progress=False)
    rows = [json.loads(line) for line in (out / "metrics.jsonl").read_text().splitlines()][warmup:]
    seconds = sum(batch * seq / r["tokens_per_s"] for r in rows)  # per-step times, warmup left out
    return len(rows) * batch * seq / seconds, summary.params_non_embedding, summary.flops_per_token


def exercise_lengths(args) -> np.ndarray:
    """Tokens of each finetuning exercise (prompt + answer + end-of-text), capped at seq + 1."""
    if args.exercises:
        from phi1lib.data.tokenizer import load_tokenizer

        tok = load_tokenizer(args.tokenizer)
        rows = [json.loads(line) for line in Path(args.exercises).read_text().splitlines() if line.strip()]
        lens = np.array([len(tok.encode(r["prompt"])) + len(tok.encode(r["answer"])) + 1 for r in rows])
    else:  # the tiny run's exercises: mean ~153, a long right tail cut at the row
        lens = np.random.default_rng(1).gamma(6.0, 153 / 6.0, 5000).astype(int) + 20
    return np.minimum(lens[lens <= args.seq + 1], args.seq + 1)


def run_finetune(shape, lengths: np.ndarray, batch: int, seq: int, steps: int, warmup: int, dynamic: bool,
                 out: Path) -> tuple[float, float]:
    """(useful tokens/s, share of the rows' positions that are padding) over the timed steps."""
    rng = np.random.default_rng(0)
    examples = [(list(rng.integers(1, shape.vocab_size, n // 2)), list(rng.integers(1, shape.vocab_size, n - n // 2)))
                for n in lengths]
    data = ExampleData(examples, seq, "answer", dynamic=dynamic)
    cfg = TrainConfig(batch_size=batch, micro_batch_size=batch, warmup_steps=2, max_steps=warmup + steps,
                      eval_every=0, save_every=0, keep_checkpoint_at=[], precision="bf16", loss_on="answer")
    train(shape, cfg, data, out, resume=False, peak_flops=None, progress=False)
    rows = [json.loads(line) for line in (out / "metrics.jsonl").read_text().splitlines()]
    useful = padded = seconds = 0.0
    for r in rows[warmup:]:
        idx = batch_indices(len(data), 0, r["step"] - 1, batch, data.lengths if dynamic else None)
        width = data.get(idx)[0].shape[1]
        processed = batch * width
        seconds += processed / r["tokens_per_s"]
        useful += float(data.lengths[idx].sum())
        padded += processed
    return useful / seconds, 1 - useful / padded


def run_compiled(shape, batch: int, widths: list[int], steps: int) -> list[tuple[int, float, float, float, float]]:
    """Per row width: (width, eager tokens/s, compiled tokens/s, eager first-3-steps s, compiled
    first-3-steps s), bf16 autocast, one fresh model each."""
    from phi1lib.model.transformer import PhiModel

    def one(width: int, compiled: bool) -> tuple[float, float]:
        torch.manual_seed(0)
        model = PhiModel(shape)
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
        fn = torch.compile(model) if compiled else model
        x = torch.randint(0, shape.vocab_size, (batch, width + 1))
        t0 = time.perf_counter()
        for i in range(steps + 3):
            if i == 3:
                t1 = time.perf_counter()
            with torch.autocast("cpu", dtype=torch.bfloat16):
                _, loss = fn(x[:, :-1], x[:, 1:])
            loss.backward()
            opt.step()
            opt.zero_grad(set_to_none=True)
        return steps * batch * width / (time.perf_counter() - t1), t1 - t0

    rows = []
    for width in widths:
        eager, eager_first = one(width, False)
        comp, comp_first = one(width, True)
        rows.append((width, eager, comp, eager_first, comp_first))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shape", default="tiny")
    ap.add_argument("--vocab", type=int, default=4096)
    ap.add_argument("--seq", type=int, default=256)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--steps", type=int, default=10, help="timed steps per run")
    ap.add_argument("--warmup", type=int, default=2, help="untimed first steps per run")
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's)")
    ap.add_argument("--exercises", default=None, help="finetuning exercises (JSONL: prompt, answer) for real lengths")
    ap.add_argument("--tokenizer", default=None, help="the tokenizer folder those lengths are counted with")
    ap.add_argument("--compile", action="store_true", help="also time torch.compile against eager (minutes)")
    ap.add_argument("--alone", action="store_true",
                    help="also time the grouped finetuning rows on 1 thread against every core")
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    shape = dataclasses.replace(SHAPES[args.shape], vocab_size=args.vocab, context_len=args.seq, dropout=0.0)
    tokens = np.random.default_rng(0).integers(0, args.vocab, 1 << 20).astype(np.uint16)

    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, load average "
          f"{os.getloadavg()[0]:.2f}; shape {args.shape}: {shape.n_layer} layers, d {shape.d_model}, "
          f"vocab {args.vocab}, seq {args.seq}, batch {args.batch}")
    peaks = {d: throughput.measure_matmul_flops(d, n=1024, min_seconds=1.0) for d in ("fp32", "bf16")}
    print(f"measured matmul peak (1024^3): fp32 {peaks['fp32'] / 1e9:.0f} GFLOP/s, "
          f"bf16 {peaks['bf16'] / 1e9:.0f} GFLOP/s")

    best: dict[str, float] = {}
    flops: dict[str, float] = {}
    lengths = exercise_lengths(args)
    tuned: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for rep in range(args.repeats):  # interleaved, so slow spells of a shared machine hit all
            tok_s, n = run_reference(shape, tokens, args.batch, args.seq, args.steps, args.warmup)
            best["nanoGPT-style loop, fp32"] = max(best.get("nanoGPT-style loop, fp32", 0), tok_s)
            flops["nanoGPT-style loop, fp32"] = throughput.flops_per_token(
                n, shape.n_layer, shape.n_head, shape.d_model // shape.n_head, args.seq)
            for precision in ("fp32", "bf16"):
                key = f"phi1lib.train.loop, {precision}" + (" autocast" if precision == "bf16" else "")
                tok_s, _, f = run_ours(shape, tokens, args.batch, args.seq, args.steps, args.warmup,
                                       precision, Path(tmp) / f"{precision}{rep}")
                best[key], flops[key] = max(best.get(key, 0), tok_s), f
            for dynamic in (False, True):
                key = "rows grouped by length, padded to the batch's longest" if dynamic else \
                    f"rows padded to {args.seq} (before)"
                useful, pad = run_finetune(shape, lengths, args.batch, args.seq, args.steps, args.warmup, dynamic,
                                           Path(tmp) / f"ft{int(dynamic)}{rep}")
                if useful > tuned.get(key, (0.0, 0.0))[0]:
                    tuned[key] = (useful, pad)
            print(f"  repeat {rep + 1}/{args.repeats} done", flush=True)

    ref = best["nanoGPT-style loop, fp32"]
    print(f"\n{'variant':<28} {'FLOPs/token':>12} {'tokens/s':>9} {'vs ref':>7} {'MFU fp32':>9} "
          f"{'MFU bf16':>9} {'MFU own':>8}")
    for key, tok_s in best.items():
        m32 = throughput.mfu(tok_s, flops[key], peaks["fp32"])
        m16 = throughput.mfu(tok_s, flops[key], peaks["bf16"])
        own = m16 if "bf16" in key else m32
        print(f"{key:<28} {flops[key] / 1e6:>10.1f} M {tok_s:>9,.0f} {tok_s / ref:>6.2f}x "
              f"{m32:>9.1%} {m16:>9.1%} {own:>8.1%}")
    print("\nMFU fp32 / bf16: against the fp32 / bf16 matmul peak measured above; MFU own: against the "
          "peak of the dtype the variant computes in (the fair one).")
    print(f"\nFinetuning rows, bf16 autocast: {len(lengths)} exercises, mean {lengths.mean():.0f} tokens "
          f"({'real' if args.exercises else 'drawn'} lengths), batch {args.batch}")
    print(f"{'rows':<56} {'useful tokens/s':>16} {'padding':>8} {'vs before':>10}")
    before = next(iter(tuned.values()))[0]
    for key, (useful, pad) in tuned.items():
        print(f"{key:<56} {useful:>16,.0f} {pad:>8.1%} {useful / before:>9.2f}x")
    if args.alone:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        threads_before = torch.get_num_threads()
        alone: dict[int, float] = {}
        with tempfile.TemporaryDirectory() as tmp:
            for rep in range(args.repeats):
                for n in dict.fromkeys((1, cores)):
                    torch.set_num_threads(n)
                    useful, _ = run_finetune(shape, lengths, args.batch, args.seq, args.steps, args.warmup, True,
                                             Path(tmp) / f"threads{n}-{rep}")
                    alone[n] = max(alone.get(n, 0.0), useful)
        torch.set_num_threads(threads_before)
        print(f"\nA run alone, grouped finetuning rows, bf16 autocast: one thread (as side by side) against "
              f"every core ({cores}: the part a run trains alone, `alone_from_step_by_shape`)")
        print(f"{'threads':>8} {'useful tokens/s':>16} {'vs 1 thread':>12}")
        for n, useful in alone.items():
            print(f"{n:>8} {useful:>16,.0f} {useful / alone[1]:>11.2f}x")
    if args.compile:
        rows = run_compiled(shape, args.batch, [128, 192, args.seq], max(args.steps, 10))
        print(f"\ntorch.compile (inductor), bf16 autocast, batch {args.batch}: a new row width compiles again")
        print(f"{'width':>6} {'eager tok/s':>12} {'compiled tok/s':>15} {'gain':>6} {'eager first 3 s':>16} "
              f"{'compiled first 3 s':>19}")
        for width, eager, comp, eager_first, comp_first in rows:
            print(f"{width:>6} {eager:>12,.0f} {comp:>15,.0f} {comp / eager:>5.2f}x {eager_first:>16.1f} "
                  f"{comp_first:>19.1f}")
    if not math.isfinite(ref):
        raise SystemExit("reference did not run")


if __name__ == "__main__":
    main()
