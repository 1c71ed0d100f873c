"""`phi1`: bad input is one line on stderr and exit 2 for every command, a closed stdout ends quietly,
and `phi1 kernel` registers this venv's python with Jupyter. (`phi1 export`: tests/model/test_hf_interop.py;
`phi1 eval-samples`: tests/eval/test_eval_cli.py; `phi1 run`: tests/study/test_runner.py.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from phi1lib.study.cli import KERNEL_DISPLAY_NAME, main
from phi1lib.core.paths import repo_root


def _phi1(*args: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "phi1lib.study.cli", *args], check=False, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, cwd=repo_root(), timeout=120)


@pytest.mark.parametrize("args, message", [
    (["config", "--profile", "nosuch"], "phi1 config: unknown profile 'nosuch'; known: "),
    (["reference", "--profile", "nosuch", "--outputs", "{tmp}"],
     "phi1 reference: {tmp}/nosuch/summary.json: "),
    (["eval-samples", "{tmp}/none.jsonl", "--benchmark", "mbpp", "--out", "{tmp}/r.jsonl"],
     "phi1 eval-samples: cannot read {tmp}/none.jsonl: "),
    (["export", "{tmp}/nowhere", "{tmp}/out"], "phi1 export: {tmp}/nowhere: no such run directory"),
])
def test_bad_input_is_one_line_and_exit_2_without_traceback(tmp_path, args, message):
    done = _phi1(*(a.format(tmp=tmp_path) for a in args))
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(message.format(tmp=tmp_path)) and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_usage_errors_stay_argparse_s(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["nosuch"])
    assert exit_.value.code == 2 and "usage: phi1" in capsys.readouterr().err


def test_reference_without_a_finished_run_exits_2_in_process(tmp_path, capsys):
    assert main(["reference", "--profile", "tiny", "--outputs", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (f"phi1 reference: {tmp_path}/tiny/summary.json: run the study first "
                                       f"(phi1 run --profile tiny)\n")
    assert not (tmp_path / "reference").exists()


def test_a_reader_that_leaves_early_ends_the_command_quietly():
    """`phi1 config | head`: the pipe's reading end is closed before phi1 writes a byte."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = _phi1("config", "--profile", "tiny", stdout=write_end)
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (0, "")


def test_config_prints_the_profile_as_json(capsys):
    assert main(["config", "--profile", "smoke"]) == 0
    assert json.loads(capsys.readouterr().out)["profile"] == "smoke"


def _kernel_json(kernels_dir) -> dict:
    return json.loads((kernels_dir / "phi1-study" / "kernel.json").read_text())


def test_kernel_user_goes_to_the_user_s_jupyter_data_dir(tmp_path, monkeypatch, capsys):
    from jupyter_client.kernelspec import KernelSpecManager

    (tmp_path / "home").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    assert main(["kernel", "--user"]) == 0
    spec = _kernel_json(tmp_path / "data" / "kernels")
    assert spec["argv"][0] == sys.executable and spec["display_name"] == KERNEL_DISPLAY_NAME
    assert "phi1-study" in capsys.readouterr().out
    # where a JupyterLab run by this user looks (after the venv's own folder, from inside the venv)
    assert str(tmp_path / "data" / "kernels") in KernelSpecManager().kernel_dirs


def test_kernel_defaults_to_the_venv_and_takes_a_prefix(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "user-data"))
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "venv"))
    assert main(["kernel"]) == 0  # --sys-prefix, as tools/setup_venv.sh
    assert _kernel_json(tmp_path / "venv" / "share" / "jupyter" / "kernels")["argv"][0] == sys.executable
    assert main(["kernel", "--prefix", str(tmp_path / "env"), "--name", "other"]) == 0
    spec = json.loads((tmp_path / "env/share/jupyter/kernels/other/kernel.json").read_text())
    assert spec["display_name"] == "Python (other)"
    assert not (tmp_path / "user-data").exists()


def test_kernel_user_and_prefix_exclude_each_other(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["kernel", "--user", "--prefix", "/tmp/x"])
    assert exit_.value.code == 2 and "not allowed with" in capsys.readouterr().err
