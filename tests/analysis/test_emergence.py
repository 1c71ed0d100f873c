"""The emergence analysis: the shipped probes, the module-use check, category building, model
selection, the evaluation's per-problem rows (with a scripted back-end), tables, verdict and gallery."""

from __future__ import annotations

import ast
import json
import math
from collections import Counter

import matplotlib

matplotlib.use("Agg")
import nbformat
import numpy as np
import pandas as pd
import pytest

from phi1lib.analysis import emergence
from phi1lib.analysis import emergence_probes as ep
from phi1lib.analysis import emergence_tables as et
from phi1lib.eval.passk import wilson_interval
from phi1lib.eval.backends import Backend
from phi1lib.core.config import load_config
from phi1lib.eval.harness import ModelSpec
from phi1lib.core.paths import repo_root
from phi1lib.eval.sandbox import Sandbox
from phi1lib.eval.sandbox_child import PRELOAD


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox(workers=2, timeout_s=10) as sb:
        yield sb


@pytest.fixture(scope="module")
def probes():
    return ep.load_probes()


def _bench(probes, task_id):
    probe = next(p for p in probes if p["task_id"] == task_id)
    return ep.Exercises([probe], name="stdlib_absent")


# --------------------------------------------------------------------------------------------------
# The shipped probes


def test_probe_file_is_well_formed(probes):
    cats = Counter(p["category"] for p in probes)
    assert cats["stdlib"] >= 20 and cats["multistep"] >= 20 and set(cats) == {"stdlib", "multistep"}
    assert len({p["task_id"] for p in probes}) == len(probes)
    for p in probes:
        tree = ast.parse(p["prompt"] + p["answer"])
        defs = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
        assert defs == [p["entry_point"]], p["task_id"]
        assert ast.get_docstring(tree.body[-1]), p["task_id"]
        assert p["test"].count("assert") >= 3, p["task_id"]
        if p["category"] == "stdlib":
            assert p["module"] in PRELOAD, f"{p['module']} may not import in the sandbox"
            assert p["prompt"].startswith(f"import {p['module']}\n"), p["task_id"]
        else:
            assert p["steps"] >= 3 and "1." in p["prompt"] and "3." in p["prompt"], p["task_id"]
    assert (repo_root() / "phi1lib" / "resources" / "emergence_probes.jsonl") == ep.PROBES_PATH


def test_every_reference_passes_its_tests_and_uses_its_module(sandbox, probes):
    rows = ep.category_rows(probes, None, Counter())
    benches = ep.category_benchmarks(rows)
    assert set(benches) == {"stdlib_absent", "multistep"}
    for bench in benches.values():
        problems = bench.problems()
        verdicts = sandbox.run([bench.job(p, p.reference) for p in problems])
        assert [p.task_id for p, v in zip(problems, verdicts) if not v.passed] == []
    stdlib = benches["stdlib_absent"]
    used = ep.module_use(sandbox, stdlib, [(p.task_id, p.reference) for p in stdlib.problems()])
    assert all(used) and len(used) == sum(p["category"] == "stdlib" for p in probes)


# --------------------------------------------------------------------------------------------------
# The module-use check


def test_module_use_is_checked_by_execution(sandbox, probes):
    bench = _bench(probes, "stdlib/collections/most_frequent_word")
    p = bench.problems()[0]
    by_hand = ("    counts = {}\n    for w in text.lower().split():\n        counts[w] = counts.get(w, 0) + 1\n"
               "    return max(counts, key=counts.get)\n")
    local_import = ("    from collections import Counter as C\n"
                    "    return C(text.lower().split()).most_common(1)[0][0]\n")
    via_lambda = "    top = lambda ws: collections.Counter(ws).most_common(1)[0][0]\n    return top(text.lower().split())\n"
    wrong_but_used = "    return collections.Counter(text.split()).most_common()[-1][0]\n"
    mentions_only = "    # collections.Counter would do\n    return sorted(text.lower().split())[0]\n"
    completions = [by_hand, local_import, via_lambda, wrong_but_used, mentions_only]
    passed = [v.passed for v in sandbox.run([bench.job(p, c) for c in completions])]
    assert passed == [True, True, True, False, False]
    used = ep.module_use(sandbox, bench, [(p.task_id, c) for c in completions])
    assert used == [False, True, True, True, False]  # by hand passes without using it; use is not pass


