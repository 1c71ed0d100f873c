"""The committed notebooks: clean (no outputs), parameterised as papermill expects, and runnable."""

import ast
import json
import shutil
import subprocess
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from phi1lib.paths import repo_root
from phi1lib.stages import STAGES, notebook_name

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
    assert "profile" in names
    assert nb.metadata["kernelspec"]["name"] == "phi1-study"


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


# Tables whose every column but the timings must repeat exactly for the same seeds.
DETERMINISTIC_TABLES = ["pretrain/runs.csv", "finetune/runs.csv", "finetune/heldout_loss.csv",
                        "evaluate/summary.csv", "evaluate/ablation.csv", "evaluate/direction_checks.csv",
                        "evaluate/table1.csv"]
TIMING_COLUMNS = {"wall_time_s", "tokens_per_s", "mfu", "gen_s", "exec_s", "loglik_s"}


def _without_timings(frame):
    return frame.drop(columns=[c for c in frame.columns if c in TIMING_COLUMNS])
