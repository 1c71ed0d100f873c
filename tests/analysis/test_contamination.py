"""Contamination analysis (paper section 5): n-grams, verbatim substrings, embeddings, AST match, Table 3."""

import json
import math

import numpy as np
import pandas as pd
import pytest

from phi1lib.analysis import ast_match
from phi1lib.analysis import contamination
from phi1lib.analysis import pruning
from phi1lib.analysis.ast_match import ast_matches, best_matches, code_tree, match_rate, tree_edit_distance, tree_size
from phi1lib.eval.benchmarks import Benchmark, get_benchmark
from phi1lib.core.config import load_config
from phi1lib.analysis.contamination import (
    TrainingSet,
    benchmark_problems,
    closest_pairs,
    code_tokens,
    exercise_text,
    nearest_neighbours,
    ngram_overlap,
)
from phi1lib.filter.embed import HashedTfidfEmbedder
from phi1lib.analysis.pruning import gather_results, removal_table, retrain_plan, table3, table3_wide

# HumanEval/0 with the loop variables renamed, one line reworded and a comment added: a near-copy.
PLANTED_ANSWER = """    # compare every pair once
    for i, a in enumerate(numbers):
        for j, b in enumerate(numbers):
            if i != j:
                gap = abs(a - b)
                if gap < threshold:
                    return True

    return False
"""
UNRELATED = [
    {"prompt": 'def word_lengths(sentence: str) -> dict:\n    """Map each word of sentence to its length."""\n',
     "answer": "    return {w: len(w) for w in sentence.split()}\n"},
    {"prompt": 'class Stack:\n    """A last-in first-out stack."""\n',
     "answer": "    def __init__(self):\n        self.items = []\n\n    def push(self, item):\n"
               "        self.items.append(item)\n\n    def pop(self):\n        return self.items.pop()\n"},
    {"prompt": 'def fizzbuzz(n: int) -> list:\n    """FizzBuzz from 1 to n as strings."""\n',
     "answer": "    out = []\n    for k in range(1, n + 1):\n        if k % 15 == 0:\n            out.append('FizzBuzz')\n"
               "        elif k % 3 == 0:\n            out.append('Fizz')\n        elif k % 5 == 0:\n"
               "            out.append('Buzz')\n        else:\n            out.append(str(k))\n    return out\n"},
    {"prompt": 'def read_config(path):\n    """Parse KEY=VALUE lines of a file into a dict, skipping comments."""\n',
     "answer": "    result = {}\n    with open(path) as handle:\n        for line in handle:\n"
               "            line = line.strip()\n            if not line or line.startswith('#'):\n"
               "                continue\n            key, _, value = line.partition('=')\n"
               "            result[key.strip()] = value.strip()\n    return result\n"},
    {"prompt": 'def celsius_to_fahrenheit(celsius: float) -> float:\n    """Convert degrees Celsius to Fahrenheit."""\n',
     "answer": "    return celsius * 9 / 5 + 32\n"},
]


def _subset(name, n):
    bench = Benchmark(get_benchmark(name).problems()[:n])
    bench.name = name
    return bench


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """Five HumanEval problems; exercises = the unrelated ones with the near-copy among them."""
    problems = benchmark_problems([_subset("humaneval", 5)])
    he0 = get_benchmark("humaneval").problem("HumanEval/0")
    plant = {"task_id": "train/plant", "prompt": he0.prompt, "answer": PLANTED_ANSWER}
    exercises = [dict(ex, task_id=f"train/{i}") for i, ex in enumerate(UNRELATED[:3])] + [plant] + \
                [dict(ex, task_id=f"train/{i + 3}") for i, ex in enumerate(UNRELATED[3:])]
    path = tmp_path_factory.mktemp("ex") / "train.jsonl"
    path.write_text("".join(json.dumps(ex) + "\n" for ex in exercises))
    return problems, exercises, path, 3  # the plant's index


