"""Capability against compute: checkpoints found along runs with the tokens they had read, each
distinct checkpoint evaluated once, seeds pooled with the interval rule of `passk`, the figure."""

from __future__ import annotations

import dataclasses
import json

import matplotlib

matplotlib.use("Agg")
import pandas as pd
import pytest
import torch

from phi1lib.eval import capability
from phi1lib.eval import harness
from phi1lib.eval.benchmarks import HumanEval
from phi1lib.core.config import ModelConfig, TokenizerConfig, load_config
from phi1lib.model.transformer import PhiModel
from phi1lib.eval.passk import summarize
from phi1lib.data.tokenizer import train_tokenizer

_CFG = ModelConfig(name="t", n_layer=2, d_model=64, d_mlp=256, n_head=2, head_dim=32, rotary_dim=16,
                   vocab_size=512, context_len=64, dropout=0.0)
PRE_TOKENS = 100  # tokens per pretraining step
FT_TOKENS = [7, 9, 11, 13]  # tokens of finetuning steps 1..4 (rows padded to their batch: they vary)


def _save(path, step, with_step=True):
    state = {"model_config": dataclasses.asdict(_CFG), "model": PhiModel(_CFG).state_dict()}
    if with_step:
        state["step"] = step
    torch.save(state, path)


def _run(models, name, stage, steps, kept, tokens_per_step, data_path=None, init=None, seed=0, best_step=None):
    run = models / name
    run.mkdir(parents=True)
    exp = {"stage": stage, "shape": "t", "seed": seed, "setting": "codetextbook"}
    if data_path:
        exp["data"] = {"path": data_path}
    if init:
        exp["init_from"] = {"path": str(init)}
    (run / "experiment.json").write_text(json.dumps(exp))
    tokens, total = [], 0
    for step in range(1, steps + 1):
        total += tokens_per_step[step - 1] if isinstance(tokens_per_step, list) else tokens_per_step
        tokens.append({"step": step, "tokens": total})
    (run / "metrics.jsonl").write_text("".join(json.dumps(r) + "\n" for r in tokens))
    for step in kept:
        _save(run / f"ckpt_{step:06d}.pt", step)
    _save(run / "ckpt_latest.pt", steps)
    _save(run / "best.pt", best_step or steps)
    (run / "summary.json").write_text(json.dumps({"steps": steps, "tokens_seen": total,
                                                  "best_step": best_step or steps}))
    return run


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """outputs/smoke/ with a tokenizer, two seeds of a pretraining run (checkpoints at steps 2 and 4
    of 6; best at step 4) and one finetuned run from seed 0's best.pt, and the held-out exercises."""
    root = tmp_path_factory.mktemp("outputs")
    base = root / "smoke"
    texts = [p.prompt + p.reference for p in HumanEval().problems()]
    train_tokenizer(texts, TokenizerConfig(kind="bpe", vocab_size=400), base / "filter" / "tokenizer")
    models = base / "models"
    torch.manual_seed(0)
    data = str(base / "pretrain" / "tokens_codetextbook")
    pre = _run(models, "t-codetextbook-s0", "pretrain", 6, [2, 4], PRE_TOKENS, data_path=data, best_step=4)
    _run(models, "t-codetextbook-s1", "pretrain", 6, [2, 4], PRE_TOKENS, data_path=data, seed=1)
    _run(models, "t-codetextbook-s0-finetuned", "finetune", 4, [2], FT_TOKENS, init=pre / "best.pt")
    (models / "t-codetextbook-s0-finetuned-hf").mkdir()  # an export: not a run
    heldout = [{"task_id": f"h/{split}/{i}", "prompt": f"def f{i}(x):\n    \"\"\"Return x plus {i}.\"\"\"\n",
                "answer": f"    return x + {i}\n", "test": f"assert f{i}(1) == {1 + i}\n", "entry_point": f"f{i}",
                "split": split} for split in ("instance", "family") for i in range(4)]
    heldout.append({**heldout[0], "task_id": "untested", "test": ""})  # not gradable: left out
    path = base / "synthesize" / "heldout_benchmark.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in heldout))
    return root


