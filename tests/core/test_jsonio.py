"""core/jsonio.py: tolerant JSON and JSON Lines reading, equal to the copies it replaced."""

from __future__ import annotations

import json
from pathlib import Path

from phi1lib.core.jsonio import read_json, read_jsonl


def _old_json(path: Path):  # eval/harness.py `_json`, eval/capability.py `_json`, study/summary.py `_read_json`
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def _old_jsonl(path):  # data/exercises, analysis/emergence_probes (twice), analysis/pruning, eval/harness, ...
    return [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]


def test_read_json_equals_the_former_copies(tmp_path):
    cases = {"ok.json": '{"a": [1, 2.5, null], "b": "é"}', "list.json": "[1, 2]", "broken.json": '{"a": ',
             "empty.json": "", "binary.json": b"\xff\xfe{}", "dir.json": None}
    for name, content in cases.items():
        path = tmp_path / name
        if content is None:
            path.mkdir()
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    for name in [*cases, "missing.json"]:
        assert read_json(tmp_path / name) == _old_json(tmp_path / name), name
        assert read_json(str(tmp_path / name)) == _old_json(tmp_path / name), name
    assert read_json(tmp_path / "missing.json") == {}


def test_read_jsonl_equals_the_former_copies(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"task_id": 1}\n\n  \n{"task_id": 2, "x": [1]}\n"s"\n')
    assert read_jsonl(path) == _old_jsonl(path) == [{"task_id": 1}, {"task_id": 2, "x": [1]}, "s"]
    assert read_jsonl(str(path)) == _old_jsonl(path)
