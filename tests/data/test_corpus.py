"""corpus.py: skip rules with exact counts, sorted walks, the saved dataset, hub/local-file streaming."""

from __future__ import annotations

import hashlib
import json
import os
import sysconfig
from pathlib import Path

import datasets
import pytest

from phi1lib.core.config import CorpusConfig
from phi1lib.data.corpus import (
    SKIP_REASONS,
    CorpusStats,
    SourceFile,
    build_corpus_dataset,
    check_source,
    iter_hub_sources,
    iter_local_sources,
    iter_sources,
    list_local_files,
    load_dataset_dir,
    local_roots,
    read_source,
)

GOOD = "def add(a, b):\n    return a + b\n"
MAX_BYTES = 1000
IS_ROOT = os.geteuid() == 0  # root reads a chmod-000 file: that file is then kept, not skipped


def _local_cfg(**kw) -> CorpusConfig:
    return CorpusConfig(source="local", max_file_bytes=MAX_BYTES, **kw)


@pytest.fixture()
def broken_root(tmp_path: Path) -> Path:
    """A fake stdlib with one file per skip reason, duplicates, and trees that must not be walked."""
    root = tmp_path / "lib"
    (root / "pkg").mkdir(parents=True)
    (root / "good.py").write_text(GOOD)
    (root / "pkg" / "mod.py").write_text("import os\n\n\nclass A:\n    x = 1\n")
    (root / "pkg" / "copy_of_good.py").write_text(GOOD)  # valid, an exact duplicate
    (root / "unicode.py").write_text("s = 'héllo ✓ 日本'  # non-ASCII is fine\n", encoding="utf-8")
    (root / "bom.py").write_bytes(b"\xef\xbb\xbfx = 1\n")  # UTF-8 BOM: kept, BOM dropped
    (root / "binary.py").write_bytes(b"x = 1\n\x00\x01\x02")
    (root / "latin1.py").write_bytes("# -*- coding: latin-1 -*-\ns = 'café'\n".encode("latin-1"))
    (root / "empty.py").write_text("")
    (root / "blank.py").write_text("  \n\n\t\n")  # whitespace only counts as empty
    (root / "huge.py").write_text("x = 1\n" * 400)  # 2400 bytes > MAX_BYTES
    (root / "syntax.py").write_text("def f(:\n    pass\n")
    (root / "return_outside.py").write_text("return 1\n")  # parses, but does not compile
    (root / "dangling.py").symlink_to(root / "does_not_exist.py")
    os.mkfifo(root / "fifo.py")  # a read would block forever
    locked = root / "locked.py"
    locked.write_text("y = 2\n")
    locked.chmod(0)
    (root / "notes.txt").write_text("not python")
    for skipped_dir in ("test", "tests", "__pycache__", "site-packages"):
        (root / skipped_dir).mkdir()
        (root / skipped_dir / "inside.py").write_text("z = 3\n")
    (root / "pkg" / "tests").mkdir()
    (root / "pkg" / "tests" / "test_mod.py").write_text("z = 4\n")
    return root


def _expected_skips() -> dict[str, int]:
    return {"unreadable": 2 + (0 if IS_ROOT else 1), "too_large": 1, "empty": 2, "binary": 1,
            "not_utf8": 1, "syntax_error": 2}


@pytest.mark.parametrize("data, reason", [
    (GOOD.encode(), None),
    (GOOD, None),
    (b"", "empty"),
    (None, "empty"),
    (b" \n\t", "empty"),
    (b"a = 1\x00", "binary"),
    ("s = 'caf\xe9'\n".encode("latin-1"), "not_utf8"),
    (b"x = [\n", "syntax_error"),
    (b"return 1\n", "syntax_error"),
    (b"x = 1\n" * 200, "too_large"),
    (b"s = '\\d'\n", None),  # an invalid escape is only a warning
])
def test_check_source_reasons(data, reason):
    text, got = check_source(data, MAX_BYTES)
    assert got == reason
    assert (text is None) == (reason is not None)
    assert got is None or got in SKIP_REASONS


