"""The headless runner, on throwaway notebooks executed for real by papermill and the study's kernel."""

import json

import nbformat
import psutil
import pytest

from phi1lib.study.cli import main as cli_main
from phi1lib.study.runner import RunOptions, StageFailed, run_study
from phi1lib.study.stages import notebook_name, present_stages, select_stages

pytestmark = pytest.mark.slow


def write_notebook(path, *cells):
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell('profile = "tiny"', metadata={"tags": ["parameters"]}))
    nb.cells.extend(nbformat.v4.new_code_cell(src) for src in cells)
    nb.metadata["kernelspec"] = {"name": "phi1-study", "display_name": "phi1", "language": "python"}
    nbformat.write(nb, path)


WRITES_OUTPUT = (
    "from phi1lib.core.paths import stage_dir\n"
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
    from phi1lib.study import runner

    (tmp_path / "resources").mkdir()
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "mod.py").write_text("x = 1\n")
    (tmp_path / "resources" / "probes.jsonl").write_text("{}\n")
    monkeypatch.setattr(runner, "PACKAGE_DIR", tmp_path)
    monkeypatch.setattr(runner, "RESOURCES_DIR", tmp_path / "resources")
    before = runner.library_digest()
    (tmp_path / "resources" / "probes.jsonl").write_text('{"changed": 1}\n')
    assert runner.library_digest() != before
    (tmp_path / "core" / "mod.py").write_text("x = 2\n")  # a module in a sub-package counts too
    changed = runner.library_digest()
    assert changed != before


SETTINGS_AND_PROGRESS = (
    "import json, sys\n"
    "from phi1lib.core.config import load_config\n"
    "from phi1lib.core.paths import run_dir\n"
    "cfg = load_config(profile, {**config_overrides, **({'run_name': run_name} if run_name else {})})\n"
    "print('progress one', flush=True)\n"
    "print('\\rbar 1/2\\rbar 2/2', file=sys.stderr, flush=True)\n"
    "(run_dir(cfg) / '{stage}').mkdir(parents=True, exist_ok=True)\n"
    "(run_dir(cfg) / '{stage}' / 'cfg.json').write_text(json.dumps(cfg.pretrain.max_steps))"
)


def test_overrides_reach_the_notebooks_and_write_to_their_own_folder(study):
    write_notebook(study.notebooks / notebook_name("filter"), SETTINGS_AND_PROGRESS.replace("{stage}", "filter"))
    (study.notebooks / notebook_name("pretrain")).unlink()
    lines = []
    run_study(study, log=lines.append)
    assert json.loads((study.outputs / "smoke" / "filter" / "cfg.json").read_text()) == 10
    # What a notebook prints reaches the terminal while it runs, prefixed with its stage; of a progress
    # bar's carriage-return updates, the last.
    assert "  [filter] progress one" in lines and "  [filter] bar 2/2" in lines
    before = sorted(p.name for p in (study.outputs / "smoke").rglob("*"))

    study.overrides = {"pretrain.max_steps": 3}
    run_study(study, log=lines.append)
    own = [p for p in study.outputs.iterdir() if p.name.startswith("smoke-")]
    assert len(own) == 1 and json.loads((own[0] / "filter" / "cfg.json").read_text()) == 3
    assert (own[0] / "reports" / "index.html").exists()
    assert sorted(p.name for p in (study.outputs / "smoke").rglob("*")) == before  # the profile's untouched
    assert json.loads((study.outputs / "smoke" / "filter" / "cfg.json").read_text()) == 10

    study.name = "three-steps"
    run_study(study, log=lines.append)
    assert json.loads((study.outputs / "three-steps" / "filter" / "cfg.json").read_text()) == 3


def test_cli_run_takes_set_and_config_and_answers_bad_ones_in_one_line(study, capsys, tmp_path):
    write_notebook(study.notebooks / notebook_name("filter"), SETTINGS_AND_PROGRESS.replace("{stage}", "filter"))
    (study.notebooks / notebook_name("pretrain")).unlink()
    common = ["run", "--profile", "smoke", "--notebooks", str(study.notebooks), "--outputs", str(study.outputs)]
    overrides = tmp_path / "o.toml"
    overrides.write_text("[pretrain]\nmax_steps = 7\n")
    assert cli_main(common + ["--config", str(overrides), "--name", "seven"]) == 0
    assert json.loads((study.outputs / "seven" / "filter" / "cfg.json").read_text()) == 7
    assert cli_main(common + ["--config", str(overrides), "--set", "pretrain.max_steps=8", "--name", "eight"]) == 0
    assert json.loads((study.outputs / "eight" / "filter" / "cfg.json").read_text()) == 8  # --set wins
    capsys.readouterr()
    for bad, message in ((["--set", "pretrain.nosuch=1"], "unknown config key 'pretrain.nosuch'"),
                         (["--set", "pretrain.max_steps=many"], "pretrain.max_steps: expected int"),
                         (["--set", "max_steps"], "expected KEY=VALUE"),
                         (["--config", str(tmp_path / "none.yaml")], "none.yaml: cannot read"),
                         (["--set", "pretrain.max_steps=2", "--name", "smoke"], "the profile's own folder")):
        assert cli_main(common + bad) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and message in err, err


def test_stream_lines_echoes_outputs_and_drops_papermill_chatter():
    from phi1lib.study.runner import stream_lines

    shown, kept = [], []
    stream_lines(["Executing Cell 3---\n", "step 1\n", "\n", "\r 10%|#\r 50%|#####\n",
                  "<IPython.core.display.HTML object>\n", "[table runs: 2 rows] Every run.\n",
                  "[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel.\n"],  # shutdown's SIGINT
                 "pretrain", shown.append, kept)
    assert shown == ["  [pretrain] step 1", "  [pretrain]  50%|#####", "  [pretrain] [table runs: 2 rows] Every run."]
    assert "[table runs: 2 rows] Every run." in kept and "Executing Cell 3---" in kept  # all kept for errors
