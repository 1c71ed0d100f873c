"""The README's results are a copy of the committed reference run, and its links resolve."""

import json
import re

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