def test_check_source_drops_bom_and_keeps_text():
    assert check_source(b"\xef\xbb\xbfx = 1\n", MAX_BYTES) == ("x = 1\n", None)
    assert check_source("s = 'é'\n".encode(), MAX_BYTES) == ("s = 'é'\n", None)


def test_read_source_reasons(broken_root: Path):
    assert read_source(broken_root / "good.py", MAX_BYTES) == (GOOD, None)
    assert read_source(broken_root / "dangling.py", MAX_BYTES) == (None, "unreadable")
    assert read_source(broken_root / "fifo.py", MAX_BYTES) == (None, "unreadable")
    assert read_source(broken_root / "pkg", MAX_BYTES) == (None, "unreadable")  # a directory
    assert read_source(broken_root / "huge.py", MAX_BYTES) == (None, "too_large")
    assert read_source(broken_root / "locked.py", MAX_BYTES)[1] == (None if IS_ROOT else "unreadable")


def test_list_local_files_sorted_and_pruned(broken_root: Path):
    listed = [rel for _, _, rel in list_local_files(_local_cfg(), [("stdlib", broken_root)])]
    assert listed == [  # files of a directory sorted, then its subdirectories, sorted
        "binary.py", "blank.py", "bom.py", "dangling.py", "empty.py", "fifo.py", "good.py", "huge.py",
        "latin1.py", "locked.py", "return_outside.py", "syntax.py", "unicode.py",
        "pkg/copy_of_good.py", "pkg/mod.py",
    ]
    with_tests = [rel for _, _, rel in
                  list_local_files(_local_cfg(include_test_suites=True), [("stdlib", broken_root)])]
    assert {"test/inside.py", "tests/inside.py", "pkg/tests/test_mod.py"} <= set(with_tests)
    assert not any(p.startswith(("__pycache__/", "site-packages/")) for p in with_tests)
    # site-packages is pruned only from the stdlib walk (it is walked as its own origin)
    as_site = [rel for _, _, rel in list_local_files(_local_cfg(), [("site-packages", broken_root)])]
    assert "site-packages/inside.py" in as_site


def test_iter_local_sources_exact_skip_counts(broken_root: Path):
    stats = CorpusStats()
    files = list(iter_local_sources(_local_cfg(), stats, roots=[("stdlib", broken_root)]))
    assert stats.skipped == _expected_skips()
    kept = ["bom.py", "good.py", "unicode.py", "pkg/copy_of_good.py", "pkg/mod.py"]  # walk order
    if IS_ROOT:
        kept.insert(2, "locked.py")
    assert [f.path for f in files] == kept
    assert stats.examined == 15 == sum(stats.skipped.values()) + stats.valid
    assert stats.valid == len(kept)
    by_path = {f.path: f for f in files}
    assert by_path["bom.py"].text == "x = 1\n"
    assert by_path["unicode.py"].text.startswith("s = 'héllo ✓ 日本'")
    assert all(f.origin == "stdlib" for f in files)


def test_iter_local_sources_shuffle_is_seeded_permutation(broken_root: Path):
    roots = [("stdlib", broken_root)]
    ordered = [f.path for f in iter_local_sources(_local_cfg(), roots=roots)]
    a = [f.path for f in iter_local_sources(_local_cfg(seed=0), shuffle=True, roots=roots)]
    b = [f.path for f in iter_local_sources(_local_cfg(seed=0), shuffle=True, roots=roots)]
    assert a == b and sorted(a) == sorted(ordered)
    others = {tuple(f.path for f in iter_local_sources(_local_cfg(seed=s), shuffle=True, roots=roots))
              for s in range(1, 6)}
    assert len(others | {tuple(a)}) > 1  # the seed matters


