"""A training run's checkpoint files, and the model read back from one.

The trainer (`phi1lib.train.loop`) writes them: ``ckpt_latest.pt`` (model, optimizer and RNG state, to
resume), ``best.pt`` (the weights with the lowest validation loss) and ``ckpt_NNNNNN.pt`` at the steps
it is asked to keep; each holds ``model_config`` (the `ModelConfig` as a dict) and ``model`` (the state
dict). Reading them lives here, beside the network, so the layers that only load a model (export,
evaluation) do not depend on the trainer.
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from phi1lib.core.config import ModelConfig
from phi1lib.model.transformer import PhiModel

LATEST = "ckpt_latest.pt"
BEST = "best.pt"


def load_model(path: str | Path, device: str | torch.device = "cpu") -> nn.Module:
    """A PhiModel from any checkpoint the trainer writes (ckpt_*.pt or best.pt), in eval mode."""
    ckpt = torch.load(path, map_location="cpu", weights_only=False)
    model = PhiModel(ModelConfig(**ckpt["model_config"]))
    model.load_state_dict(ckpt["model"])
    return model.to(device).eval()