def test_find_checkpoints_counts_the_tokens_read(outputs):
    points = capability.find_checkpoints("smoke", outputs)
    table = pd.DataFrame([dataclasses.asdict(p) for p in points])
    pre = table[table["run"] == "t-codetextbook-s0"]
    assert list(pre["step"]) == [2, 4, 6] and list(pre["tokens"]) == [200, 400, 600]
    assert list(pre["data"].unique()) == ["CodeTextbook"] and not pre["finetuned"].any()
    assert pre["path"].iloc[-1].endswith("ckpt_latest.pt")
    fine = table[table["run"] == "t-codetextbook-s0-finetuned"]
    # step 0 is the init checkpoint (best.pt of seed 0, step 4: 400 tokens), then 400 + its own
    assert list(fine["step"]) == [0, 2, 4]
    assert list(fine["tokens"]) == [400, 400 + 7 + 9, 400 + sum(FT_TOKENS)]
    assert fine["finetuned"].all() and (fine["data"] == "CodeTextbook + exercises").all()
    assert fine["source"].iloc[0] == ("t-codetextbook-s0", 4) and fine["path"].iloc[0].endswith("best.pt")
    assert len(capability.find_checkpoints("nothing", outputs)) == 0
    # the evaluation stage counts a finetuned model's tokens the same way
    spec = next(s for s in harness.discover_models("smoke", outputs) if s.name == "t-codetextbook-s0-finetuned")
    assert spec.tokens_seen == 400 + sum(FT_TOKENS)


def test_select_seeds_and_budget(outputs):
    points = capability.find_checkpoints("smoke", outputs)
    one = capability.select_seeds(points, 1)
    assert {p.seed for p in one} == {0} and len(one) == 6
    assert capability.select_seeds(points, None) == points and len(capability.select_seeds(points, 2)) == 9
    assert capability.budget(load_config("smoke")) == (3, None)
    assert capability.budget(load_config("tiny")) == (50, 1)


def test_capability_benchmarks_are_fixed_subsets(outputs):
    benches = capability.capability_benchmarks("smoke", 3, 0, outputs)
    assert [b.name for b in benches] == list(capability.BENCHMARKS)
    assert [len(b.problems()) for b in benches] == [3, 3, 3]
    assert all(p.task_id.startswith("h/instance/") for p in benches[0].problems())
    assert all(p.task_id.startswith("h/family/") for p in benches[1].problems())
    # a smaller subset is part of a larger one, in the benchmark's order, and the same each time
    big = HumanEval().subset(20, seed=0).problems()
    small = [p.task_id for p in HumanEval().subset(5, seed=0).problems()]
    assert set(small) <= {p.task_id for p in big} and small == sorted(small, key=lambda t: int(t.split("/")[1]))
    assert small == [p.task_id for p in HumanEval().subset(5, seed=0).problems()]
    assert small != [p.task_id for p in HumanEval().subset(5, seed=1).problems()]
    assert len(HumanEval().subset(None).problems()) == 164
    assert [b.name for b in capability.capability_benchmarks("nothing", 3, 0, outputs)] == ["humaneval"]


