"""study/notebook.py: a stage notebook's preamble as one call; core/devices.choose_device."""

from __future__ import annotations

import pytest

from phi1lib.core.devices import choose_device
from phi1lib.study.notebook import open_stage


def test_open_stage_applies_overrides_then_parameters(tmp_path, monkeypatch):
    monkeypatch.setenv("PHI1_OUTPUTS_DIR", str(tmp_path))
    ctx = open_stage("pretrain", "smoke", {"pretrain.max_steps": 7, "pretrain.lr": 0.5},
                     params={"pretrain.max_steps": None, "pretrain.batch_size": 3})
    assert ctx.cfg.pretrain.max_steps == 7  # a None parameter leaves the override (or the profile's) value
    assert (ctx.cfg.pretrain.batch_size, ctx.cfg.pretrain.lr) == (3, 0.5)
    assert ctx.cfg.outputs_name.startswith("smoke-")  # settings differ: the run's own folder
    assert ctx.out == tmp_path / ctx.cfg.outputs_name / "pretrain" and ctx.out.is_dir()
    assert ctx.run == tmp_path / ctx.cfg.outputs_name and ctx.models == ctx.run / "models"
    assert ctx.dir("filter") == ctx.run / "filter" and ctx.elapsed() >= 0


def test_open_stage_profile_values_keep_the_profile_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("PHI1_OUTPUTS_DIR", str(tmp_path))
    ctx = open_stage("filter", "smoke", {}, None, params={"corpus.max_files": None})
    assert ctx.cfg.outputs_name == "smoke" and ctx.out == tmp_path / "smoke" / "filter"
    named = open_stage("filter", "smoke", {}, "mine", params={"corpus.max_files": 50})
    assert named.cfg.outputs_name == "mine" and named.cfg.corpus.max_files == 50


def test_open_stage_names_the_notebook_that_writes_a_missing_input(tmp_path, monkeypatch):
    monkeypatch.setenv("PHI1_OUTPUTS_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError, match=r"filter/tokenizer: run notebook 01_filter.ipynb"):
        open_stage("finetune", "smoke", needs=["filter/tokenizer"])
    (tmp_path / "smoke" / "filter" / "tokenizer").mkdir(parents=True)
    assert open_stage("finetune", "smoke", needs=["filter/tokenizer"]).stage == "finetune"
    with pytest.raises(ValueError, match="unknown stage 'nosuch'"):
        open_stage("nosuch", "smoke")


def test_choose_device(monkeypatch):
    import torch

    assert choose_device("cuda", "cpu") == "cuda"  # asked for: as asked
    assert choose_device(None, "cpu") == "cpu"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert choose_device(None, "auto") == "cpu" and choose_device(None, "cuda") == "cpu"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert choose_device(None, "auto") == "cuda" and choose_device(None, "cpu") == "cpu"