def test_build_corpus_dataset_dedups_and_saves(broken_root: Path, tmp_path: Path):
    out = tmp_path / "corpus"
    ds, stats = build_corpus_dataset(_local_cfg(), out, roots=[("stdlib", broken_root)])
    assert ds.column_names == ["text", "path", "origin", "n_bytes", "sha256"]
    assert stats.duplicates == 1  # pkg/copy_of_good.py
    assert stats.kept == len(ds) == stats.valid - stats.duplicates
    assert "pkg/copy_of_good.py" not in ds["path"] and "good.py" in ds["path"]  # first copy wins
    assert stats.skipped == _expected_skips()
    assert stats.kept_by_origin == {"stdlib": len(ds)}
    for row in ds:
        raw = row["text"].encode()
        assert row["n_bytes"] == len(raw) and row["sha256"] == hashlib.sha256(raw).hexdigest()
    assert stats.kept_bytes == sum(ds["n_bytes"])
    assert json.loads((out / "corpus_stats.json").read_text()) == stats.to_dict()
    again = load_dataset_dir(out)
    assert again["path"] == ds["path"] and again["text"] == ds["text"]
    # rebuilding over a saved dataset replaces it; over anything else it refuses
    ds2, _ = build_corpus_dataset(_local_cfg(max_files=2), out, roots=[("stdlib", broken_root)])
    assert len(load_dataset_dir(out)) == 2 == len(ds2)
    other = tmp_path / "precious"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="precious"):
        build_corpus_dataset(_local_cfg(), other, roots=[("stdlib", broken_root)])
    assert (other / "keep.txt").exists()


def test_build_corpus_dataset_max_files_is_seeded_sample_in_walk_order(broken_root: Path, tmp_path: Path):
    roots = [("stdlib", broken_root)]
    paths = {}
    for seed in range(6):
        ds, stats = build_corpus_dataset(_local_cfg(max_files=2, seed=seed), tmp_path / f"s{seed}", roots)
        assert len(ds) == 2 == stats.kept
        assert stats.examined == sum(stats.skipped.values()) + stats.valid  # only what was read
        assert stats.valid == stats.kept + stats.duplicates
        walk = [rel for _, _, rel in list_local_files(_local_cfg(), roots)]
        assert ds["path"] == sorted(ds["path"], key=walk.index)  # a subsequence of the walk
        paths[seed] = ds["path"]
    again, _ = build_corpus_dataset(_local_cfg(max_files=2, seed=0), tmp_path / "again", roots)
    assert again["path"] == paths[0]
    assert len({tuple(p) for p in paths.values()}) > 1


