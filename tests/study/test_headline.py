"""One contract for a stage's headline figures: a function of the stage's module returns them, the
notebook hands them to ``write_manifest(headline=...)``, the manifest keeps them under ``headline``,
and summary.json's section for the stage is a copy of that, read the same way for every stage."""

import ast
import inspect
import json
import textwrap

import numpy as np
import pandas as pd
import pytest

from phi1lib.analysis import emergence_tables
from phi1lib.core.manifest import read_manifest, write_manifest
from phi1lib.core.paths import repo_root
from phi1lib.eval import harness
from phi1lib.filter.stage import FilterStage
from phi1lib.study import summary as S
from phi1lib.study.stages import STAGES, notebook_name
from phi1lib.synth import synthesize
from phi1lib.train import grid


def _name(node: ast.AST) -> str | None:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None


def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _name(n.func) == name]


def _stage_code(stage: str) -> str:
    """The code that writes a stage's manifest: its notebook's, and for the filter stage (whose
    notebook calls ``stage.finish()``) `FilterStage.finish`."""
    nb = json.loads((repo_root() / "notebooks" / notebook_name(stage)).read_text())
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    if stage == "filter":
        assert _calls(ast.parse(code), "finish"), "notebook 01 no longer ends with stage.finish()"
        code = textwrap.dedent(inspect.getsource(FilterStage.finish))
    return code


@pytest.mark.parametrize("stage", STAGES)
def test_every_stage_hands_its_headline_to_write_manifest(stage):
    tree = ast.parse(_stage_code(stage))
    calls = _calls(tree, "write_manifest")
    assert len(calls) == 1, f"{stage}: one write_manifest call"
    keywords = {k.arg: k.value for k in calls[0].keywords}
    assert "headline" in keywords, f"{stage}: write_manifest(..., headline=...) missing"
    extra = keywords.get("extra")
    if isinstance(extra, ast.Dict):
        assert "headline" not in [k.value for k in extra.keys if isinstance(k, ast.Constant)]
    # the figures come from a function of the stage's module (`headline`, `pretrain_headline`, ...)
    made = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and (_name(n.func) or "").endswith("headline")]
    assert made, f"{stage}: no call of the stage module's headline function"


def test_write_manifest_keeps_the_headline_as_plain_json_under_one_key(tmp_path):
    write_manifest(tmp_path, {"profile": "smoke"}, headline={"n": np.int64(3), "loss": float("nan"),
                                                             "rows": pd.DataFrame([{"a": 1.5}]).to_dict("records")},
                   extra={"runs": {"a": "x"}})
    manifest = read_manifest(tmp_path)
    assert manifest["headline"] == {"n": 3, "loss": None, "rows": [{"a": 1.5}]}
    assert manifest["runs"] == {"a": "x"}  # provenance details stay at the top level
    write_manifest(tmp_path / "none", {"profile": "smoke"})
    assert read_manifest(tmp_path / "none")["headline"] == {}
    with pytest.raises(ValueError, match="headline="):
        write_manifest(tmp_path, {"profile": "smoke"}, extra={"headline": {"n": 3}})


def test_summary_reads_every_stage_from_its_manifests_headline(tmp_path):
    base = tmp_path / "smoke"
    for stage in STAGES:
        # a figure put at the top level (the old conventions) must not reach summary.json
        write_manifest(base / stage, {"profile": "smoke"}, wall_time_s=1.0,
                       headline={"figure": f"{stage} headline"}, extra={"figure_elsewhere": 1})
    summary = S.build_summary(base)
    assert summary["missing"] == []
    for stage in STAGES:
        assert summary[stage] == {"figure": f"{stage} headline"}, stage
        assert summary["sources"][stage]["manifest"] == f"{stage}/manifest.json"


def test_train_grid_headlines():
    runs = pd.DataFrame([{"run": f"tiny-s{s}", "setting": "filtered", "shape": "tiny", "seed": s, "params": 10,
                          "tokens_seen": 100, "final_val_loss": 3.0 + s, "final_train_loss": 2.9 + s,
                          "tokens_per_s": 5.0, "mfu": None, "wall_time_s": 1.0} for s in (0, 1)])
    data = pd.DataFrame([{"setting": "filtered", "documents": 4, "tokens": 400}])
    head = grid.pretrain_headline(runs, data)
    assert head["runs"] == 2 and head["data_settings"] == [{"setting": "filtered", "documents": 4, "tokens": 400}]
    assert head["by_setting"][0]["seeds"] == 2 and head["by_setting"][0]["final_val_loss_mean"] == 3.5
    heldout = pd.DataFrame([{"setting": "codetextbook", "shape": "tiny", "seed": s, "pretrained_loss": 3.0 + s,
                             "finetuned_loss": 2.0 + s} for s in (0, 1)])
    head = grid.finetune_headline(runs.assign(run=runs["run"] + "-finetuned"), {"train": 5}, heldout)
    assert head["runs"] == 2 and head["exercises"] == {"train": 5}
    (row,) = head["heldout_loss"]
    assert row["setting"] == "codetextbook" and row["shape"] == "tiny" and row["seeds"] == 2
    assert row["pretrained_loss_mean"] == 3.5 and row["finetuned_loss_mean"] == 2.5
    assert grid.finetune_headline(runs, {}, pd.DataFrame())["heldout_loss"] == []


def test_synthesize_evaluate_and_emergence_headlines():
    class Teacher:
        model = "offline-v1"

    class Cfg:
        class teacher:
            kind = "offline"

    class Result:
        heldout_families = ("a", "b")

    diversity = pd.DataFrame({"metric": ["exercises", "sections"], "code_exercises": [60, ""],
                              "synthetic_textbooks": ["", 15]})
    head = synthesize.headline(Cfg, Teacher, Result, diversity)
    assert head == {"teacher": {"kind": "offline", "model": "offline-v1"}, "heldout_families": ["a", "b"],
                    "diversity": {"exercises": {"code_exercises": 60}, "sections": {"synthetic_textbooks": 15}}}

    class Named:
        def __init__(self, name):
            self.name = name

    solved = pd.DataFrame([{"benchmark": "humaneval", "task_id": "HumanEval/1", "model": "m", "ast match": 0.9,
                            "longest shared n-gram": 12, "completion": "return 1"}])
    head = harness.headline(specs=[Named("m")], benchmarks=[Named("humaneval")], isolation_level="netns",
                            ablation=pd.DataFrame([{"benchmark": "humaneval", "pass@1": 0.0}]),
                            direction_checks=pd.DataFrame(), parse_rates=pd.DataFrame(), solved=solved,
                            capability=pd.DataFrame([{"pass@1": 0.1, "pass@1 % [95% CI]": "10 [0, 20]"}]))
    assert head["models"] == ["m"] and head["benchmarks"] == ["humaneval"] and head["isolation"] == "netns"
    assert list(head["solved"][0]) == harness.SOLVED_KEYS and head["capability"] == [{"pass@1": 0.1}]

    modules = pd.DataFrame([{"module": "zlib", "status": "absent"}, {"module": "json", "status": "present"}])
    head = emergence_tables.headline(pd.DataFrame(), pd.DataFrame(), ["s"], models=[(Named("m-ft"), "finetuned")],
                                     rows={"multistep": [1, 2]}, modules=modules, harness_ok=True)
    assert head["models"] == {"m-ft": "finetuned"} and head["categories"] == {"multistep": 2}
    assert head["absent_modules"] == ["zlib"] and head["present_modules"] == ["json"] and head["harness_ok"]