def test_planted_copy_is_found_by_ngrams_and_substrings_only(planted):
    problems, exercises, path, k = planted
    overlap = ngram_overlap(problems, [TrainingSet("exercises", path, "exercises")], 13, log=None)
    assert set(overlap.hits["doc"]) == {k}  # no unrelated exercise shares a 13-gram
    hits = overlap.hits.set_index("task_id")["ngrams hit"]
    # HumanEval/4 shares one 13-gram with the copy, its doctest literal "([1.0, 2.0, 3.0": a false
    # positive of the kind the paper found.
    assert hits["HumanEval/0"] > 20 and hits.drop("HumanEval/0").max() <= 2
    row = overlap.per_problem.set_index("task_id").loc["HumanEval/0"]
    assert row["exercises: docs hit"] == 1 and row["exercises: ngrams hit"] > 20
    # The docstring is verbatim (whitespace aside); the reworded solution is not.
    subs = overlap.substrings
    assert list(zip(subs["task_id"], subs["part"], subs["doc"])) == [("HumanEval/0", "docstring", k)]
    assert overlap.scanned["docs"].iloc[0] == len(exercises)


def test_planted_copy_is_the_nearest_neighbour_by_embedding(planted):
    problems, exercises, _, k = planted
    texts = [exercise_text(ex) for ex in exercises]
    nn = nearest_neighbours(problems["text"].tolist(), texts, HashedTfidfEmbedder(dim=8))
    assert nn.loc[0, "train"] == k
    unrelated = [t for i, t in enumerate(texts) if i != k]
    far = nearest_neighbours(problems["text"].tolist(), unrelated, HashedTfidfEmbedder(dim=8))
    assert nn.loc[0, "l2"] < 0.5 * far["l2"].min()  # no unrelated exercise comes anywhere near


def test_planted_copy_is_found_by_ast_match_and_nothing_else(planted):
    problems, exercises, _, k = planted
    bench = [code_tree(t) for t in problems["text"]]
    train = [code_tree(exercise_text(ex)) for ex in exercises]
    pairs, stats = ast_matches(bench, train, 0.8)
    assert list(zip(pairs["bench"], pairs["train"])) == [(0, k)]
    assert pairs["match"].iloc[0] >= 0.95
    assert stats["after_label_bound"] < stats["unique_pairs"]
    best = best_matches(pairs, len(exercises), "train")
    assert best[k] >= 0.95 and np.isnan(np.delete(best, k)).all()


def test_code_tree_ignores_names_comments_docstrings_imports_and_annotations():
    a = code_tree("import os\ndef f(x: int) -> int:\n    'doc'\n    y = x + 1  # add\n    return y\n")
    b = code_tree("def g(value):\n    total = value + 1\n    return total\n")
    assert a == b
    assert code_tree("def f(x):\n    return x - 1\n") != code_tree("def f(x):\n    return x + 1\n")
    assert code_tree("def f(x):\n    return 1\n") != code_tree("def f(x):\n    return 'a'\n")
    assert code_tree("def f(:\n") is None
    assert ast_match.tree_labels(("a", (("b", ()), ("c", (("d", ()),))))) == ["a", "b", "c", "d"]


def test_tree_edit_distance_and_match_rate():
    a = ("f", (("d", (("a", ()), ("c", (("b", ()),)))), ("e", ())))
    b = ("f", (("c", (("d", (("a", ()), ("b", ()))),)), ("e", ())))
    assert tree_edit_distance(a, b) == 2  # Zhang & Shasha's example
    assert tree_edit_distance(a, a) == 0
    assert match_rate(a, b) == pytest.approx(1 - 2 / 6)
    assert ast_match.rate(10, 3, 4) == 0.0  # clamped
    assert tree_size(a) == 6


def _mutations(code: str) -> list[str]:
    lines = code.splitlines()
    body = [i for i, line in enumerate(lines) if line.startswith("    ") and line.strip()]
    out = []
    for i in body[-3:]:
        out.append("\n".join(lines[:i] + lines[i + 1:]) + "\n")  # one statement less
    out.append(code.replace("+", "-").replace("<", ">"))
    out.append(code + "\n    x = 0\n" if code.rstrip().endswith(":") else code + "\nx = [1, 2]\n")
    return out


