"""The headless runner, on throwaway notebooks executed for real by papermill and the study's kernel."""

import json

import nbformat
import psutil
import pytest

from phi1lib.cli import main as cli_main
from phi1lib.runner import RunOptions, StageFailed, run_study
from phi1lib.stages import notebook_name, present_stages, select_stages

pytestmark = pytest.mark.slow


def write_notebook(path, *cells):
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell('profile = "tiny"', metadata={"tags": ["parameters"]}))
    nb.cells.extend(nbformat.v4.new_code_cell(src) for src in cells)
    nb.metadata["kernelspec"] = {"name": "phi1-study", "display_name": "phi1", "language": "python"}
    nbformat.write(nb, path)


WRITES_OUTPUT = (
    "from phi1lib.paths import stage_dir\n"
    "(stage_dir(profile, '{stage}') / 'out.txt').write_text(profile)"
)


@pytest.fixture
def study(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    write_notebook(notebooks / notebook_name("filter"), WRITES_OUTPUT.format(stage="filter"))
    write_notebook(notebooks / notebook_name("pretrain"), WRITES_OUTPUT.format(stage="pretrain"))
    return RunOptions(profile="smoke", notebooks=notebooks, outputs=tmp_path / "outputs", timeout_s=120)


def statuses(results):
    return [(r.stage, r.status) for r in results]


def test_runs_in_order_writes_reports_then_skips_unchanged(study):
    first = run_study(study, log=lambda _: None)
    assert statuses(first) == [("filter", "ran"), ("pretrain", "ran")]
    base = study.outputs / "smoke"
    assert (base / "filter" / "out.txt").read_text() == "smoke"  # -p profile reached the notebook
    for name in ("01_filter", "03_pretrain"):
        executed = nbformat.read(base / "notebooks" / f"{name}.ipynb", as_version=4)
        assert any("injected-parameters" in c.metadata.get("tags", []) for c in executed.cells)
        html = (base / "reports" / f"{name}.html").read_text()
        assert "stage_dir(profile" not in html  # code hidden in the report
    assert (base / "reports" / "index.html").exists()

    second = run_study(study, log=lambda _: None)
    assert statuses(second) == [("filter", "skipped"), ("pretrain", "skipped")]

    # A changed upstream output invalidates the stages after it, not the ones before.
    (base / "filter" / "out.txt").write_text("changed by hand, longer")
    third = run_study(study, log=lambda _: None)
    assert statuses(third) == [("filter", "ran"), ("pretrain", "ran")]

    # A changed notebook reruns itself only.
    write_notebook(study.notebooks / notebook_name("pretrain"), WRITES_OUTPUT.format(stage="pretrain"), "x = 1")
    fourth = run_study(study, log=lambda _: None)
    assert statuses(fourth) == [("filter", "skipped"), ("pretrain", "ran")]

    study.force = True
    study.only = "filter"
    assert statuses(run_study(study, log=lambda _: None)) == [("filter", "ran")]


def test_failure_names_notebook_and_cell_and_keeps_partial_notebook(study, capsys):
    write_notebook(study.notebooks / notebook_name("finetune"), "a = 1", "raise ValueError('planted failure')")
    with pytest.raises(StageFailed) as info:
        run_study(study, log=lambda _: None)
    message = str(info.value)
    assert "04_finetune.ipynb" in message and "cell 3 (In [" in message and "planted failure" in message
    partial = study.outputs / "smoke" / "notebooks" / "04_finetune.ipynb"
    assert partial.exists()
    assert (study.outputs / "smoke" / "reports" / "04_finetune.html").exists()
    # Earlier stages' outputs are kept and their cache stays valid.
    assert (study.outputs / "smoke" / "filter" / "out.txt").exists()

    # The command line exits non-zero and says the same on stderr.
    code = cli_main(["run", "--profile", "smoke", "--notebooks", str(study.notebooks),
                     "--outputs", str(study.outputs), "--timeout", "120"])
    assert code == 1
    err = capsys.readouterr().err
    assert "04_finetune.ipynb" in err and "planted failure" in err


def test_wall_clock_limit_kills_the_kernel(study):
    write_notebook(study.notebooks / notebook_name("filter"),
                   "import os, time\nopen('kernel.pid', 'w').write(str(os.getpid()))", "time.sleep(600)")
    study.timeout_s = 15
    with pytest.raises(StageFailed, match="wall-clock limit of 15 s"):
        run_study(study, log=lambda _: None)
    pid = int((study.notebooks / "kernel.pid").read_text())
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_stage_selection():
    present = ["filter", "synthesize", "pretrain"]
    assert select_stages(present) == present
    assert select_stages(present, only="synthesize") == ["synthesize"]
    assert select_stages(present, start="synthesize") == ["synthesize", "pretrain"]
    with pytest.raises(ValueError, match="not a stage"):
        select_stages(present, only="train")
    with pytest.raises(ValueError, match="does not exist"):
        select_stages(present, start="evaluate")


def test_present_stages_follow_pipeline_order(tmp_path):
    for stage in ("evaluate", "filter"):
        (tmp_path / notebook_name(stage)).write_text("{}")
    assert present_stages(tmp_path) == ["filter", "evaluate"]
    assert notebook_name("contamination") == "07_contamination.ipynb"


def test_library_digest_covers_the_shipped_data(tmp_path, monkeypatch):
    from phi1lib import runner

    (tmp_path / "data").mkdir()
    (tmp_path / "mod.py").write_text("x = 1\n")
    (tmp_path / "data" / "probes.jsonl").write_text("{}\n")
    monkeypatch.setattr(runner, "PACKAGE_DIR", tmp_path)
    before = runner.library_digest()
    (tmp_path / "data" / "probes.jsonl").write_text('{"changed": 1}\n')
    assert runner.library_digest() != before
