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


def choose_device(requested: str | None, profile_device: str) -> str:
    """A stage notebook's ``device`` parameter: the one asked for, else the profile's, where "auto" and
    "cuda" mean the GPU only when torch sees one (so a GPU profile still runs, slowly, on a laptop)."""
    if requested is not None:
        return str(requested)
    return "cuda" if profile_device in ("auto", "cuda") and torch.cuda.is_available() else "cpu"