def test_bounds_pruning_equals_brute_force():
    probs = get_benchmark("humaneval").problems()[:4] + get_benchmark("mbpp").problems()[:2]
    bench = [code_tree(p.prompt + p.reference) for p in probs]
    train_codes = [m for p in probs[::2] for m in _mutations(p.prompt + p.reference)]
    train_codes += [ex["prompt"] + ex["answer"] for ex in UNRELATED] + ["def broken(:\n"]
    train = [code_tree(c) for c in train_codes]
    exact = {(b, t): match_rate(bench[b], train[t]) for b in range(len(bench)) for t in range(len(train))
             if train[t] is not None}  # brute force: every pair
    found = {}
    for min_tau in (0.8, 0.5):
        pruned, stats = ast_matches(bench, train, min_tau)
        assert sorted(zip(pruned["bench"], pruned["train"])) == sorted(k for k, m in exact.items() if m >= min_tau - 1e-9)
        assert all(math.isclose(m, exact[(b, t)]) for b, t, m in zip(pruned["bench"], pruned["train"], pruned["match"]))
        assert stats["ted_computed"] < stats["unique_pairs"]  # the bounds did prune
        found[min_tau] = len(pruned)
    assert found[0.5] > found[0.8] > 0
    reference, stats = ast_matches(bench, train, 0.8, prune=False)
    pd.testing.assert_frame_equal(ast_matches(bench, train, 0.8)[0], reference)
    assert stats["ted_computed"] == stats["unique_pairs"]


def test_ngram_index_does_not_span_documents_and_skips_unknown_tokens():
    index = contamination.NgramIndex(["a b c d e"], 3)
    assert index.text_grams.tolist() == [3]
    hits = index.scan(["x a b", "c d y", "q a b c"])
    assert hits == [(2, index.grams[tuple(index._ids(["a", "b", "c"]))])]
    assert index.gram_text(hits[0][1]) == "a b c"
    assert index.scan([]) == [] and index.scan(["a b"]) == []
    assert code_tokens("def F(x):  return x+1") == ["def", "f", "(", "x", ")", ":", "return", "x", "+", "1"]


def test_benchmark_problems_docstrings_and_training_sets(tmp_path):
    problems = benchmark_problems([_subset("humaneval", 2), _subset("mbpp", 2)])
    assert problems["benchmark"].tolist() == ["humaneval", "humaneval", "mbpp", "mbpp"]
    assert "Check if in given list of numbers" in problems.loc[0, "docstring"]
    assert problems.loc[2, "docstring"] == get_benchmark("mbpp").problems()[0].meta["text"]
    assert problems.loc[0, "text"].endswith("return False\n")
    import datasets

    datasets.Dataset.from_list([{"path": f"f{i}.py", "text": f"x = {i}"} for i in range(5)]).save_to_disk(
        str(tmp_path / "p" / "filter" / "filtered_corpus"))
    sets = contamination.training_sets("p", root=tmp_path)
    assert [s.exists() for s in sets] == [True, False, False]
    batches = list(sets[0].batches(2))
    assert [len(b) for b in batches] == [2, 2, 1] and batches[2][0] == ("f4.py", "x = 4")


def test_removal_table_and_retrain_plan():
    best = np.array([1.0, 0.96, 0.91, np.nan, 0.82, 0.81])
    table = removal_table(best, [0.95, 0.9, 0.85, 0.8])
    assert table["removed"].tolist() == [2, 3, 3, 5]
    assert table["kept"].tolist() == [4, 3, 3, 1]
    assert table.filter(like="reported").iloc[0, 0] == pytest.approx(100 * 42.5 / 879.5, abs=0.01)
    plan = retrain_plan(best, [0.99, 0.95, 0.9, 0.85, 0.8])
    assert plan["trains"].tolist() == [True, True, True, False, True]
    assert plan["same_as"].tolist()[3] == 0.9
    plan = retrain_plan(np.array([np.nan, 0.5]), [0.95])
    assert plan.loc[0, "removed"] == 0 and plan.loc[0, "same_as"] is None and not plan.loc[0, "trains"]


