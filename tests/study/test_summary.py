"""summary.py: summary.json from the stage manifests' headlines, the README block, the HTML index."""

import json

import pandas as pd

from phi1lib.study import summary as S


def _stage(base, stage, manifest, tables=None, figures=()):
    """A stage folder as the stage leaves it: its manifest (headline figures under ``headline``, as
    `write_manifest` stores them), tables and figures."""
    d = base / stage
    d.mkdir(parents=True, exist_ok=True)
    (d / "manifest.json").write_text(json.dumps({"config": {"profile": base.name}, "git": {"commit": "abc"},
                                                 "created": "t", **manifest}))
    for name, frame in (tables or {}).items():
        frame.to_csv(d / f"{name}.csv", index=False)
    for name in figures:
        (d / name).write_bytes(b"\x89PNG")


ABLATION = [{"benchmark": "humaneval", "data": "filtered code", "shape": "tiny", "seeds": 3, "n_tasks": 50,
             "pass@1": 0.02, "pass@1_lo": 0.0, "pass@1_hi": 0.06, "bits_per_char": 2.5,
             "bits_per_char_lo": 2.4, "bits_per_char_hi": 2.6, "bits_per_char_sd": float("nan")}]
CHECKS = [{"claim (paper)": "filtered code beats unfiltered code", "within": "tiny", "benchmark": "humaneval",
           "bits_per_char_gain": 0.05, "bits_per_char_gain_lo": 0.01, "bits_per_char_gain_hi": 0.09,
           "bits/char verdict": "agrees", "pass@1 verdict": "cannot tell"}]


def _study(tmp_path):
    base = tmp_path / "tiny"
    _stage(base, "filter", {"headline": FILTER, "near_dedup": {"removed": 3, "clusters": 2}, "wall_time_s": 10.0},
           figures=["learning_curve.png"])
    _stage(base, "pretrain", {"headline": PRETRAIN, "runs": {"a": "x", "b": "y"}, "wall_time_s": 20.0},
           {"runs_by_setting": pd.DataFrame(PRETRAIN["by_setting"])})
    _stage(base, "finetune", {"headline": FINETUNE, "runs": {"a-f": "x"}, "wall_time_s": 5.0})
    _stage(base, "evaluate", {"headline": {"ablation": ABLATION, "direction_checks": CHECKS, "models": ["a"]},
                              "wall_time_s": 7.5}, figures=["figure_2_1.png"])
    _stage(base, "contamination", {"headline": CONTAMINATION, "wall_time_s": 1.0})
    return base


FILTER = {"files_kept": 10, "file_fraction_kept": 0.5, "tokens_kept": 100, "token_fraction_kept": 0.4,
          "near_duplicates_removed": 3, "classifiers": [{"classifier": "random_forest", "roc_auc_mean": 0.7}]}
PRETRAIN = {"runs": 2, "by_setting": [{"setting": "filtered", "shape": "tiny", "final_val_loss_mean": 3.0}]}
FINETUNE = {"runs": 1, "exercises": {"train": 5},
            "heldout_loss": [{"shape": "tiny", "seeds": 2, "pretrained_loss_mean": 3.5, "finetuned_loss_mean": 2.5}]}
CONTAMINATION = {"pruning": [{"tau": 0.95, "exercises": 100, "removed": 4, "removed (%)": 4.0,
                              "removed (%), reported by the paper": 4.83}],
                 "similar_problems": [{"tau": 0.95, "benchmark": "humaneval", "problems": 164, "similar": 2,
                                       "similar, reported by the paper": 71.0}]}
EMERGENCE = {"by_category": {"multistep": {"base / all shapes": {"bits_per_char": 3.0, "pass@1": 0.0},
                                           "finetuned / all shapes": {"bits_per_char": 2.8, "pass@1": 0.0,
                                                                      "pass@1_ci": [0.0, 0.24]}}},
             "differences": {"finetuned - base": {"multistep / all shapes": {"bits_per_char_diff": -0.2,
                                                                              "bits_per_char_ci": [-0.3, -0.1]},
                                                   "multistep / tiny": {"bits_per_char_diff": -0.5}}},
             "verdict": ["a sentence"]}


