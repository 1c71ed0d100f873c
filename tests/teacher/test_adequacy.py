"""The teacher's tests must reject trivial answers: a weak test set counts wrong code as solved."""

import collections

from phi1lib.teacher.offline import FAMILIES, build
from phi1lib.teacher.offline.adequacy import trivial_bodies, trivial_passes

SEEDS = range(6)


def test_trivial_bodies_return_each_argument_and_the_constants():
    inst = build(FAMILIES["string_compare"], "suffix", "common_suffix", 0)
    bodies = trivial_bodies(inst)
    args = [b for b in bodies if b in {f"return {n}" for n in ("a", "first", "s1", "left", "b", "second", "s2", "right")}]
    assert len(args) == 2 and "return ''" in bodies and "return None" in bodies


def test_a_weak_test_set_is_caught():
    inst = build(FAMILIES["string_compare"], "suffix", "common_suffix", 0)
    second = trivial_bodies(inst)[1]
    inst.tests = f"assert {inst.entry_point}('refalcon', 'falcon') == 'falcon'\n"  # the second string is the answer
    assert trivial_passes(inst) == [second]
    inst.tests += f"assert {inst.entry_point}('bridge', 'odge') == 'dge'\n"
    assert trivial_passes(inst) == []


def test_no_variant_lets_a_trivial_answer_through_in_most_instances():
    weak, total = collections.Counter(), collections.Counter()
    for key, fam in FAMILIES.items():
        for variant in fam.variants:
            for seed in SEEDS:
                inst = build(fam, variant.key, variant.names[seed % len(variant.names)], seed)
                total[key, variant.key] += 1
                weak[key, variant.key] += bool(trivial_passes(inst))
    worst = {k: f"{n}/{total[k]}" for k, n in weak.items() if n > total[k] // 2}
    assert not worst, f"tests a trivial answer passes: {worst}"
    # occasional instances remain (a boolean that happens to be all True, an empty filter result)
    assert sum(weak.values()) < 0.02 * sum(total.values())