def test_retrain_pruned_finetunes_each_distinct_pruned_set(monkeypatch, tmp_path):
    from phi1lib.train import grid
    from phi1lib.eval.harness import ModelSpec

    calls = []

    def fake_finetune(cfg, train_exercises, val_exercises, tokenizer_dir, pretrain_dir, out_dir, *, seeds, models,
                      setting, suffix, workers, log):
        calls.append((len(train_exercises), suffix, setting, models, seeds))
        return pd.DataFrame({"run": [f"{models[0]}-{setting}-s{s}-{suffix}" for s in seeds], "seed": seeds})

    monkeypatch.setattr(grid, "finetune_models", fake_finetune)
    monkeypatch.setattr(pruning, "best_checkpoint", lambda run_dir: run_dir / "best.pt")
    cfg = load_config("smoke")
    exercises = [{"prompt": f"p{i}", "answer": "a"} for i in range(4)]
    best = np.array([0.97, 0.92, np.nan, np.nan])
    finetuned = {0: ModelSpec(name="smoke-codetextbook-s0-finetuned", kind="checkpoint", path="ft.pt")}
    runs = pruning.retrain_pruned(cfg, exercises, [], best, finetuned, tokenizer_dir="t", pretrain_dir="p",
                                   out_dir=tmp_path, shape="smoke", seeds=[0], taus=[0.99, 0.95, 0.9, 0.85],
                                   workers=1, log=None)
    assert calls == [(3, "finetuned-pruned-tau0.95", "codetextbook", ["smoke"], [0]),
                     (2, "finetuned-pruned-tau0.9", "codetextbook", ["smoke"], [0])]
    assert runs["status"].tolist()[0].startswith("nothing removed") and runs["model"][0] == finetuned[0].name
    assert runs["model"].tolist()[1:] == ["smoke-codetextbook-s0-finetuned-pruned-tau0.95",
                                          "smoke-codetextbook-s0-finetuned-pruned-tau0.9",
                                          "smoke-codetextbook-s0-finetuned-pruned-tau0.9"]
    assert runs["status"].iloc[3].startswith("same pruned set as tau 0.9")
    assert runs["removed"].tolist() == [0, 1, 2, 2]


def test_largest_shape_and_param_count_match_the_model():
    from phi1lib.model.transformer import PhiModel

    cfg = load_config("tiny")
    assert pruning.largest_shape(cfg) == "tiny"
    assert pruning.retrain_shape(cfg) == cfg.contamination.retrain_shape == "tiny-small"
    assert pruning.retrain_shape(load_config("tiny", {"contamination.retrain_shape": None})) == "tiny"
    with pytest.raises(ValueError, match="retrain_shape 'nope'"):
        pruning.retrain_shape(load_config("tiny", {"contamination.retrain_shape": "nope"}))
    shape = load_config("smoke").shape("smoke")
    assert pruning.param_count(shape) == PhiModel(shape).num_params()


def _rows(role, model, tau, passed, logp):
    return [{"role": role, "model": model, "tau": tau, "benchmark": "humaneval", "task_id": f"T/{i}",
             "passed": p, "sum_logprob": lp, "n_tokens": 10, "n_chars": 20} for i, (p, lp) in enumerate(zip(passed, logp))]


def test_table3_splits_problems_by_similarity_on_hand_made_rows():
    results = pd.DataFrame(
        _rows("phi-1", "ft", None, [True, True, False, False], [-10, -10, -20, -20])
        + _rows("retrained", "rt95", 0.95, [True, False, False, True], [-5, -5, -5, -5])
        + _rows("retrained", "rt80", 0.8, [False, False, False, False], [-30, -30, -30, -30]))
    results["tau"] = results["tau"].astype(float)
    best = pd.DataFrame({"benchmark": "humaneval", "task_id": [f"T/{i}" for i in range(4)],
                         "best_match": [1.0, 0.9, 0.82, np.nan]})
    long = table3(results, best, [0.95, 0.8], n_boot=200)
    get = long.set_index(["tau", "split", "role"])
    assert get.loc[(0.95, "similar", "phi-1"), "problems"] == 1
    assert get.loc[(0.95, "non-similar", "phi-1"), "problems"] == 3
    assert get.loc[(0.8, "similar", "phi-1"), "problems"] == 3
    assert get.loc[(0.95, "similar", "phi-1"), "pass@1"] == 1.0
    assert get.loc[(0.95, "non-similar", "phi-1"), "pass@1"] == pytest.approx(1 / 3)
    assert get.loc[(0.95, "total", "retrained"), "pass@1"] == 0.5
    assert get.loc[(0.8, "similar", "retrained"), "pass@1"] == 0.0
    assert (0.8, "total", "retrained") in get.index and get.loc[(0.8, "total", "retrained"), "models"] == 1
    # bits per char = -sum logprob / ln 2 / chars, character-weighted over the split's problems
    assert get.loc[(0.8, "similar", "phi-1"), "bits_per_char"] == pytest.approx(40 / math.log(2) / 60)
    assert get.loc[(0.95, "total", "phi-1"), "mean_logprob"] == pytest.approx(-60 / 40)
    lo, hi = get.loc[(0.95, "total", "phi-1"), ["pass@1_lo", "pass@1_hi"]]
    assert 0 <= lo <= 0.5 <= hi <= 1
    wide = table3_wide(long)
    assert wide.shape[0] == 6 and wide.loc[0, "phi-1: pass@1 (%)"].startswith("100.0 [")


