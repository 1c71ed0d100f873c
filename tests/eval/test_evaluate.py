"""The evaluation stage: model discovery, end-to-end evaluation of a tiny checkpoint, Table 1 and
Figure 2.1 shapes, and the committed notebook's wiring."""

from __future__ import annotations

import dataclasses
import json

import matplotlib

matplotlib.use("Agg")
import nbformat  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from phi1lib.eval import harness  # noqa: E402
from phi1lib.eval.benchmarks import Exercises, HumanEval, get_benchmark  # noqa: E402
from phi1lib.core.config import ModelConfig, TokenizerConfig, load_config  # noqa: E402
from phi1lib.model.hf_interop import export_hf  # noqa: E402
from phi1lib.model.transformer import PhiModel  # noqa: E402
from phi1lib.core.paths import repo_root  # noqa: E402
from phi1lib.eval.sandbox import Sandbox  # noqa: E402
from phi1lib.data.tokenizer import train_tokenizer  # noqa: E402


def _run_dir(models, name, stage, data_path=None, init=None, tokens=1000):
    run = models / name
    run.mkdir(parents=True)
    state = {"model_config": dataclasses.asdict(_CFG), "model": PhiModel(_CFG).state_dict()}
    torch.save(state, run / "best.pt")
    exp = {"stage": stage, "shape": "t", "seed": 0}
    if data_path:
        exp["data"] = {"path": data_path}
    if init:
        exp["init_from"] = {"path": str(init)}
    (run / "experiment.json").write_text(json.dumps(exp))
    (run / "summary.json").write_text(json.dumps({"tokens_seen": tokens}))
    return run


_CFG = ModelConfig(name="t", n_layer=2, d_model=64, d_mlp=256, n_head=2, head_dim=32, rotary_dim=16,
                   vocab_size=512, context_len=64, dropout=0.0)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """outputs/<profile>/ of a finished tiny run: tokenizer, a pretrained and a finetuned run, exports."""
    root = tmp_path_factory.mktemp("outputs")
    base = root / "smoke"
    texts = [p.prompt + p.reference for p in HumanEval().problems()]
    train_tokenizer(texts, TokenizerConfig(kind="bpe", vocab_size=400), base / "filter" / "tokenizer")
    models = base / "models"
    torch.manual_seed(0)
    pre = _run_dir(models, "t-s0", "pretrain", data_path=str(base / "filter" / "tokens_unfiltered"))
    _run_dir(models, "t-s0-finetuned", "finetune", init=pre / "best.pt", tokens=500)
    export_hf(PhiModel(_CFG), models / "t-s0-finetuned-hf", base / "filter" / "tokenizer")  # a copy: skipped
    export_hf(PhiModel(_CFG), models / "other-hf", base / "filter" / "tokenizer")  # no run dir: evaluated
    (models / "unfinished").mkdir()  # no checkpoint: ignored
    return root


def test_discover_models(outputs, tmp_path):
    specs = harness.discover_models("smoke", outputs)
    assert [s.name for s in specs] == ["t-s0", "t-s0-finetuned", "other-hf"]
    pre, fine, other = specs
    assert (pre.stage, pre.data, pre.tokens_seen) == ("pretrain", "unfiltered code", 1000)
    assert (fine.stage, fine.data, fine.tokens_seen) == ("finetune", "unfiltered code + exercises", 1500)
    assert (pre.base, pre.base_data) == (None, None)
    assert (fine.base, fine.base_data) == ("t-s0", "unfiltered code")  # lineage as fields, from init_from
    assert pre.tokenizer.endswith("filter/tokenizer") and other.tokenizer == other.path
    assert len(harness.discover_models("smoke", outputs, include_hf_copies=True)) == 4
    assert harness.discover_models("nothing", tmp_path) == []


def test_heldout_benchmark(tmp_path):
    assert harness.heldout_benchmark("smoke", tmp_path) is None
    path = tmp_path / "smoke" / "finetune" / "exercises" / "val.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"prompt": "def f():\n", "answer": "    return 1\n"}) + "\n")
    bench = harness.heldout_benchmark("smoke", tmp_path)
    assert isinstance(bench, Exercises) and bench.name == "heldout" and not bench.has_tests
    # the synthesis stage's file, with tests, comes first
    synth = tmp_path / "smoke" / "synthesize" / "heldout_benchmark.jsonl"
    synth.parent.mkdir(parents=True)
    synth.write_text(json.dumps({"prompt": "def g():\n", "answer": "    return 2\n", "entry_point": "g",
                                 "test": "assert g() == 2\n"}) + "\n")
    bench = harness.heldout_benchmark("smoke", tmp_path)
    assert bench.has_tests and bench.problems()[0].entry_point == "g"
    # with splits, one benchmark per split, instances first
    assert [b.name for b in harness.heldout_benchmarks("smoke", tmp_path)] == ["heldout"]  # no split field
    rows = [{"prompt": f"def g{i}():\n", "answer": f"    return {i}\n", "entry_point": f"g{i}",
             "test": f"assert g{i}() == {i}\n", "split": split} for i, split in enumerate(["family", "instance", "family"])]
    synth.write_text("".join(json.dumps(r) + "\n" for r in rows))
    benches = harness.heldout_benchmarks("smoke", tmp_path)
    assert [b.name for b in benches] == ["heldout_instance", "heldout_family"]
    assert [p.entry_point for p in benches[1].problems()] == ["g0", "g2"]
    cfg = load_config("smoke")
    assert [b.name for b in harness.benchmarks_for(cfg, benches)] == ["humaneval", "mbpp", "heldout_instance",
                                                                     "heldout_family"]
    assert harness.heldout_benchmarks("nothing", tmp_path) == []


