"""experiments.py on a made-up filter stage: the shape x seed grid, resume/skip, tables, plots, export."""

import json

import matplotlib
import pytest

matplotlib.use("Agg")

from phi1lib.train import grid as E
from phi1lib.core.config import load_config
from phi1lib.data.exercises import split_exercises
from phi1lib.data.packing import pack_texts
from phi1lib.data.tokenizer import load_tokenizer, train_tokenizer
from phi1lib.model.checkpoint import best_checkpoint

DOCS = [f'def f{i}(x):\n    """Scale x by {i}."""\n    y = x * {i}\n    return y + {i % 7}\n'
        for i in range(240)]
OVERRIDES = {"packing.seq_len": 32, "tokenizer.vocab_size": 300, "seeds": [0, 1],
             "pretrain.max_steps": 3, "pretrain.eval_every": 0, "pretrain.save_every": 2,
             "pretrain.eval_sequences": 4, "pretrain.min_lr": 1e-4,
             "finetune.max_steps": 2, "finetune.save_every": 1, "finetune.eval_sequences": 4,
             "synth.n_exercises": 30, "synth.heldout_fraction": 0.2}


def _exercises(cfg, tok):
    """DOCS as exercises (prompt: signature and docstring; answer: the body), those that fit the
    context, the first `synth.n_exercises`, split as the finetuning stage splits them."""
    cut = [doc.index('"""\n') + 4 for doc in DOCS]
    exercises = [{"prompt": doc[:i], "answer": doc[i:], "name": f"f{n}"} for n, (doc, i) in enumerate(zip(DOCS, cut))]
    fit, _ = E.exercise_pairs(exercises, tok, cfg.packing.seq_len)
    kept = fit[:cfg.synth.n_exercises]
    train, val = split_exercises(kept, cfg.synth.heldout_fraction, cfg.synth.seed)
    return train, val, {"fit_seq_len": len(fit), "kept": len(kept), "train": len(train), "val": len(val)}


@pytest.fixture(scope="module")
def filter_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("filter")
    cfg = load_config("smoke", OVERRIDES)
    tok = load_tokenizer(train_tokenizer(iter(DOCS), cfg.tokenizer, out / "tokenizer"))
    pack_texts(DOCS, tok, cfg.packing, out / "tokens_raw", num_proc=1)
    return out


@pytest.fixture(scope="module")
def pretrained(filter_dir, tmp_path_factory):
    models = tmp_path_factory.mktemp("models")
    cfg = load_config("smoke", OVERRIDES)
    table = E.pretrain_models(cfg, filter_dir, models, workers=1, log=None)
    return cfg, models, table


def test_parallel_workers_give_the_runs_of_one_process(pretrained, filter_dir, tmp_path):
    cfg, _, table = pretrained
    logs = []
    parallel = E.pretrain_models(cfg, filter_dir, tmp_path, workers=2, log=logs.append)
    assert sorted(line.split(":")[0] for line in logs) == ["smoke-s0", "smoke-s1"]
    assert "2 parallel runs, 1 thread each" in logs[0]
    assert list(parallel["run"]) == list(table["run"])  # the grid's order, not the finishing order
    cols = ["final_train_loss", "final_val_loss"]
    assert parallel[cols].to_numpy() == pytest.approx(table[cols].to_numpy(), rel=1e-4)


def test_pretrain_runs_every_shape_and_seed(pretrained):
    _, models, table = pretrained
    assert list(table["run"]) == ["smoke-s0", "smoke-s1"] and list(table["seed"]) == [0, 1]
    assert (table["steps"] == 3).all() and (table["tokens_seen"] == 3 * 4 * 32).all()
    assert table["final_val_loss"].notna().all() and (table["params"] > 0).all()
    assert table.loc[0, "final_train_loss"] != table.loc[1, "final_train_loss"]  # seeds differ
    exp = json.loads((models / "smoke-s1" / E.EXPERIMENT).read_text())
    assert exp["train"]["seed"] == 1 and exp["model"]["vocab_size"] == 1024  # 300 padded to 1024
    assert best_checkpoint(models / "smoke-s0").name == "best.pt"