def test_module_use_job_keeps_the_benchmark_job_and_tolerates_failing_asserts(probes):
    bench = _bench(probes, "stdlib/math/pascal_row")
    p = bench.problems()[0]
    job = ep.module_use_job(bench, p, p.reference, "math", timeout_s=3)
    plain = bench.job(p, p.reference, timeout_s=3)
    assert job.program == plain.program and job.timeout_s == 3 and ep.USED in job.remote
    assert "['math']" in job.setup and job.test.count("except Exception") == p.test.count("assert")
    assert job.test.rstrip().splitlines()[-1].startswith(f"assert {ep.USED}()")


# --------------------------------------------------------------------------------------------------
# Which modules the exercises use, and the categories


def test_modules_used_finds_imports_and_unbound_references():
    code = ("import os.path\nfrom collections import abc, Counter as C\nimport numpy as np\n"
            "def f(x, json):\n    import re\n    return math.sqrt(x) + json + itertools\n")
    found = ep.modules_used(code, known={"math", "json", "heapq", "itertools"})
    assert {"os", "os.path", "collections", "collections.abc", "numpy", "re", "math", "itertools"} <= found
    assert "json" not in found and "heapq" not in found  # json is a parameter there, heapq absent
    assert ep.modules_used("def broken(:\nimport heapq\nfrom a.b import c\n") == {"heapq", "a", "a.b"}


def test_exercise_module_counts_and_module_table(probes):
    exercises = [{"prompt": "import heapq\n\ndef f():\n", "answer": "    return heapq.nsmallest(1, [1])\n"},
                 {"prompt": "def g(x):\n", "answer": "    import heapq, math\n    return math.pi\n"},
                 {"prompt": "def h():\n", "answer": "    return 1\n"}]
    counts = ep.exercise_module_counts(exercises)
    assert counts["heapq"] == 2 and counts["math"] == 1 and "collections" not in counts
    table = {r["module"]: r for r in ep.module_table(probes, counts, n_exercises=3)}
    assert table["heapq"]["status"] == "present" and table["heapq"]["exercises using it"] == 2
    assert table["collections"]["status"] == "absent" and table["heapq"]["share of exercises"] == pytest.approx(2 / 3, abs=1e-4)
    assert table["math"]["probes"] == sum(p.get("module") == "math" for p in probes)
    assert all(r["status"] == "unverified" for r in ep.module_table(probes, None))


def test_category_rows_and_benchmarks(probes):
    heldout = [{"task_id": f"h{i}", "prompt": f"def f{i}(x):\n    \"\"\"Id.\"\"\"\n", "answer": "    return x\n",
                "test": f"assert f{i}(1) == 1\n", "entry_point": f"f{i}", "split": split, "concept": "c"}
               for i, split in enumerate(["family", "instance", "instance", "family", "family"])]
    heldout.append({**heldout[0], "task_id": "untested", "test": ""})  # not gradable: left out
    rows = ep.category_rows(probes, heldout, Counter({"heapq": 3}))
    assert list(rows) == ["heldout_family", "heldout_instance", "stdlib_absent", "stdlib_present", "multistep"]
    assert [r["task_id"] for r in rows["heldout_family"]] == ["h0", "h3", "h4"]
    assert {r["module"] for r in rows["stdlib_present"]} == {"heapq"}
    assert "stdlib_unverified" in ep.category_rows(probes, None, None)
    small, large = (ep.category_benchmarks(rows, n, seed=1) for n in (2, 10))
    for key in rows:
        ids = [p.task_id for p in small[key].problems()]
        assert len(ids) == min(2, len(rows[key])) and set(ids) <= {p.task_id for p in large[key].problems()}
    assert small["multistep"].name == "multistep" and small["multistep"].has_tests
    bare = ep.without_tests(small["stdlib_present"])
    assert not bare.problems()[0].test and bare.problems()[0].meta["module"] == "heapq"
    assert [p.reference for p in bare.problems()] == [p.reference for p in small["stdlib_present"].problems()]


