"""Do an exercise's tests tell its task from a trivial answer?

A test set that also passes `return b` or `return 0` scores a wrong completion as solved: the
held-out family `string_compare/suffix` drew its second string as a suffix of the first, so
`return second` passed all six of its asserts, and a finetuned model's wrong code was counted as a
held-out family solution (session 13, README). EvalPlus makes the same point about HumanEval's tests.
This module runs the cheapest wrong answers against an exercise's tests, whichever teacher wrote it:
synthesis rejects an exercise one of them passes (in the sandbox: a teacher's tests are untrusted
code), and the offline teacher's own tests are held to it (tests/teacher/test_adequacy.py).
"""

from __future__ import annotations

import ast

# constants a wrong answer most often returns: the empty value of each common return type, and the booleans
CONSTANTS = ("0", "''", "[]", "True", "False", "None")
# the name the sandboxed program binds the trivial bodies that passed to (`adequacy_program`)
PASSED = "_trivial_passes"


def trivial_bodies(prompt: str, entry_point: str) -> list[str]:
    """Bodies that ignore the task: return one of the arguments unchanged, or a constant. [] when
    `prompt` does not end in the top-level function `entry_point` (a class, a method, no code)."""
    try:
        tree = ast.parse(prompt + "    pass\n")
    except SyntaxError:
        return []
    last = tree.body[-1] if tree.body else None
    if not isinstance(last, ast.FunctionDef) or last.name != entry_point:
        return []
    params = [a.arg for a in last.args.posonlyargs + last.args.args]
    return [f"return {p}" for p in params] + [f"return {c}" for c in CONSTANTS]


def _program(prompt: str, body: str, tests: str) -> str:
    return f"{prompt}    {body}\n\n{tests}"


def trivial_passes(prompt: str, entry_point: str, tests: str) -> list[str]:
    """The trivial bodies (`trivial_bodies`) that pass every one of `tests`, run here: for trusted
    code only (the offline teacher's own instances). `adequacy_program` runs a teacher's in a sandbox."""
    passed = []
    for body in trivial_bodies(prompt, entry_point):
        try:
            exec(compile(_program(prompt, body, tests), f"<{entry_point}>", "exec"), {"__name__": "__adequacy__"})  # noqa: S102
        except Exception:  # noqa: BLE001, S112 - any failure (an assert, a TypeError on the wrong type) rejects it
            continue
        passed.append(body)
    return passed


def adequacy_program(prompt: str, entry_point: str, tests: str) -> str | None:
    """A program that tries each trivial body against `tests` and binds the list of those that pass to
    `PASSED`; None when there is no trivial body to try. Each attempt is its own namespace, so the
    bodies cannot see one another's definitions."""
    bodies = trivial_bodies(prompt, entry_point)
    if not bodies:
        return None
    programs = [_program(prompt, body, tests) for body in bodies]
    return (f"{PASSED} = []\n"
            f"for _body, _code in zip({bodies!r}, {programs!r}):\n"
            "    try:\n"
            "        exec(compile(_code, '<trivial>', 'exec'), {'__name__': '__adequacy__'})\n"
            "    except Exception:\n"
            "        continue\n"
            f"    {PASSED}.append(_body)\n")
