"""The paper's scale on one GPU: the checks only a GPU can answer, in one run, as one table.

    python benchmarks/gpu_check.py                 # a CUDA machine: phi-1-small and phi-1, < 8 minutes on an H100/H200
    python benchmarks/gpu_check.py --smoke         # any machine, CPU included: tiny shapes, seconds (the tests run it)
    python benchmarks/gpu_check.py --out gpu_check.json

It imports phi1lib from this checkout without installing it and needs only torch (and transformers for
row 4), so it runs with a machine's own packages. Rows:

1. attention: the flash kernel (the `flash_attn` package when importable, else PyTorch SDPA's flash
   backend, and the table says which) against SDPA's math path on the phi-1-small shape in bf16: the
   largest |logit difference| and the forward+backward time of each;
2. phi-1-small pretraining in bf16 for 200 steps at the paper's context 2048 on random tokens, through
   the study's own trainer (`phi1lib.train.loop.train`): tokens/s and MFU against the device's datasheet
   peak (`throughput.GPU_PEAK_FLOPS`; an unknown device gets no MFU);
3. the phi-1 shape (1.3B) for 30 steps: tokens/s, MFU, peak memory (the micro batch halves on
   out-of-memory until it fits, and the table says which ran);
4. generation tokens/s, greedy, of our KV-cache decoder (`generate.generate_ids`) and of
   `transformers.generate` on the same weights exported as `PhiForCausalLM`, at batch 1 and 64.

Targets (issue 17, on an H100/H200): MFU >= 50% for phi-1-small in bf16; flash parity within bf16
tolerance; generation >= 2x transformers. The `--smoke` run checks that every row runs, not its numbers.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout, not installed
from phi1lib.core.config import SHAPES, TrainConfig  # noqa: E402
from phi1lib.model import transformer  # noqa: E402
from phi1lib.model.generate import generate_ids  # noqa: E402
from phi1lib.model.transformer import PhiModel  # noqa: E402
from phi1lib.train import throughput  # noqa: E402
from phi1lib.train.batches import TokenWindows  # noqa: E402
from phi1lib.train.loop import train  # noqa: E402

VOCAB = 51200  # phi-1's padded vocabulary


@dataclasses.dataclass
class Plan:
    """What one run measures: the paper's shapes on a GPU, tiny ones for --smoke."""

    small: str = "phi-1-small"
    large: str = "phi-1"
    vocab: int = VOCAB
    context: int = 2048
    attn_batch: int = 4
    small_steps: int = 200
    small_micro: int = 8
    large_steps: int = 30
    large_micro: int = 8
    gen_prompt: int = 128
    gen_new: int = 128
    gen_batches: tuple[int, ...] = (1, 64)

    @classmethod
    def smoke(cls) -> Plan:
        return cls(small="smoke", large="tiny-small", vocab=512, context=64, attn_batch=2, small_steps=6,
                   small_micro=4, large_steps=4, large_micro=4, gen_prompt=8, gen_new=8, gen_batches=(1, 4))


def shape(name: str, plan: Plan):
    return dataclasses.replace(SHAPES[name], vocab_size=plan.vocab, context_len=plan.context)


def sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def timed(fn, device: torch.device, repeats: int = 3) -> float:
    """Best wall time of `fn()` over `repeats` runs after one warm-up."""
    fn()
    sync(device)
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        sync(device)
        best = min(best, time.perf_counter() - t0)
    return best


@contextlib.contextmanager
def attention_path(kind: str):
    """Force one attention path: "math" (SDPA's reference), "flash" (flash_attn, else SDPA's flash
    backend) or "default" (what the model picks on this device)."""
    from torch.nn.attention import SDPBackend, sdpa_kernel

    saved = transformer.flash_attn_func
    try:
        if kind == "math":
            transformer.flash_attn_func = None
            with sdpa_kernel([SDPBackend.MATH]):
                yield
        elif kind == "flash" and saved is None:
            with sdpa_kernel([SDPBackend.FLASH_ATTENTION]):
                yield
        else:
            yield
    finally:
        transformer.flash_attn_func = saved


