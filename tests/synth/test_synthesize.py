"""Stage 2 orchestration: validation in the sandbox, deduplication, held-out split, diversity, resume."""

import concurrent.futures
import dataclasses
import json
import re
import sys
from pathlib import Path

import datasets
import pytest

from phi1lib.teacher import prompts
from phi1lib.eval.benchmarks import Exercises
from phi1lib.core.config import TeacherConfig, load_config
from phi1lib.teacher.offline import OfflineTeacher
from phi1lib.eval.sandbox import Sandbox
from phi1lib.data.dedup import Deduplicator
from phi1lib.synth.synthesize import (
    Synthesizer,
    Validator,
    ast_shape,
    checker_compatible,
    chunks_ahead,
    choose_heldout_families,
    distinct_ngrams,
    diversity_levers,
    docstring_style,
    exercise_diversity,
    family_diversity,
    make_teacher,
    render_samples,
    result_tables,
    plot_shape_growth,
    save_outputs,
    shape_growth,
    source_digest,
    synthesize,
    textbook_diversity,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: fake_openai_server
import fake_openai_server
from fake_openai_server import FakeOpenAIServer

SMALL = {"synth.n_textbook_sections": 6, "synth.n_exercises": 24, "synth.seed": 1}


def small_cfg(**extra):
    return load_config("smoke", {**SMALL, **extra})


def dataset_view(result):
    """What must be identical between two runs: every field of every output row."""
    return (result.textbooks, result.exercises, result.heldout)


class CountingTeacher:
    """Wraps a teacher; counts requests by cache key; can raise (a kill) after `fail_after` calls."""

    def __init__(self, inner, fail_after=None):
        self.inner, self.model, self.fail_after = inner, inner.model, fail_after
        self.calls, self.keys = 0, []

    def generate(self, requests):
        if self.fail_after is not None and self.calls >= self.fail_after:
            raise KeyboardInterrupt("killed")
        self.calls += 1
        self.keys += [r.key(self.model) for r in requests]
        return self.inner.generate(requests)

    def summary(self):
        return self.inner.summary()


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    cfg = small_cfg()
    return cfg, out, synthesize(cfg, out, chunk_size=16)


# --- the pieces ------------------------------------------------------------------------------------


def test_checker_compatible():
    assert checker_compatible("assert f(1, [2]) == 3\nassert f('a') is None\nassert abs(f(2.0) - 1.5) < 1e-6", "f")
    assert checker_compatible("try:\n    f(-1)\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError()", "f")
    assert not checker_compatible("s = Stack()\nassert s.pop() is None", "Stack")
    assert not checker_compatible("assert list(gen(3)) == [0, 1, 2]", "gen")
    assert not checker_compatible("assert f(lambda v: v, 2) == 2", "f")
    assert not checker_compatible("assert f(x) == 2", "f")
    assert not checker_compatible("assert f(", "f")


def test_deduplicator_exact_and_near():
    d = Deduplicator(threshold=0.8)
    base = "def total(xs):\n    s = 0\n    for x in xs:\n        s += x * x + 1\n    return s  # squares plus one\n"
    assert d.check("a", base) is None
    assert d.check("b", base.replace("    ", "  ")) == "exact duplicate"  # whitespace does not count
    near = base.replace("# squares plus one", "# squares plus one each")
    assert d.check("c", near).startswith("near duplicate of a")
    assert d.check("d", "def name_length(s):\n    return len(s.strip()) if s else 0\n") is None
    assert d.counts == {"kept": 2, "exact": 1, "near": 1}


def test_ast_shape_ignores_names_and_literals_only():
    a = "def f(xs):\n    return [x * 2 for x in xs if x > 0]\n"
    b = "def g(items):\n    return [v * 3 for v in items if v > 5]\n"
    c = "def f(xs):\n    out = []\n    for x in xs:\n        out.append(x * 2)\n    return out\n"
    assert ast_shape(a) == ast_shape(b) != ast_shape(c)
    assert ast_shape("def (") == "unparsable"


def test_distinct_ngrams():
    assert distinct_ngrams(["a b a b"], 2) == (2, 3)
    assert distinct_ngrams(["a b", "a b c"], 1) == (3, 5)
    assert distinct_ngrams([""], 3) == (0, 0)


def test_diversity_tables():
    rows = [{"prompt": f"def f{i}(x):\n", "solution": "    return x\n" if i % 2 else "    return -x\n",
             "entry_point": f"f{i}", "concept": "c" if i < 3 else "d",
             "spec": json.dumps({"variant": "v"})} for i in range(4)]
    stats = exercise_diversity(rows, n_concepts=5)
    assert stats["exercises"] == 4 and stats["distinct function names"] == 4
    assert stats["distinct solution AST shapes"] == 2 and stats["concepts covered"] == "2/5"
    assert stats["concept variants covered"] == 2 and 0 < stats["distinct-2 (share)"] <= 1
    tb = [{"title": "T", "text": "some words here", "concept": "c", "audience": "a", "style": s} for s in "xy"]
    t = textbook_diversity(tb, 3)
    assert t["sections"] == 2 and t["distinct titles"] == 1 and t["audience x style covered"] == 2


def test_docstring_style_reads_the_phrasing_from_the_text():
    def prompt(doc):
        return "def f(xs):\n    \"\"\"" + doc + "\n    \"\"\"\n"
    assert docstring_style(prompt("Return the sum of xs.\n\n>>> f([1])\n1")) == "imperative"
    assert docstring_style(prompt("Given a list xs, return its sum.")) == "descriptive"
    assert docstring_style(prompt("This function returns the sum of xs.")) == "descriptive"
    assert docstring_style(prompt("For example:\n>>> f([1])\n1\n\nThe sum of xs.")) == "example_led"
    assert docstring_style(prompt("Sum xs.\n\nRules:\n- Empty lists sum to 0.")) == "rules"
    assert docstring_style(prompt("Sum xs.\n\nArgs:\n    xs (list): numbers.")) == "google"
    assert docstring_style("def f(x):\n    return x\n") == "none" == docstring_style("def (")


def test_offline_teacher_phrasings_are_read_back_as_written():
    from phi1lib.teacher.offline import FAMILIES, build

    agree = total = 0
    for fam in list(FAMILIES.values())[::7]:
        for seed in range(5):
            inst = build(fam, fam.variants[0].key, fam.variants[0].names[0], seed)
            agree += docstring_style(inst.prompt) == inst.doc_style
            total += 1
    # a family whose own words already read as descriptive is counted so: nearly all agree
    assert agree >= 0.9 * total


def test_family_diversity_shape_growth_and_levers(tmp_path):
    rows = [{"prompt": f"def f{i}(x):\n    \"\"\"Return x.\"\"\"\n",
             "solution": "    return x\n" if i % 2 else "    return -x\n" if i < 6 else "    y = x\n    return y\n",
             "entry_point": f"f{i % 3}", "concept": "c" if i < 4 else "d", "spec": json.dumps({"variant": "v"})}
            for i in range(8)]
    fam = family_diversity(rows)
    assert list(fam["concept"]) == ["c", "d"] and list(fam["exercises"]) == [4, 4]
    assert list(fam["solution AST shapes"]) == [2, 3] and list(fam["docstring phrasings"]) == [1, 1]
    growth = shape_growth(rows, points=4)
    assert list(growth["exercises"]) == [2, 4, 6, 8]
    assert list(growth["distinct solution AST shapes"]) == [2, 2, 2, 3]
    at = shape_growth(rows, points=2, at=[7, 3, 99])  # 99: beyond the rows, left out
    assert list(at["exercises"]) == [3, 4, 7, 8] and list(at["distinct solution AST shapes"]) == [2, 2, 3, 3]
    fig = plot_shape_growth(growth, {"exercises": 8, "distinct solution AST shapes": 1, "concept families": 2})
    assert len(fig.axes[0].collections) == 1  # the previous teacher's marker
    stats = exercise_diversity(rows, 2)
    assert stats["docstring phrasings"] == 1 and stats["solution AST shapes per family (mean)"] == 2.5


def test_heldout_families_are_seeded_function_concepts():
    concepts = prompts.curriculum()
    a = choose_heldout_families(concepts, 3, seed=0)
    assert a == choose_heldout_families(concepts, 3, seed=0) != choose_heldout_families(concepts, 3, seed=1)
    assert len(a) == 3 and a == sorted(a)
    kinds = {c.key: {prompts.entry_kind(n) for _, _, ns in c.variants for n in ns} for c in concepts}
    assert all(kinds[k] == {"function"} for k in a)
    assert choose_heldout_families(concepts, 0, seed=0) == []


def test_make_teacher(tmp_path):
    assert isinstance(make_teacher(TeacherConfig(kind="offline"), tmp_path), OfflineTeacher)
    from phi1lib.teacher.openai_client import OpenAITeacher

    teacher = make_teacher(TeacherConfig(kind="openai", base_url="http://127.0.0.1:9/v1", model="m"), tmp_path)
    assert isinstance(teacher, OpenAITeacher) and teacher.model == "m"
    with pytest.raises(ValueError, match="teacher.kind"):
        make_teacher(TeacherConfig(kind="gpt"), tmp_path)


def test_validator_both_modes_and_textbooks():
    good = {"prompt": 'def double(x):\n    """Twice x."""\n', "solution": "    return 2 * x\n",
            "tests": "assert double(2) == 4\n", "entry_point": "double"}
    wrong = dict(good, solution="    return x + 2\n", tests="assert double(3) == 6\n")
    with Validator(timeout_s=1.5) as v:
        for checker_ok in (True, False):
            verdicts = v.run([v.exercise_job(dict(good, checker_ok=checker_ok)),
                              v.exercise_job(dict(wrong, checker_ok=checker_ok))])
            assert verdicts[0] == (True, "") and not verdicts[1][0] and "failed" in verdicts[1][1]
        exits = dict(good, solution="    import sys\n    sys.exit(0)\n", checker_ok=False)
        loops = dict(good, solution="    while True:\n        pass\n", checker_ok=False)
        assert [ok for ok, _ in v.run([v.exercise_job(exits), v.exercise_job(loops)])] == [False, False]
        ran, undefined = v.run([v.textbook_job("x = 1\nprint(x)\n"), v.textbook_job("print(undefined_name)\n")])
        assert ran == (True, "") and not undefined[0] and "NameError" in undefined[1]
        assert not v.run([v.textbook_job("raise SystemExit(0)\n")])[0][0]
        assert v.run([]) == []


def test_validator_rejects_tests_a_trivial_answer_passes():
    good = {"prompt": 'def double(x):\n    """Twice x."""\n', "solution": "    return 2 * x\n",
            "tests": "assert double(2) == 4\nassert double(0) == 0\n", "entry_point": "double", "checker_ok": True}
    weak = dict(good, tests="assert double(0) == 0\n")  # `return 0` and `return x` pass it
    with Validator(timeout_s=5.0) as v:
        (ok, _), (weak_ok, reason) = v.run([v.adequacy_job(good), v.adequacy_job(weak)])
    assert ok and not weak_ok and "return x" in reason and "return 0" in reason
    assert v.adequacy_job(dict(good, checker_ok=False)) is None  # not gradable: the checker cannot run it


class WeakTeacher(CountingTeacher):
    """Every third exercise comes back with tests that compare the entry point's result with itself, which
    any answer passes."""

    def generate(self, requests):
        out = []
        for req, resp in zip(requests, super().generate(requests)):
            if req.kind == "exercise" and req.spec["index"] % 3 == 0:
                code, tests = resp.text.rsplit("```python\n", 1)
                lines = [re.sub(r"^assert (.+?) (==|is) .*$", r"assert \1 == \1", line) for line in tests.splitlines()]
                resp = dataclasses.replace(resp, text=code + "```python\n" + "\n".join(lines) + "\n")
            out.append(resp)
        return out


def test_synthesis_rejects_exercises_with_weak_tests(tmp_path):
    cfg = small_cfg()
    result = Synthesizer(cfg, tmp_path, WeakTeacher(OfflineTeacher()), chunk_size=16).run()
    funnel = {row["stream"]: row for row in result.funnel}
    assert funnel["train"]["weak tests"] >= 5 and funnel["heldout_family"]["weak tests"] >= 1
    reasons = [reason for (_, reason), n in result.rejections.items() if reason.startswith("weak tests: return ")]
    assert reasons
    kept = result.exercises + [dict(r, solution=r["answer"], tests=r["test"], checker_ok=True) for r in result.heldout]
    with Validator() as v:
        jobs = [job for job in (v.adequacy_job(r) for r in kept) if job is not None]
        assert len(jobs) > 20 and all(ok for ok, _ in v.run(jobs))


def test_source_digest_is_stable():
    assert source_digest() == source_digest() and len(source_digest()) == 16


# --- a whole run -----------------------------------------------------------------------------------


def test_run_sizes_columns_and_saved_datasets(run):
    _, out, result = run
    assert len(result.textbooks) == 6 and len(result.exercises) == 24
    assert {r["split"] for r in result.heldout} == {"instance", "family"}
    tb = datasets.load_from_disk(str(out / "synthetic_textbooks"))
    ex = datasets.load_from_disk(str(out / "code_exercises"))
    assert tb.num_rows == 6 and ex.num_rows == 24
    for col in ("prompt", "solution", "tests", "entry_point", "concept", "spec"):
        assert col in ex.column_names
    for col in ("title", "text", "concept", "audience", "style", "spec"):
        assert col in tb.column_names
    assert ex[0] == result.exercises[0]
    spec = json.loads(ex[0]["spec"])
    assert spec["function_name"] == ex[0]["entry_point"] and spec["concept"] == ex[0]["concept"]
    lines = (out / "heldout_benchmark.jsonl").read_text().splitlines()
    assert [json.loads(line) for line in lines] == result.heldout
    funnel = {row["stream"]: row for row in result.funnel}
    assert funnel["train"]["kept"] == 24 + sum(r["split"] == "instance" for r in result.heldout)
    assert all(row["prompt tokens"] > 0 and row["completion tokens"] > 0 for row in result.accounting)


def test_every_kept_exercise_passes_its_tests_in_the_sandbox(run):
    _, _, result = run
    rows = result.exercises + [dict(solution=r["answer"], tests=r["test"], checker_ok=True, **r)
                               for r in result.heldout]
    with Validator() as v:
        verdicts = v.run([v.exercise_job(r) for r in rows])
    assert all(ok for ok, _ in verdicts), [reason for ok, reason in verdicts if not ok]
    assert len({r["prompt"] + r["solution"] for r in result.exercises}) == len(result.exercises)


def test_heldout_families_stay_out_of_training_data(run):
    _, _, result = run
    held = set(result.heldout_families)
    assert len(held) == 3
    assert not held & {r["concept"] for r in result.exercises}
    assert not held & {r["concept"] for r in result.textbooks}
    family_rows = [r for r in result.heldout if r["split"] == "family"]
    assert family_rows and {r["concept"] for r in family_rows} <= held
    instance_prompts = {r["prompt"] for r in result.heldout if r["split"] == "instance"}
    assert not instance_prompts & {r["prompt"] for r in result.exercises}


def test_heldout_benchmark_is_graded_by_the_evaluation_harness(run):
    _, out, result = run
    bench = Exercises.from_jsonl(out / "heldout_benchmark.jsonl", name="heldout")
    problems = bench.problems()
    assert len(problems) == len(result.heldout) and bench.has_tests
    jobs = [bench.job(p, bench.reference_completion(p)) for p in problems]
    jobs += [bench.job(p, "    return None\n") for p in problems]
    with Sandbox(timeout_s=5) as sb:
        verdicts = sb.run(jobs)
    n = len(problems)
    assert all(v.passed for v in verdicts[:n]) and not any(v.passed for v in verdicts[n:])


def test_rerun_loads_every_chunk_and_sends_no_request(run):
    cfg, out, result = run
    teacher = CountingTeacher(OfflineTeacher())
    again = Synthesizer(cfg, out, teacher, chunk_size=16).run()
    assert teacher.calls == 0
    assert dataset_view(again) == dataset_view(result)


def test_a_killed_run_resumes_to_the_same_dataset_without_repeating_requests(run, tmp_path):
    cfg, _, result = run
    first = CountingTeacher(OfflineTeacher(), fail_after=2)
    with pytest.raises(KeyboardInterrupt):
        Synthesizer(cfg, tmp_path, first, chunk_size=16).run()
    assert first.calls == 2 and len(list((tmp_path / "work").glob("*.jsonl"))) == 2
    second = CountingTeacher(OfflineTeacher())
    resumed = synthesize(cfg, tmp_path, second, chunk_size=16)
    assert dataset_view(resumed) == dataset_view(result)
    assert not set(first.keys) & set(second.keys)


def test_chunking_does_not_change_the_dataset_and_stale_chunks_go(run, tmp_path):
    cfg, _, result = run
    Synthesizer(cfg, tmp_path, chunk_size=16).run()
    before = {p.name for p in (tmp_path / "work").glob("*.jsonl")}
    other = Synthesizer(cfg, tmp_path, chunk_size=7).run()
    assert dataset_view(other) == dataset_view(result)
    after = {p.name for p in (tmp_path / "work").glob("*.jsonl")}
    assert after and not after & before  # the chunk-16 files were not this run's: removed


class SubmitAheadTeacher(CountingTeacher):
    """A teacher with `submit` (as OpenAITeacher): logs what was submitted and what was generated."""

    def __init__(self, inner):
        super().__init__(inner)
        self.log = []

    def generate(self, requests):
        self.log.append(("generate", requests[0].spec["index"], len(requests)))
        return super().generate(requests)

    def submit(self, requests):
        self.log.append(("submit", requests[0].spec["index"], len(requests)))
        future = concurrent.futures.Future()
        future.set_result(super().generate(requests))
        return future


def test_chunks_ahead_covers_every_slot_and_at_least_two_chunks():
    assert chunks_ahead(16, 512) == 2  # 256 requests per 16 slots: the floor of two chunks
    assert chunks_ahead(64, 512) == 2  # exactly 16 per slot
    assert chunks_ahead(256, 512) == 8
    assert chunks_ahead(64, 100) == 11  # 1,024 requests in chunks of 100, rounded up


def test_next_chunks_are_submitted_ahead_without_changing_the_data(run, tmp_path):
    """A teacher with `submit` gets whole chunks ahead of time, each one that the stream then uses, no
    request twice, and the same dataset as a teacher asked one chunk at a time."""
    cfg, _, offline = run
    teacher = SubmitAheadTeacher(OfflineTeacher())
    result = Synthesizer(cfg, tmp_path, teacher, chunk_size=8).run()
    assert dataset_view(result) == dataset_view(offline)
    submitted = [(start, n) for kind, start, n in teacher.log if kind == "submit"]
    assert len(submitted) >= 2 and all(n == 8 for _, n in submitted)
    assert len(teacher.keys) == len(set(teacher.keys))  # nothing asked twice
    chunk_files = {p.name for p in (tmp_path / "work").glob("*.jsonl")}
    assert sum(1 for name in chunk_files if name.startswith("train-")) >= len(submitted)
    again = SubmitAheadTeacher(OfflineTeacher())  # a rerun loads every chunk: nothing submitted
    assert dataset_view(Synthesizer(cfg, tmp_path, again, chunk_size=8).run()) == dataset_view(offline)
    assert again.log == []


def test_samples_render(run):
    _, _, result = run
    text = render_samples(result)
    assert text.startswith("# Synthetic data: samples") and "## Exercise" in text and "## Textbook" in text
    assert "Held-out (family)" in text


def test_openai_teacher_killed_and_rerun_sends_no_request_twice(run, tmp_path, monkeypatch):
    """The whole stage against a local OpenAI-compatible server that answers as the offline teacher
    would: a run killed after its first requests, then rerun, gives the offline run's data, and the
    server's log shows every prompt answered once."""
    cfg, _, offline = run
    synth = Synthesizer(cfg, tmp_path / "plan", OfflineTeacher())
    answers = {}
    oracle = OfflineTeacher()
    for plan in synth.plans():
        for req in synth._requests(plan, 0, plan.target * 2 + 32):
            answers[req.prompt, req.seed] = oracle.answer(req)  # equal prompts differ by seed
    monkeypatch.setattr(fake_openai_server, "fake_answer",
                        lambda prompt, seed, max_tokens=None: (answers[prompt, seed], "stop"))
    with FakeOpenAIServer() as server:
        ocfg = load_config("smoke", {**SMALL, "teacher.kind": "openai", "teacher.base_url": server.base_url,
                                     "teacher.model": "fake", "teacher.concurrency": 4})
        from phi1lib.teacher.openai_client import OpenAITeacher

        def teacher():
            return OpenAITeacher(ocfg.teacher, tmp_path / "out" / "teacher_cache", fsync=False)

        killed = CountingTeacher(teacher(), fail_after=2)
        with pytest.raises(KeyboardInterrupt):
            synthesize(ocfg, tmp_path / "out", killed, chunk_size=16)
        # the third chunk's answers arrived and were cached, but the chunk was never saved
        class KillAfterAnswer(CountingTeacher):
            def generate(self, requests):
                self.inner.generate(requests)
                raise KeyboardInterrupt("killed after the answers arrived")

        with pytest.raises(KeyboardInterrupt):
            synthesize(ocfg, tmp_path / "out", KillAfterAnswer(teacher()), chunk_size=16)
        result = synthesize(ocfg, tmp_path / "out", teacher(), chunk_size=16)
        answered = [(e["prompt"], e["seed"]) for e in server.log if e["answered"]]
    assert answered and len(answered) == len(set(answered))
    assert result.teacher_summary["cached"] > 0  # the answers of the killed runs were reused
    strip = [{k: v for k, v in row.items() if k != "model"} for row in result.exercises]
    assert strip == [{k: v for k, v in row.items() if k != "model"} for row in offline.exercises]
    assert [r["text"] for r in result.textbooks] == [r["text"] for r in offline.textbooks]
    assert result.heldout == offline.heldout
    assert all(r["model"] == "fake" for r in result.exercises)


def test_save_outputs_overwrites(run, tmp_path):
    _, _, result = run
    paths = save_outputs(result, tmp_path)
    paths = save_outputs(result, tmp_path)
    assert datasets.load_from_disk(str(paths["code_exercises"])).num_rows == len(result.exercises)


def test_sigkill_mid_run_then_rerun_gives_the_clean_run_dataset(tmp_path):
    """A real kill (SIGKILL of the process while it works), then a rerun in the same folder."""
    import os
    import signal
    import subprocess
    import time

    overrides = {"synth.n_textbook_sections": 4, "synth.n_exercises": 160, "synth.seed": 2}
    cfg = load_config("smoke", overrides)
    killed_dir = tmp_path / "killed"
    script = ("from phi1lib.core.config import load_config\nfrom phi1lib.synth.synthesize import synthesize\n"
              f"synthesize(load_config('smoke', {overrides!r}), {str(killed_dir)!r}, chunk_size=16)\n")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list((killed_dir / "work").glob("train-*.jsonl"))) < 2:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = len(list((killed_dir / "work").glob("*.jsonl")))
    assert done >= 3 and not (killed_dir / "code_exercises").exists(), "the run ended before the kill"
    teacher = CountingTeacher(OfflineTeacher())
    resumed = synthesize(cfg, killed_dir, teacher, chunk_size=16)
    clean = synthesize(cfg, tmp_path / "clean", chunk_size=16)
    assert dataset_view(resumed) == dataset_view(clean)
    chunks = [p.name for p in (tmp_path / "clean" / "work").glob("*.jsonl")]
    assert teacher.calls == len(chunks) - done  # only the chunks the killed run had not finished


