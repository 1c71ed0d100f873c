"""filter_stage.py: a corpus seeded with broken files runs through with exact skip counts; the filtered
and same-token unfiltered sets; token subsets equal to packing them afresh; the LLM path reruns free."""

from __future__ import annotations

import json
import os
import sysconfig
from pathlib import Path

import fake_openai_server
import numpy as np
import pytest
from fake_openai_server import FakeOpenAIServer

from phi1lib.core.config import CorpusConfig, PackingConfig, TokenizerConfig, load_config
from phi1lib.data.corpus import build_corpus_dataset
from phi1lib.filter.stage import (
    DATASET_DIRS,
    TOKEN_DIRS,
    FilterStage,
    doc_token_counts,
    load_filtered,
    study_tokenizer,
    subset_packed,
)
from phi1lib.data.packing import PackedTokens, pack_dataset, read_meta
from phi1lib.data.tokenizer import load_tokenizer, train_tokenizer

IS_ROOT = os.geteuid() == 0  # root reads a chmod-000 file
N_REAL = 90  # real stdlib files copied into the corpus, so that both classes appear


def _stdlib_files(n: int, max_bytes: int = 40_000) -> list[Path]:
    """`n` distinct, mid-sized top-level stdlib modules (sorted: the same on every run)."""
    out, seen = [], set()
    for path in sorted(Path(sysconfig.get_paths()["stdlib"]).glob("*.py")):
        data = path.read_bytes()
        if 1500 < len(data) < max_bytes and data not in seen:
            try:
                compile(data, str(path), "exec", dont_inherit=True)
                data.decode("utf-8")
            except (SyntaxError, UnicodeDecodeError, ValueError):
                continue
            seen.add(data)
            out.append(path)
        if len(out) == n:
            break
    return out


@pytest.fixture(scope="module")
def seeded_root(tmp_path_factory) -> Path:
    """Real code plus one file per skip reason, an exact duplicate and a near-duplicate."""
    root = tmp_path_factory.mktemp("corpus") / "lib"
    (root / "pkg").mkdir(parents=True)
    for path in _stdlib_files(N_REAL):
        (root / "pkg" / path.name).write_bytes(path.read_bytes())
    first = min((root / "pkg").iterdir())
    (root / "pkg_copy.py").write_bytes(first.read_bytes())  # exact duplicate
    (root / "pkg_near.py").write_text(first.read_text() + "\n# one more comment line\n")  # near-duplicate
    (root / "binary.py").write_bytes(b"x = 1\n\x00\x01")
    (root / "latin1.py").write_bytes("s = 'caf\xe9'\n".encode("latin-1"))
    (root / "empty.py").write_text("")
    (root / "blank.py").write_text(" \n\t\n")
    (root / "huge.py").write_text("x = 1\n" * 20_000)  # 120 kB > max_file_bytes
    (root / "syntax.py").write_text("def f(:\n")
    (root / "dangling.py").symlink_to(root / "missing.py")
    locked = root / "locked.py"
    locked.write_text("y = 2\n")
    locked.chmod(0)
    return root


EXPECTED_SKIPS = {"unreadable": 1 + (0 if IS_ROOT else 1), "too_large": 1, "empty": 2, "binary": 1,
                  "not_utf8": 1, "syntax_error": 1}


def _cfg(**overrides):
    base = {"corpus.max_file_bytes": 100_000, "filter.n_annotations": 80, "tokenizer.vocab_size": 512,
            "filter.eval_seeds": [0, 1], "filter.curve_seeds": [0], "filter.curve_fractions": [0.5, 1.0],
            "filter.n_estimators": 30, "filter.test_fraction": 0.25}
    return load_config("smoke", {**base, **overrides})


@pytest.fixture(scope="module")
def stage(seeded_root, tmp_path_factory) -> FilterStage:
    out = tmp_path_factory.mktemp("filter")
    return FilterStage(_cfg(), out, roots=[("stdlib", seeded_root)], log=None).run()