def test_runs_use_the_configs_min_lr_and_eval_sequences(pretrained):
    from phi1lib.train.schedule import lr_at

    cfg, models, _ = pretrained
    written = json.loads((models / "smoke-s0" / "config.json").read_text())["train"]
    assert written["eval_sequences"] == 4 and written["min_lr"] == 1e-4
    rows = E.load_curves([models / "smoke-s0"])
    c = cfg.pretrain
    want = [lr_at(s, peak=c.lr, warmup=c.warmup_steps, max_steps=c.max_steps, min_lr=1e-4) for s in range(3)]
    assert rows["lr"].tolist() == pytest.approx(want)
    assert want[-1] != pytest.approx(lr_at(2, peak=c.lr, warmup=c.warmup_steps, max_steps=c.max_steps))


def test_rerun_skips_finished_runs_resumes_unfinished_and_restarts_changed(pretrained, filter_dir):
    cfg, models, table = pretrained
    logs = []
    again = E.pretrain_models(cfg, filter_dir, models, log=logs.append)
    assert logs == ["smoke-s0: skipped", "smoke-s1: skipped"]
    assert again.equals(table)
    (models / "smoke-s1" / "summary.json").unlink()  # as if killed after its last checkpoint
    logs.clear()
    resumed = E.pretrain_models(cfg, filter_dir, models, seeds=[1], workers=1, log=logs.append)
    assert [line.split(" in ")[0] for line in logs] == ["smoke-s1: resumed"]
    assert resumed.loc[0, "final_val_loss"] == pytest.approx(table.loc[1, "final_val_loss"], rel=1e-5)
    changed = load_config("smoke", {**OVERRIDES, "pretrain.max_steps": 4})
    logs.clear()
    out = E.pretrain_models(changed, filter_dir, models / "other", seeds=[0], workers=1, log=logs.append)
    assert logs[0].startswith("smoke-s0: ran in ") and out.loc[0, "steps"] == 4


def test_a_change_to_the_training_code_starts_the_run_over(filter_dir, tmp_path, monkeypatch):
    cfg = load_config("smoke", {**OVERRIDES, "pretrain.max_steps": 2})
    E.pretrain_models(cfg, filter_dir, tmp_path, seeds=[0], workers=1, log=None)
    logs = []
    E.pretrain_models(cfg, filter_dir, tmp_path, seeds=[0], workers=1, log=logs.append)
    assert logs == ["smoke-s0: skipped"]
    monkeypatch.setattr(E, "training_code_digest", lambda: "edited")
    logs.clear()
    E.pretrain_models(cfg, filter_dir, tmp_path, seeds=[0], workers=1, log=logs.append)
    assert logs[0].startswith("smoke-s0: ran")


def test_a_changed_config_starts_the_run_over(filter_dir, tmp_path):
    cfg = load_config("smoke", {**OVERRIDES, "pretrain.max_steps": 2})
    E.pretrain_models(cfg, filter_dir, tmp_path, seeds=[0], workers=1, log=None)
    (tmp_path / "smoke-s0" / "stale.txt").write_text("from the old run")
    logs = []
    cfg2 = load_config("smoke", {**OVERRIDES, "pretrain.max_steps": 2, "pretrain.lr": 5e-4})
    E.pretrain_models(cfg2, filter_dir, tmp_path, seeds=[0], workers=1, log=logs.append)
    assert logs[0].startswith("smoke-s0: ran") and not (tmp_path / "smoke-s0" / "stale.txt").exists()


@pytest.fixture(scope="module")
def finetuned(pretrained, filter_dir):
    cfg, models, _ = pretrained
    tok = load_tokenizer(filter_dir / "tokenizer")
    train, val, counts = _exercises(cfg, tok)
    table = E.finetune_models(cfg, train, val, filter_dir / "tokenizer", models, models, workers=1, log=None)
    return cfg, models, table, train, val, counts, tok


def test_exercise_pairs_keep_what_fits_with_its_end_of_text(finetuned):
    cfg, _, _, train, val, counts, tok = finetuned
    assert 30 <= counts["fit_seq_len"] < 240 and counts["kept"] == 30  # the longer docs do not fit 32 tokens
    assert counts["train"] == len(train) == 24 and counts["val"] == len(val) == 6
    kept, pairs = E.exercise_pairs(train + val, tok, cfg.packing.seq_len)
    assert len(kept) == 30 and all(len(p) + len(a) <= 33 and a[-1] == tok.eot_id for p, a in pairs)
    assert E.exercise_pairs(train, tok, 8)[0] == []  # nothing fits 8 tokens


