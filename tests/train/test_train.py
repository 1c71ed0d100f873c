"""The trainer on tiny shapes: schedule, data order, accumulation, masking, resume, metrics, MFU."""

import csv
import dataclasses
import itertools
import json

import numpy as np
import pytest
import torch

from phi1lib.train import throughput
from phi1lib.train.batches import ExampleData, TokenWindows, batch_indices, micro_rows
from phi1lib.core.config import SHAPES, TrainConfig
from phi1lib.train.distributed import DistEnv
from phi1lib.model.transformer import PhiModel
from phi1lib.train.schedule import lr_at
from phi1lib.model.checkpoint import load_model
from phi1lib.train.loop import autocast_dtype, evaluate, param_groups, train

V, T = 128, 32



def shape(**kw):
    return dataclasses.replace(SHAPES["smoke"], vocab_size=V, context_len=T, **kw)


def corpus(seed=0, period=200, repeats=20):
    """A short random sequence repeated: learnable (it recurs), so the loss must fall."""
    base = np.random.default_rng(seed).integers(0, V, period)
    return TokenWindows(np.tile(base, repeats).astype(np.uint16), T)


def tcfg(**kw):
    base = {"batch_size": 8, "micro_batch_size": 4, "lr": 3e-3, "warmup_steps": 2, "max_steps": 12,
            "weight_decay": 0.1, "eval_every": 0, "save_every": 0, "keep_checkpoint_at": [],
            "precision": "fp32", "seed": 0}
    return TrainConfig(**{**base, **kw})


def run(tmp_path, name, model_cfg=None, cfg=None, **kw):
    kw.setdefault("peak_flops", None)
    kw.setdefault("progress", False)
    data = kw.pop("data", None) or corpus()
    summary = train(model_cfg or shape(dropout=0.0), cfg or tcfg(), data, tmp_path / name, **kw)
    rows = [json.loads(line) for line in (tmp_path / name / "metrics.jsonl").read_text().splitlines()]
    return summary, rows


def weights(path):
    return torch.load(path, weights_only=False)["model"]


# ---------------------------------------------------------------------------------- schedule