def test_gather_results_reads_per_problem_files(tmp_path):
    path = tmp_path / "per_problem" / "m1" / "humaneval.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"task_id": "HumanEval/0", "passed": True, "sum_logprob": -3.0}) + "\n")
    out = gather_results([{"role": "phi-1", "model": "m1", "eval_dir": tmp_path, "tau": None},
                          {"role": "base", "model": "absent", "eval_dir": tmp_path}], ["humaneval", "mbpp"])
    assert out[["role", "model", "benchmark", "task_id"]].values.tolist() == [["phi-1", "m1", "humaneval", "HumanEval/0"]]
    assert np.isnan(out["tau"].iloc[0])
    assert gather_results([], ["humaneval"]).empty


def test_closest_pairs_render_and_plot(planted):
    import matplotlib

    matplotlib.use("Agg")
    problems, exercises, _, k = planted
    texts = [exercise_text(ex) for ex in exercises]
    pairs, _ = ast_matches([code_tree(t) for t in problems["text"]], [code_tree(t) for t in texts], 0.8)
    nn = nearest_neighbours(problems["text"].tolist(), texts, HashedTfidfEmbedder(dim=8))
    shown = closest_pairs(problems, exercises, pairs, nn, 2)
    assert shown["by"].tolist() == ["AST match", "embedding distance", "embedding distance"]
    assert shown.loc[0, "task_id"] == "HumanEval/0" and shown.loc[0, "exercise_id"] == "train/plant"
    assert shown.loc[1, "exercise"] == k and shown.loc[0, "l2"] == pytest.approx(nn.loc[0, "l2"])
    # both measures for every pair: the AST match of the second embedding pair is computed, not left out
    assert shown.loc[2, "ast match"] == pytest.approx(match_rate(
        code_tree(problems.loc[nn.sort_values("l2").iloc[1]["bench"], "text"]),
        code_tree(texts[shown.loc[2, "exercise"]])))
    embedder = HashedTfidfEmbedder(dim=8).fit(texts + problems["text"].tolist())
    far = pairs.assign(bench=1)  # a pair that is not problem 1's nearest: its L2 comes from the embedder
    with_l2 = closest_pairs(problems, exercises, far, nn, 1, embedder=embedder)
    assert with_l2.loc[0, "l2"] == pytest.approx(contamination.pair_distances(
        embedder, [problems.loc[1, "text"]], [texts[k]])[0]) and with_l2.loc[0, "l2"] > 0.5
    text = contamination.render_pairs(shown)
    assert "HumanEval/0 vs exercise train/plant (AST match 1.00" in text and "# compare every pair once" in text
    fig = contamination.plot_pairs(shown)
    assert len(fig.axes) == 6
    table = contamination.best_match_table(problems, pairs, nn)
    assert table.loc[0, "best_match"] == 1.0 and table.loc[0, "best_match_exercise"] == k
    assert np.isnan(table.loc[1, "best_match"]) and table.loc[1, "best_match_exercise"] == -1


def test_contamination_embedder_follows_the_config():
    cfg = load_config("tiny")
    assert contamination.contamination_embedder(cfg).name == "tfidf"
    cfg = load_config("tiny", {"contamination.embedder": None})
    assert contamination.contamination_embedder(cfg).name == cfg.filter.embedder