def test_finetune_starts_from_the_pretrained_best_checkpoint(finetuned):
    _, models, table, *_ = finetuned
    assert list(table["run"]) == ["smoke-s0-finetuned", "smoke-s1-finetuned"]
    assert (table["steps"] == 2).all() and table["best_val_loss"].notna().all()
    exp = json.loads((models / "smoke-s0-finetuned" / E.EXPERIMENT).read_text())
    assert exp["init_from"]["path"].endswith("smoke-s0/best.pt") and exp["train"]["loss_on"] == "answer"
    assert exp["data"] == {**exp["data"], "n_train": 24, "n_val": 6}


def test_curves_tables_and_plot(finetuned):
    _, models, table, *_ = finetuned
    dirs = [models / r for r in table["run"]]
    curves = E.load_curves(dirs)
    assert set(curves["run"]) == set(table["run"]) and len(curves) == 4  # 2 steps x 2 runs
    assert {"shape", "seed", "tokens", "loss", "val_loss"} <= set(curves.columns)
    assert list(E.runs_table(dirs).columns) == E.RUN_COLUMNS
    summary = E.summarize_runs(table)
    assert summary.loc[0, "seeds"] == 2 and summary.loc[0, "final_val_loss_std"] >= 0
    fig = E.plot_loss_curves(curves, title="t")
    assert len(fig.axes) == 2 and fig.axes[0].get_lines()
    table = E.train_config_table({"paper": load_config("full").finetune,
                                  "smoke": load_config("smoke").finetune})
    assert list(table.columns) == ["setting", "paper", "smoke"]
    tiny = E.train_config_table({"tiny": load_config("tiny").finetune}).set_index("setting")["tiny"]
    assert tiny["max_steps"] == "800 (tiny: 5400)" and tiny["lr"] == 3e-3  # the per-shape steps shown


def test_export_and_greedy_completions(finetuned, filter_dir, tmp_path):
    cfg, models, _, _, val, _, tok = finetuned
    paths = E.export_finetuned([models / "smoke-s0-finetuned"], filter_dir / "tokenizer", tmp_path,
                               eos_token_id=tok.eot_id)
    assert paths == [tmp_path / "smoke-s0-finetuned-hf"]
    assert {"config.json", "model.safetensors", "tokenizer.json"} <= {p.name for p in paths[0].iterdir()}
    from phi1lib.model.checkpoint import load_model

    model = load_model(best_checkpoint(models / "smoke-s0-finetuned"))
    done = E.complete_exercises(model, tok, val[:2], max_new_tokens=5)
    assert list(done.columns) == ["name", "prompt", "reference", "completion"] and len(done) == 2
    assert all(isinstance(c, str) for c in done["completion"])
    text = E.format_completions(done.assign(completion=["    x = 1\n" * 20, ""]), max_lines=3)
    assert text.count("=== def ") == 2 and "(17 more lines)" in text
    _, pairs = E.exercise_pairs(val, tok, cfg.packing.seq_len)
    base = E.heldout_loss(best_checkpoint(models / "smoke-s0"), pairs, 32, "answer", tok.eot_id)
    assert 0 < base < 20


def test_heldout_comparison_scores_pretrained_and_finetuned(finetuned):
    cfg, models, _, _, val, _, tok = finetuned
    comp = E.heldout_comparison(cfg, val, tok, models)
    assert list(comp.columns) == ["setting", "shape", "seed", "exercises", "pretrained_loss", "finetuned_loss"]
    assert list(comp["seed"]) == [0, 1] and (comp["exercises"] == 6).all()
    assert (comp[["pretrained_loss", "finetuned_loss"]] > 0).all().all()


# ------------------------------------------------------------------ data settings (the ablation)

def test_run_names_carry_the_data_setting():
    assert E.run_name("tiny", 2) == "tiny-s2"
    assert E.run_name("tiny", 2, setting="filtered") == "tiny-filtered-s2"
    assert E.run_name("tiny", 0, "finetuned", setting="codetextbook") == "tiny-codetextbook-s0-finetuned"


def test_seeds_for_takes_the_per_shape_override():
    cfg = load_config("smoke", {"seeds": [0, 1, 2], "ablation.seeds_by_shape": {"big": [0]}})
    assert E.seeds_for(cfg, "big") == [0] and E.seeds_for(cfg, "smoke") == [0, 1, 2]


