import json

import pytest

from phi1lib.core.config import load_config
from phi1lib.core.manifest import StageRun, hash_path, package_versions, read_manifest, write_manifest


def test_hash_path_tracks_content_and_names(tmp_path):
    (tmp_path / "a.txt").write_text("one")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("two")
    first = hash_path(tmp_path)
    assert hash_path(tmp_path) == first
    (tmp_path / "sub" / "b.txt").write_text("TWO")
    assert hash_path(tmp_path) != first
    assert hash_path(tmp_path / "nope") == "missing"
    assert hash_path(tmp_path / "a.txt") != hash_path(tmp_path / "sub" / "b.txt")


def test_cheap_hash_sees_size_changes(tmp_path):
    (tmp_path / "w.bin").write_bytes(b"x" * 10)
    before = hash_path(tmp_path, content=False)
    (tmp_path / "w.bin").write_bytes(b"x" * 11)
    assert hash_path(tmp_path, content=False) != before


def test_manifest_records_config_inputs_versions_and_outputs(tmp_path):
    cfg = load_config("smoke")
    src = tmp_path / "input.txt"
    src.write_text("data")
    out = tmp_path / "stage"
    out.mkdir()
    (out / "table.csv").write_text("a,b\n")
    write_manifest(out, cfg, {"corpus": src}, wall_time_s=1.23456, extra={"n_files": 3})
    manifest = read_manifest(out)
    assert manifest["config"]["profile"] == "smoke"
    assert manifest["config"]["pretrain"]["max_steps"] == cfg.pretrain.max_steps
    assert manifest["inputs"]["corpus"]["sha256_16"] == hash_path(src)
    assert manifest["packages"]["torch"] and manifest["packages"]["python"]
    assert manifest["wall_time_s"] == 1.235 and manifest["n_files"] == 3
    assert manifest["outputs"] == ["table.csv"]
    assert "commit" in manifest["git"]


def test_stage_run_writes_only_on_success(tmp_path):
    cfg = load_config("smoke")
    with StageRun(cfg, tmp_path / "ok") as run:
        run.extra["tokens"] = 42
    assert json.loads((tmp_path / "ok" / "manifest.json").read_text())["tokens"] == 42
    with pytest.raises(RuntimeError):
        with StageRun(cfg, tmp_path / "bad"):
            raise RuntimeError("boom")
    assert not (tmp_path / "bad" / "manifest.json").exists()


def test_read_manifest_names_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="manifest.json"):
        read_manifest(tmp_path)
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(ValueError, match=str(tmp_path / "manifest.json")):
        read_manifest(tmp_path)


def test_package_versions_has_the_stack():
    versions = package_versions()
    for name in ("torch", "datasets", "tokenizers", "papermill"):
        assert versions[name], name
