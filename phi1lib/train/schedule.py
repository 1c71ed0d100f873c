"""The learning-rate schedule: linear warmup, then linear decay (paper, sections 2.3 and 2.4).

phi-1-base: peak 1e-3 after 750 warmup steps, 36k steps; phi-1 finetuning: peak 1e-4 after 50 warmup
steps, 6k steps. The paper says "linear warmup, linear decay" and nothing about where the decay ends;
we decay to `min_lr` (default 0, a floor is an option, not the paper's) at `max_steps`.

Steps count optimizer updates from 0: the update made at step s uses `lr_at(s)`, so the first update
already has a non-zero rate (peak / warmup) and update warmup-1 is the first at the peak.
"""

from __future__ import annotations


def lr_at(step: int, *, peak: float, warmup: int, max_steps: int, min_lr: float = 0.0) -> float:
    """Learning rate of the update made at optimizer step `step` (0-based).

    Warmup: peak * (step + 1) / warmup for step < warmup. Decay: a straight line from peak at step
    warmup - 1 to `min_lr` at `max_steps` (reached only by a run that goes one step beyond
    max_steps); `min_lr` after that.
    """
    if step < 0:
        raise ValueError(f"step must be >= 0, got {step}")
    if step < warmup:
        return peak * (step + 1) / warmup
    if step >= max_steps:
        return min_lr
    start = max(warmup - 1, 0)  # the step at which the line leaves the peak
    frac = (step - start) / (max_steps - start)
    return peak + frac * (min_lr - peak)