def test_setting_dirs_map_each_setting_to_its_stage_folder(tmp_path):
    cfg = load_config("smoke", {"ablation.settings": ["unfiltered", "codetextbook"]})
    dirs = E.setting_dirs(cfg, {"filter": tmp_path / "f", "pretrain": tmp_path / "p"})
    assert dirs == {"unfiltered": tmp_path / "f" / "tokens_unfiltered",
                    "codetextbook": tmp_path / "p" / "tokens_codetextbook"}
    with pytest.raises(ValueError, match="unknown data setting 'nope'"):
        E.setting_dirs(load_config("smoke", {"ablation.settings": ["nope"]}), {})


def _save_rows(rows, path):
    import datasets

    datasets.Dataset.from_list(rows).save_to_disk(str(path))
    return path


def test_build_codetextbook_packs_filtered_code_then_textbooks(filter_dir, tmp_path):
    cfg = load_config("smoke", OVERRIDES)
    fdir = tmp_path / "filter"
    fdir.mkdir()
    (fdir / "tokenizer").symlink_to(filter_dir / "tokenizer")
    _save_rows([{"text": d} for d in DOCS[:40]], fdir / "filtered_corpus")
    book = "Lists keep order. For example:\n\n```python\nxs = [3, 1]\nxs.sort()\n```\n"
    _save_rows([{"text": book, "title": "t"}] * 10, tmp_path / "synth" / "synthetic_textbooks")
    meta = E.build_codetextbook(fdir, tmp_path / "synth", cfg, tmp_path / "ct")
    assert meta["sources"] == {"filtered code": 40, "textbooks": 10} and meta["n_docs"] == 50
    tok = load_tokenizer(filter_dir / "tokenizer")
    expected = sum(len(tok.encode(t)) + 1 for t in DOCS[:40] + [book] * 10)  # + one eot per document
    assert meta["n_tokens"] == expected
    with pytest.raises(FileNotFoundError, match="synthetic_textbooks"):
        E.build_codetextbook(fdir, tmp_path / "missing", cfg, tmp_path / "ct2")


def test_pretrain_on_settings_names_runs_and_records_the_setting(filter_dir, tmp_path):
    cfg = load_config("smoke", {**OVERRIDES, "seeds": [0]})
    data = {"a": filter_dir / "tokens_raw", "b": filter_dir / "tokens_raw"}
    table = E.pretrain_models(cfg, data, tmp_path, workers=1, log=None)
    assert list(table["run"]) == ["smoke-a-s0", "smoke-b-s0"] and list(table["setting"]) == ["a", "b"]
    assert list(E.summarize_runs(table)["setting"]) == ["a", "b"]
    curves = E.load_curves(tmp_path / r for r in table["run"])
    assert set(curves["setting"]) == {"a", "b"}
    tok = load_tokenizer(filter_dir / "tokenizer")
    train, val, _ = _exercises(cfg, tok)
    ft = E.finetune_models(cfg, train, val, filter_dir / "tokenizer", tmp_path, tmp_path / "ft", setting="b",
                           suffix="pruned", workers=1, log=None)
    assert list(ft["run"]) == ["smoke-b-s0-pruned"] and list(ft["setting"]) == ["b"]
    exp = json.loads((tmp_path / "ft" / "smoke-b-s0-pruned" / "experiment.json").read_text())
    assert exp["init_from"]["path"].endswith("smoke-b-s0/best.pt") or "smoke-b-s0" in exp["init_from"]["path"]
    # every listed setting finetuned in one call, the run's dropout on the model it trains
    cfg = load_config("smoke", {**OVERRIDES, "seeds": [0], "finetune.dropout": 0.0})
    ft = E.finetune_models(cfg, train, val, filter_dir / "tokenizer", tmp_path, tmp_path / "ft2",
                           setting=["a", "b"], workers=1, log=None)
    assert list(ft["run"]) == ["smoke-a-s0-finetuned", "smoke-b-s0-finetuned"]
    assert list(ft["setting"]) == ["a", "b"]
    exp = json.loads((tmp_path / "ft2" / "smoke-a-s0-finetuned" / "experiment.json").read_text())
    assert exp["model"]["dropout"] == 0.0 and "smoke-a-s0" in exp["init_from"]["path"]


def test_finetune_settings_put_the_papers_setting_first_and_model_config_takes_the_dropout():
    cfg = load_config("smoke", {"ablation.finetune_settings": ["unfiltered", "codetextbook", "filtered"]})
    assert E.finetune_settings(cfg) == ["codetextbook", "unfiltered", "filtered"]
    assert E.finetune_settings(load_config("smoke")) == ["codetextbook"]
    assert E.model_config(cfg, "smoke", cfg.finetune).dropout == cfg.shape("smoke").dropout == 0.1
    tcfg = load_config("smoke", {"finetune.dropout": 0.0}).finetune
    assert E.model_config(cfg, "smoke", tcfg).dropout == 0.0