def test_load_categories_reads_a_run(tmp_path, probes):
    base = tmp_path / "smoke"
    (base / "synthesize").mkdir(parents=True)
    (base / "finetune" / "exercises").mkdir(parents=True)
    row = {"task_id": "h", "prompt": "def f(x):\n    \"\"\"Id.\"\"\"\n", "answer": "    return x\n",
           "test": "assert f(2) == 2\n", "entry_point": "f", "split": "family"}
    (base / "synthesize" / "heldout_benchmark.jsonl").write_text(json.dumps(row) + "\n")
    ex = {"prompt": "import bisect\n\ndef g(a, x):\n", "answer": "    return bisect.bisect(a, x)\n"}
    (base / "finetune" / "exercises" / "train.jsonl").write_text(json.dumps(ex) + "\n")
    rows, info = ep.load_categories("smoke", tmp_path)
    assert [r["task_id"] for r in rows["heldout_family"]] == ["h"] and "heldout_instance" not in rows
    assert {r["module"] for r in rows["stdlib_present"]} == {"bisect"} and info["n_exercises"] == 1
    assert {r["module"]: r["status"] for r in info["modules"]}["bisect"] == "present"
    rows, info = ep.load_categories("other", tmp_path)  # nothing there
    assert set(rows) == {"stdlib_unverified", "multistep"} and info["heldout"] is None


# --------------------------------------------------------------------------------------------------
# Models and evaluation


def _spec(name, stage, data, shape="s", seed=0):
    # the data label of a finetuned model is for tables only: lineage is `base_data`
    base_data = data.removesuffix(" + exercises") if stage == "finetune" else None
    return ModelSpec(name=name, kind="checkpoint", path=f"/{name}", shape=shape, seed=seed, stage=stage,
                     data=data if stage != "finetune" else f"label of {name}", base_data=base_data)


def test_select_models_pairs_codetextbook_base_with_its_finetunes():
    specs = [_spec("raw", "pretrain", "unfiltered code"), _spec("ct", "pretrain", "CodeTextbook"),
             _spec("ct-ft", "finetune", "CodeTextbook + exercises"), _spec("raw-ft", "finetune", "unfiltered code + exercises"),
             _spec("hf", "external", "")]
    assert [(s.name, g) for s, g in emergence.select_models(specs)] == [("ct", "base"), ("ct-ft", "finetuned")]
    other = [_spec("all", "pretrain", "all code"), _spec("all-ft", "finetune", "all code + exercises"),
             _spec("ct", "pretrain", "CodeTextbook")]
    assert [(s.name, g) for s, g in emergence.select_models(other)] == [("all", "base"), ("all-ft", "finetuned")]
    assert [(s.name, g) for s, g in emergence.select_models(other[2:])] == [("ct", "base")]
    assert emergence.select_models([]) == []


