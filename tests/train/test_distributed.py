"""Two CPU processes (gloo) train the same run as one process with the same global batch.

DDP and FSDP (FSDP2 `fully_shard`, which torch supports on CPU with gloo) each run in the same two
spawned workers; the single-process reference runs here. Equal within fp32 summation-order noise:
the loss curve, the gradient norms (which would double or halve if the world-size scaling of the
loss were wrong: AdamW itself hardly notices a scaled gradient), the validation losses and the final
weights. The per-rank batches are disjoint by construction (`micro_rows`); were they not, the losses
would differ.
"""

import dataclasses
import json
import os
import socket

import numpy as np
import pytest
import torch
import torch.multiprocessing as mp

from phi1lib.core.config import SHAPES, TrainConfig

V, T, STEPS = 128, 32, 4


def _setup():
    shape = dataclasses.replace(SHAPES["smoke"], vocab_size=V, context_len=T, dropout=0.0)
    base = np.random.default_rng(0).integers(0, V, 300)
    return shape, np.tile(base, 10).astype(np.uint16)


def _cfg(micro):
    return TrainConfig(batch_size=8, micro_batch_size=micro, lr=3e-3, warmup_steps=1, max_steps=STEPS,
                       eval_every=2, save_every=2, keep_checkpoint_at=[], precision="fp32", seed=0)


def _worker(rank, world, port, out_dir):
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port), RANK=str(rank),
                      WORLD_SIZE=str(world), LOCAL_RANK=str(rank))
    torch.set_num_threads(1)  # two processes on two cores
    from phi1lib.train import distributed as D
    from phi1lib.train.batches import TokenWindows
    from phi1lib.train.loop import train

    shape, tokens = _setup()
    data = TokenWindows(tokens, T)
    try:
        for strategy in ("ddp", "fsdp"):
            train(shape, _cfg(micro=2), data, f"{out_dir}/{strategy}", val_data=data, device="cpu",
                  eval_sequences=12, peak_flops=None, strategy=strategy, progress=False)
    finally:
        D.teardown()


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rows(path):
    return [json.loads(line) for line in (path / "metrics.jsonl").read_text().splitlines()]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    from phi1lib.train.batches import TokenWindows
    from phi1lib.train.loop import train

    out = tmp_path_factory.mktemp("dist")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        shape, tokens = _setup()
        data = TokenWindows(tokens, T)
        train(shape, _cfg(micro=4), data, out / "single", val_data=data, device="cpu", eval_sequences=12,
              peak_flops=None, progress=False)
    finally:
        torch.set_num_threads(threads)
    mp.spawn(_worker, args=(2, _free_port(), str(out)), nprocs=2, join=True)
    return out


@pytest.mark.parametrize("strategy", ["ddp", "fsdp"])
def test_two_processes_match_one(runs, strategy):
    single, multi = _rows(runs / "single"), _rows(runs / strategy)
    assert [r["step"] for r in multi] == list(range(1, STEPS + 1))  # rank 0 alone wrote, once per step
    for key in ("loss", "grad_norm"):
        np.testing.assert_allclose([r[key] for r in multi], [r[key] for r in single], rtol=0, atol=1e-5,
                                   err_msg=key)
    np.testing.assert_allclose([r["val_loss"] for r in multi if r["val_loss"] is not None],
                               [r["val_loss"] for r in single if r["val_loss"] is not None], atol=1e-5)
    a = torch.load(runs / "single" / "ckpt_latest.pt", weights_only=False)
    b = torch.load(runs / strategy / "ckpt_latest.pt", weights_only=False)
    assert a["model"].keys() == b["model"].keys()  # full, unsharded, same names as one process
    for k in a["model"]:
        torch.testing.assert_close(b["model"][k], a["model"][k], rtol=0, atol=1e-5)
    for k in ("exp_avg", "exp_avg_sq"):  # the optimizer state is gathered whole too
        name = "lm_head.weight"
        torch.testing.assert_close(b["optimizer"]["state"][name][k], a["optimizer"]["state"][name][k],
                                   rtol=0, atol=1e-5)
    summary = json.loads((runs / strategy / "summary.json").read_text())
    assert summary["strategy"] == strategy and summary["world_size"] == 2
    assert summary["tokens_seen"] == STEPS * 8 * T