def test_result_tables_and_coverage_plot(run):
    import matplotlib

    matplotlib.use("Agg")
    from phi1lib.synth.synthesize import plot_coverage, result_tables

    _, _, result = run
    tables = result_tables(result)
    assert set(tables) == {"funnel", "rejections", "diversity", "concept_coverage", "accounting", "heldout"}
    funnel = tables["funnel"].set_index("stream")
    assert funnel.loc["train", "kept"] == len(result.exercises) + sum(r["split"] == "instance" for r in result.heldout)
    coverage = tables["concept_coverage"].set_index("concept")
    assert coverage["exercises"].sum() == len(result.exercises)
    assert coverage["textbook sections"].sum() == len(result.textbooks)
    assert coverage["held out"].sum() == len(result.heldout)
    assert set(coverage.index[coverage["held-out family"]]) == set(result.heldout_families)
    diversity = tables["diversity"].set_index("metric")
    assert diversity.loc["exercises", "code_exercises"] == len(result.exercises)
    assert tables["heldout"].set_index("split")["problems"].sum() == len(result.heldout)
    fig = plot_coverage(tables["concept_coverage"])
    assert len(fig.axes[0].patches) == 3 * tables["concept_coverage"]["theme"].nunique()


def test_diversity_levers_count_what_the_run_holds(run):
    cfg, _, result = run
    levers = diversity_levers(cfg, result).set_index("lever")
    names = {r["entry_point"] for r in result.exercises}
    assert levers.loc["exercises: function names", "this run"].startswith(f"{len(names)} distinct names")
    assert levers.loc["textbooks: audiences", "this run"] == f"{len({r['audience'] for r in result.textbooks})} audiences"
    assert levers.loc["teacher", "paper"] == "GPT-3.5"