def test_broken_files_are_skipped_and_counted_exactly(stage):
    cs = stage.corpus_stats
    assert cs.skipped == EXPECTED_SKIPS
    assert cs.duplicates == 1 and cs.kept == N_REAL + 1 + (1 if IS_ROOT else 0)
    assert cs.examined == sum(EXPECTED_SKIPS.values()) + cs.valid
    steps = stage.steps().set_index("step")
    for reason, n in EXPECTED_SKIPS.items():
        assert steps.loc[f"skipped: {reason}", "files"] == n
    assert steps.loc["exact duplicates", "files"] == 1
    manifest = json.loads((stage.out / "manifest.json").read_text())
    assert manifest["corpus_stats"]["skipped"] == EXPECTED_SKIPS
    assert (stage.out / "steps.csv").exists() and "skipped: too_large" in (stage.out / "steps.md").read_text()


def test_the_near_duplicate_goes_and_the_funnel_adds_up(stage):
    assert stage.dedup_stats.removed >= 1
    paths = stage.raw["path"]
    near = paths.index("pkg_near.py")
    # Root files come before the pkg/ folder in the walk: the exact copy is kept, pkg/'s original dropped.
    assert not stage.keep[near] and paths[stage.cluster[near]] == "pkg_copy.py"
    steps = stage.steps().set_index("step")
    assert steps.loc["deduplicated", "files"] == stage.corpus_stats.kept - stage.dedup_stats.removed
    assert steps.loc["raw corpus", "tokens"] == steps.loc["deduplicated", "tokens"] \
        + steps.loc["near duplicates removed", "tokens"]
    assert steps.loc["annotated", "files"] == 80


def test_annotations_classifier_metrics_and_scores(stage):
    ann = stage.annotations
    assert len(ann) == 80 and ann["score"].between(0, 5).all() and set(ann["label"].unique()) == {0, 1}
    assert set(ann["row"]).issubset(set(stage.rows.tolist()))
    assert (stage.out / "annotations.parquet").exists()
    X, y = stage.training_set()
    assert X.shape == (80, stage.embeddings.shape[1]) and y.tolist() == ann["label"].tolist()
    summary = stage.summary.set_index("classifier")
    assert set(summary.index) == {"random_forest", "logistic"} and (summary["seeds"] == 2).all()
    assert summary["accuracy_mean"].between(0, 1).all() and summary["roc_auc_std"].notna().all()
    assert set(stage.curve["fraction"]) <= {0.5, 1.0}
    assert len(stage.heldout) == 20 and set(stage.heldout["row"]) <= set(ann["row"])
    assert stage.heldout["label"].tolist() == (stage.heldout["annotation"] >= 3).astype(int).tolist()
    assert stage.scores.shape == (len(stage.rows),) and stage.embeddings.shape[0] == len(stage.rows)
    table = stage.score_table()
    assert len(table) == stage.corpus_stats.kept and table["score"].notna().sum() == len(stage.rows)
    assert table["annotation"].notna().sum() == 80
    manifest = json.loads((stage.out / "manifest.json").read_text())
    assert manifest["headline"]["classifiers"][0]["classifier"] == "random_forest"
    assert set(manifest["timings_s"]) >= {"corpus", "near_dedup", "annotate", "embed", "evaluate", "score",
                                          "tokenizer", "pack_raw", "pack_subsets"}


