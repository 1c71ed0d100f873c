"""The committed notebooks: clean (no outputs), parameterised as papermill expects, and runnable."""

import ast
import json
import shutil
import subprocess
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from phi1lib.core.paths import repo_root
from phi1lib.study.stages import STAGES, notebook_name

NOTEBOOKS = sorted((repo_root() / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks_and_each_is_a_stage():
    assert NOTEBOOKS, "no notebooks committed"
    names = {notebook_name(stage) for stage in STAGES}
    for path in NOTEBOOKS:
        assert path.name in names, f"{path.name} is not named NN_<stage>.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs_or_execution_counts(path):
    nb = json.loads(path.read_text())
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name} cell {i + 1} has outputs"
            assert cell.get("execution_count") is None, f"{path.name} cell {i + 1} has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_cell_holds_plain_literals_with_profile(path):
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"{path.name}: exactly one cell tagged 'parameters'"
    names = []
    for node in ast.parse(cells[0].source).body:
        assert isinstance(node, ast.Assign) and len(node.targets) == 1, ast.dump(node)
        ast.literal_eval(node.value)  # raises unless a plain literal
        names.append(node.targets[0].id)
    assert {"profile", "config_overrides", "run_name"} <= set(names)  # what `phi1 run` passes every notebook
    assert nb.metadata["kernelspec"]["name"] == "phi1-study"
    # Each parameter says what it does, for JupyterLab readers and `papermill --help-notebook`.
    for line in cells[0].source.splitlines():
        assert "  # " in line and len(line.split("  # ", 1)[1]) > 15, f"{path.name}: no comment on {line!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_write_to_the_configs_own_folder_and_show_what_they_save(path):
    """Outputs go to `cfg.outputs_name` (the run's own folder when its settings differ from the
    profile's), never to `cfg.profile`; figures and tables are shown as they are saved."""
    code = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    assert "stage_dir(cfg.profile" not in code and "profile_dir(cfg.profile" not in code
    assert "(cfg.profile)" not in code
    assert "save_table(" not in code and "save_figure(" not in code and "plt.show()" not in code
    assert 'matplotlib.use("Agg")' not in code  # the kernel's inline backend; show_figure displays the PNG
    assert "index = refresh(ctx.run)" in code
    # the preamble is one library call (study/notebook.py), not overrides and folders rebuilt per notebook
    assert code.count("ctx = open_stage(") == 1 and "load_config(profile" not in code


@pytest.mark.slow
def test_run_all_smoke_runs_every_notebook_then_hits_the_cache(tmp_path):
    """`run_all.sh --profile smoke`, for real: reports and manifests, then a second run skips."""
    root = repo_root()
    cmd = ["bash", str(root / "run_all.sh"), "--profile", "smoke", "--outputs", str(tmp_path)]
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    base = tmp_path / "smoke"
    for path in NOTEBOOKS:
        stage = path.stem.split("_", 1)[1]
        assert (base / "notebooks" / path.name).exists()
        assert (base / "reports" / path.with_suffix(".html").name).stat().st_size > 1000
        manifest = json.loads((base / stage / "manifest.json").read_text())
        assert manifest["config"]["profile"] == "smoke" and manifest["wall_time_s"] > 0
    summary = json.loads((base / "summary.json").read_text())
    assert summary["missing"] == [] and summary["evaluate"]["ablation"]
    index = (base / "reports" / "index.html").read_text()
    assert all(f"href='{path.with_suffix('.html').name}'" in index for path in NOTEBOOKS)
    assert_reports_show_what_their_stages_saved(base)
    # Progress reached the terminal while the stages ran: lines a notebook printed, under its stage.
    assert "  [pretrain] " in first.stdout and "  [evaluate] " in first.stdout
    second = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert second.returncode == 0, second.stderr[-3000:]
    assert second.stdout.count("[skip]") == len(NOTEBOOKS) and "[run ]" not in second.stdout

    # Same seeds, same tables: the training and evaluation stages again from scratch.
    tables = {name: _without_timings(pd.read_csv(base / name)) for name in DETERMINISTIC_TABLES}
    for name in DETERMINISTIC_TABLES:
        (base / name).unlink()
    for run_dir in (base / "models").iterdir():
        shutil.rmtree(run_dir)
    third = subprocess.run(cmd + ["--force", "--from", "pretrain"], capture_output=True, text=True, timeout=900)
    assert third.returncode == 0, third.stdout[-3000:] + third.stderr[-3000:]
    for name, before in tables.items():
        pd.testing.assert_frame_equal(_without_timings(pd.read_csv(base / name)), before, obj=name)

    # Other settings go to their own folder and leave the profile's as it was.
    before = {p: p.stat().st_mtime_ns for p in base.rglob("*")}
    fourth = subprocess.run(cmd + ["--only", "filter", "--set", "pretrain.max_steps=3"], capture_output=True,
                            text=True, timeout=900)
    assert fourth.returncode == 0, fourth.stdout[-3000:] + fourth.stderr[-3000:]
    own = [p for p in tmp_path.iterdir() if p.name.startswith("smoke-")]
    assert len(own) == 1, list(tmp_path.iterdir())
    manifest = json.loads((own[0] / "filter" / "manifest.json").read_text())
    assert manifest["config"]["pretrain"]["max_steps"] == 3 and (own[0] / "reports" / "01_filter.html").exists()
    assert {p: p.stat().st_mtime_ns for p in base.rglob("*")} == before


def assert_reports_show_what_their_stages_saved(base):
    """Every figure a stage wrote is embedded in its report (the PNG's own bytes) and every table it
    saved (a CSV with its Markdown twin) is shown there under its name; nothing is fetched from a
    network; and the reports folder still works when copied elsewhere."""
    import base64
    import re

    for path in NOTEBOOKS:
        stage = path.stem.split("_", 1)[1]
        page = (base / "reports" / path.with_suffix(".html").name).read_text()
        for png in sorted((base / stage).glob("*.png")):
            assert base64.b64encode(png.read_bytes()).decode() in page, f"{path.name}: {png.name} not shown"
        for csv in sorted((base / stage).glob("*.csv")):
            if csv.with_suffix(".md").exists():
                assert f"<b>{csv.stem}</b>" in page or csv.name in page, f"{path.name}: table {csv.stem} not shown"
        assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']https?:", page), f"{path.name} loads from a network"
        assert "<IPython.core.display" not in page and "Traceback" not in page
    moved = shutil.copytree(base / "reports", base.parent / "moved-reports")
    index = (moved / "index.html").read_text()
    assert all((moved / target).is_file() for target in re.findall(r"(?:src|href)='([^']+)'", index))


# Tables whose every column but the timings must repeat exactly for the same seeds.
DETERMINISTIC_TABLES = ["pretrain/runs.csv", "finetune/runs.csv", "finetune/heldout_loss.csv",
                        "evaluate/summary.csv", "evaluate/ablation.csv", "evaluate/direction_checks.csv",
                        "evaluate/table1.csv"]
TIMING_COLUMNS = {"wall_time_s", "tokens_per_s", "mfu", "gen_s", "exec_s", "loglik_s"}


def _without_timings(frame):
    return frame.drop(columns=[c for c in frame.columns if c in TIMING_COLUMNS])
