"""The offline teacher: a procedural generator of exercises and textbook sections for basic Python.

The default teacher where no LLM endpoint is configured. Its knowledge is a set of *concept
families* (strings, lists, dicts and sets, arithmetic and number theory, searching, sorting,
recursion, stacks, comprehensions, generators, classes, exceptions, formatting and parsing), written
from first principles (nothing is derived from HumanEval or MBPP). Each family declares variants (the
task, with function names that fit it) and a builder that writes one instance from a seed: signature,
docstring with examples computed by running the reference, body, explanation and tests.

- `base`: declaring families, building and rendering an instance;
- `strings`, `lists`, `mappings`, `numbers`, `algorithms`, `pythonic`: the families, by theme;
- `pipelines`: families assembled from steps (test, change, reduce), a synthesis stream of their own;
- `textbook`: sections written around a family's worked example;
- `teacher`: `OfflineTeacher`, answering `TeacherRequest`s by their spec.
"""

from phi1lib.teacher.offline import (  # noqa: F401 - importing a module registers its families
    algorithms,
    classes,
    composed,
    errors,
    iteration,
    lists,
    mappings,
    numbers,
    parsing,
    pipelines,
    pythonic,
    stdlib,
    strings,
)
from phi1lib.teacher.offline.base import FAMILIES, Family, FamilyError, Instance, Variant, build, canon_repr
from phi1lib.teacher.offline.teacher import OfflineTeacher, approx_tokens
from phi1lib.teacher.offline.textbook import write_section

__all__ = ["FAMILIES", "Family", "FamilyError", "Instance", "OfflineTeacher", "Variant", "approx_tokens",
           "build", "canon_repr", "write_section"]