class _Scripted(Backend):
    """Completes with the reference for the listed task ids and `return None` otherwise; scores every
    reference at `nats` per character."""

    def __init__(self, solve: set, nats: float, name: str):
        self.solve, self.nats, self.name, self.n_params = solve, nats, name, 1000

    def completions(self, benchmark, problems, decoding):
        return [[p.reference if p.task_id in self.solve else "    return None\n"] for p in problems]

    def logprobs(self, pairs):
        return [(-self.nats * len(c), len(c) // 3) for _, c in pairs]


def test_evaluate_emergence_rows(sandbox, probes):
    cfg = load_config("smoke", {"emergence.limit": 2, "emergence.loglik_limit": 3})
    rows = {"stdlib_absent": [p for p in probes if p["category"] == "stdlib"][:4],
            "multistep": [p for p in probes if p["category"] == "multistep"][:4]}
    gen = ep.category_benchmarks(rows, 2, cfg.seed)
    solved = {p.task_id for b in gen.values() for p in b.problems()[:1]}
    backends = {"b": _Scripted(set(), 2.0, "b"), "f": _Scripted(solved, 1.0, "f")}
    models = [(_spec("b", "pretrain", "CodeTextbook"), "base"), (_spec("f", "finetune", "CodeTextbook + exercises"), "finetuned")]
    per = emergence.evaluate_emergence(cfg, models, rows, sandbox, load_backend=lambda spec, device: backends[spec.name],
                                       log=None)
    assert list(per.columns[:len(emergence.COLUMNS)]) == emergence.COLUMNS
    assert len(per) == 2 * 2 * 3  # models x categories x scored problems
    gen_rows = per.dropna(subset=["passed"])
    assert len(gen_rows) == 2 * 2 * 2
    assert gen_rows[gen_rows["model"] == "b"]["passed"].sum() == 0
    assert set(gen_rows[(gen_rows["model"] == "f") & (gen_rows["passed"] == 1)]["task_id"]) == solved
    stdlib = gen_rows[gen_rows["category"] == "stdlib_absent"]
    assert (stdlib["used"] == stdlib["passed"]).all()  # the reference uses its module, `return None` does not
    assert gen_rows[gen_rows["category"] == "multistep"]["used"].isna().all()
    assert np.allclose(per[per["model"] == "f"]["bits_per_char"], 1 / math.log(2))
    assert set(per["group"]) == {"base", "finetuned"} and (per["params"] == 1000).all()
    assert emergence.evaluate_emergence(cfg, [], rows, sandbox).empty


# --------------------------------------------------------------------------------------------------
# Tables and verdict on hand-made rows


def _rows(effect_bits: dict, pass_ft: float = 0.0, categories=("multistep",), n: int = 20,
          shapes=(("small", 100), ("large", 200)), seeds=(0, 1, 2), generated: int = 10):
    """Per-problem rows: base references cost 2 bits/char; finetuned ones 2 + effect_bits[(shape, seed)]."""
    rng = np.random.default_rng(0)
    out = []
    for category in categories:
        noise = rng.normal(0, 0.01, n)
        for shape, params in shapes:
            for seed in seeds:
                for group in ("base", "finetuned"):
                    delta = effect_bits.get((shape, seed), 0.0) if group == "finetuned" else 0.0
                    for i in range(n):
                        bits = (2.0 + delta + noise[i]) * 50
                        passed = (pass_ft if group == "finetuned" else 0.0) if i < generated else np.nan
                        out.append({"model": f"{shape}-{seed}-{group}", "group": group, "shape": shape, "seed": seed,
                                    "params": params, "category": category, "task_id": f"{category}/{i}",
                                    "passed": passed, "used": np.nan, "n_chars": 50,
                                    "sum_logprob": -bits * math.log(2)})
    return pd.DataFrame(out)


def test_pass_table_means_intervals_and_seed_spread():
    effects = {("small", s): -0.1 for s in (0, 1, 2)} | {("large", 0): -0.3, ("large", 1): -0.2, ("large", 2): -0.1}
    table = et.pass_table(_rows(effects, pass_ft=0.5), n_boot=300)
    assert len(table) == 2 * 3  # groups x (2 shapes + pooled)
    r = table[(table["group"] == "finetuned") & (table["shape"] == "large")].iloc[0]
    assert r["pass@1"] == 0.5 and r["problems generated"] == 10 and r["problems scored"] == 20
    assert r["bits/char"] == pytest.approx(1.8, abs=0.01) and r["bits/char lo"] <= r["bits/char"] <= r["bits/char hi"]
    assert r["bits/char seed sd"] == pytest.approx(0.1, abs=0.005) and r["models"] == 3
    b = table[(table["group"] == "base") & (table["shape"] == "all shapes")].iloc[0]
    assert b["pass@1"] == 0 and b["models"] == 6 and b["pass@1 lo"] == 0
    assert b["pass@1 hi"] == pytest.approx(wilson_interval(0.0, b["problems generated"])[1])  # not [0, 0]


def test_delta_table_resamples_seeds_as_well_as_problems():
    consistent = {(sh, s): -0.2 for sh in ("small", "large") for s in (0, 1, 2)}
    deltas = et.delta_table(_rows(consistent), n_boot=400)
    ft = deltas[deltas["comparison"] == "finetuned - base"].set_index("shape")
    assert set(ft.index) == {"small", "large", "all shapes"}
    r = ft.loc["all shapes"]
    assert r["bits/char diff"] == pytest.approx(-0.2, abs=1e-6) and r["bits/char hi"] < 0 and r["seed pairs"] == 6
    # the same mean, but the seeds disagree in sign: a bootstrap over problems alone would call it significant
    flipping = {("small", 0): -0.5, ("small", 1): 0.3, ("small", 2): 0.1}
    r = et.delta_table(_rows(flipping, shapes=(("small", 100),)), n_boot=400).iloc[0]
    assert r["bits/char lo"] < 0 < r["bits/char hi"]
    assert r["bits/char diff min"] == pytest.approx(-0.5, abs=0.01) and r["bits/char diff max"] == pytest.approx(0.3, abs=0.01)
    # the larger shape gains more: the gain comparison sees it
    bigger = {("small", s): -0.05 for s in (0, 1, 2)} | {("large", s): -0.3 for s in (0, 1, 2)}
    d = et.delta_table(_rows(bigger, categories=("heldout_family", "heldout_instance")), n_boot=400)
    gain = d[(d["comparison"] == "gain: large - small") & (d["category"] == "heldout_family")].iloc[0]
    assert gain["bits/char diff"] == pytest.approx(-0.25, abs=1e-6) and gain["bits/char hi"] < 0
    fam = d[(d["comparison"] == "gain: held-out families - instances") & (d["shape"] == "all shapes")].iloc[0]
    assert abs(fam["bits/char diff"]) < 1e-9 and fam["bits/char lo"] <= 0 <= fam["bits/char hi"]
    assert set(d["comparison"]) == {"finetuned - base", "large - small (finetuned)", "gain: large - small",
                                    "gain: held-out families - instances"}
    assert et.delta_table(_rows({})[0:0]).empty


def test_verdict_follows_the_numbers():
    better = et.delta_table(_rows({(sh, s): -0.2 for sh in ("small", "large") for s in (0, 1, 2)}, pass_ft=0.5),
                            n_boot=300)
    text = et.verdict(better)
    assert text[0].startswith("Multi-step instructions: finetuned beats base on pass@1, 50.0% vs 0.0%")
    assert "finetuning lowers the bits per character" in text[0] and "same sign in every pair" in text[0]
    assert text[-1].startswith("In sum, at this scale finetuning significantly improves pass@1 on multi-step")
    worse = et.verdict(et.delta_table(_rows({(sh, s): 0.2 for sh in ("small", "large") for s in (0, 1, 2)}),
                                      n_boot=300))
    assert "no model passes any of the 10 problems" in worse[0] and "finetuning raises" in worse[0]
    assert worse[-1].startswith("In sum, no ability measured here is significantly improved")
    # one category helped, another significantly hurt: the summary names the hurt one as such
    effects = {(sh, s): -0.2 for sh in ("small", "large") for s in (0, 1, 2)}
    mixed = pd.concat([_rows(effects), _rows({k: 0.2 for k in effects}, categories=("stdlib_absent",))])
    summary = et.verdict(et.delta_table(mixed, n_boot=300))[-1]
    assert "; it raises them on stdlib modules absent" in summary.lower() and "nothing significant" not in summary
    one = et.verdict(et.delta_table(_rows({("small", 0): -0.2}, shapes=(("small", 100),), seeds=(0,)), n_boot=300))
    assert "(small)" in one[0] and "One base/finetuned pair only" in one[0] and "training noise" in one[-1]
    assert et.verdict(pd.DataFrame())[0].startswith("No base/finetuned pair")
    rows = _rows({("small", s): -0.05 for s in (0, 1, 2)} | {("large", 0): -0.3})
    rows = rows[(rows["shape"] == "small") | (rows["seed"] == 0)]  # the larger shape trained once
    size = [s for s in et.verdict(et.delta_table(rows, n_boot=300)) if "gain of large minus gain of small" in s]
    assert size and size[0].startswith("Multi-step instructions: the larger shape (large) gains more")
    assert size[0].endswith("One seed only for large: its training noise is not in the interval.")


def test_verdict_reports_module_use_and_headline_is_json():
    rows = _rows({("small", s): -0.1 for s in (0, 1, 2)}, categories=("stdlib_absent",), shapes=(("small", 100),))
    rows.loc[rows["passed"].notna(), "used"] = (rows["group"] == "finetuned").astype(float)
    table, deltas = et.pass_table(rows, n_boot=200), et.delta_table(rows, n_boot=200)
    assert list(table["module use"]) == [0.0, 1.0]
    text = et.verdict(deltas, table)
    assert any("use the probe's module in 100.0% of cases vs 0.0% for base" in s for s in text)
    head = et.headline(table, deltas, text)
    json.dumps(head)
    assert head["by_category"]["stdlib_absent"]["finetuned / small"]["module_use"] == 1.0
    assert head["differences"]["finetuned - base"]["stdlib_absent / small"]["bits_per_char_diff"] == pytest.approx(-0.1)
    assert head["verdict"] == text


# --------------------------------------------------------------------------------------------------
# Gallery, figures, notebook


def test_gallery_takes_prompts_round_robin_and_renders(probes):
    rows = {"stdlib_absent": [p for p in probes if p["category"] == "stdlib"][:3],
            "multistep": [p for p in probes if p["category"] == "multistep"][:3]}
    benches = ep.category_benchmarks(rows)
    per = []
    for model, group, shape, params, seed in (("b0", "base", "s", 1, 0), ("b1", "base", "s", 1, 1),
                                              ("f0", "finetuned", "s", 1, 0), ("L", "finetuned", "L", 9, 0)):
        for key, bench in benches.items():
            for p in bench.problems():
                per.append({"model": model, "group": group, "shape": shape, "params": params, "seed": seed,
                            "category": key, "task_id": p.task_id, "passed": float(model == "L"),
                            "completion": f"    return '{model}'\n"})
    gallery = emergence.gallery_rows(pd.DataFrame(per), benches, 3)
    tasks = list(dict.fromkeys(gallery["task_id"]))
    assert tasks == [rows["stdlib_absent"][0]["task_id"], rows["multistep"][0]["task_id"], rows["stdlib_absent"][1]["task_id"]]
    assert list(dict.fromkeys(gallery["model"])) == ["b0", "f0", "L"]  # lowest seed per cell, small shape first
    text = emergence.render_gallery(gallery)
    assert text.count("```python") == 3 + 3 * 3 and "return 'L'" in text and "(`L`, passes)" in text
    fig = emergence.plot_gallery(gallery)
    assert len(fig.axes) == 9
    assert len(emergence.plot_gallery(gallery.iloc[0:0]).axes) == 1
    assert emergence.gallery_rows(pd.DataFrame(per).assign(passed=np.nan), benches, 3).empty


def test_gallery_puts_working_code_next_to_failing_code(probes):
    rows = {"multistep": [p for p in probes if p["category"] == "multistep"][:6],
            "stdlib_absent": [p for p in probes if p["category"] == "stdlib"][:2]}
    benches = ep.category_benchmarks(rows)
    tasks = [p.task_id for p in benches["multistep"].problems()]
    stdlib = [p.task_id for p in benches["stdlib_absent"].problems()]
    # per task, which of the two shown models pass: none, both, or only the finetuned one
    outcome = {tasks[0]: (0, 0), tasks[1]: (1, 1), tasks[2]: (0, 1), tasks[3]: (0, 0), tasks[4]: (0, 1),
               tasks[5]: (1, 1), stdlib[0]: (0, 0), stdlib[1]: (1, 0)}
    per = []
    for key, bench in benches.items():
        for p in bench.problems():
            for j, (model, group) in enumerate((("b", "base"), ("f", "finetuned"))):
                per.append({"model": model, "group": group, "shape": "s", "params": 1, "seed": 0, "category": key,
                            "task_id": p.task_id, "passed": float(outcome[p.task_id][j]),
                            "completion": f"    return '{model}'\n"})
    gallery = emergence.gallery_rows(pd.DataFrame(per), benches, 6)
    picked = list(dict.fromkeys(gallery["task_id"]))
    # disagreements first (round-robin over the categories, in their table order: stdlib before
    # multistep), then all-pass and all-fail alternately
    assert picked == [stdlib[1], tasks[2], tasks[4], tasks[1], stdlib[0], tasks[5]]
    kinds = gallery.drop_duplicates("task_id")["shown because"].tolist()
    assert kinds == [emergence.MIXED] * 3 + [emergence.PASSING, emergence.FAILING, emergence.PASSING]
    text = emergence.render_gallery(gallery)
    assert "(`f`, passes)" in text and "(`b`, fails)" in text and "some pass, some fail" in text


def test_plot_categories():
    table = et.pass_table(_rows({("small", 0): -0.1}, categories=("multistep", "heldout_family")), n_boot=100)
    fig = emergence.plot_categories(table)
    assert len(fig.axes) == 2 and len(fig.axes[0].patches) == 2 * 4  # categories x (group, shape)
    assert emergence.plot_categories(table.iloc[0:0]).axes[0].texts


def test_notebook_calls_the_library():
    nb = nbformat.read(repo_root() / "notebooks" / "06_emergence.ipynb", as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and 'profile = "tiny"' in params[0].source
    assert nb.metadata["kernelspec"]["name"] == "phi1-study"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# 06")
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    modules = {"emergence": emergence, "emergence_probes": ep, "emergence_tables": et}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
            assert hasattr(modules[node.value.id], node.attr), f"{node.value.id}.{node.attr}"
    assert "write_manifest" in source and "show_figure(" in source
    assert all(c.get("outputs") == [] and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")


def test_evaluate_emergence_shows_models_done(sandbox, probes, capsys):
    cfg = load_config("smoke", {"emergence.limit": 1, "emergence.loglik_limit": 1})
    rows = {"multistep": [p for p in probes if p["category"] == "multistep"][:2]}
    models = [(_spec(name, "pretrain", "CodeTextbook"), "base") for name in ("b", "c")]
    backend = _Scripted(set(), 2.0, "b")
    emergence.evaluate_emergence(cfg, models, rows, sandbox, load_backend=lambda spec, device: backend, log=None,
                                 progress=True)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("emergence:   0%|          | 0/2 [")
    assert lines[-1].startswith("emergence: 100%|##########| 2/2 [")
    emergence.evaluate_emergence(cfg, models, rows, sandbox, load_backend=lambda spec, device: backend, log=None,
                                 progress=False)
    assert capsys.readouterr().out == ""


def test_reference_check_flags_a_failing_reference_and_an_unused_module(sandbox, probes):
    stdlib = [p for p in probes if p["category"] == "stdlib"][:2]
    multistep = [p for p in probes if p["category"] == "multistep"][:2]
    generated = ep.category_benchmarks({"stdlib_absent": stdlib, "multistep": multistep})
    table, ok = ep.reference_check(sandbox, generated, 10)
    assert ok and table["references passing"].tolist() == [2, 2]
    assert table.set_index("category").loc["stdlib_absent", "references using their module"] == 2
    broken = dict(stdlib[0], answer="    raise ValueError('no')\n")
    table, ok = ep.reference_check(sandbox, ep.category_benchmarks({"multistep": [broken]}), 10)
    assert not ok and table["failing"].tolist() == [broken["task_id"]]