def test_progress_shows_each_streams_kept_samples_and_requests(run, capsys, monkeypatch):
    cfg, out, result = run
    monkeypatch.setenv("PHI1_PROGRESS_INTERVAL", "0")
    Synthesizer(cfg, out, OfflineTeacher(), chunk_size=16, progress_bars=True).run()
    lines = capsys.readouterr().out.splitlines()
    for row in result.funnel:
        mine = [line for line in lines if line.startswith(f"synthesize {row['stream']}:")]
        target = row["kept"]
        assert mine[0].startswith(f"synthesize {row['stream']}:   0%|          | 0/{target} [")
        assert mine[-1].startswith(f"synthesize {row['stream']}: 100%|##########| {target}/{target} [")
        assert mine[-1].endswith(f"{row['requested']:,} requests, 0 answered from the cache]")
    Synthesizer(cfg, out, OfflineTeacher(), chunk_size=16, progress_bars=False).run()
    assert "synthesize" not in capsys.readouterr().out


def test_pipeline_exercises_come_on_top_of_an_unchanged_curriculum(run, tmp_path):
    _, _, result = run
    more = synthesize(small_cfg(**{"synth.n_pipeline_exercises": 8}), tmp_path, chunk_size=16)
    pipelines = {c.key for c in prompts.curriculum("pipelines")}
    added = more.exercises[len(result.exercises):]
    assert more.exercises[:len(result.exercises)] == result.exercises
    assert len(added) == 8 and {r["concept"] for r in added} <= pipelines
    assert {r["task_id"].split("/")[1] for r in added} == {"pipelines"}
    assert more.heldout == result.heldout and more.textbooks == result.textbooks
    assert {row["stream"]: row["kept"] for row in more.funnel}["pipelines"] == 8
    # the reports count the pipeline families among the concepts asked for, not beyond the curriculum
    tables = result_tables(more)
    asked = {r["concept"] for r in added}
    coverage = tables["concept_coverage"].set_index("concept")
    assert all(coverage.loc[key, "exercises"] == sum(r["concept"] == key for r in added) for key in asked)
    diversity = dict(zip(tables["diversity"]["metric"], tables["diversity"]["code_exercises"]))
    covered, of = map(int, diversity["concepts covered"].split("/"))
    assert of == len(prompts.curriculum()) - len(more.heldout_families) + len(asked) and covered <= of