def test_evaluate_models_end_to_end(outputs, tmp_path):
    cfg = load_config("smoke", {"eval.limit": 2, "eval.max_new_tokens": 8})
    specs = harness.discover_models("smoke", outputs)[:2]
    heldout = Exercises([{"prompt": "def f():\n", "answer": "    return 1\n"}], name="heldout")
    with Sandbox(workers=2, timeout_s=cfg.eval.timeout_s) as sb:
        benchmarks = harness.benchmarks_for(cfg, heldout)
        summary, per = harness.evaluate_models(cfg, specs, tmp_path, benchmarks=benchmarks, sandbox=sb,
                                                log=None)
    assert list(summary["benchmark"]) == ["humaneval", "mbpp", "heldout"] * 2
    scored = summary[summary["benchmark"] != "heldout"]
    assert scored["pass@1"].between(0, 1).all() and (scored["n_tasks"] == 2).all()
    assert (summary["bits_per_char"] > 0).all() and summary["params"].iloc[0] == PhiModel(_CFG).num_params()
    assert summary[summary["benchmark"] == "heldout"]["pass@1"].isna().all()  # no tests: loglik only
    lines = (tmp_path / "per_problem" / "t-s0" / "humaneval.jsonl").read_text().splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["task_id"] for r in rows] == ["HumanEval/0", "HumanEval/1"]
    assert {"completion", "passed", "result", "bits_per_char"} <= set(rows[0])
    assert set(per["model"]) == {"t-s0", "t-s0-finetuned"}
    # One model per worker process (the CPU default) or all here: the same results, in the same order.
    timings = ["gen_s", "exec_s", "loglik_s"]
    serial, serial_per = harness.evaluate_models(cfg, specs, tmp_path / "serial", benchmarks=benchmarks,
                                                  workers=1, log=None)
    parallel, parallel_per = harness.evaluate_models(cfg, specs, tmp_path / "parallel", benchmarks=benchmarks,
                                                      workers=2, log=None)
    pd.testing.assert_frame_equal(serial.drop(columns=timings), parallel.drop(columns=timings))
    pd.testing.assert_frame_equal(serial_per, parallel_per)
    pd.testing.assert_frame_equal(serial.drop(columns=timings), summary.drop(columns=timings))

    from phi1lib.analysis import ablation

    table = ablation.table1(ablation.ablation_table(summary, per, n_boot=200), label="measured here")
    reported = table[table["source"] == harness.REPORTED]
    assert list(reported["model"]) == list(harness.PAPER_TABLE1["model"])
    assert reported.set_index("model").loc["phi-1", "HumanEval pass@1 (%)"] == 50.6
    ours = table[table["source"] == "measured here"]
    assert len(ours) == 2 and (ours["HumanEval bits/char [95% CI]"].str.len() > 0).all()
    fig = ablation.plot_ablation(ablation.ablation_table(summary, per, n_boot=200))
    assert len(fig.axes) == 3


def test_empty_run_gives_paper_rows_and_an_empty_figure(tmp_path):
    cfg = load_config("smoke")
    summary, per = harness.evaluate_models(cfg, [], tmp_path, benchmarks=[get_benchmark("humaneval")])
    assert summary.empty and per.empty
    from phi1lib.analysis import ablation

    assert (ablation.table1(ablation.ablation_table(summary, per))["source"] == harness.REPORTED).all()
    assert len(ablation.plot_ablation(pd.DataFrame()).axes) == 3


