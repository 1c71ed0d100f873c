"""The README: its results are a copy of the committed reference run, its links resolve, its layout table is the tree's."""

import json
import re

import pytest

from phi1lib.core.paths import repo_root
from phi1lib.study.summary import readme_block, results_markdown

ROOT = repo_root()
README = ROOT / "README.md"


def test_results_block_is_rendered_from_the_reference_summary():
    summary = json.loads((ROOT / "outputs" / "reference" / "summary.json").read_text())
    assert summary["profile"] == "tiny" and summary["missing"] == []
    assert readme_block(README) == results_markdown(summary).strip("\n"), \
        "README results are stale: run `.venv/bin/phi1 reference` after a tiny run"


def test_every_local_file_the_readme_shows_exists():
    links = re.findall(r"\]\(((?!https?:)[^)#\s]+)\)", README.read_text())
    assert links, "the README shows no figure"
    missing = [link for link in links if not (ROOT / link).exists()]
    assert not missing, missing


def test_reference_manifests_name_the_commit_that_made_them():
    for stage in ("filter", "synthesize", "pretrain", "finetune", "evaluate", "emergence", "contamination"):
        manifest = json.loads((ROOT / "outputs" / "reference" / stage / "manifest.json").read_text())
        assert manifest["config"]["profile"] == "tiny" and re.fullmatch(r"[0-9a-f]{40}", manifest["git"]["commit"])


def _layout_tool():
    import importlib.util

    spec = importlib.util.spec_from_file_location("readme_layout", ROOT / "tools" / "readme_layout.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_layout_table_is_generated_from_the_tree():
    """The README's layout table is what tools/readme_layout.py prints (rerun it with --write)."""
    tool = _layout_tool()
    readme = (ROOT / "README.md").read_text()
    assert tool.with_table(readme) == readme, "README layout table is stale: python tools/readme_layout.py --write"


def test_every_module_is_named_in_its_package_docstring():
    """The docstrings the table is made of are a full map: each module of a sub-package is named there."""
    tool = _layout_tool()
    packages = sorted(p.name for p in (ROOT / "phi1lib").iterdir() if (p / "__init__.py").is_file())
    assert sorted(tool.PACKAGES) == packages  # a new sub-package gets its row
    for name in tool.PACKAGES:
        text = dict(tool.rows())[f"phi1lib/{name}/"]
        missing = [m for m in tool.modules(ROOT / "phi1lib" / name) if f"`{m}`" not in text]
        assert not missing, f"phi1lib/{name}/__init__.py does not name {missing}"


def test_with_table_needs_the_markers():
    with pytest.raises(ValueError, match="layout"):
        _layout_tool().with_table("# no markers here\n")