def _write_hub_rows(tmp_path: Path) -> list[dict]:
    rows = [
        {"content": GOOD, "max_stars_repo_path": "a/good.py"},
        {"content": "", "max_stars_repo_path": "a/empty.py"},
        {"content": "x = 1\x00", "max_stars_repo_path": "a/nul.py"},
        {"content": "def f(:\n", "max_stars_repo_path": "a/bad.py"},
        {"content": "y = 2\n" * 300, "max_stars_repo_path": "a/huge.py"},
        {"content": GOOD, "max_stars_repo_path": "b/good_again.py"},
        {"content": "print('ü')\n", "max_stars_repo_path": "b/u.py"},
    ]
    with open(tmp_path / "part.jsonl", "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row) + "\n" for row in rows)
    datasets.Dataset.from_list(rows).to_parquet(str(tmp_path / "part.parquet"))
    return rows


@pytest.mark.parametrize("name", ["part.jsonl", "part.parquet"])
def test_iter_hub_sources_local_files(tmp_path: Path, name: str):
    _write_hub_rows(tmp_path)
    cfg = CorpusConfig(source="hub", local_files=[str(tmp_path / name)], max_file_bytes=MAX_BYTES)
    stats = CorpusStats()
    files = list(iter_hub_sources(cfg, stats))
    assert [f.path for f in files] == ["a/good.py", "b/good_again.py", "b/u.py"]
    assert {f.origin for f in files} == {"hub"}
    assert stats.skipped == {"unreadable": 0, "too_large": 1, "empty": 1, "binary": 1, "not_utf8": 0,
                             "syntax_error": 1}
    assert stats.examined == 7 and stats.valid == 3
    assert [f.path for f in iter_sources(cfg)] == [f.path for f in files]


def test_hub_build_dedups_first_n_and_names_rows(tmp_path: Path):
    _write_hub_rows(tmp_path)
    cfg = CorpusConfig(source="hub", local_files=[str(tmp_path / "part.jsonl")], max_file_bytes=MAX_BYTES)
    ds, stats = build_corpus_dataset(cfg, tmp_path / "hub_ds")
    assert ds["path"] == ["a/good.py", "b/u.py"] and stats.duplicates == 1
    assert set(ds["origin"]) == {"hub"}
    first, _ = build_corpus_dataset(CorpusConfig(source="hub", local_files=cfg.local_files,
                                                 max_file_bytes=MAX_BYTES, max_files=1), tmp_path / "h1")
    assert first["path"] == ["a/good.py"]  # hub: the first N of the stream
    # rows without a path column are named by their index in the stream
    with open(tmp_path / "nopath.jsonl", "w") as handle:
        handle.write(json.dumps({"code": "x = 1\n"}) + "\n" + json.dumps({"code": "y = 2\n"}) + "\n")
    nopath = CorpusConfig(source="hub", local_files=[str(tmp_path / "nopath.jsonl")], hub_text_field="code")
    assert [f.path for f in iter_hub_sources(nopath)] == ["row0", "row1"]


def test_hub_config_errors(tmp_path: Path):
    _write_hub_rows(tmp_path)
    wrong_field = CorpusConfig(source="hub", local_files=[str(tmp_path / "part.jsonl")],
                               hub_text_field="text")
    with pytest.raises(KeyError, match="content"):
        list(iter_hub_sources(wrong_field))
    mixed = CorpusConfig(source="hub", local_files=[str(tmp_path / "part.jsonl"),
                                                    str(tmp_path / "part.parquet")])
    with pytest.raises(ValueError, match="mixes formats"):
        list(iter_hub_sources(mixed))
    with pytest.raises(ValueError, match="neither parquet"):
        list(iter_hub_sources(CorpusConfig(source="hub", local_files=[str(tmp_path / "x.csv")])))
    with pytest.raises(ValueError, match="corpus.source"):
        iter_sources(CorpusConfig(source="ftp"))


def test_hub_name_is_streamed_with_data_dir(monkeypatch):
    """Offline stand-in for The Stack: the call `iter_hub_sources` makes, and its rows checked."""
    calls = []

    def fake_load_dataset(*args, **kwargs):
        calls.append((args, kwargs))
        return iter([{"content": GOOD, "max_stars_repo_path": "r/a.py"}, {"content": "def (\n"}])

    monkeypatch.setattr(datasets, "load_dataset", fake_load_dataset)
    stats = CorpusStats()
    files = list(iter_hub_sources(CorpusConfig(source="hub"), stats))
    assert calls == [(("bigcode/the-stack-dedup",),
                      {"data_dir": "data/python", "split": "train", "streaming": True})]
    assert [f.path for f in files] == ["r/a.py"] and stats.skipped["syntax_error"] == 1


def test_local_roots_follow_the_interpreter():
    paths = sysconfig.get_paths()
    roots = local_roots(CorpusConfig(source="local"))
    assert roots[0] == ("stdlib", Path(paths["stdlib"]))
    assert ("site-packages", Path(paths["purelib"])) in roots
    assert len({r.resolve() for _, r in roots}) == len(roots)
    assert local_roots(CorpusConfig(include_site_packages=False)) == [("stdlib", Path(paths["stdlib"]))]
    assert local_roots(CorpusConfig(include_stdlib=False, include_site_packages=False)) == []


def test_real_stdlib_walk():
    cfg = CorpusConfig(source="local", include_site_packages=False)
    stats = CorpusStats()
    files = list(iter_local_sources(cfg, stats))
    paths = [f.path for f in files]
    assert len(files) > 300 and "json/decoder.py" in paths and "os.py" in paths
    assert not any(p.startswith("test/") or "/idle_test/" in p or "/tests/" in p for p in paths)
    assert not any(p.startswith("site-packages/") for p in paths)
    assert stats.valid == len(files) and stats.examined == sum(stats.skipped.values()) + stats.valid
    assert isinstance(files[0], SourceFile)


def test_empty_corpus_gives_an_empty_dataset(tmp_path: Path):
    (tmp_path / "empty_root").mkdir()
    ds, stats = build_corpus_dataset(_local_cfg(), tmp_path / "ds",
                                     roots=[("stdlib", tmp_path / "empty_root")])
    assert len(ds) == 0 and ds.column_names == ["text", "path", "origin", "n_bytes", "sha256"]
    assert stats.examined == 0 and len(load_dataset_dir(tmp_path / "ds")) == 0


def test_load_dataset_dir_errors_name_the_directory(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="nowhere"):
        load_dataset_dir(tmp_path / "nowhere")
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "a.txt").write_text("x")
    with pytest.raises(ValueError, match=r"junk.*not a saved dataset"):
        load_dataset_dir(tmp_path / "junk")
    datasets.Dataset.from_dict({"text": ["a"]}).save_to_disk(str(tmp_path / "ok"))
    assert load_dataset_dir(tmp_path / "ok")["text"] == ["a"]