def test_filtered_and_unfiltered_sets_have_the_same_tokens(stage):
    filtered, unfiltered = stage.sets["filtered"], stage.sets["unfiltered"]
    scores = stage.score_table().set_index("row")["score"]
    assert (scores[filtered] >= stage.fcfg.threshold).all()
    assert 0 < len(filtered) < len(stage.rows)
    f, u = stage.packed["filtered"]["n_tokens"], stage.packed["unfiltered"]["n_tokens"]
    assert abs(f - u) <= (stage.tokens[stage.rows] + 1).max()  # within one file
    assert np.isin(unfiltered, stage.rows).all()
    for name in ("filtered", "unfiltered"):
        ds = load_filtered(stage.out, name)
        assert len(ds) == len(stage.sets[name]) and "score" in ds.column_names
        assert read_meta(stage.out / TOKEN_DIRS[name])["n_docs"] == len(ds)
    assert len(load_filtered(stage.out, "raw")) == stage.corpus_stats.kept
    kept = json.loads((stage.out / "manifest.json").read_text())["headline"]
    assert kept["files_kept"] == len(filtered) and 0 < kept["token_fraction_kept"] < 1


def test_examples_put_high_scores_beside_low_ones(stage):
    high, low = stage.examples(k=2)
    assert len(high) == len(low) == 2
    assert high["score"].min() >= low["score"].max()
    assert list(high.columns) == ["path", "score", "annotation", "text"]


def test_study_tokenizer_retrains_the_stage_tokenizer_and_honours_its_settings(stage, tmp_path):
    raw = load_filtered(stage.out, "raw")
    again = study_tokenizer(stage.cfg, raw, tmp_path / "again")
    assert (tmp_path / "again" / "tokenizer.json").read_text() == (stage.out / "tokenizer" / "tokenizer.json").read_text()
    assert again.encode("print(f(x))\n") == stage.tokenizer.encode("print(f(x))\n")
    cfg = _cfg(**{"tokenizer.split_brackets": True})
    split = study_tokenizer(cfg, raw, tmp_path / "split")
    assert [split.decode([i]) for i in split.encode("))")] == [")", ")"]


def test_steps_need_their_inputs(tmp_path):
    with pytest.raises(RuntimeError, match="build_corpus"):
        FilterStage(_cfg(), tmp_path, log=None).deduplicate()


# --- packed tokens per document ------------------------------------------------------------------

@pytest.fixture(scope="module")
def packed_corpus(seeded_root, tmp_path_factory):
    out = tmp_path_factory.mktemp("packed")
    raw, _ = build_corpus_dataset(CorpusConfig(source="local", max_file_bytes=100_000), out / "raw",
                                  roots=[("stdlib", seeded_root)])
    train_tokenizer(raw["text"], TokenizerConfig(kind="bpe", vocab_size=400), out / "tok")
    tok = load_tokenizer(out / "tok")
    cfg = PackingConfig(shard_tokens=3000, num_proc=1, batch_docs=5, val_fraction=0.1)
    pack_dataset(raw, tok, cfg, out / "tokens")
    return raw, tok, cfg, out


def test_doc_token_counts_match_the_tokenizer(packed_corpus):
    raw, tok, _, out = packed_corpus
    counts = doc_token_counts(out / "tokens")
    assert counts.tolist() == [len(ids) for ids in tok.encode_batch(raw["text"])]