def test_synthetic_exercises_become_prompt_answer_pairs(filter_dir, tmp_path):
    cfg = load_config("smoke", {**OVERRIDES, "synth.heldout_fraction": 0.25})
    rows = [{"task_id": f"train/train/{i}", "prompt": f'def f{i}(x):\n    """Add {i}."""\n',
             "solution": f"    return x + {i}\n", "tests": f"assert f{i}(0) == {i}\n", "entry_point": f"f{i}",
             "concept": "arithmetic"} for i in range(8)]
    rows.append({**rows[0], "task_id": "long", "solution": "    return x\n" * 50})  # does not fit seq_len
    _save_rows(rows, tmp_path / "code_exercises")
    loaded = E.synthetic_exercises(tmp_path)
    assert loaded[1]["answer"] == "    return x + 1\n" and loaded[1]["name"] == "f1" and loaded[1]["test"]
    train, val, counts = E.prepare_synthetic_exercises(cfg, tmp_path, load_tokenizer(filter_dir / "tokenizer"))
    assert counts == {"synthesized": 9, "task form": 0, "fit_seq_len": 8, "train": 6, "val": 2}
    assert "long" not in {ex["task_id"] for ex in train + val}
    # a share in task form: the same exercises, some asking for the whole function
    cfg = load_config("smoke", {**OVERRIDES, "synth.heldout_fraction": 0.25, "synth.task_form_share": 0.5,
                                "packing.seq_len": 128})
    train2, val2, counts = E.prepare_synthetic_exercises(cfg, tmp_path, load_tokenizer(filter_dir / "tokenizer"))
    assert counts["task form"] == 4 and counts["fit_seq_len"] == 8
    tasks = [ex for ex in train2 + val2 if ex.get("form") == "task"]
    assert tasks and all(ex["answer"].startswith(f"def {ex['name']}(x):") for ex in tasks)
    with pytest.raises(FileNotFoundError, match="synthesize stage"):
        E.synthetic_exercises(tmp_path / "nowhere")


def test_settings_by_shape_limit_a_shapes_runs_and_wide_shapes_train_first_alone(filter_dir, tmp_path):
    cfg = load_config("smoke", {**OVERRIDES, "seeds": [0], "models": ["smoke", "tiny-small"],
                                "ablation.settings": ["a", "b"], "ablation.settings_by_shape": {"tiny-small": ["b"]},
                                "threads_by_shape": {"tiny-small": 1}, "pretrain.max_steps": 1})
    assert E.settings_for(cfg, "tiny-small") == ["b"] and E.settings_for(cfg, "smoke") == ["a", "b"]
    data = {"a": filter_dir / "tokens_raw", "b": filter_dir / "tokens_raw"}
    lines = []
    table = E.pretrain_models(cfg, data, tmp_path, workers=2, log=lines.append)
    assert sorted(table["run"]) == ["smoke-a-s0", "smoke-b-s0", "tiny-small-b-s0"]
    assert lines[0].startswith("tiny-small-b-s0: ran") and "alone, 1 threads" in lines[0]
    # finetuning and the held-out comparison skip the settings a shape has no base for
    tok = load_tokenizer(filter_dir / "tokenizer")
    train, val, _ = _exercises(cfg, tok)
    ft = E.finetune_models(cfg, train, val, filter_dir / "tokenizer", tmp_path, tmp_path, setting=["a", "b"],
                           workers=1, log=None)
    assert sorted(ft["run"]) == ["smoke-a-s0-finetuned", "smoke-b-s0-finetuned", "tiny-small-b-s0-finetuned"]
    held = E.heldout_comparison(cfg, val, tok, tmp_path, setting=["a", "b"])
    assert list(zip(held["setting"], held["shape"])) == [("a", "smoke"), ("b", "smoke"), ("b", "tiny-small")]


def test_run_config_takes_the_seed_and_the_shapes_steps():
    cfg = load_config("smoke", {"finetune.max_steps": 7, "finetune.max_steps_by_shape": {"tiny": 11}})
    assert E.run_config(cfg.finetune, "smoke", 3).max_steps == 7 and E.run_config(cfg.finetune, "smoke", 3).seed == 3
    assert E.run_config(cfg.finetune, "tiny", 0).max_steps == 11