def test_lr_schedule_paper_pretraining_values():
    kw = {"peak": 1e-3, "warmup": 750, "max_steps": 36_000}
    assert lr_at(0, **kw) == pytest.approx(1e-3 / 750)
    assert lr_at(374, **kw) == pytest.approx(0.5e-3)
    assert lr_at(749, **kw) == pytest.approx(1e-3)  # last warmup step reaches the peak
    assert lr_at(750, **kw) < 1e-3
    assert lr_at(749 + (36_000 - 749) // 2, **kw) == pytest.approx(0.5e-3, rel=1e-4)  # halfway down
    assert lr_at(35_999, **kw) == pytest.approx(1e-3 / (36_000 - 749))  # last update: one slope step
    assert lr_at(36_000, **kw) == 0.0
    lrs = [lr_at(s, **kw) for s in range(0, 36_001, 250)]
    peak_at = lrs.index(max(lrs))
    assert all(a <= b for a, b in itertools.pairwise(lrs[:peak_at + 1]))
    assert all(a >= b for a, b in itertools.pairwise(lrs[peak_at:]))


def test_lr_schedule_floor_and_finetune_values():
    kw = {"peak": 1e-4, "warmup": 50, "max_steps": 6000}
    assert lr_at(49, **kw) == pytest.approx(1e-4)
    assert lr_at(6000, **kw, min_lr=1e-5) == pytest.approx(1e-5)
    assert lr_at(3024, **kw, min_lr=1e-5) == pytest.approx(5.5e-5, rel=1e-3)
    assert lr_at(0, peak=1.0, warmup=0, max_steps=10) == 1.0  # no warmup: starts at the peak


# ---------------------------------------------------------------------------------- data order

def test_batch_indices_are_a_pure_function_and_each_epoch_a_permutation():
    n, b = 10, 4
    stream = np.concatenate([batch_indices(n, 7, s, b) for s in range(10)])  # 40 positions = 4 epochs
    assert np.array_equal(stream, np.concatenate([batch_indices(n, 7, s, b) for s in range(10)]))
    for e in range(4):
        assert sorted(stream[e * n:(e + 1) * n]) == list(range(n))
    assert not np.array_equal(stream[:n], stream[n:2 * n])  # a new order every epoch
    assert not np.array_equal(stream, np.concatenate([batch_indices(n, 8, s, b) for s in range(10)]))


def test_micro_rows_split_a_batch_disjointly_across_micro_steps_and_ranks():
    idx = np.arange(16)
    seen = []
    for rank in range(2):
        parts = micro_rows(idx, 2, DistEnv(rank=rank, world_size=2))
        assert len(parts) == 4 and all(len(p) == 2 for p in parts)
        seen += [int(i) for p in parts for i in p]
    assert sorted(seen) == list(range(16))


# ---------------------------------------------------------------------------------- finetuning data

def test_answer_masking_excludes_prompt_tokens_and_padding():
    prompt, answer = [5, 6, 7], [8, 9, 10]
    x, y = ExampleData([(prompt, answer)], seq_len=8, loss_on="answer", pad_id=0).get([0])
    assert x[0].tolist() == [5, 6, 7, 8, 9, 0, 0, 0]
    # targets: 6 and 7 are prompt tokens (masked); 8, 9, 10 are the answer; padding masked
    assert y[0].tolist() == [-100, -100, 8, 9, 10, -100, -100, -100]
    _, y_all = ExampleData([(prompt, answer)], seq_len=8, loss_on="all").get([0])
    assert y_all[0].tolist() == [6, 7, 8, 9, 10, -100, -100, -100]
    data = ExampleData([(list(range(1, 10)), [11, 12])], seq_len=8)  # 11 tokens: truncated to 9
    assert data.n_truncated == 1
    assert data.get([0])[1][0].tolist() == [-100] * 8  # the answer fell off: nothing to learn


def test_masked_loss_is_the_mean_over_answer_tokens_only():
    torch.manual_seed(0)
    model = PhiModel(shape(dropout=0.0))
    examples = [([1, 2, 3, 4], [5, 6]), ([7, 8], [9, 10, 11, 12, 13])]
    data = ExampleData(examples, seq_len=T, loss_on="answer")
    got = evaluate(model, data, 2, 2, DistEnv(), None)
    logits, _ = model(data.get([0, 1])[0])
    picks = []
    for row, (p, a) in enumerate(examples):
        ids = p + a
        for j in range(len(p) - 1, len(ids) - 1):  # positions whose next token is an answer token
            picks.append(-torch.log_softmax(logits[row, j], -1)[ids[j + 1]])
    assert len(picks) == 7
    assert got == pytest.approx(torch.stack(picks).mean().item(), rel=1e-5)
    # changing a prompt token's *target* role must not matter: "all" gives a different number
    assert evaluate(model, ExampleData(examples, T, "all"), 2, 2, DistEnv(), None) != pytest.approx(got)


# ---------------------------------------------------------------------------------- optimizer

def test_weight_decay_only_on_weight_matrices():
    c = shape()
    model = PhiModel(c)
    decay, no_decay = param_groups(model, 0.1)
    assert decay["weight_decay"] == 0.1 and no_decay["weight_decay"] == 0.0
    linear_weights = {id(m.weight) for m in model.modules() if isinstance(m, torch.nn.Linear)}
    assert {id(p) for p in decay["params"]} == linear_weights  # q, k, v, dense, fc1, fc2, lm_head
    assert len(decay["params"]) == 6 * c.n_layer + 1
    assert id(model.embed_tokens.weight) in {id(p) for p in no_decay["params"]}
    assert len(decay["params"]) + len(no_decay["params"]) == len(list(model.parameters()))


def test_precision_resolution():
    cpu, cuda = torch.device("cpu"), torch.device("cuda")
    assert autocast_dtype(cpu, "fp32") is None
    assert autocast_dtype(cpu, "bf16") is torch.bfloat16
    assert autocast_dtype(cpu, "fp16") is None  # fp16 autocast only on CUDA
    assert autocast_dtype(cuda, "fp16") is torch.float16
    with pytest.raises(ValueError):
        autocast_dtype(cpu, "int8")


# ---------------------------------------------------------------------------------- training

def test_loss_decreases_on_a_repeated_corpus(tmp_path):
    _, rows = run(tmp_path, "a", cfg=tcfg(max_steps=40, lr=1e-2, warmup_steps=4))
    first, last = np.mean([r["loss"] for r in rows[:3]]), np.mean([r["loss"] for r in rows[-3:]])
    assert first > np.log(V) - 0.3  # starts near uniform
    assert last < first - 1.0


def test_same_seed_same_run_other_seed_other_run(tmp_path):
    m = shape(dropout=0.1)  # dropout on: its masks must be seeded too
    _, a = run(tmp_path, "a", m, tcfg(max_steps=5))
    _, b = run(tmp_path, "b", m, tcfg(max_steps=5))
    _, c = run(tmp_path, "c", m, tcfg(max_steps=5, seed=1))
    assert [r["loss"] for r in a] == [r["loss"] for r in b]
    assert [r["loss"] for r in a] != [r["loss"] for r in c]


class Killed(Exception):
    pass


def test_kill_and_resume_gives_the_same_loss_curve_and_weights(tmp_path):
    m = shape(dropout=0.1)
    cfg = tcfg(max_steps=12, save_every=4, eval_every=4)
    _, rows_full = run(tmp_path, "full", m, cfg, val_data=corpus(1))

    def kill_at_10(row):
        if row["step"] == 10:  # two steps past the checkpoint at 8: those must be redone
            raise Killed

    with pytest.raises(Killed):
        run(tmp_path, "cut", m, cfg, val_data=corpus(1), callback=kill_at_10)
    assert len((tmp_path / "cut" / "metrics.jsonl").read_text().splitlines()) == 10
    resumed, rows_cut = run(tmp_path, "cut", m, cfg, val_data=corpus(1))
    assert resumed.tokens_this_run == 4 * 8 * T  # resumed at step 8, not 0
    keys = ("step", "loss", "val_loss", "lr", "grad_norm")
    assert [[r[k] for k in keys] for r in rows_cut] == [[r[k] for k in keys] for r in rows_full]
    a, b = weights(tmp_path / "full" / "ckpt_latest.pt"), weights(tmp_path / "cut" / "ckpt_latest.pt")
    assert all(torch.equal(a[k], b[k]) for k in a)
    with open(tmp_path / "cut" / "metrics.csv") as f:
        csv_rows = list(csv.DictReader(f))
    assert [int(r["step"]) for r in csv_rows] == list(range(1, 13))


def test_gradient_accumulation_matches_one_big_batch(tmp_path):
    run(tmp_path, "acc", cfg=tcfg(micro_batch_size=2, max_steps=3))
    run(tmp_path, "one", cfg=tcfg(micro_batch_size=8, max_steps=3))
    run(tmp_path, "other", cfg=tcfg(micro_batch_size=8, max_steps=3, batch_size=16))
    a, b = weights(tmp_path / "acc" / "ckpt_latest.pt"), weights(tmp_path / "one" / "ckpt_latest.pt")
    c = weights(tmp_path / "other" / "ckpt_latest.pt")
    assert all(torch.allclose(a[k], b[k], atol=1e-5, rtol=0) for k in a)
    assert not all(torch.allclose(a[k], c[k], atol=1e-5, rtol=0) for k in a)  # the check can fail


def test_masked_finetuning_accumulation_weights_by_answer_tokens(tmp_path):
    # examples with very different answer lengths: a per-micro-batch mean would weight them wrongly
    rng = np.random.default_rng(0)
    ex = [(rng.integers(1, V, rng.integers(2, 10)).tolist(), rng.integers(1, V, rng.integers(1, 20)).tolist())
          for _ in range(24)]
    data = ExampleData(ex, T, "answer")
    run(tmp_path, "acc", cfg=tcfg(micro_batch_size=2, max_steps=3), data=data)
    run(tmp_path, "one", cfg=tcfg(micro_batch_size=8, max_steps=3), data=data)
    a, b = weights(tmp_path / "acc" / "ckpt_latest.pt"), weights(tmp_path / "one" / "ckpt_latest.pt")
    assert all(torch.allclose(a[k], b[k], atol=1e-5, rtol=0) for k in a)


def test_checkpoints_kept_best_tracked_and_metrics_written(tmp_path):
    cfg = tcfg(max_steps=9, save_every=3, eval_every=1, keep_checkpoint_at=[6], lr=1e-2)
    summary, rows = run(tmp_path, "r", cfg=cfg, val_data=corpus(1))
    d = tmp_path / "r"
    assert (d / "ckpt_000006.pt").exists() and not (d / "ckpt_000003.pt").exists()
    assert torch.load(d / "ckpt_000006.pt", weights_only=False)["step"] == 6
    saved = {r["step"]: r["val_loss"] for r in rows if r["step"] % 3 == 0}
    best_step = min(saved, key=saved.get)
    best = torch.load(d / "best.pt", weights_only=False)
    assert best["step"] == best_step == summary.best_step and best["val_loss"] == saved[best_step]
    assert isinstance(load_model(d / "best.pt"), PhiModel)
    assert [r["step"] for r in rows] == list(range(1, 10)) and all(r["val_loss"] is not None for r in rows)
    with open(d / "metrics.csv") as f:
        table = list(csv.DictReader(f))
    assert len(table) == 9 and float(table[-1]["loss"]) == pytest.approx(rows[-1]["loss"])
    assert json.loads((d / "summary.json").read_text())["tokens_seen"] == 9 * 8 * T
    assert json.loads((d / "config.json").read_text())["train"]["max_steps"] == 9
    assert summary.final_val_loss == rows[-1]["val_loss"] and summary.checkpoints["step_6"]


def test_resume_refuses_other_data(tmp_path):
    run(tmp_path, "r", cfg=tcfg(max_steps=2))
    with pytest.raises(ValueError, match="other data"):
        run(tmp_path, "r", cfg=tcfg(max_steps=4), data=corpus(repeats=30))


def test_init_from_starts_from_the_given_weights(tmp_path):
    run(tmp_path, "base", cfg=tcfg(max_steps=2))
    run(tmp_path, "ft", cfg=tcfg(max_steps=1, lr=0.0), init_from=tmp_path / "base" / "ckpt_latest.pt")
    a, b = weights(tmp_path / "base" / "ckpt_latest.pt"), weights(tmp_path / "ft" / "ckpt_latest.pt")
    assert all(torch.equal(a[k], b[k]) for k in a)  # lr 0: the finetune run did not move them


def test_bf16_autocast_on_cpu_trains(tmp_path):
    s, rows = run(tmp_path, "bf", cfg=tcfg(precision="bf16", max_steps=3))
    assert s.precision == "bf16" and all(np.isfinite(r["loss"]) for r in rows)
    s16, _ = run(tmp_path, "fp16", cfg=tcfg(precision="fp16", max_steps=1))
    assert s16.precision == "fp32"  # no fp16 autocast on CPU


# ---------------------------------------------------------------------------------- throughput

def test_mfu_is_none_for_an_unknown_device_and_from_the_table_otherwise(tmp_path):
    assert throughput.gpu_peak_flops("NVIDIA GeForce GTX 1080", "bf16") is None
    assert throughput.gpu_peak_flops("NVIDIA H100 NVL", "bf16") is None  # not in the table: no guess
    assert throughput.gpu_peak_flops("NVIDIA H100 80GB HBM3", "bf16") == 989.4e12
    assert throughput.gpu_peak_flops("NVIDIA H100 PCIe", "bf16") == 756e12
    assert throughput.gpu_peak_flops("NVIDIA A100-SXM4-80GB", "fp32") == 19.5e12
    assert throughput.mfu(1000.0, 1e9, None) is None
    assert throughput.mfu(1000.0, 1e9, 1e13, n_devices=2) == pytest.approx(0.05)
    s, rows = run(tmp_path, "r", cfg=tcfg(max_steps=2), peak_flops=None)
    assert s.mfu is None and all(r["mfu"] is None for r in rows) and s.tokens_per_s > 0
    s, rows = run(tmp_path, "p", cfg=tcfg(max_steps=2), peak_flops=1e9)
    assert s.mfu == pytest.approx(s.tokens_per_s * s.flops_per_token / 1e9)


def test_flops_per_token_formula():
    m = PhiModel(shape())
    c = m.config
    n = m.num_params(exclude_embedding=True)
    want = throughput.flops_per_token(n, c.n_layer, c.n_head, c.head_dim, T)
    assert m.estimate_flops_per_token(T) == want
    assert want == 6 * m.num_params(exclude_embedding=True) + 12 * 2 * 2 * 32 * T


def test_cpu_peak_is_measured():
    fp32 = throughput.measure_matmul_flops("fp32", n=256, min_seconds=0.05)
    assert 1e8 < fp32 < 1e13  # a real measurement of a CPU, in FLOP/s
    assert throughput.peak_flops("cpu", "fp32", measure_cpu=False) is None


# ---------------------------------------------------------------------------------- CLI, end to end

def test_cli_pretrains_on_packed_shards_then_finetunes_from_the_base(tmp_path):
    from phi1lib.core.config import PackingConfig, TokenizerConfig
    from phi1lib.data.packing import pack_texts
    from phi1lib.data.tokenizer import load_tokenizer, train_tokenizer
    from phi1lib.train.loop import main

    docs = [f"def f{i}(x):\n    return x * {i} + {i % 7}\n" for i in range(200)]
    tok_dir = train_tokenizer(iter(docs), TokenizerConfig(kind="bpe", vocab_size=300), tmp_path / "tok")
    tok = load_tokenizer(tok_dir)
    pack_texts(docs, tok, PackingConfig(seq_len=32, shard_tokens=512, num_proc=1, val_fraction=0.1),
               tmp_path / "pack")
    common = ["--profile", "smoke", "--set", "packing.seq_len=32", "--set", "tokenizer.vocab_size=300",
              "--no-progress", "--eval-sequences", "8"]
    base = main(common + ["--stage", "pretrain", "--data", str(tmp_path / "pack"), "--out",
                          str(tmp_path / "base"), "--set", "pretrain.max_steps=3"])
    assert base.steps == 3 and base.final_val_loss is not None and base.params > 0
    assert base.tokens_seen == 3 * 4 * 32  # smoke profile: batch 4

    rows = [{"prompt": f"def g{i}(x):\n    \"\"\"times {i}\"\"\"\n", "answer": f"    return x * {i}\n"}
            for i in range(12)]
    (tmp_path / "ex.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    ft = main(common + ["--stage", "finetune", "--data", str(tmp_path / "ex.jsonl"), "--val-data",
                        str(tmp_path / "ex.jsonl"), "--tokenizer", str(tok_dir),
                        "--out", str(tmp_path / "ft"),
                        "--init", base.checkpoints["latest"], "--set", "finetune.max_steps=2"])
    assert ft.steps == 2 and ft.best_step == 2 and ft.final_val_loss is not None
    config = json.loads((tmp_path / "ft" / "config.json").read_text())
    assert config["train"]["loss_on"] == "answer" and config["train"]["lr"] == 1e-4  # finetune defaults
