"""`phi1 eval-samples`: the samples/results contract other tools rely on, and hostile samples."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from test_sandbox import THIEF_ROUTES, answer_locations, benchmark_problem, thief_completion

from phi1lib.eval import cli
from phi1lib.eval.benchmarks import MBPP, HumanEval
from phi1lib.core.paths import outputs_root, repo_root

GOOD = b'{"task_id": "HumanEval/0", "completion": ""}'


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def _last_json(text: str) -> dict:
    return json.loads(text.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def humaneval_rows():
    problems = HumanEval().problems()[:3]
    rows = []
    for p in problems:  # interleaved: results must come back in input order
        rows += [{"task_id": p.task_id, "completion": p.reference, "extra": 1},
                 {"task_id": p.task_id, "completion": "    return None\n"}]
    rows.append({"task_id": problems[0].task_id, "completion": "    while True:\n        pass\n"})
    return rows


def test_humaneval_results_and_summary(tmp_path, capsys, humaneval_rows):
    samples = _write(tmp_path / "samples.jsonl", humaneval_rows)
    out = tmp_path / "sub" / "results.jsonl"
    code = cli.main([str(samples), "--benchmark", "humaneval", "--out", str(out), "--timeout", "1",
                          "--workers", "2", "--k", "1,2,100", "--quiet"])
    assert code == 0
    results = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["task_id"] for r in results] == [r["task_id"] for r in humaneval_rows]
    assert [r["passed"] for r in results] == [True, False, True, False, True, False, False]
    assert all(type(r["passed"]) is bool for r in results)
    assert results[0]["extra"] == 1 and results[0]["completion"] == humaneval_rows[0]["completion"]
    assert results[1]["result"].startswith("failed: ") and results[-1]["result"] == "timed out"
    summary = _last_json(capsys.readouterr().out)
    assert summary["pass@1"] == pytest.approx((1 / 3 + 1 / 2 + 1 / 2) / 3)  # task 0 has 3 samples
    assert summary["pass@2"] == pytest.approx((2 / 3 + 1 + 1) / 3) and "pass@100" not in summary
    assert summary["n_tasks"] == 3 and summary["n_samples"] == 7 and len(summary["pass@1_ci"]) == 2


def test_mbpp_integer_task_ids_and_whole_programs(tmp_path, capsys):
    bench = MBPP()
    p = bench.problem(11)
    rows = [{"task_id": 11, "completion": bench.reference_completion(p)},
            {"task_id": 12, "completion": "def sort_matrix(m):\n    return m\n"}]
    out = tmp_path / "results.jsonl"
    assert cli.main([str(_write(tmp_path / "s.jsonl", rows)), "--benchmark", "mbpp", "--out", str(out),
                          "--quiet"]) == 0
    results = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["task_id"], r["passed"]) for r in results] == [(11, True), (12, False)]
    assert _last_json(capsys.readouterr().out)["pass@1"] == 0.5


@pytest.mark.parametrize("rows,args,message", [
    ([{"task_id": "HumanEval/0", "completion": ""}, {"task_id": "HumanEval/999", "completion": ""}], [],
     "s.jsonl: line 2: task_id 'HumanEval/999' not in humaneval"),
    ([{"task_id": "HumanEval/0"}], [], "s.jsonl: line 1: expected"),
    ([], [], "s.jsonl: no samples"),
    ([{"task_id": "HumanEval/0", "completion": ""}], ["--k", "0"], "--k"),
    ([{"task_id": "HumanEval/0", "completion": ""}], ["--timeout", "-1"], "--timeout"),
    ([{"task_id": "HumanEval/0", "completion": ""}], ["--workers", "-1"], "--workers"),
])
def test_bad_input_exits_2(tmp_path, capsys, rows, args, message):
    code = cli.main([str(_write(tmp_path / "s.jsonl", rows)), "--benchmark", "humaneval",
                          "--out", str(tmp_path / "r.jsonl"), *args])
    assert code == 2 and message in capsys.readouterr().err


@pytest.mark.parametrize("content,message", [
    (b"\n\n  \n", "no samples"),
    (GOOD + b"\n\n{\"task_id\": oops}\n" + GOOD + b"\n", "line 3: not valid JSON"),
    (GOOD + b"\n" + GOOD + b"\n\xff\xfe\n", "line 3: not UTF-8"),
])
def test_bad_lines_are_named_by_file_and_line_number(tmp_path, capsys, content, message):
    samples = tmp_path / "s.jsonl"
    samples.write_bytes(content)
    code = cli.main([str(samples), "--benchmark", "humaneval", "--out", str(tmp_path / "r.jsonl")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and f"{samples}: {message}" in err, err
    assert not (tmp_path / "r.jsonl").exists()


@pytest.mark.parametrize("out_is", ["directory", "the samples"])
def test_out_that_cannot_hold_results_exits_2(tmp_path, capsys, out_is):
    samples = _write(tmp_path / "s.jsonl", [{"task_id": "HumanEval/0", "completion": ""}])
    out = tmp_path if out_is == "directory" else samples
    assert cli.main([str(samples), "--benchmark", "humaneval", "--out", str(out)]) == 2
    assert "--out" in capsys.readouterr().err and samples.read_text().startswith('{"task_id"')


def test_existing_results_survive_until_new_ones_replace_them(tmp_path, capsys, monkeypatch):
    """The old RESULTS.jsonl is intact while samples run and after a failed run; a finished run
    replaces it whole, with the usual file mode and no temporary file left beside it."""
    from phi1lib.eval import sandbox

    p = HumanEval().problems()[0]
    samples = _write(tmp_path / "s.jsonl", [{"task_id": p.task_id, "completion": p.reference}])
    out = tmp_path / "r.jsonl"
    out.write_text("old results\n")
    args = [str(samples), "--benchmark", "humaneval", "--out", str(out), "--quiet"]
    seen = []
    real_run = sandbox.Sandbox.run

    def watching_run(self, jobs, progress=None):
        seen.append(out.read_text())
        return real_run(self, jobs, progress)

    monkeypatch.setattr(sandbox.Sandbox, "run", watching_run)
    old_umask = os.umask(0o022)
    try:
        assert cli.main(args) == 0
    finally:
        os.umask(old_umask)
    assert seen == ["old results\n"]
    assert json.loads(out.read_text())["passed"] is True and oct(out.stat().st_mode & 0o777) == "0o644"
    assert sorted(f.name for f in tmp_path.iterdir()) == ["r.jsonl", "s.jsonl"]

    out.write_text("old results\n")

    def refuse(**_kwargs):
        raise sandbox.SandboxUnavailable("no sandbox here")

    monkeypatch.setattr(cli, "Sandbox", refuse)  # the name cli.run looks up
    assert cli.main(args) == 3
    assert out.read_text() == "old results\n"
    capsys.readouterr()


def test_missing_isolation_exits_3(tmp_path, capsys, monkeypatch):
    from phi1lib.eval import sandbox

    def refuse(**_kwargs):
        raise sandbox.SandboxUnavailable("isolation here is 'none'; 'netns+fs' required")

    monkeypatch.setattr(cli, "Sandbox", refuse)  # the name cli.run looks up
    rows = [{"task_id": "HumanEval/0", "completion": "    return True\n"}]
    code = cli.main([str(_write(tmp_path / "s.jsonl", rows)), "--benchmark", "humaneval",
                          "--out", str(tmp_path / "r.jsonl"), "--require-isolation", "netns+fs"])
    assert code == 3 and "required" in capsys.readouterr().err


def test_command_line_last_stdout_line_is_the_summary(tmp_path):
    p = HumanEval().problems()[0]
    samples = _write(tmp_path / "s.jsonl", [{"task_id": p.task_id, "completion": p.reference}])
    done = subprocess.run([sys.executable, "-m", "phi1lib.eval.cli", str(samples), "--benchmark", "humaneval",
                           "--out", str(tmp_path / "r.jsonl"), "--k", "1"], capture_output=True, text=True,
                          cwd=repo_root(), timeout=120)
    assert done.returncode == 0, done.stderr
    assert _last_json(done.stdout)["pass@1"] == 1.0
    assert cli.build_parser().prog == "phi1 eval-samples"


@pytest.mark.parametrize("benchmark", ["humaneval", "mbpp"])
def test_hostile_samples_fail_and_no_answer_reaches_the_results(request, capsys, benchmark):
    """Thieves (tests/eval/test_sandbox.py) between two controls, all in one worker: the controls pass,
    every thief fails having found nothing, and neither the reference solution nor a test line that
    the prompt does not show is anywhere in what the results say of a thief. MBPP runs as a command
    from the checkout, the working directory a thief would look in."""
    bench, problem = benchmark_problem(benchmark)
    known, rel = answer_locations(outputs_root() / "tiny" / "synthesize" / "heldout_benchmark.jsonl")
    shared = Path(tempfile.mkdtemp(prefix="phi1-samples-", dir="/tmp"))  # anyone may enter: only
    shared.chmod(0o755)  # the sandbox keeps the samples file (a control among them) from a thief
    request.addfinalizer(lambda: shutil.rmtree(shared, ignore_errors=True))
    samples, out = shared / "samples.jsonl", shared / "results.jsonl"
    known, rel = known + [str(samples), str(out)], rel + [os.path.relpath(samples), os.path.relpath(out)]
    control = {"task_id": problem.task_id, "completion": bench.reference_completion(problem)}
    thieves = [{"task_id": problem.task_id, "completion": thief_completion(bench, problem, route, known, rel),
                "route": route} for route in THIEF_ROUTES]
    _write(samples, [control, *thieves, control])
    samples.chmod(0o644)
    args = [str(samples), "--benchmark", benchmark, "--out", str(out), "--workers", "1", "--k", "1",
            "--quiet"]
    if benchmark == "mbpp":
        done = subprocess.run([sys.executable, "-m", "phi1lib.eval.cli", *args], capture_output=True,
                              text=True, cwd=repo_root(), timeout=300)
        assert done.returncode == 0, done.stderr
        summary = _last_json(done.stdout)
    else:
        assert cli.main(args) == 0
        summary = _last_json(capsys.readouterr().out)
    if summary["isolation_level"] != "netns+fs+reads":
        pytest.skip(f"samples' reads are not confined here ({summary['isolation']})")
    results = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["passed"] for r in results] == [True] + [False] * len(thieves) + [True]
    hidden_tests = [line.strip() for line in problem.test.splitlines()
                    if line.strip().startswith("assert") and line.strip() not in problem.prompt]
    reference = [line.strip() for line in problem.reference.splitlines() if len(line.strip()) > 12]
    assert hidden_tests and reference
    for row in results[1:-1]:
        said = " ".join(str(v) for k, v in row.items() if k != "completion")
        assert "no answers within reach" in row["result"], row["route"]
        assert not [x for x in hidden_tests + reference if x in said], row["route"]
    everything = " ".join(str(v) for row in results for v in row.values())
    assert not [x for x in hidden_tests if x in everything]
