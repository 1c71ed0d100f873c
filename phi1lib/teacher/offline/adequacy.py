"""Do an exercise's tests tell its task from a trivial answer?

A test set that also passes `return b` or `return 0` scores a wrong completion as solved: the
held-out family `string_compare/suffix` drew its second string as a suffix of the first, so
`return second` passed all six of its asserts, and a finetuned model's wrong code was counted as a
held-out family solution (session 13, README). EvalPlus makes the same point about HumanEval's tests.
This module runs the cheapest wrong answers against an instance's tests; the teacher's tests check
that no variant lets them through in most of its instances.
"""

from __future__ import annotations

import ast

from phi1lib.teacher.offline.base import Instance

# constants a wrong answer most often returns: the empty value of each common return type, and the booleans
CONSTANTS = ("0", "''", "[]", "True", "False", "None")


def trivial_bodies(inst: Instance) -> list[str]:
    """Bodies that ignore the task: return one of the arguments unchanged, or a constant."""
    tree = ast.parse(inst.header + "\n    pass\n")
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef))
    return [f"return {a.arg}" for a in fn.args.args] + [f"return {c}" for c in CONSTANTS]


def trivial_passes(inst: Instance) -> list[str]:
    """The trivial bodies (`trivial_bodies`) that pass every one of `inst`'s tests; [] for a class."""
    if inst.kind != "function":
        return []
    passed = []
    for body in trivial_bodies(inst):
        program = f"{inst.header}\n    {body}\n\n{inst.tests}"
        try:
            # the family code and its tests are ours, and a trivial body returns at once
            exec(compile(program, f"<{inst.concept}>", "exec"), {"__name__": "__adequacy__"})  # noqa: S102
        except Exception:  # noqa: BLE001 - any failure (an assert, a TypeError on the wrong type) rejects it
            continue
        passed.append(body)
    return passed
