"""Tokens per second and model FLOPs utilization (MFU), against a stated peak, never a guessed one.

Model FLOPs per token: 6N + 12 * L * H * Q * T (PaLM appendix B, nanoGPT's `estimate_mfu`), N the
parameters without the embedding table. MFU = tokens/s * FLOPs per token / (peak FLOP/s * devices).

Peaks: GPUs from a table of datasheet dense (no sparsity) figures; the CPU's is MEASURED by a matmul
microbenchmark in the dtype the run computes in (fp32, or bf16 under autocast), so a CPU MFU says how
close the trainer gets to what this machine's matmul does, not to a marketing number. A device not in
the table gets peak None and MFU None (nanochat shows 0; None cannot be mistaken for a measurement).
"""

from __future__ import annotations

import functools
import time

import torch

# Datasheet dense peaks in FLOP/s per GPU; keys are substrings of torch.cuda.get_device_name(),
# tried in order, so the specific variants ("H100 PCIe") come before the generic name ("H100").
# "tf32" is what fp32 matmuls run at when torch allows TF32; "fp32" without it.
GPU_PEAK_FLOPS: list[tuple[str, dict[str, float]]] = [
    ("A100", {"bf16": 312e12, "fp16": 312e12, "tf32": 156e12, "fp32": 19.5e12}),
    ("H100 PCIe", {"bf16": 756e12, "fp16": 756e12, "tf32": 378e12, "fp32": 51.2e12}),
    ("H100 NVL", {}),  # listed so it does not fall through to the SXM figures: unknown
    ("H100", {"bf16": 989.4e12, "fp16": 989.4e12, "tf32": 494.7e12, "fp32": 66.9e12}),  # SXM
    ("H200 NVL", {}),
    ("H200", {"bf16": 989.4e12, "fp16": 989.4e12, "tf32": 494.7e12, "fp32": 66.9e12}),  # SXM
]


def flops_per_token(n_params_non_embedding: int, n_layer: int, n_head: int, head_dim: int,
                    seq_len: int) -> float:
    """Training FLOPs (forward + backward) per token: 6N + 12 * L * H * Q * T."""
    return 6 * n_params_non_embedding + 12 * n_layer * n_head * head_dim * seq_len


def gpu_peak_flops(device_name: str, compute_dtype: str) -> float | None:
    """Datasheet peak for a GPU name and "bf16" | "fp16" | "tf32" | "fp32"; None when unknown."""
    for key, peaks in GPU_PEAK_FLOPS:
        if key in device_name:
            return peaks.get(compute_dtype)
    return None


@functools.cache
def measure_matmul_flops(dtype: str = "fp32", n: int = 1024, min_seconds: float = 0.5,
                         device: str = "cpu") -> float:
    """FLOP/s of an n x n x n matmul in `dtype` ("fp32" | "bf16" | "fp16"), best of several timings.

    Cached per process: the peak is measured once and every MFU of the run is against the same figure.
    """
    torch_dtype = {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}[dtype]
    gen = torch.Generator(device="cpu").manual_seed(0)
    a = torch.randn(n, n, generator=gen).to(device=device, dtype=torch_dtype)
    b = torch.randn(n, n, generator=gen).to(device=device, dtype=torch_dtype)
    sync = torch.cuda.synchronize if device.startswith("cuda") else (lambda: None)
    for _ in range(2):  # warm up: thread pool, kernels' first-call costs
        a @ b
    sync()
    best, total, reps = float("inf"), 0.0, 0
    while total < min_seconds or reps < 3:
        t0 = time.perf_counter()
        a @ b
        sync()
        dt = time.perf_counter() - t0
        best, total, reps = min(best, dt), total + dt, reps + 1
    return 2 * n ** 3 / best


def compute_dtype(device: torch.device | str, autocast_dtype: torch.dtype | None) -> str:
    """The dtype the run's matmuls execute in: "bf16" | "fp16" | "tf32" | "fp32"."""
    if autocast_dtype is torch.bfloat16:
        return "bf16"
    if autocast_dtype is torch.float16:
        return "fp16"
    if torch.device(device).type == "cuda" and torch.get_float32_matmul_precision() != "highest":
        return "tf32"
    return "fp32"


def peak_flops(device: torch.device | str, dtype: str, measure_cpu: bool = True) -> float | None:
    """Peak FLOP/s of one device for matmuls in `dtype`: the GPU table, or measured on CPU.

    None for a GPU the table does not know, and for the CPU when `measure_cpu` is False.
    """
    device = torch.device(device)
    if device.type == "cuda":
        return gpu_peak_flops(torch.cuda.get_device_name(device), dtype)
    if device.type == "cpu" and measure_cpu:
        return measure_matmul_flops("fp32" if dtype == "tf32" else dtype)
    return None


def mfu(tokens_per_s: float, flops_per_tok: float, peak: float | None, n_devices: int = 1) -> float | None:
    """Model FLOPs utilization in [0, 1]; None when no peak is known."""
    if peak is None or peak <= 0:
        return None
    return tokens_per_s * flops_per_tok / (peak * n_devices)
