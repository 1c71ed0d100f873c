"""The README's layout table, generated from the tree: one row per phi1lib sub-package (its docstring,
which names every module in it), per benchmark script (its docstring's first paragraph) and a few fixed
folders. `tests/test_readme.py` fails when the README's table is not what this prints.

    python tools/readme_layout.py            # print the table
    python tools/readme_layout.py --write    # rewrite it in README.md, between the layout markers
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- layout:start -->", "<!-- layout:end -->"
# The layers, bottom up (tests/test_layout.py enforces them): the table reads in the same order.
PACKAGES = ("core", "data", "teacher", "model", "train", "eval", "filter", "synth", "analysis", "study")
FIXED_TOP = [("notebooks/", "one notebook per stage, `01_filter` … `07_contamination`: narrative, plots, calls "
                            "into `phi1lib`")]
FIXED_BOTTOM = [("outputs/", "everything a run produces (git-ignored but for `README.md` and `reference/`)"),
                ("tests/", "pytest, one folder per `phi1lib` sub-package (the repo-wide checks at the top); tiny "
                           "configs; `-m \"not slow\"` skips the ones that run notebooks")]


def _docstring(path: Path) -> str:
    return ast.get_docstring(ast.parse(path.read_text())) or ""


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def modules(package: Path) -> list[str]:
    """The modules and sub-packages of `package` a reader can open (not `__init__`, not private)."""
    names = [p.stem for p in package.glob("*.py") if not p.stem.startswith("_")]
    names += [p.name for p in package.iterdir() if p.is_dir() and (p / "__init__.py").is_file()]
    return sorted(names)


def rows(root: Path = ROOT) -> list[tuple[str, str]]:
    out = list(FIXED_TOP)
    for name in PACKAGES:
        out.append((f"phi1lib/{name}/", _one_line(_docstring(root / "phi1lib" / name / "__init__.py"))))
    shipped = sorted(p.name for p in (root / "phi1lib" / "resources").iterdir() if p.is_file())
    out.append(("phi1lib/resources/", "the data the package ships (MBPP under CC BY 4.0: `ATTRIBUTION.md`): "
                + ", ".join(f"`{n}`" for n in shipped)))
    for script in sorted((root / "benchmarks").glob("*.py")):
        out.append((f"benchmarks/{script.name}", _one_line(_docstring(script).split("\n\n")[0])))
    return out + FIXED_BOTTOM


def table(root: Path = ROOT) -> str:
    lines = ["| path | what |", "|---|---|"] + [f"| `{path}` | {what} |" for path, what in rows(root)]
    return "\n".join(lines)


def with_table(readme: str, root: Path = ROOT) -> str:
    """`readme` with the text between the layout markers replaced by `table`."""
    head, sep, rest = readme.partition(START)
    _, sep2, tail = rest.partition(END)
    if not sep or not sep2:
        raise ValueError(f"README.md: no {START} ... {END} block")
    return f"{head}{START}\n{table(root)}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help="rewrite the table in README.md")
    args = ap.parse_args(argv)
    if not args.write:
        print(table())
        return 0
    path = ROOT / "README.md"
    path.write_text(with_table(path.read_text()))
    print(f"wrote the layout table in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
