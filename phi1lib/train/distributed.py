"""Data-parallel training under torchrun: process group, DDP or FSDP, reductions, full checkpoints.

The paper trained phi-1 on 8 A100s and does not say how it was sharded. Here a model below
`FSDP_MIN_PARAMS` (phi-1-small, 350M: weights, grads and AdamW state, ~6 GB in fp32, fit one GPU)
is replicated with DDP; phi-1 (1.3B, ~21 GB of state before activations) is sharded with FSDP
(`fully_shard`, FSDP2: one unit per transformer block plus the root). NCCL on CUDA, gloo on CPU.

Every rank runs the same number of forward/backward calls (FSDP's all-gathers are collectives), sees
a disjoint slice of each global batch (the trainer picks it), and checkpoints hold FULL, unsharded
state dicts keyed by parameter name, so a run saved under FSDP resumes under DDP or on one process.
Only rank 0 writes files.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field

import torch
import torch.distributed as dist
from torch import nn
from torch.distributed.checkpoint.state_dict import StateDictOptions, get_state_dict, set_state_dict

from phi1lib.core.devices import resolve_device

FSDP_MIN_PARAMS = 1_000_000_000  # "auto" shards models from this size up (phi-1 yes, phi-1-small no)


@dataclass
class DistEnv:
    rank: int = 0
    world_size: int = 1
    local_rank: int = 0
    device: torch.device = field(default_factory=lambda: torch.device("cpu"))

    @property
    def is_main(self) -> bool:
        return self.rank == 0


def setup(device: str | torch.device = "auto") -> DistEnv:
    """Join the process group when torchrun set WORLD_SIZE > 1 (idempotent); else a 1-process env."""
    device = resolve_device(device)
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world == 1 and not dist.is_initialized():
        return DistEnv(device=device)
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    if device.type == "cuda":
        device = torch.device("cuda", local_rank)
        torch.cuda.set_device(device)
    if not dist.is_initialized():
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    return DistEnv(dist.get_rank(), dist.get_world_size(), local_rank, device)


def teardown() -> None:
    if dist.is_initialized():
        dist.destroy_process_group()


def choose_strategy(model: nn.Module, env: DistEnv, strategy: str = "auto") -> str:
    """ "none" on one process; "auto" -> "fsdp" from FSDP_MIN_PARAMS parameters up, else "ddp"."""
    if strategy not in ("auto", "ddp", "fsdp", "none"):
        raise ValueError(f"strategy must be auto | ddp | fsdp | none, got {strategy!r}")
    if env.world_size == 1:
        return "none"
    if strategy == "auto":
        n = sum(p.numel() for p in model.parameters())
        return "fsdp" if n >= FSDP_MIN_PARAMS else "ddp"
    return strategy


def wrap(model: nn.Module, env: DistEnv, strategy: str) -> nn.Module:
    """Wrap a model already on env.device. Build the optimizer AFTER this (FSDP replaces params)."""
    if strategy == "ddp":
        from torch.nn.parallel import DistributedDataParallel as DDP

        return DDP(model, device_ids=[env.device.index] if env.device.type == "cuda" else None)
    if strategy == "fsdp":
        from torch.distributed.fsdp import fully_shard

        # One unit per block: a block's weights are gathered just before it runs and freed after.
        for block in getattr(model, "layers", []):
            fully_shard(block)
        fully_shard(model)
        return model
    return model


def unwrap(model: nn.Module) -> nn.Module:
    """The user's module under a DDP wrapper (FSDP2 modifies the module in place)."""
    return model.module if hasattr(model, "module") and hasattr(model, "no_sync") else model


@contextlib.contextmanager
def grad_sync(model: nn.Module, strategy: str, sync: bool):
    """Skip the gradient all-reduce on accumulation micro-steps that are not the last."""
    if strategy == "ddp" and not sync:
        with model.no_sync():
            yield
    elif strategy == "fsdp":
        model.set_requires_gradient_sync(sync)
        try:
            yield
        finally:
            model.set_requires_gradient_sync(True)
    else:
        yield


def all_reduce_sum(t: torch.Tensor) -> torch.Tensor:
    """Sum over ranks, in place; a no-op on one process."""
    if dist.is_initialized():
        dist.all_reduce(t, op=dist.ReduceOp.SUM)
    return t


def barrier() -> None:
    if dist.is_initialized():
        dist.barrier()


def full_state(model: nn.Module, optimizer: torch.optim.Optimizer | None = None):
    """(model, optimizer) full state dicts on CPU keyed by parameter name; a collective under FSDP.

    Under FSDP only rank 0 gets the tensors (the others get empty dicts): only rank 0 saves.
    """
    options = StateDictOptions(full_state_dict=True, cpu_offload=True)
    if optimizer is None:
        from torch.distributed.checkpoint.state_dict import get_model_state_dict

        return get_model_state_dict(model, options=options), None
    return get_state_dict(model, optimizer, options=options)


def load_full_state(model: nn.Module, optimizer: torch.optim.Optimizer | None, model_sd: dict,
                    optim_sd: dict | None) -> None:
    """Load full state dicts (every rank read the file) into a plain, DDP or FSDP model."""
    options = StateDictOptions(full_state_dict=True)
    if optimizer is None:
        from torch.distributed.checkpoint.state_dict import set_model_state_dict

        set_model_state_dict(model, model_sd, options=options)
    else:
        set_state_dict(model, optimizer, model_state_dict=model_sd, optim_state_dict=optim_sd,
                       options=options)


def clip_grad_norm(model: nn.Module, max_norm: float) -> torch.Tensor:
    """Total gradient norm before clipping (clips when max_norm > 0); a plain tensor under FSDP."""
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm if max_norm > 0 else float("inf"))
    return norm.full_tensor() if hasattr(norm, "full_tensor") else norm