def test_notebook_parameters_and_kernel():
    nb = nbformat.read(repo_root() / "notebooks" / "05_evaluate.ipynb", as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and 'profile = "tiny"' in params[0].source
    assert nb.metadata["kernelspec"]["name"] == "phi1-study"
    assert all(c.get("outputs") == [] for c in nb.cells if c.cell_type == "code")


def test_discover_models_skips_runs_the_latest_stages_did_not_make(outputs, tmp_path):
    import shutil

    root = tmp_path / "out"
    shutil.copytree(outputs, root)
    assert harness.current_runs("smoke", root) is None  # no manifests: every run counts
    for stage, runs in (("pretrain", ["t-s0"]), ("finetune", [])):
        (root / "smoke" / stage).mkdir(parents=True, exist_ok=True)
        (root / "smoke" / stage / "manifest.json").write_text(json.dumps({"runs": {r: "x" for r in runs}}))
    assert harness.current_runs("smoke", root) == {"t-s0"}
    names = [s.name for s in harness.discover_models("smoke", root)]
    assert names == ["t-s0", "other-hf"]  # the stale finetuned run and its export are left out
    assert len(harness.discover_models("smoke", root, current_only=False)) == 3


def test_make_sandbox_follows_the_eval_config():
    cfg = load_config("smoke", {"eval.timeout_s": 2.5, "eval.memory_mb": 700})
    with harness.make_sandbox(cfg, workers=1) as sb:
        assert (sb.cfg.timeout_s, sb.cfg.memory_mb, sb.n_workers) == (2.5, 700, 1)
        bench = get_benchmark("humaneval")
        problem = bench.problems(1)[0]
        wrong, right = sb.run([bench.job(problem, "    return 1\n", 2.5),
                               bench.job(problem, bench.reference_completion(problem), 2.5)])
        assert not wrong.passed and right.passed


def test_checkpoint_step_and_tokens_at(tmp_path):
    run = tmp_path / "run"
    run.mkdir()
    for name, step in (("ckpt_000040.pt", 40), ("ckpt_latest.pt", 60), ("best.pt", 50)):
        torch.save({"step": step, "model": {}}, run / name)
    torch.save({"model": {}}, run / "old.pt")
    # unfinished run: the step each file records (read without loading the weights); its name first
    assert [harness.checkpoint_step(run / n) for n in ("ckpt_000040.pt", "ckpt_latest.pt", "best.pt")] == [40, 60, 50]
    assert harness.checkpoint_step(run / "old.pt") is None and harness.checkpoint_step(run / "missing.pt") is None
    # finished: summary.json says which step best.pt and ckpt_latest.pt hold
    (run / "summary.json").write_text(json.dumps({"steps": 80, "best_step": 70, "tokens_seen": 800}))
    assert [harness.checkpoint_step(run / n) for n in ("ckpt_000040.pt", "ckpt_latest.pt", "best.pt")] == [40, 80, 70]
    # tokens: the logged row of that step, else the summary's (its last step, else per step)
    (run / "metrics.jsonl").write_text("".join(json.dumps({"step": s, "tokens": 11 * s}) + "\n" for s in (40, 70)))
    assert harness.tokens_at(run, 40) == 440 and harness.tokens_at(run, 70) == 770
    assert harness.tokens_at(run, 80) == 800 and harness.tokens_at(run, 20) == 200 and harness.tokens_at(run, 0) == 0
    assert harness.tokens_at(tmp_path / "nothing", 5) is None
    # a finetuned run started from best.pt (step 70): 770 tokens before its own
    fine = tmp_path / "fine"
    fine.mkdir()
    (fine / "experiment.json").write_text(json.dumps({"stage": "finetune", "init_from": {"path": str(run / "best.pt")}}))
    (fine / "summary.json").write_text(json.dumps({"steps": 5, "tokens_seen": 30}))
    assert harness.init_tokens(fine) == 770 and harness._tokens_seen(fine) == 800
    assert harness.init_tokens(run) is None
    assert harness.data_setting(fine) == "unknown + exercises"


def test_parse_rates_count_programs_that_parse():
    bench = Exercises([{"task_id": "a", "prompt": "def f(x):\n", "answer": "    return x\n"},
                       {"task_id": "b", "prompt": "def g(x):\n", "answer": "    return -x\n"}], name="ex")
    per = pd.DataFrame([{"model": "m", "benchmark": "ex", "task_id": "a", "completion": "    return x + 1\n"},
                        {"model": "m", "benchmark": "ex", "task_id": "b", "completion": "    return (x\n"},
                        {"model": "n", "benchmark": "ex", "task_id": "a", "completion": "return return"},
                        {"model": "n", "benchmark": "other", "task_id": "a", "completion": "    pass\n"}])
    rates = harness.parse_rates(per, [bench])
    assert rates.to_dict("records") == [{"model": "m", "benchmark": "ex", "completions": 2, "parse": 0.5},
                                        {"model": "n", "benchmark": "ex", "completions": 1, "parse": 0.0}]
    assert list(harness.parse_rates(pd.DataFrame(), [bench]).columns) == ["model", "benchmark", "completions", "parse"]


def test_syntax_failure_names_what_is_wrong():
    assert harness.syntax_failure("def f(x):\n    return x\n") is None
    assert harness.syntax_failure("def f(x):\n    return (x\n") == "unclosed bracket"
    assert harness.syntax_failure("def f(x):\n    return x)\n") == "unmatched bracket"
    assert harness.syntax_failure("def f(x):\n    return [x)\n") == "unmatched bracket"
    assert harness.syntax_failure("def f(x):\n    return 'x\n") == "unterminated string"
    assert harness.syntax_failure("def f(x):\nreturn x\n") == "indentation"
    assert harness.syntax_failure("def f(x):\n        y = 1\n    return y\n") == "indentation"
    assert harness.syntax_failure("def f(x):\n    return return\n") == "other syntax error"
    assert harness.syntax_failure("x = 1\0") == "other syntax error"


def test_parse_failures_count_each_kind_per_model():
    bench = Exercises([{"task_id": t, "prompt": "def f(x):\n", "answer": "    return x\n"} for t in "abc"], name="ex")
    per = pd.DataFrame([{"model": "m", "benchmark": "ex", "task_id": "a", "completion": "    return (x\n"},
                        {"model": "m", "benchmark": "ex", "task_id": "b", "completion": "    return [x\n"},
                        {"model": "m", "benchmark": "ex", "task_id": "c", "completion": "    return x\n"},
                        {"model": "n", "benchmark": "ex", "task_id": "a", "completion": "return return"}])
    table = harness.parse_failures(per, [bench]).set_index("model")
    assert table.loc["m", "completions"] == 3 and table.loc["m", "do not parse"] == 2
    assert table.loc["m", "unclosed bracket"] == 2 and table.loc["m", "other syntax error"] == 0
    assert table.loc["n", "do not parse"] == 1 and table.loc["n", "indentation"] == 1
    # the failures and the parse rate count the same completions
    rates = harness.parse_rates(per, [bench]).set_index("model")
    assert ((1 - rates["parse"]) * rates["completions"]).round().astype(int).to_dict() == table["do not parse"].to_dict()
    assert list(harness.parse_failures(pd.DataFrame(), [bench]).columns)[:4] == [
        "model", "benchmark", "completions", "do not parse"]


def test_progress_lines_per_model_and_per_step_and_chunked_scores_equal_whole(outputs, tmp_path, capsys,
                                                                              monkeypatch):
    monkeypatch.setenv("PHI1_PROGRESS_INTERVAL", "0")  # no delay, a line per update: every step shows
    cfg = load_config("smoke", {"eval.limit": 3, "eval.max_new_tokens": 4})
    specs = harness.discover_models("smoke", outputs)[:2]
    benchmarks = [get_benchmark("humaneval")]
    summary, _ = harness.evaluate_models(cfg, specs, tmp_path / "a", benchmarks=benchmarks, workers=2, log=None,
                                          progress=True)
    lines = capsys.readouterr().out.splitlines()
    for spec in specs:  # from the worker processes, relayed
        for step, total in (("generate", 3), ("execute", 3), ("score", 3)):
            assert any(line.startswith(f"{spec.name} humaneval {step}: 100%|##########| {total}/{total} [")
                       for line in lines), (spec.name, step, lines)
    assert lines[-1].startswith("evaluate: 100%|##########| 2/2 [")
    monkeypatch.setattr(harness, "LOGLIK_CHUNK", 1)  # scored one by one: the same numbers as in one call
    again, _ = harness.evaluate_models(cfg, specs, tmp_path / "b", benchmarks=benchmarks, workers=1, log=None,
                                        progress=False)
    assert capsys.readouterr().out == ""
    cols = ["pass@1", "mean_logprob", "bits_per_char", "n_tokens"]
    pd.testing.assert_frame_equal(summary[cols], again[cols])


def test_reference_check_counts_passing_references_and_names_failures():
    good = Exercises([{"task_id": "ok", "prompt": "def f():\n    \"\"\"One.\"\"\"\n", "answer": "    return 1\n",
                       "test": "assert f() == 1"}], name="good")
    bad = Exercises([{"task_id": "wrong", "prompt": "def f():\n    \"\"\"One.\"\"\"\n", "answer": "    return 2\n",
                      "test": "assert f() == 1"}], name="bad")
    untested = Exercises([{"prompt": "def g():\n    \"\"\"Nothing.\"\"\"\n", "answer": "    pass\n"}], name="untested")
    with Sandbox(workers=1, timeout_s=10) as sandbox:
        table = harness.reference_check(sandbox, [good, bad, untested], timeout_s=10)
    assert table.to_dict("records") == [
        {"benchmark": "good", "problems": 1, "references passing": 1, "failing": ""},
        {"benchmark": "bad", "problems": 1, "references passing": 0, "failing": "wrong"}]
