"""The teacher's tests must reject trivial answers: a weak test set counts wrong code as solved."""

import collections

from phi1lib.eval.sandbox import Job, Sandbox
from phi1lib.teacher.adequacy import PASSED, adequacy_program, trivial_bodies, trivial_passes
from phi1lib.teacher.offline import FAMILIES, build

SEEDS = range(6)
PROMPT = 'def common_suffix(left: str, second: str) -> str:\n    """The longest common ending."""\n'
WEAK = "assert common_suffix('refalcon', 'falcon') == 'falcon'\n"  # the second string is the answer
STRONG = WEAK + "assert common_suffix('bridge', 'odge') == 'dge'\n"


def test_trivial_bodies_return_each_argument_and_the_constants():
    assert trivial_bodies(PROMPT, "common_suffix") == [
        "return left", "return second", "return 0", "return ''", "return []", "return True", "return False",
        "return None"]
    # only a top-level function that is the entry point: not a class, not another name, not broken code
    assert trivial_bodies("class Stack:\n    def push(self, x):\n", "push") == []
    assert trivial_bodies(PROMPT, "other") == []
    assert trivial_bodies("def f(:\n", "f") == []


def test_a_weak_test_set_is_caught():
    assert trivial_passes(PROMPT, "common_suffix", WEAK) == ["return second"]
    assert trivial_passes(PROMPT, "common_suffix", STRONG) == []


def test_the_sandboxed_program_finds_the_same():
    with Sandbox(timeout_s=5.0, workers=1) as box:
        verdicts = box.run([Job(program=adequacy_program(PROMPT, "common_suffix", tests),
                                test=f"assert {PASSED} == [], {PASSED}", remote=[PASSED]) for tests in (WEAK, STRONG)])
    assert verdicts[0].status == "failed" and "return second" in verdicts[0].reason
    assert verdicts[1].status == "passed"
    assert adequacy_program("class C:\n    pass\n", "C", "assert C()\n") is None


def test_no_variant_lets_a_trivial_answer_through_in_most_instances():
    weak, total = collections.Counter(), collections.Counter()
    for key, fam in FAMILIES.items():
        for variant in fam.variants:
            for seed in SEEDS:
                inst = build(fam, variant.key, variant.names[seed % len(variant.names)], seed)
                if inst.kind != "function":
                    continue
                total[key, variant.key] += 1
                weak[key, variant.key] += bool(trivial_passes(inst.prompt, inst.entry_point, inst.tests))
    worst = {k: f"{n}/{total[k]}" for k, n in weak.items() if n > total[k] // 2}
    assert not worst, f"tests a trivial answer passes: {worst}"
    # occasional instances remain (a boolean that happens to be all True, an empty filter result); synthesis
    # rejects them
    assert sum(weak.values()) < 0.02 * sum(total.values())