def test_json_rows_survive_lone_surrogates_and_broken_lines(tmp_path: Path):
    """Arrow would reject the whole file for the "\\ud800" row; we skip that row and the broken line."""
    import gzip

    lines = [json.dumps({"content": GOOD, "path": "a.py"}), '{"content": "x = \\ud800\\n", "path": "s.py"}',
             "{not json", json.dumps({"content": "y = 2\n", "path": "b.py"})]
    (tmp_path / "p.jsonl").write_text("\n".join(lines) + "\n")
    with gzip.open(tmp_path / "p.jsonl.gz", "wt") as handle:
        handle.write("\n".join(lines) + "\n")
    (tmp_path / "arr.json").write_text(json.dumps([{"content": GOOD, "path": "c.py"}, 5]))
    for name in ("p.jsonl", "p.jsonl.gz"):
        stats = CorpusStats()
        cfg = CorpusConfig(source="hub", local_files=[str(tmp_path / name)], max_file_bytes=MAX_BYTES)
        assert [f.path for f in iter_hub_sources(cfg, stats)] == ["a.py", "b.py"]
        assert stats.examined == 4 and stats.skipped["not_utf8"] == 1 and stats.skipped["unreadable"] == 1
    stats = CorpusStats()
    arr = CorpusConfig(source="hub", local_files=[str(tmp_path / "arr.json")], max_file_bytes=MAX_BYTES)
    assert [f.path for f in iter_hub_sources(arr, stats)] == ["c.py"] and stats.skipped["unreadable"] == 1
    (tmp_path / "bad.json").write_text("[{")
    with pytest.raises(ValueError, match="bad.json: not valid JSON"):
        list(iter_hub_sources(CorpusConfig(source="hub", local_files=[str(tmp_path / "bad.json")])))


def test_editable_install_finders_are_not_corpus(tmp_path: Path):
    """They hold the checkout's absolute path: two clones of one commit would get different corpora."""
    (tmp_path / "__editable___phi1_study_0_1_0_finder.py").write_text("MAPPING = {'phi1lib': '/tmp/a'}\n")
    (tmp_path / "mod.py").write_text("x = 1\n")
    listed = [rel for _, _, rel in list_local_files(_local_cfg(), [("site-packages", tmp_path)])]
    assert listed == ["mod.py"]
