"""Textbook sections written procedurally: prose around a concept family's worked example.

A section follows its spec: the topic is a concept family and variant, the audience picks the opening
and the tone, the style picks the structure (tutorial, worked example, questions and answers, common
mistakes, two approaches compared, reference entry). The code is a family instance whose outputs were
computed by running it, so every block runs and every printed value shown is the real one.
What it cannot do that an LLM does: vary the prose beyond its templates, or explain beyond what the
family's explanation says.
"""

from __future__ import annotations

import ast
import random
from typing import Any

from phi1lib.offline_teacher.base import FAMILIES, Instance, build

# Openings, by audience (the audience strings of prompts.AUDIENCES, matched by a keyword).
_OPENINGS: dict[str, list[str]] = {
    "beginner": [
        ("If you have never written a program before, don't worry: this section takes one small problem and "
        "solves it slowly, one idea at a time."),
        ("Programs are lists of precise instructions. In this section we write one short set of instructions "
        "for a small, everyday problem, and check that it really works."),
    ],
    "high-school": [
        ("In class you have probably already met variables, `if` statements and loops. Here we put them to "
        "work on a problem that shows up in many programs."),
        ("This section turns a short task into a working Python function, the way you would in a programming "
        "assignment, and then tests it."),
    ],
    "Java": [
        ("Coming from Java or C, you already know loops and functions; what changes in Python is how little "
        "ceremony they need. No type declarations, no braces: indentation groups statements."),
        ("Python's built-in types and iteration protocol make many tasks that need explicit index "
        "bookkeeping in C or Java shorter. This section shows one of them."),
    ],
    "spreadsheets": [
        ("If you have ever filled a spreadsheet column with a formula, you already think in small "
        "transformations of data. A Python function is a reusable formula with a name."),
        ("Tasks you might do by hand in a spreadsheet are often a few lines of Python. Here is one, written "
        "so that you can reuse it on any data."),
    ],
    "mathematics": [
        ("We begin with a precise statement of the problem, then translate it into Python, keeping the code "
        "as close to the definition as possible."),
        ("A function in Python, like a function in mathematics, maps inputs to outputs. Here we define one "
        "carefully and verify it on examples."),
    ],
    "interviews": [
        ("This is a classic warm-up question. Interviewers look for a correct solution first, then a clear "
        "explanation of why it works and what it costs."),
        ("Questions like this one test whether you can turn a short specification into correct code and "
        "reason about edge cases out loud."),
    ],
    "teacher": [
        ("This section is written to be taught: a short motivation, one example to work through on the board, "
        "and checks students can run themselves."),
        ("Here is a compact lesson plan: the idea, a worked solution, and a few test cases to discuss with "
        "the class."),
    ],
    "scientist": [
        ("Small helper functions like this one appear in every analysis script. Writing them carefully, with "
        "tests, saves hours of debugging later."),
        ("When a script processes experimental data, every helper should be correct on edge cases. Here we "
        "write one and check it."),
    ],
}

