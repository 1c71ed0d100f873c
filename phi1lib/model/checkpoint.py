"""A training run's checkpoint files, and the model read back from one.

The trainer (`phi1lib.train.loop`) writes them: ``ckpt_latest.pt`` (model, optimizer and RNG state, to
resume), ``best.pt`` (the weights with the lowest validation loss) and ``ckpt_NNNNNN.pt`` at the steps
it is asked to keep; each holds ``model_config`` (the `ModelConfig` as a dict) and ``model`` (the state
dict). Reading them lives here, beside the network, so the layers that only load a model (export,
evaluation) do not depend on the trainer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from phi1lib.core.config import ModelConfig

if TYPE_CHECKING:
    import torch
    from torch import nn

LATEST = "ckpt_latest.pt"
BEST = "best.pt"


def best_checkpoint(run_dir: str | Path, missing_ok: bool = False) -> Path | None:
    """The checkpoint that stands for a finished run: best.pt (lowest validation loss among the saved
    checkpoints) when the run validated, else the last (ckpt_latest.pt). The one rule every stage uses
    (finetuning's start, evaluation, export, pruning). None with `missing_ok` when the run has neither."""
    run_dir = Path(run_dir)
    for name in (BEST, LATEST):
        if (run_dir / name).is_file():
            return run_dir / name
    if missing_ok:
        return None
    raise FileNotFoundError(f"{run_dir} holds no checkpoint ({BEST} or {LATEST}): has it run?")


def load_model(path: str | Path, device: str | torch.device = "cpu") -> nn.Module:
    """A PhiModel from any checkpoint the trainer writes (ckpt_*.pt or best.pt), in eval mode."""
    import torch  # lazy: the evaluation harness picks checkpoints (best_checkpoint) without torch

    from phi1lib.model.transformer import PhiModel  # lazy: pulls torch
    ckpt = torch.load(path, map_location="cpu", weights_only=False)
    model = PhiModel(ModelConfig(**ckpt["model_config"]))
    model.load_state_dict(ckpt["model"])
    return model.to(device).eval()