def test_ted_in_worker_processes_equals_in_process():
    snippets = ["def f(x):\n    return x + 1\n", "def f(x, y):\n    return x * y\n", "x = [i for i in y]\n",
                "def f(s):\n    return s.upper()\n", "for i in x:\n    print(i)\n", "if a:\n    b = 1\n"]
    bench = [code_tree(s) for s in snippets]
    train = [code_tree(s + "z = 0\n" * k) for s in snippets for k in range(7)]  # 42 distinct trees
    one, stats = ast_matches(bench, train, 0.05, workers=1)
    assert stats["ted_computed"] >= 200  # enough pairs to go to the workers
    two, _ = ast_matches(bench, train, 0.05, workers=2)
    pd.testing.assert_frame_equal(one, two)


def test_overlap_summary_and_similarity_tables(planted):
    import matplotlib

    matplotlib.use("Agg")
    problems, exercises, path, k = planted
    overlap = ngram_overlap(problems, [TrainingSet("exercises", path, "exercises"),
                                       TrainingSet("textbooks", path.parent / "absent", "dataset")], 13, log=None)
    summary = contamination.overlap_summary(overlap)
    # HumanEval/2's solution, "return number % 1.0", is under the 15-token floor: not checked.
    assert summary.to_dict("records") == [{
        "training set": "exercises", "benchmark": "humaneval", "problems": 5, "problems sharing an n-gram": 2,
        "documents hit": 1, "solutions checked": 4, "verbatim solutions": 0, "docstrings checked": 5,
        "verbatim docstrings": 1}]
    assert overlap.scanned.set_index("training set").loc["textbooks", "status"] == "missing"
    texts = [exercise_text(ex) for ex in exercises]
    pairs, _ = ast_matches([code_tree(t) for t in problems["text"]], [code_tree(t) for t in texts], 0.8)
    nn = nearest_neighbours(problems["text"].tolist(), texts, HashedTfidfEmbedder(dim=8))
    best = contamination.best_match_table(problems, pairs, nn)
    similar = pruning.similar_table(best, [0.95, 0.8])
    assert similar[["tau", "problems", "similar", "non-similar"]].values.tolist() == [[0.95, 5, 1, 4], [0.8, 5, 1, 4]]
    assert similar["similar, reported by the paper"].tolist() == [71, 116]
    train_best = ast_match.best_matches(pairs, len(exercises), "train")
    removed = pruning.removed_exercises(exercises, train_best, pairs, problems, [0.95, 0.8])
    assert removed[["exercise", "exercise_id", "removed_at", "task_id"]].values.tolist() == [
        [k, "train/plant", 0.95, "HumanEval/0"]]
    near = pruning.near_families(removed, exercises, 0.95)
    assert near.to_dict("records") == [{"family": exercises[k].get("concept") or "(unknown)", "exercises": 1,
                                        "benchmark problems": "HumanEval/0", "best_match": removed["best_match"][0]}]
    assert pruning.near_families(removed, exercises, 1.01).empty
    fig = contamination.plot_similarity(best, [0.95, 0.8])
    assert len(fig.axes) == 2


