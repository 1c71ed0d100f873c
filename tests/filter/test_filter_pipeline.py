"""The filter stage on datatrove (phi1lib/filter/pipeline.py, blocks.py, executors.py, scorer.py).

Measured here: four tasks keep exactly the files one task keeps; a failed task is rerun alone; the
datatrove path keeps the in-process path's files; one scoring task's peak memory does not grow with
its shard; the reader's shards are contiguous for every kind of source; Slurm's script is written,
not submitted; Ray runs a step where it is installed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from datatrove.data import Document

from phi1lib.core.config import CorpusConfig, load_config
from phi1lib.data.packing import read_meta
from phi1lib.filter.blocks import (
    MAX_PRIORITY,
    SourceReader,
    contiguous,
    document_bytes,
    first_copy_priority,
    is_kept,
    read_corpus_stats,
    read_task_records,
    write_task_record,
)
from phi1lib.filter.executors import check_executor, make_executor, run_step, slurm_script
from phi1lib.filter.pipeline import (
    CodeWords,
    DatatroveFilterStage,
    Layout,
    build_steps,
    make_filter_stage,
    minhash_config,
    read_kept,
)
from phi1lib.filter.scorer import QualityModel
from phi1lib.filter.stage import TOKEN_DIRS, FilterStage
from phi1lib.study.cli import main as phi1_main
from test_filter_stage import _stdlib_files  # the same real files as the in-process tests

REPO = Path(__file__).resolve().parents[2]
N_REAL = 60


def _stdlib_texts(n: int) -> list[tuple[str, bytes]]:
    return [(path.name, path.read_bytes()) for path in _stdlib_files(n, max_bytes=30_000)]


@pytest.fixture(scope="module")
def corpus_root(tmp_path_factory) -> Path:
    """Real code in a/; in z/ (read last, so by another task than the originals) an exact copy of the
    first file and a near-duplicate of the second; and a file each task must skip."""
    root = tmp_path_factory.mktemp("corpus") / "lib"
    (root / "a").mkdir(parents=True)
    (root / "z").mkdir()
    texts = _stdlib_texts(N_REAL)
    for name, data in texts:
        (root / "a" / name).write_bytes(data)
    (root / "z" / "copy.py").write_bytes(texts[0][1])
    (root / "z" / "near.py").write_text(texts[1][1].decode() + "\n# one more comment line\n")
    (root / "z" / "binary.py").write_bytes(b"x = 1\n\x00")
    return root


def _cfg(**overrides):
    base = {"corpus.max_file_bytes": 100_000, "filter.n_annotations": 50, "tokenizer.vocab_size": 512,
            "filter.eval_seeds": [0], "filter.curve_seeds": [0], "filter.curve_fractions": [1.0],
            "filter.n_estimators": 20, "filter.test_fraction": 0.25, "filter.engine": "datatrove",
            "filter.workers": 1}
    return load_config("smoke", {**base, **overrides})


def _run(root: Path, out: Path, **overrides) -> FilterStage:
    return make_filter_stage(_cfg(**overrides), out, roots=[("stdlib", root)], log=None).run()


def _kept_paths(stage: FilterStage) -> list[str]:
    return sorted(stage.raw.select(stage.sets["filtered"])["path"])


@pytest.fixture(scope="module")
def one_and_four(corpus_root, tmp_path_factory) -> tuple[FilterStage, FilterStage]:
    one = _run(corpus_root, tmp_path_factory.mktemp("one"), **{"filter.tasks": 1})
    four = _run(corpus_root, tmp_path_factory.mktemp("four"), **{"filter.tasks": 4})
    return one, four


def test_four_tasks_keep_exactly_what_one_task_keeps(one_and_four):
    """Exact, not >= 99%: tasks read contiguous parts of the corpus, exact dedup ranks earlier tasks
    first, and MinHash's bucket pairs come in (task, index) order, which is the corpus's order."""
    one, four = one_and_four
    assert isinstance(four, DatatroveFilterStage)
    assert list(one.raw["path"]) == list(four.raw["path"])
    assert one.corpus_stats.to_dict() == four.corpus_stats.to_dict()
    assert np.array_equal(one.keep, four.keep) and np.array_equal(one.cluster, four.cluster)
    np.testing.assert_allclose(one.scores, four.scores, rtol=0, atol=1e-6)
    assert _kept_paths(one) == _kept_paths(four) and len(_kept_paths(one)) > 0
    for name in ("filtered", "unfiltered"):
        a, b = read_meta(one.out / TOKEN_DIRS[name]), read_meta(four.out / TOKEN_DIRS[name])
        assert a["n_tokens"] == b["n_tokens"] and a["n_docs"] == b["n_docs"]


def test_duplicates_go_and_the_first_copy_stays(one_and_four):
    _, four = one_and_four
    cs = four.corpus_stats
    assert cs.skipped["binary"] == 1 and cs.duplicates == 1 and cs.kept == N_REAL + 1
    paths = list(four.raw["path"])
    assert "z/copy.py" not in paths  # the exact copy is in a later task than its original
    near = paths.index("z/near.py")
    assert not four.keep[near] and paths[four.cluster[near]].startswith("a/")
    assert four.dedup_stats.removed >= 1 and len(four.rows) == cs.kept - four.dedup_stats.removed


def test_kept_shards_hold_the_filtered_files_with_their_scores(one_and_four):
    _, four = one_and_four
    rows = list(read_kept(four.out))
    assert sorted(r["path"] for r in rows) == _kept_paths(four)
    assert all(r["score"] >= four.fcfg.threshold and r["kept"] for r in rows)


def test_the_datatrove_path_keeps_the_in_process_paths_files(corpus_root, tmp_path):
    """The tiny profile stays in process (README: the datatrove path costs more than 10% there), so
    the two paths must agree. With an embedder that learns nothing from the corpus (MiniLM) they keep
    the same files. What can differ by design (pipeline.py's docstring): shingling, so a pair near the
    LSH threshold; which member of a cluster of 3+ stays; a corpus-fitted embedder (tfidf) is fitted
    on the annotated sample only. None of these occurs in this corpus."""
    minilm = {"filter.embedder": "minilm", "filter.embed_max_tokens": 32}
    inproc = _run(corpus_root, tmp_path / "in", **{**minilm, "filter.engine": "in_process"})
    dt = _run(corpus_root, tmp_path / "dt", **{**minilm, "filter.tasks": 2})
    assert type(inproc) is FilterStage
    assert list(inproc.raw["path"]) == list(dt.raw["path"])
    assert np.array_equal(inproc.keep, dt.keep)
    np.testing.assert_allclose(inproc.scores, dt.scores, atol=1e-4)
    assert _kept_paths(inproc) == _kept_paths(dt)


# --- resuming ----------------------------------------------------------------------------------------

def _jsonl(path: Path, texts: list[str]) -> None:
    path.write_text("".join(json.dumps({"content": t, "path": f"{path.stem}/{i}.py"}) + "\n"
                            for i, t in enumerate(texts)))


def test_a_failed_task_is_rerun_alone(tmp_path):
    texts = [f"def f{i}(x):\n    return x + {i}\n" for i in range(40)]
    files = [tmp_path / f"part{i}.jsonl" for i in range(4)]
    for i, f in enumerate(files):
        _jsonl(f, texts[10 * i:10 * i + 10])
    files[2].write_text("[not json")  # task 2 of 4 fails on it
    cfg = _cfg(**{"corpus.source": "hub", "corpus.local_files": [str(f) for f in files], "filter.tasks": 4})
    layout = Layout(tmp_path / "work")
    step = build_steps(cfg, layout)["read"]
    with pytest.raises(ValueError, match="part2.jsonl: not valid JSON"):
        run_step(cfg.filter, step)
    done = Path(step.logs) / "completions"
    assert sorted(p.name for p in done.iterdir()) == ["00000", "00001"]  # 3 never started (one worker)
    stamps = {p.name: p.stat().st_mtime_ns for p in [*done.iterdir(), *(Path(step.logs) / "logs").glob("*.log")]}

    _jsonl(files[2], texts[20:30])
    run_step(cfg.filter, build_steps(cfg, layout)["read"])
    assert sorted(p.name for p in done.iterdir()) == ["00000", "00001", "00002", "00003"]
    for name in ("00000", "00001", "task_00000.log", "task_00001.log"):  # finished tasks did not run again
        path = done / name if name[0] == "0" else Path(step.logs) / "logs" / name
        assert path.stat().st_mtime_ns == stamps[name]
    assert read_corpus_stats(layout.corpus_stats, 4).valid == 40


# --- the reader ----------------------------------------------------------------------------------

def _read(cfg: CorpusConfig, world_size: int, tmp_path: Path, roots=None) -> list[list[tuple[str, str]]]:
    reader = SourceReader(cfg, str(tmp_path / "stats"), roots)
    return [[(d.metadata["path"], d.text) for d in reader.run(rank=r, world_size=world_size)]
            for r in range(world_size)]


def test_every_source_is_split_into_contiguous_parts(tmp_path, corpus_root):
    import pandas as pd

    texts = [f"def g{i}():\n    return {i}\n" for i in range(12)]
    jsonl = [tmp_path / f"j{i}.jsonl" for i in range(3)]
    for i, f in enumerate(jsonl):
        _jsonl(f, texts[4 * i:4 * i + 4])
    hub = tmp_path / "hub"
    hub.mkdir()
    for i in range(2):  # a local folder of parquet shards stands in for The Stack on the hub
        pd.DataFrame({"content": texts[6 * i:6 * i + 6],
                      "max_stars_repo_path": [f"repo/{6 * i + k}.py" for k in range(6)]}
                     ).to_parquet(hub / f"train-{i:05d}.parquet")
    sources = {
        "local": (CorpusConfig(source="local", max_file_bytes=100_000), [("stdlib", corpus_root)]),
        "jsonl": (CorpusConfig(source="hub", local_files=[str(f) for f in jsonl], hub_text_field="content"), None),
        "hub": (CorpusConfig(source="hub", hub_name=str(hub), hub_data_dir="", hub_text_field="content"), None),
    }
    for name, (cfg, roots) in sources.items():
        whole = _read(cfg, 1, tmp_path / name, roots)[0]
        parts = _read(cfg, 2, tmp_path / name, roots)
        assert parts[0] and parts[1], name
        assert parts[0] + parts[1] == whole, name  # in order, nothing lost or repeated
    assert next(p for p, _ in _read(sources["hub"][0], 2, tmp_path / "h2")[1]) == "repo/6.py"


def test_max_files_samples_the_same_candidates_for_any_task_count(tmp_path, corpus_root):
    cfg = CorpusConfig(source="local", max_file_bytes=100_000, max_files=20, seed=3)
    whole = _read(cfg, 1, tmp_path / "a", [("stdlib", corpus_root)])[0]
    parts = _read(cfg, 3, tmp_path / "b", [("stdlib", corpus_root)])
    assert [doc for part in parts for doc in part] == whole and 18 <= len(whole) <= 20  # a sampled file may fail its check


def test_small_helpers():
    assert [list(contiguous(10, r, 3)) for r in range(3)] == [[0, 1, 2], [3, 4, 5], [6, 7, 8, 9]]
    doc = Document(text="é = 1", id="0/0", metadata={"shard": 2, "kept": True})
    assert document_bytes(doc) == "é = 1".encode() and first_copy_priority(doc) == MAX_PRIORITY - 2
    assert is_kept(doc) and not is_kept(Document(text="", id="x", metadata={"kept": False}))
    assert CodeWords().word_tokenize("self.total_2 = f(a, B)") == ["self", "total_2", "f", "a", "b"]
    mh = minhash_config(_cfg())
    assert (mh.n_grams, mh.num_buckets, mh.hashes_per_bucket) == (5, 14, 8)
    assert not mh.norm_config.remove_punctuation and mh.hash_config.hash_fc == "sha1"


def test_the_quality_model_round_trips(tmp_path):
    from sklearn.linear_model import LogisticRegression

    from phi1lib.filter.embed import HashedTfidfEmbedder

    texts = [f"def f{i}(x):\n    '''Add {i}.'''\n    return x + {i}\n" if i % 2 else f"X{i} = {i}\n"
             for i in range(40)]
    embedder = HashedTfidfEmbedder(dim=8).fit(texts)
    clf = LogisticRegression().fit(embedder.embed(texts), np.arange(40) % 2)
    model = QualityModel(embedder, clf, 0.5)
    sha = model.save(tmp_path / "m.pkl")
    back = QualityModel.load(tmp_path / "m.pkl", device="cpu")
    assert len(sha) == 64 and np.array_equal(back.score(texts), model.score(texts))
    assert back.score([]).shape == (0,)
    with pytest.raises(FileNotFoundError, match="no quality model"):
        QualityModel.load(tmp_path / "missing.pkl")


# --- executors and bad settings --------------------------------------------------------------------

def test_bad_settings_are_one_line_and_exit_status_2(tmp_path, capsys):
    for key, value, message in (("filter.executor", "mpi", "filter.executor must be one of"),
                                ("filter.tasks", 0, "filter.tasks must be >= 1"),
                                ("filter.workers", 0, "filter.workers must be")):
        with pytest.raises(ValueError, match=message):
            check_executor(_cfg(**{key: value}).filter)
    with pytest.raises(ValueError, match="filter.engine must be one of"):
        make_filter_stage(_cfg(**{"filter.engine": "spark"}), tmp_path)
    code = phi1_main(["filter", "--profile", "smoke", "--set", "filter.engine=datatrove", "--set",
                      "filter.executor=mpi", "--out", str(tmp_path / "x")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and err == ["phi1 filter: filter.executor must be one of local, slurm, ray, got 'mpi'"]
    code = phi1_main(["filter", "--profile", "smoke", "--set", "filter.engine=datatrove", "--set",
                      "corpus.source=hub", "--set", f"corpus.local_files=['{tmp_path}/gone.jsonl']",
                      "--out", str(tmp_path / "y")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and err == [f"phi1 filter: {tmp_path}/gone.jsonl: corpus.local_files names no such file"]


def test_slurm_script_is_written_not_submitted(tmp_path):
    cfg = _cfg(**{"filter.executor": "slurm", "filter.tasks": 4, "filter.slurm_partition": "hopper-cpu",
                  "filter.slurm_cpus_per_task": 8, "filter.slurm_time": "2:00:00",
                  "filter.slurm_venv": "/opt/venv/bin/activate"})
    if shutil.which("sbatch") is None:
        with pytest.raises(ValueError, match="needs sbatch on PATH"):
            check_executor(cfg.filter)
    steps = build_steps(cfg, Layout(tmp_path), model_sha="ab" * 32)
    script = slurm_script(make_executor(cfg.filter, steps["score"]))
    assert script.startswith("#!/bin/bash\n")
    for line in ("#SBATCH --array=0-3", "#SBATCH --partition=hopper-cpu", "#SBATCH --cpus-per-task=8",
                 "#SBATCH --time=2:00:00", "#SBATCH --job-name=phi1-filter-score",
                 "source /opt/venv/bin/activate", f"launch_pickled_pipeline {tmp_path}/logs/score-abab"):
        assert line in script, line
    buckets = slurm_script(make_executor(cfg.filter, steps["buckets"]))
    assert "#SBATCH --array=0-13" in buckets  # one task per band


@pytest.mark.slow  # starting Ray's local cluster takes ~20 s on a 2-core machine
def test_ray_runs_a_step_as_local_does(tmp_path):
    ray = pytest.importorskip("ray", reason="ray is not installed (pip install 'phi1-study[ray]')")
    texts = [f"def h{i}(x):\n    return x * {i}\n" for i in range(12)]
    files = [tmp_path / f"p{i}.jsonl" for i in range(2)]
    for i, f in enumerate(files):
        _jsonl(f, texts[6 * i:6 * i + 6])
    outputs = {}
    for executor in ("local", "ray"):
        cfg = _cfg(**{"corpus.source": "hub", "corpus.local_files": [str(f) for f in files],
                      "filter.tasks": 2, "filter.executor": executor, "filter.workers": 2})
        layout = Layout(tmp_path / executor)
        if executor == "ray" and not ray.is_initialized():
            ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        try:
            run_step(cfg.filter, build_steps(cfg, layout)["read"])
        finally:
            if executor == "ray":
                ray.shutdown()
        outputs[executor] = read_corpus_stats(layout.corpus_stats, 2).to_dict()
    assert outputs["ray"] == outputs["local"] and outputs["ray"]["valid"] == 12


# --- memory ----------------------------------------------------------------------------------------

_MEMORY_CHILD = textwrap.dedent("""
    import gzip, json, sys
    from pathlib import Path
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from phi1lib.core.config import load_config
    from phi1lib.filter.embed import HashedTfidfEmbedder
    from phi1lib.filter.executors import run_step
    from phi1lib.filter.pipeline import Layout, build_steps
    from phi1lib.filter.scorer import QualityModel

    def doc(i):
        return (f"def function_{i}(x, y):\\n    '''Value for case {i}.'''\\n    total = x * {i % 97} + y\\n"
                f"    for k in range({i % 13}):\\n        total += k\\n    return total\\n\\n") * 24

    def peak():  # VmHWM: this process's peak RSS
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024

    work, n = Path(sys.argv[1]), int(sys.argv[2])
    layout = Layout(work)
    Path(layout.raw).mkdir(parents=True)
    with gzip.open(Path(layout.raw) / "00000.jsonl.gz", "wt") as f:  # generated: never whole in memory
        for i in range(n):
            f.write(json.dumps({"text": doc(i), "id": f"0/{i}", "metadata": {"shard": 0, "index": i}}) + "\\n")
    sample = [doc(i) for i in range(200)]
    embedder = HashedTfidfEmbedder(dim=32).fit(sample)
    clf = LogisticRegression().fit(embedder.embed(sample), np.arange(200) % 2)
    cfg = load_config("smoke", {"filter.tasks": 1, "filter.workers": 1, "filter.near_dedup": False})
    sha = QualityModel(embedder, clf, 0.5).save(work / "quality_model.pkl")
    step = build_steps(cfg, layout, model_sha=sha)["score"]
    QualityModel.load(work / "quality_model.pkl").score(sample[:10])  # imports and first call done
    base = peak()
    run_step(cfg.filter, step)
    out = sum(1 for _ in gzip.open(Path(layout.scores) / "00000.jsonl.gz", "rt"))
    print(json.dumps({"base": base, "peak": peak(), "scored": out, "text_bytes": sum(len(doc(i)) for i in range(n))}))
""")


def _score_in_child(work: Path, n_docs: int) -> dict:
    run = subprocess.run([sys.executable, "-c", _MEMORY_CHILD, str(work), str(n_docs)], capture_output=True,
                         text=True, cwd=REPO, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc (Linux)")
def test_a_scoring_tasks_memory_stays_flat_when_its_shard_grows_4x(tmp_path):
    """Peak RSS (VmHWM) of one scoring task (read -> score in batches of 256 -> write), in a fresh
    process, over 2k and 8k generated documents (~6 and ~25 MB of text): the 4x shard may not raise
    the peak by even a fifth of its extra text; holding the shard's text would raise it by all of it.
    The signature step is not flat by design: datatrove sorts a task's signatures in memory (112 x 8
    bytes per document), so shards, not the corpus, must stay small: more tasks."""
    small = _score_in_child(tmp_path / "small", 2_000)
    large = _score_in_child(tmp_path / "large", 8_000)
    assert small["scored"] == 2_000 and large["scored"] == 8_000
    extra_text = large["text_bytes"] - small["text_bytes"]
    growth = (large["peak"] - large["base"]) - (small["peak"] - small["base"])
    print(f"\nscoring task peak RSS: {small['peak'] / 2**20:.0f} MiB (2k docs), {large['peak'] / 2**20:.0f} MiB "
          f"(8k docs); growth {growth / 2**20:+.1f} MiB for {extra_text / 2**20:.0f} MiB more text")
    assert growth < 0.2 * extra_text


def test_task_records_round_trip_in_rank_order(tmp_path):
    for rank in (1, 0, 2):  # tasks end in any order
        write_task_record(str(tmp_path), rank, {"documents": 10 * rank})
    assert list(read_task_records(str(tmp_path), 3)) == [{"documents": 0}, {"documents": 10}, {"documents": 20}]
    with pytest.raises(FileNotFoundError):
        list(read_task_records(str(tmp_path), 4))  # a task that never wrote its record