def check_attention(plan: Plan, device: torch.device, dtype: torch.dtype) -> dict[str, Any]:
    torch.manual_seed(0)
    # no dropout: the two paths must see the same network (and a training-mode dropout draws anew each call)
    model = PhiModel(dataclasses.replace(shape(plan.small, plan), dropout=0.0)).to(device=device, dtype=dtype)
    idx = torch.randint(0, plan.vocab, (plan.attn_batch, plan.context), device=device)
    fast = ("flash_attn package" if transformer.flash_attn_func is not None else "SDPA flash backend") \
        if device.type == "cuda" else "SDPA default (no flash kernel on CPU)"
    kind = "flash" if device.type == "cuda" else "default"
    logits = {}
    times = {}
    for path in (kind, "math"):
        with attention_path(path), torch.no_grad():
            logits[path] = model(idx)[0].float()

        def step(path=path):
            with attention_path(path):
                model.zero_grad(set_to_none=True)
                out, _ = model(idx)
                out.float().mean().backward()

        times[path] = timed(step, device)
    diff = (logits[kind] - logits["math"]).abs()
    scale = logits["math"].abs().max().item()
    return {"row": "attention", "shape": plan.small, "fast path": fast,
            "max |logit diff|": diff.max().item(), "mean |logit diff|": diff.mean().item(),
            "max |logit|": scale, "fwd+bwd s (fast)": times[kind], "fwd+bwd s (math)": times["math"],
            "speed-up": times["math"] / times[kind]}


def check_training(name: str, plan: Plan, steps: int, micro: int, device: torch.device,
                   precision: str) -> dict[str, Any]:
    """Our trainer on random tokens; the micro batch halves on out-of-memory until it fits."""
    tokens = np.random.default_rng(0).integers(0, plan.vocab, size=plan.context * micro * 64 + 1, dtype=np.int64)
    model_cfg = shape(name, plan)
    warm = min(5, steps // 2)
    while True:
        cfg = TrainConfig(batch_size=micro, micro_batch_size=micro, warmup_steps=2, max_steps=steps, eval_every=0,
                          save_every=0, keep_checkpoint_at=[], precision=precision, dropout=0.0)
        if device.type == "cuda":
            torch.cuda.empty_cache()
            torch.cuda.reset_peak_memory_stats(device)
        try:
            with tempfile.TemporaryDirectory() as out:
                summary = train(model_cfg, cfg, TokenWindows(tokens, plan.context), out, device=str(device),
                                resume=False, peak_flops="auto" if device.type == "cuda" else None, progress=False)
                rows = [json.loads(line) for line in (Path(out) / "metrics.jsonl").read_text().splitlines()]
            break
        except torch.cuda.OutOfMemoryError:
            if micro == 1:
                raise
            micro //= 2
    timed_rows = rows[warm:] or rows
    seconds = sum(micro * plan.context / r["tokens_per_s"] for r in timed_rows)
    tok_s = len(timed_rows) * micro * plan.context / seconds
    peak = summary.peak_flops
    mfu = throughput.mfu(tok_s, summary.flops_per_token, peak)
    return {"row": f"train {name}", "shape": name, "params": summary.params, "precision": summary.precision,
            "steps": steps, "micro batch": micro, "context": plan.context, "tokens/s": tok_s,
            "MFU": mfu, "peak FLOP/s": peak,
            "peak memory GiB": torch.cuda.max_memory_allocated(device) / 2 ** 30 if device.type == "cuda" else None,
            "final loss": summary.final_train_loss}


def check_generation(plan: Plan, device: torch.device, dtype: torch.dtype) -> list[dict[str, Any]]:
    """Greedy tokens/s of our decoder and of transformers' generate on the same weights."""
    from phi1lib.model.hf_interop import export_hf

    torch.manual_seed(0)
    ours = PhiModel(shape(plan.small, plan)).to(device=device, dtype=dtype).eval()
    rows = []
    with tempfile.TemporaryDirectory() as out:
        export_hf(ours, out)
        try:
            from transformers import AutoModelForCausalLM

            theirs = AutoModelForCausalLM.from_pretrained(out, dtype=dtype).to(device).eval()
        except Exception as exc:  # transformers missing or too old for Phi: our row still stands
            theirs, why = None, f"{type(exc).__name__}: {exc}"
        for batch in plan.gen_batches:
            prompts = torch.randint(0, plan.vocab, (batch, plan.gen_prompt), generator=torch.Generator().manual_seed(batch))
            new = batch * plan.gen_new
            with torch.inference_mode():
                t_ours = timed(lambda: generate_ids(ours, prompts.tolist(), plan.gen_new), device, repeats=2)
                row = {"row": f"generate batch {batch}", "shape": plan.small, "new tokens": new,
                       "ours tokens/s": new / t_ours}
                if theirs is not None:
                    ids = prompts.to(device)

                    def hf():
                        theirs.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=plan.gen_new,
                                        min_new_tokens=plan.gen_new, do_sample=False, use_cache=True,
                                        pad_token_id=0)

                    t_hf = timed(hf, device, repeats=2)
                    row.update({"transformers tokens/s": new / t_hf, "speed-up": t_hf / t_ours})
                else:
                    row["transformers tokens/s"] = why
            rows.append(row)
    return rows


