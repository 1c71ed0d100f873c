"""Which device a run uses: "auto" is the GPU when torch sees one, else the CPU.

Its own module so that the layers that only need to know the device (the worker pool in `workers`, the
trainer's grid) share one rule without importing the trainer's distributed setup; it imports torch, so
light modules import it inside the function that needs it.
"""

from __future__ import annotations

import torch


def resolve_device(device: str | torch.device = "auto") -> torch.device:
    if str(device) == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(device)