def test_build_summary_collects_every_stage_with_its_source(tmp_path):
    base = _study(tmp_path)
    summary = S.build_summary(base)
    assert summary["profile"] == "tiny" and summary["missing"] == ["synthesize", "emergence"]
    _stage(base, "emergence", {"headline": EMERGENCE, "wall_time_s": 2.0})
    summary = S.build_summary(base)
    assert summary["missing"] == ["synthesize"] and summary["emergence"]["verdict"] == ["a sentence"]
    assert "wall_time_s" not in summary["emergence"]
    assert summary["filter"]["files_kept"] == 10 and summary["filter"]["near_duplicates_removed"] == 3
    assert summary["pretrain"]["runs"] == 2 and summary["pretrain"]["by_setting"][0]["final_val_loss_mean"] == 3.0
    ft = summary["finetune"]["heldout_loss"][0]
    assert ft["seeds"] == 2 and ft["pretrained_loss_mean"] == 3.5 and ft["finetuned_loss_mean"] == 2.5
    assert summary["evaluate"]["ablation"][0]["bits_per_char_sd"] is None  # NaN made JSON-safe
    assert summary["contamination"] == CONTAMINATION
    assert summary["sources"]["evaluate"] == {"manifest": "evaluate/manifest.json", "git": {"commit": "abc"},
                                              "created": "t", "config_profile": "tiny"}
    assert summary["timings"]["total"] == 45.5
    path = S.write_summary(base)
    assert json.loads(path.read_text()) == summary


def test_results_markdown_renders_the_ablation_and_the_checks(tmp_path):
    text = S.results_markdown(S.build_summary(_study(tmp_path)))
    assert "| humaneval | filtered code | tiny | 3 | 50 | 2.0 [0.0, 6.0] | 2.500 [2.400, 2.600] |" in text
    assert "| filtered code beats unfiltered code | tiny | humaneval | 0.050 [0.010, 0.090] | agrees | cannot tell |" in text
    assert S.results_markdown({"profile": "x"}).startswith("Profile `x`")


def test_results_markdown_lists_the_solved_problems(tmp_path):
    base = _study(tmp_path)
    text = S.results_markdown(S.build_summary(base))
    assert "No model solves a HumanEval or MBPP problem." in text
    solved = [{"benchmark": "humaneval", "task_id": "HumanEval/55", "model": "b", "ast match": 0.8},
              {"benchmark": "humaneval", "task_id": "HumanEval/55", "model": "a", "ast match": 0.9},
              {"benchmark": "mbpp", "task_id": 12, "model": "a", "ast match": None}]
    _stage(base, "evaluate", {"headline": {"ablation": ABLATION, "direction_checks": CHECKS, "solved": solved}})
    summary = S.build_summary(base)
    assert summary["evaluate"]["solved"] == solved
    text = S.results_markdown(summary)
    assert "humaneval: 1 problem, mbpp: 1 problem." in text
    assert "| humaneval | HumanEval/55 | a, b | 0.90 |" in text and "| mbpp | 12 | a |  |" in text


def test_results_markdown_renders_pass_at_1_by_exercises_of_the_family_seen(tmp_path):
    base = _study(tmp_path)
    assert "evaluate.exposure" not in S.results_markdown(S.build_summary(base))  # older runs: no such block

    def row(model, label, low, high, n, rate, lo, hi):
        return {"model": model, "exercises seen": label, "low": low, "high": high, "families": 2, "problems": n,
                "passed": round(rate * n), "pass@1": rate, "pass@1_lo": lo, "pass@1_hi": hi}

    exposure = [row("big", "3-9", 3, 9, 40, 0.5, 0.35, 0.65), row("big", "0 (held-out families)", 0, 0, 30, 0.0, 0.0, 0.11),
                row("small", "0 (held-out families)", 0, 0, 30, 0.0, 0.0, 0.11)]
    _stage(base, "evaluate", {"headline": {"ablation": ABLATION, "direction_checks": CHECKS, "exposure": exposure}})
    text = S.results_markdown(S.build_summary(base))
    assert "| exercises of the family seen | problems | big | small |" in text
    block = text.split("`evaluate.exposure`")[1]
    assert block.index("| 0 (held-out families) | 30 | 0.0 [0.0, 11.0] | 0.0 [0.0, 11.0] |") < \
        block.index("| 3-9 | 40 | 50.0 [35.0, 65.0] |  |")  # bins in order of the counts, a missing cell empty