_PITFALLS: dict[str, list[str]] = {
    "strings": [
        ("Strings are immutable: methods such as `upper()` or `replace()` return a new string and leave the "
        "original unchanged, so their result must be stored or returned."),
        ("Building a long string with `+=` inside a loop copies it again and again; collecting pieces in a "
        "list and calling `''.join(pieces)` once is the idiomatic alternative."),
        "Remember the empty string: many functions should return something sensible for `''`.",
    ],
    "lists": [
        "Modifying a list while looping over it skips elements; build a new list instead.",
        ("`range(len(xs))` stops one before `len(xs)`, which is exactly the last valid index; writing "
        "`len(xs) + 1` is a classic off-by-one error."),
        ("Assigning a list to a new name does not copy it: both names refer to the same list. Use "
        "`list(xs)` or `xs[:]` when a copy is needed."),
    ],
    "dicts and sets": [
        "Reading a missing key with `d[key]` raises KeyError; `d.get(key, default)` returns a default instead.",
        "Sets have no order you can rely on; sort them when the order of the output matters.",
        "Dictionary keys must be hashable: strings, numbers and tuples work, lists do not.",
    ],
    "arithmetic and number theory": [
        ("`/` always produces a float while `//` divides and rounds down; mixing them up is a common source "
        "of wrong answers."),
        ("Check the smallest inputs (0, 1, negative numbers) separately: loops that work for large numbers "
        "often do nothing at all for them."),
        ("Floating point numbers are approximations, so compare them with a tolerance or round them before "
        "comparing."),
    ],
    "searching": [
        "Binary search only works on sorted data; on unsorted input it silently returns wrong answers.",
        "Decide up front what to return when the item is absent (-1, None) and document it.",
    ],
    "sorting": [
        ("`list.sort()` sorts in place and returns None, while `sorted(xs)` returns a new list; "
        "`xs = xs.sort()` loses the list."),
        ("Python's sort is stable: items with equal keys keep their original order, which makes multi-key "
        "sorting easy."),
    ],
    "recursion": [
        ("Every recursive function needs a base case that is always reached; without it Python stops with a "
        "RecursionError."),
        "Each call should work on a strictly smaller problem, otherwise the recursion never ends.",
    ],
    "stacks and queues": [
        "Popping from an empty list raises IndexError; check that the stack is non-empty first.",
        ("`list.pop()` is fast but `list.pop(0)` shifts every element; for long queues keep an index or "
        "use `collections.deque`."),
    ],
    "comprehensions": [
        ("A comprehension should stay readable; when it needs several conditions and nested loops, an "
        "ordinary loop is often clearer."),
        "Square brackets make a list, braces a set or a dictionary, and parentheses a generator.",
    ],
    "generators and iteration": [
        "A generator can be consumed only once: after `list(gen)` a second `list(gen)` is empty.",
        "Calling a generator function runs none of its body until the first value is requested.",
    ],
    "classes": [
        "Forgetting `self` as the first parameter of a method is the most common error with classes.",
        ("Attributes set in `__init__` belong to each object; a list defined at class level would be shared by "
        "all objects."),
    ],
    "exceptions": [
        ("A bare `except:` also catches mistakes such as typos in names; catch the specific exception you "
        "expect."),
        "Raise exceptions with a message that says what was wrong and what was expected.",
    ],
    "formatting and parsing": [
        ("f-strings evaluate the expressions inside braces; format specifications after a colon control "
        "width, alignment and decimals."),
        "When parsing text, decide how to treat extra spaces and empty fields, and test those cases.",
    ],
}

_CLOSINGS = [
    "Try changing the inputs in the last code block and predict the output before running it.",
    "As an exercise, write two more test cases of your own, including an edge case.",
    "A good next step is to rewrite the function in a different way and check that the tests still pass.",
    "Before moving on, explain in your own words why the function handles the smallest possible input.",
]


def _opening(audience: str, rng: random.Random) -> str:
    for key, options in _OPENINGS.items():
        if key.lower() in audience.lower():
            return rng.choice(options)
    return rng.choice(_OPENINGS["beginner"])


def _shown(result: str) -> str:
    """How print() shows a value whose repr is `result`."""
    try:
        value = ast.literal_eval(result)
    except (ValueError, SyntaxError):
        return result
    return value if isinstance(value, str) else result


def demo_code(inst: Instance, n: int = 3) -> str:
    """The instance's examples as runnable lines: printed calls with their output as comments."""
    lines = []
    for steps, results in inst.examples[:n]:
        for step, result in zip(steps, results):
            if step.kind == "stmt":
                lines.append(step.code)
            elif step.kind == "raises":
                lines.append(f"try:\n    {step.code}\nexcept {step.exc} as error:\n    print('{step.exc}:', error)")
            else:
                shown = _shown(result) if result else "None"
                lines.append(f"print({step.code})  # {shown}".replace("\n", " "))
    return "\n".join(lines)


def check_code(inst: Instance, n: int = 4) -> str:
    """The first `n` test cases as asserts (for the 'check it' part of a section)."""
    return "\n".join(inst.test_cases[:n])