def test_table3_models_entries_and_specs():
    from phi1lib.eval.harness import ModelSpec

    def spec(name, stage, data, seed=0, shape="tiny"):
        # lineage is a field: the label is never parsed back
        base_data = data.removesuffix(" + exercises") if stage == "finetune" else None
        return ModelSpec(name=name, kind="checkpoint", path=f"{name}.pt", shape=shape, seed=seed, stage=stage,
                         data=f"label of {name}" if stage == "finetune" else data, base_data=base_data)

    specs = [spec("tiny-filtered-s0", "pretrain", "filtered code"), spec("tiny-codetextbook-s0", "pretrain", "CodeTextbook"),
             spec("tiny-codetextbook-s0-finetuned", "finetune", "CodeTextbook + exercises"),
             spec("small-codetextbook-s0-finetuned", "finetune", "CodeTextbook + exercises", shape="tiny-small"),
             spec("tiny-codetextbook-s1", "pretrain", "CodeTextbook", seed=1)]
    models = pruning.table3_models(specs, "tiny", [0, 1])
    assert list(models) == [0]  # seed 1 has no finetuned model
    assert models[0]["finetuned"].name == "tiny-codetextbook-s0-finetuned"
    assert models[0]["base"].name == "tiny-codetextbook-s0"
    runs = pd.DataFrame([
        {"tau": 0.95, "seed": 0, "removed": 0, "kept": 9, "model": "tiny-codetextbook-s0-finetuned",
         "checkpoint": "ft.pt", "status": "nothing removed: the unpruned finetuned model"},
        {"tau": 0.8, "seed": 0, "removed": 2, "kept": 7, "model": "tiny-codetextbook-s0-finetuned-pruned-tau0.8",
         "checkpoint": "rt.pt", "status": "trained"}])
    entries = pruning.table3_entries(models, runs, "EVAL", "OWN")
    assert [(e["role"], e["model"], e["tau"], e["eval_dir"]) for e in entries] == [
        (pruning.FINETUNED, "tiny-codetextbook-s0-finetuned", None, "EVAL"),
        (pruning.BASE, "tiny-codetextbook-s0", None, "EVAL"),
        (pruning.RETRAINED, "tiny-codetextbook-s0-finetuned", 0.95, "EVAL"),
        (pruning.RETRAINED, "tiny-codetextbook-s0-finetuned-pruned-tau0.8", 0.8, "OWN")]
    specs = pruning.retrained_specs(runs, "tok", "tiny")
    assert [(s.name, s.path, s.tokenizer, s.stage) for s in specs] == [
        ("tiny-codetextbook-s0-finetuned-pruned-tau0.8", "rt.pt", "tok", "finetune")]
    assert pruning.retrained_specs(pd.DataFrame(), "tok", "tiny") == []


def test_headline_is_json_safe_and_table3_plots():
    import matplotlib

    matplotlib.use("Agg")
    results = pd.DataFrame(_rows("phi-1", "ft", None, [True, False], [-1, -2]))
    results["tau"] = results["tau"].astype(float)
    best = pd.DataFrame({"benchmark": "humaneval", "task_id": ["T/0", "T/1"], "best_match": [1.0, np.nan]})
    long = table3(results, best, [0.95], n_boot=100)
    out = pruning.headline(overlap=pd.DataFrame([{"a": np.int64(1)}]), similar=pd.DataFrame([{"x": np.nan}]),
                           removal=removal_table(np.array([1.0]), [0.95]), long=long,
                           ast_stats={"seconds": np.float64(1.5)}, runs=pd.DataFrame(), embedder="tfidf")
    text = json.dumps(out, allow_nan=False)
    assert json.loads(text)["table3"][0]["split"] == "similar" and out["similar_problems"] == [{"x": None}]
    fig = pruning.plot_table3(long)
    assert len(fig.axes) == 2


def test_retrain_taus_default_to_every_tau_and_must_be_among_them():
    cfg = load_config("smoke")
    assert pruning.retrain_taus(cfg.contamination) == [0.95, 0.9, 0.85, 0.8]
    cfg = load_config("smoke", {"contamination.retrain_taus": [0.8, 0.95]})
    assert pruning.retrain_taus(cfg.contamination) == [0.95, 0.8]
    with pytest.raises(ValueError, match="not among"):
        pruning.retrain_taus(load_config("smoke", {"contamination.retrain_taus": [0.5]}).contamination)


def test_near_families_groups_close_exercises_by_concept_family():
    removed = pd.DataFrame({"exercise": [0, 1, 2], "exercise_id": ["a", "b", "c"], "best_match": [0.97, 1.0, 0.85],
                            "removed_at": [0.95, 0.95, 0.85], "benchmark": ["humaneval", "mbpp", "mbpp"],
                            "task_id": ["HumanEval/3", 11, 12]})
    exercises = [{"concept": "running_sum"}, {"concept": "running_sum"}, {"concept": "gcd"}]
    near = pruning.near_families(removed, exercises, 0.95)
    assert near.to_dict("records") == [{"family": "running_sum", "exercises": 2,
                                        "benchmark problems": "11, HumanEval/3", "best_match": 1.0}]
    assert list(pruning.near_families(removed.iloc[:0], exercises).columns) == [
        "family", "exercises", "benchmark problems", "best_match"]