def test_results_markdown_renders_emergence_and_contamination(tmp_path):
    base = _study(tmp_path)
    _stage(base, "emergence", {"headline": EMERGENCE, "wall_time_s": 2.0})
    text = S.results_markdown(S.build_summary(base))
    assert "| multistep | 0.0 [0.0, 24.0] | 3.000 | 2.800 | -0.200 [-0.300, -0.100] |" in text
    assert "tiny |" not in text.split("Emergence")[1].split("Contamination")[0]  # pooled shapes only
    assert "| 0.95 | 4 of 100 | 4.00 | 4.83 | 2 of 164 | 71 of 164 |" in text


def test_index_links_each_report_and_shows_key_figures(tmp_path):
    base = _study(tmp_path)
    S.write_summary(base)
    (base / "reports").mkdir()
    (base / "reports" / "01_filter.html").write_text("<html/>")
    index = S.write_index(base, {"filter": "ran", "evaluate": "skipped"}).read_text()
    assert "<a class='report' href='01_filter.html'>01_filter</a><span class='status'>(ran, 10 s)</span>" in index
    assert "07_contamination" in index and "(no report)" in index
    assert "src='figures/filter_learning_curve.png'" in index and "src='figures/evaluate_figure_2_1.png'" in index
    assert "add up to 44 s" in index and "<style>" in index
    assert "<h2>Headline results</h2>" in index and "<table>" in index  # the README's block, rendered


def test_index_still_works_when_the_reports_folder_is_moved(tmp_path):
    import re
    import shutil

    base = _study(tmp_path)
    S.write_summary(base)
    (base / "reports").mkdir()
    (base / "reports" / "01_filter.html").write_text("<html/>")
    S.write_index(base)
    moved = shutil.copytree(base / "reports", tmp_path / "elsewhere" / "reports")
    shutil.rmtree(base)
    page = (moved / "index.html").read_text()
    targets = re.findall(r"(?:src|href)='([^']+)'", page)
    assert len(targets) >= 4 and all((moved / target).is_file() for target in targets), targets
    assert "http" not in page


def test_export_reference_copies_small_files_only(tmp_path):
    base = _study(tmp_path)
    S.write_summary(base)
    (base / "evaluate" / "big.csv").write_text("x" * (S.REFERENCE_MAX_BYTES + 1))
    (base / "evaluate" / "per_problem").mkdir()
    (base / "evaluate" / "per_problem" / "m.jsonl").write_text("{}")
    (base / "filter" / "scores.parquet").write_bytes(b"PAR1")
    copied = S.export_reference(base, tmp_path / "ref")
    names = {str(p.relative_to(tmp_path / "ref")) for p in copied}
    assert {"summary.json", "evaluate/manifest.json", "evaluate/figure_2_1.png", "pretrain/runs_by_setting.csv",
            "filter/learning_curve.png"} <= names
    assert not any("big.csv" in n or "per_problem" in n or "parquet" in n for n in names)
    import pytest
    with pytest.raises(FileNotFoundError, match="run the study first"):
        S.export_reference(tmp_path / "nothing", tmp_path / "ref2")


def test_update_readme_rewrites_only_the_results_block(tmp_path):
    import pytest

    readme = tmp_path / "README.md"
    readme.write_text(f"# t\n\nbefore\n{S.README_BEGIN}\nold\n{S.README_END}\nafter\n")
    summary = S.build_summary(_study(tmp_path))
    assert S.update_readme(readme, summary) and not S.update_readme(readme, summary)
    text = readme.read_text()
    assert text.startswith("# t\n\nbefore\n") and text.endswith("after\n") and "old" not in text
    assert S.readme_block(readme) == S.results_markdown(summary).strip("\n")
    (tmp_path / "plain.md").write_text("no block")
    with pytest.raises(ValueError, match="no results block"):
        S.update_readme(tmp_path / "plain.md", summary)