def test_subset_packed_equals_packing_the_subset(packed_corpus):
    raw, tok, cfg, out = packed_corpus
    rows = np.array(sorted(np.random.default_rng(0).choice(len(raw), size=len(raw) // 2, replace=False)))
    meta = subset_packed(out / "tokens", rows, out / "subset")
    reference = pack_dataset(raw.select(rows), tok, cfg, out / "reference")
    volatile = {"seconds", "tokens_per_s", "num_proc", "subset_of"}
    assert {k: v for k, v in meta.items() if k not in volatile} == \
        {k: v for k, v in reference.items() if k not in volatile}
    assert len(meta["splits"]["train"]["shards"]) > 1  # shard edges were crossed
    for split in ("train", "val"):
        for shard in reference["splits"][split]["shards"]:
            name = shard["file"]
            assert (out / "subset" / name).read_bytes() == (out / "reference" / name).read_bytes()
    assert len(PackedTokens(out / "subset", "val")) == reference["splits"]["val"]["n_tokens"]
    with pytest.raises(ValueError, match="sorted"):
        subset_packed(out / "tokens", rows[::-1], out / "bad")


# --- the LLM annotator inside the stage ---------------------------------------------------------

def test_stage_with_an_llm_annotator_reruns_without_requests(seeded_root, tmp_path, monkeypatch):
    monkeypatch.setattr(fake_openai_server, "fake_answer",
                        lambda prompt, seed, max_tokens=None: (f"Educational score: {len(prompt) % 6}", "stop"))
    with FakeOpenAIServer() as server:
        cfg = _cfg(**{"filter.annotator": "llm", "filter.annotator_model": "judge", "filter.n_annotations": 12,
                      "teacher.base_url": server.base_url, "teacher.kind": "openai"})
        stage = FilterStage(cfg, tmp_path, roots=[("stdlib", seeded_root)], log=None)
        stage.build_corpus()
        stage.deduplicate()
        first = stage.annotate()
        assert server.stats()["requests"] == 12 and first["score"].notna().all()
        assert not first["cached"].any()
        again = stage.annotate()
        assert server.stats()["requests"] == 12 and again["cached"].all()
        assert again["score"].tolist() == first["score"].tolist()
        assert {e.get("prompt") is not None for e in server.log} == {True}
    assert any((tmp_path / "annotation_cache").glob("*.jsonl"))
    assert DATASET_DIRS["raw"] == "raw_corpus"


def test_near_dedup_can_be_turned_off(seeded_root, tmp_path):
    stage = FilterStage(_cfg(**{"filter.near_dedup": False}), tmp_path, roots=[("stdlib", seeded_root)], log=None)
    stage.build_corpus()
    stats = stage.deduplicate()
    assert stats.removed == 0 and len(stage.rows) == stage.corpus_stats.kept and stage.keep.all()


def test_figures(stage):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from phi1lib.filter.stage import plot_examples, plot_learning_curve, plot_scores

    fig = plot_learning_curve(stage.curve, stage.summary)
    assert len(fig.axes) == 2 and fig.axes[0].get_legend() is not None
    fig2 = plot_scores(stage)
    assert fig2.axes[0].patches  # the histogram's bars
    high, low = stage.examples(k=1)
    fig3 = plot_examples(high, low, max_lines=5)
    assert high["path"][0] in fig3.axes[0].get_title(loc="left") and low["path"][0] in fig3.axes[1].get_title(loc="left")
    plt.close("all")


def test_a_parquet_corpus_with_broken_rows_runs_through_with_exact_counts(tmp_path):
    """The hub path (`corpus.source = "hub"` on local parquet, as The Stack is stored), bytes content."""
    import pandas as pd

    rows = [{"content": p.read_bytes(), "max_stars_repo_path": f"repo/{p.name}"} for p in _stdlib_files(N_REAL)]
    broken = [b"", b"  \n", b"x = 1\n\x00", b"def f(:\n", "s = 'caf\xe9'\n".encode("latin-1"), b"x = 1\n" * 20_000,
              rows[0]["content"]]
    rows += [{"content": data, "max_stars_repo_path": None} for data in broken]
    path = tmp_path / "code.parquet"
    pd.DataFrame(rows).to_parquet(path)
    cfg = _cfg(**{"corpus.source": "hub", "corpus.local_files": [str(path)]})
    stage = FilterStage(cfg, tmp_path / "out", log=None).run()
    assert stage.corpus_stats.skipped == {"unreadable": 0, "too_large": 1, "empty": 2, "binary": 1,
                                          "not_utf8": 1, "syntax_error": 1}
    assert stage.corpus_stats.duplicates == 1 and stage.corpus_stats.kept == N_REAL
    assert stage.steps().set_index("step").loc["examined", "files"] == len(rows)
    assert read_meta(stage.out / TOKEN_DIRS["filtered"])["n_docs"] == len(stage.sets["filtered"])