def write_section(spec: dict[str, Any]) -> str:
    """A Markdown textbook section for a textbook spec (see `phi1lib.prompts.textbook_spec`)."""
    fam = FAMILIES[spec["concept"]]
    rng = random.Random(f"textbook/{spec['seed']}")
    name = spec["function_name"]
    inst = build(fam, spec["variant"], name, spec["seed"])
    style = spec["style"]
    task = spec["task"]
    title = f"# {fam.title}: {task[0].upper()}{task[1:]}"
    parts = [title, "", _opening(spec["audience"], rng), ""]
    what = "class" if inst.kind == "class" else "function"
    pitfalls = _PITFALLS.get(fam.theme, _PITFALLS["lists"])

    if style == "qa":
        parts += [f"**Student:** I need to {task}. Where do I start?", "",
                  f"**Teacher:** Start from the contract. {inst.summary}", "",
                  f"**Student:** What would the {what} look like?", "",
                  f"**Teacher:** Here is one way to write `{name}`:", "", _block(inst.code), "",
                  "**Student:** Why does that work?", "", f"**Teacher:** {inst.explanation}", "",
                  "**Student:** How do I know it is right?", "",
                  "**Teacher:** Run it on a few inputs and compare with what you expect:", "",
                  _block(demo_code(inst)), "",
                  "**Student:** Anything to watch out for?", "", f"**Teacher:** {rng.choice(pitfalls)}"]
    elif style == "compare":
        alt = _alternative(fam, spec, name, inst)
        parts += [f"There is usually more than one correct way to {task}. We write two and compare them.",
                  "", "## First approach", "", _block(inst.code), "", inst.explanation, ""]
        if alt is not None:
            parts += ["## Second approach", "",
                      f"The second version, `{alt.entry_point}`, reaches the same result differently:", "",
                      _block(alt.code), "", alt.explanation or "It follows the same specification.", "",
                      "## Do they agree?", "", "The quickest comparison is to run both on the same inputs:", "",
                      _block(demo_code(inst) + "\n" + demo_code(alt)), "",
                      ("When two independent implementations agree on many inputs, a mistake in either one "
                      "becomes much less likely. Prefer the version that is easiest to read; speed matters "
                      "only once it has been measured.")]
        else:
            parts += ["## Checking it", "", _block(demo_code(inst)), "",
                      ("A second approach would have to agree with this one on every input; writing it is a "
                      "good exercise.")]
    elif style == "pitfalls":
        picks = rng.sample(pitfalls, min(2, len(pitfalls)))
        parts += ["## The task", "", inst.summary, "", "## A correct solution", "", _block(inst.code), "",
                  inst.explanation, "", "## Common mistakes", ""]
        parts += [f"- {p}" for p in picks]
        parts += ["", "Tests catch these mistakes early. Each of the following lines must run silently:", "",
                  _block(check_code(inst))]
    elif style == "worked_example":
        parts += ["## Problem", "", inst.summary, "", "## Solution", "",
                  f"We write a {what} called `{name}`. {inst.explanation}", "", _block(inst.code), "",
                  "## Checking the solution", "", "First we look at a few results:", "", _block(demo_code(inst)),
                  "", "Then we turn the expectations into assertions, which fail loudly if anything is wrong:",
                  "", _block(check_code(inst))]
    elif style == "reference":
        parts += [f"**Task.** {task[0].upper()}{task[1:]}.", "", f"**Contract.** {inst.summary}", "",
                  "**Implementation.**", "", _block(inst.code), "", f"**How it works.** {inst.explanation}", "",
                  "**Examples.**", "", _block(demo_code(inst)), "", f"**Note.** {rng.choice(pitfalls)}"]
    else:  # tutorial
        parts += ["## Step 1: say exactly what we want", "",
                  f"Our goal is to {task}. Written as a contract: {inst.summary}", "",
                  "## Step 2: write it", "", inst.explanation, "", _block(inst.code), "",
                  "## Step 3: try it", "", _block(demo_code(inst)), "",
                  "## Step 4: test it", "", "Assertions turn the expected results into checks:", "",
                  _block(check_code(inst)), "", rng.choice(pitfalls)]
    parts += ["", rng.choice(_CLOSINGS)]
    return "\n".join(parts).strip() + "\n"


def _block(code: str) -> str:
    return f"```python\n{code.rstrip()}\n```"


def _alternative(fam, spec: dict[str, Any], name: str, inst: Instance) -> Instance | None:
    """A second implementation of the same task whose code has another shape, or None."""
    alt_name = f"{name}_v2" if name[:1].islower() else f"{name}V2"
    for k in range(1, 12):
        alt = build(fam, spec["variant"], alt_name, spec["seed"] + k)
        if _shape(alt.body) != _shape(inst.body):
            return alt
    return None


def _shape(body: str) -> str:
    """The body's AST with every name and constant blanked: equal for the same approach."""
    tree = ast.parse("def _f():\n" + body)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            node.id = "_"
        elif isinstance(node, ast.arg):
            node.arg = "_"
        elif isinstance(node, ast.Constant):
            node.value = None
        elif isinstance(node, ast.Attribute):
            node.attr = "_"
    return ast.dump(tree)