def test_evaluate_checkpoints_once_each_and_pool_seeds(outputs, tmp_path, monkeypatch):
    cfg = load_config("smoke", {"eval.max_new_tokens": 4, "eval.timeout_s": 5.0})
    points = capability.find_checkpoints("smoke", outputs)
    benches = capability.capability_benchmarks("smoke", 2, 0, outputs)
    evaluated = []
    original = harness.evaluate_models

    def counting(cfg_, specs, *args, **kwargs):
        evaluated.extend(s.name for s in specs)
        assert kwargs["loglik"] is False and cfg_.eval.limit is None
        assert kwargs["progress"] is False  # handed through
        return original(cfg_, specs, *args, **kwargs)

    monkeypatch.setattr(harness, "evaluate_models", counting)
    table, per = capability.evaluate_checkpoints(cfg, points, tmp_path, benches,
                                                 tokenizer=outputs / "smoke" / "filter" / "tokenizer",
                                                 workers=1, log=None, progress=False)
    # 9 points, 8 distinct checkpoints: the finetuned run's step 0 is seed 0's step-4 checkpoint
    assert len(evaluated) == len(set(evaluated)) == 8 and "t-codetextbook-s0@000004" in evaluated
    assert list(table.columns) == capability.COLUMNS and len(table) == 9 * 3
    assert table["pass@1"].between(0, 1).all() and (table["n_tasks"] == 2).all()
    assert (table["pass@1_lo"] <= table["pass@1"]).all() and (table["pass@1_hi"] > 0).all()  # Wilson at 0 of 2
    step0 = table[(table["model"] == "t-codetextbook-s0-finetuned") & (table["step"] == 0)]
    same = table[(table["model"] == "t-codetextbook-s0") & (table["step"] == 4)]
    assert list(step0["pass@1"]) == list(same["pass@1"]) and list(step0["tokens"]) == list(same["tokens"])
    assert (tmp_path / "per_problem" / "t-codetextbook-s1@000002" / "humaneval.jsonl").is_file()

    curves = capability.curve_table(per, n_boot=200)
    assert list(curves.columns) == capability.CURVE_COLUMNS
    assert list(dict.fromkeys(curves["benchmark"])) == list(capability.BENCHMARKS)  # the order evaluated
    pre = curves[~curves["finetuned"]]
    assert (pre["seeds"] == 2).all() and len(pre) == 3 * 3 and (curves[curves["finetuned"]]["seeds"] == 1).all()
    # pooled = passk.summarize over both seeds' samples of each problem
    part = per[(per["step"] == 6) & (per["benchmark"] == "humaneval") & ~per["finetuned"]]
    ref = summarize(part[["task_id", "passed"]], ks=(1,), n_boot=200)
    row = pre[(pre["step"] == 6) & (pre["benchmark"] == "humaneval")].iloc[0]
    assert (row["pass@1"], (row["pass@1_lo"], row["pass@1_hi"])) == (ref["pass@1"], ref["pass@1_ci"])
    assert row["tokens"] == 600

    fig = capability.plot_capability(curves, shape_order=capability.shapes_by_size(points, cfg))
    assert len(fig.axes) == 3 and all(ax.get_xscale() == "log" for ax in fig.axes)
    assert len(fig.axes[0].lines) == 2  # CodeTextbook and CodeTextbook + exercises, one shape
    assert len(capability.plot_capability(capability.curve_table(pd.DataFrame())).axes) == 1


def test_curve_table_averages_seeds_per_problem():
    rows = []
    for seed, passes in ((0, [1, 0, 0, 0]), (1, [1, 1, 0, 0])):
        for i, p in enumerate(passes):
            rows.append({"model": f"m{seed}", "shape": "s", "seed": seed, "data": "d", "finetuned": False, "step": 5,
                         "tokens": 50 + seed, "benchmark": "b", "task_id": i, "passed": bool(p)})
    curves = capability.curve_table(pd.DataFrame(rows), n_boot=500)
    assert len(curves) == 1
    row = curves.iloc[0]
    assert row["pass@1"] == pytest.approx(3 / 8) and row["seeds"] == 2 and row["n_tasks"] == 4
    assert row["tokens"] == 50.5 and row["pass@1 % [95% CI]"].startswith("37.5 [")


def test_shapes_by_size_puts_the_smaller_shape_first():
    cfg = load_config("tiny")
    point = capability.CheckpointPoint(run="r", path="p", shape="tiny", seed=0, data="d", finetuned=False, step=1,
                                       tokens=1, source=("r", 1))
    points = [point, dataclasses.replace(point, shape="tiny-small"), dataclasses.replace(point, shape="odd")]
    assert capability.shapes_by_size(points, cfg) == ["tiny-small", "tiny", "odd"]


def test_plot_tells_shapes_apart_and_draws_intervals_only_where_something_passed():
    rows = []
    for shape, data, passes in (("small", "d", [0.0, 0.0]), ("large", "d", [0.0, 0.2])):
        for step, p in zip((10, 20), passes):
            rows.append({"shape": shape, "data": data, "finetuned": True, "step": step, "tokens": 100 * step,
                         "benchmark": "humaneval", "seeds": 1, "n_tasks": 10, "pass@1": p,
                         "pass@1_lo": max(0.0, p - 0.1), "pass@1_hi": p + 0.2})
    fig = capability.plot_capability(pd.DataFrame(rows), shape_order=["small", "large"])
    ax = fig.axes[0]
    small, large = (line for line in ax.lines if line.get_label().startswith("_child") and line.get_xdata().size == 2)
    assert (small.get_linestyle(), small.get_marker()) != (large.get_linestyle(), large.get_marker())
    assert len(ax.collections) == 1  # one set of error bars: the line that passed something
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == ["d, small (0 at every checkpoint)", "d, large"]