def test_progress_shows_each_runs_steps_from_the_workers_and_the_runs_done(filter_dir, tmp_path, capsys,
                                                                           monkeypatch):
    monkeypatch.setenv("PHI1_PROGRESS_INTERVAL", "0")  # a line per step: 3 steps a run
    cfg = load_config("smoke", OVERRIDES)
    E.pretrain_models(cfg, filter_dir, tmp_path / "on", workers=2, log=None, progress=True)
    out = capsys.readouterr().out
    assert "\r" not in out
    for run in ("smoke-s0", "smoke-s1"):  # from the worker processes, relayed
        steps = [line for line in out.splitlines() if line.startswith(f"{run}:")]
        assert steps[0].startswith(f"{run}:   0%|          | 0/3 [") and steps[-1].startswith(f"{run}: 100%")
        assert len(steps) == 4  # the start, then a line per step
        assert " tok/s]" in steps[-1] and "loss " in steps[-1]
    runs = [line for line in out.splitlines() if line.startswith("pretrain runs:")]
    assert runs[0].startswith("pretrain runs:   0%")
    assert runs[-1].startswith("pretrain runs: 100%|##########| 2/2 [")
    E.pretrain_models(cfg, filter_dir, tmp_path / "off", workers=1, log=None, progress=False)
    assert capsys.readouterr().out == ""


def test_step_progress_counts_from_where_a_resumed_run_starts():
    import io

    from phi1lib.core import progress

    out = io.StringIO()
    on_step, close = E._step_progress("r", 10)
    real = progress.sink
    progress.sink = lambda: out
    try:
        for step in (7, 8):
            on_step({"step": step, "tokens": step * 100, "loss": 2.0, "val_loss": 2.5 if step == 8 else None,
                     "tokens_per_s": 50.0, "elapsed_s": float(step)})
        close()
    finally:
        progress.sink = real
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("r:  60%|######    | 6/10 [")  # resumed after step 6
    assert lines[-1].startswith("r:  80%|########  | 8/10 [")
    assert lines[-1].endswith("loss 2.000, val 2.500, 100 tok/s]")



def test_a_run_trains_side_by_side_to_its_planned_step_then_alone_and_repeats_exactly(filter_dir, tmp_path):
    cfg = load_config("smoke", {**OVERRIDES, "pretrain.max_steps": 4, "pretrain.save_every": 2,
                                "pretrain.alone_from_step_by_shape": {"smoke": 2}})
    tables = []
    for out in ("a", "b"):
        lines = []
        tables.append(E.pretrain_models(cfg, filter_dir, tmp_path / out, workers=2, log=lines.append))
        assert sorted(line.split(" in ")[0] for line in lines) == [
            "smoke-s0: ran up to step 2", "smoke-s0: resumed alone from step 2",
            "smoke-s1: ran up to step 2", "smoke-s1: resumed alone from step 2"]
        assert all("(2 threads)" in line for line in lines if "alone" in line)
        metrics = [json.loads(row) for row in (tmp_path / out / "smoke-s0" / "metrics.jsonl").read_text().splitlines()]
        assert [row["step"] for row in metrics] == [1, 2, 3, 4]  # one row a step, across both sessions
    a, b = tables
    assert list(a["steps"]) == [4, 4] and (a["wall_time_s"] > 0).all()
    cols = ["final_train_loss", "final_val_loss", "best_val_loss"]
    assert a[cols].to_numpy().tolist() == b[cols].to_numpy().tolist()  # a planned step: the same numbers
    # a rerun that finds the side-by-side part done (its checkpoint past the step) goes straight to the rest
    for run in ("smoke-s0", "smoke-s1"):
        (tmp_path / "b" / run / "summary.json").unlink()
    lines = []
    again = E.pretrain_models(cfg, filter_dir, tmp_path / "b", workers=2, log=lines.append)
    assert sum(line.startswith(f"smoke-s{i}: resumed up to step 2 in 0 s") for line in lines for i in (0, 1)) == 2
    assert again[cols].to_numpy().tolist() == b[cols].to_numpy().tolist()

    bad = load_config("smoke", {**OVERRIDES, "pretrain.save_every": 2, "pretrain.alone_from_step_by_shape": {"smoke": 3}})
    with pytest.raises(ValueError, match=r"alone_from_step_by_shape\['smoke'\] = 3: not a checkpoint step"):
        E.pretrain_models(bad, filter_dir, tmp_path / "bad", workers=2, log=None)