TARGETS = {"attention": "max |logit diff| within bf16 tolerance (~2^-8 of the logits' scale)",
           "train phi-1-small": "MFU >= 50% (H100/H200, bf16)",
           "train phi-1": "tokens/s, MFU, peak memory measured",
           "generate": "ours >= 2x transformers"}


def fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        if value != 0 and (abs(value) >= 1e5 or abs(value) < 1e-3):
            return f"{value:.3g}"
        return f"{value:.4g}"
    return str(value)


def render(device_name: str, rows: list[dict[str, Any]]) -> str:
    lines = [f"gpu_check on {device_name}", ""]
    for row in rows:
        target = next((t for key, t in TARGETS.items() if row["row"].startswith(key)), "")
        measured = ", ".join(f"{k} {fmt(v)}" for k, v in row.items() if k != "row")
        lines.append(f"{row['row']:<24} {measured}")
        if target:
            lines.append(f"{'':<24} target: {target}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny shapes, a few steps: checks the script runs")
    parser.add_argument("--device", default=None, help="cuda | cpu (default: cuda when there is one)")
    parser.add_argument("--out", default=None, help="also write the rows as JSON here")
    parser.add_argument("--skip", default="", help="comma-separated rows to skip: attention,small,large,generate")
    args = parser.parse_args(argv)
    device = torch.device(args.device or ("cuda" if torch.cuda.is_available() else "cpu"))
    plan = Plan.smoke() if args.smoke else Plan()
    dtype = torch.bfloat16
    precision = "bf16"
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else "CPU"
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    if "attention" not in skip:
        rows.append(check_attention(plan, device, dtype))
    if "small" not in skip:
        rows.append(check_training(plan.small, plan, plan.small_steps, plan.small_micro, device, precision))
    if "large" not in skip:
        rows.append(check_training(plan.large, plan, plan.large_steps, plan.large_micro, device, precision))
    if "generate" not in skip:
        rows.extend(check_generation(plan, device, dtype))
    text = render(name, rows) + f"\n\nwall time {time.perf_counter() - started:.0f} s" + (" (smoke)" if args.smoke else "")
    print(text)
    if args.out:
        Path(args.out).write_text(json.dumps({"device": name, "smoke": args.smoke, "rows": rows}, indent=2,
                                             default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
