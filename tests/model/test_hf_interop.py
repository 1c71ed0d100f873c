"""Equality with transformers' PhiForCausalLM on the same weights, both ways, and clear load errors;
`phi1 export` of a training run, loaded by transformers and run as a batched pipeline."""

import dataclasses
import json
import os

import numpy as np
import pytest
import torch
from safetensors.torch import load_file, save_file
from transformers import AutoModelForCausalLM, AutoTokenizer, PhiConfig, PhiForCausalLM, pipeline

from phi1lib.train.batches import TokenWindows
from phi1lib.eval.benchmarks import HumanEval
from phi1lib.study.cli import main as phi1
from phi1lib.core.config import SHAPES, TokenizerConfig, TrainConfig
from phi1lib.model.generate import generate_ids
from phi1lib.model.hf_interop import HFInteropError, export_hf, export_run, import_hf, run_checkpoint
from phi1lib.model.transformer import PhiModel
from phi1lib.data.tokenizer import EOT, load_tokenizer, train_tokenizer
from phi1lib.train.loop import train

V, CTX = 128, 64
ATOL = 1e-5



def random_model(seed: int = 0, **overrides) -> PhiModel:
    """Every parameter off its init (zero biases and unit LayerNorms would hide a mapping bug).
    Non-default theta and eps, so a config field that does not travel shows up in the logits."""
    torch.manual_seed(seed)
    cfg = dataclasses.replace(SHAPES["smoke"], **{"vocab_size": V, "context_len": CTX, "rope_theta": 500.0,
                                                  "layer_norm_eps": 1e-3, **overrides})
    model = PhiModel(cfg)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.2)
    return model.eval()


def random_hf(path, partial_rotary_factor=0.25):
    torch.manual_seed(1)
    cfg = PhiConfig(vocab_size=V, hidden_size=48, intermediate_size=96, num_hidden_layers=2,
                    num_attention_heads=3, max_position_embeddings=CTX,
                    partial_rotary_factor=partial_rotary_factor,
                    rope_theta=300.0, layer_norm_eps=1e-4, resid_pdrop=0.1, attention_dropout=0.1)
    hf = PhiForCausalLM(cfg)
    with torch.no_grad():
        for p in hf.parameters():
            p.add_(torch.randn_like(p) * 0.2)
    hf.save_pretrained(path)
    return hf.eval()


def test_export_loads_in_transformers_with_the_same_logits(tmp_path):
    model = random_model()
    export_hf(model, tmp_path)
    cfg = json.loads((tmp_path / "config.json").read_text())
    assert cfg["partial_rotary_factor"] == 0.5 and cfg["hidden_act"] == "gelu_new"
    assert cfg["rope_theta"] == 500.0 and cfg["layer_norm_eps"] == 1e-3
    assert cfg["max_position_embeddings"] == CTX and cfg["tie_word_embeddings"] is False
    hf = AutoModelForCausalLM.from_pretrained(tmp_path).eval()
    assert isinstance(hf, PhiForCausalLM)
    idx = torch.randint(0, V, (2, 40))
    with torch.no_grad():
        ours, theirs = model(idx)[0], hf(idx).logits
    assert ours.abs().max() > 1.0  # logits big enough that a wrong weight would show
    assert (ours - theirs).abs().max() < ATOL


def test_hf_model_imports_with_the_same_logits_including_left_padding(tmp_path):
    hf = random_hf(tmp_path)
    model = import_hf(tmp_path)
    c = model.config
    assert (c.n_head, c.head_dim, c.rotary_dim, c.rope_theta, c.layer_norm_eps) == (3, 16, 4, 300.0, 1e-4)
    assert c.dropout == 0.1 and not model.training
    idx = torch.randint(0, V, (2, 30))
    mask = torch.ones_like(idx)
    mask[1, :11] = 0  # row 1 is left-padded
    positions = (mask.cumsum(-1) - 1).clamp(min=0)
    with torch.no_grad():
        assert (model(idx)[0] - hf(idx).logits).abs().max() < ATOL
        ours = model(idx, attention_mask=mask)[0]
        theirs = hf(idx, attention_mask=mask, position_ids=positions).logits
    assert (ours[0] - theirs[0]).abs().max() < ATOL
    assert (ours[1, 11:] - theirs[1, 11:]).abs().max() < ATOL  # padding positions are never read


def test_roundtrip_keeps_every_tensor_and_copies_tokenizer_files(tmp_path, tokenizer_dir):
    model = random_model(vocab_size=512)
    tok = tmp_path / "tok"
    tok.mkdir()
    (tok / "tokenizer.json").write_bytes((tokenizer_dir / "tokenizer.json").read_bytes())
    (tok / "config.json").write_text('{"model_type": "not-ours"}')  # must not clobber ours
    out = export_hf(model, tmp_path / "hf", tok, eos_token_id=5)
    assert (out / "tokenizer.json").read_bytes() == (tokenizer_dir / "tokenizer.json").read_bytes()
    cfg = json.loads((out / "config.json").read_text())
    assert cfg["model_type"] == "phi" and cfg["eos_token_id"] == 5 and cfg["pad_token_id"] == 5
    back = import_hf(out)
    assert dataclasses.replace(back.config, name=model.config.name) == model.config
    for key, value in model.state_dict().items():
        assert torch.equal(back.state_dict()[key], value), key


def test_released_phi1_layout_imports(tmp_path):
    # microsoft/phi-1's config.json (transformers 4.37 conversion): rope settings at top level
    export_hf(random_model(), tmp_path)
    cfg = {"architectures": ["PhiForCausalLM"], "model_type": "phi", "attention_dropout": 0.0,
           "bos_token_id": None, "embd_pdrop": 0.0, "eos_token_id": None, "hidden_act": "gelu_new",
           "hidden_size": 64, "initializer_range": 0.02, "intermediate_size": 256, "layer_norm_eps": 1e-3,
           "max_position_embeddings": CTX, "num_attention_heads": 2, "num_hidden_layers": 2,
           "num_key_value_heads": None, "partial_rotary_factor": 0.5, "qk_layernorm": False,
           "resid_pdrop": 0.0, "rope_scaling": None, "rope_theta": 500.0, "tie_word_embeddings": False,
           "torch_dtype": "float32", "transformers_version": "4.37.0", "use_cache": True, "vocab_size": V}
    (tmp_path / "config.json").write_text(json.dumps(cfg))
    model = import_hf(tmp_path)
    assert (model.config.head_dim, model.config.rotary_dim, model.config.rope_theta) == (32, 16, 500.0)
    idx = torch.randint(0, V, (1, 20))
    with torch.no_grad():
        assert torch.allclose(model(idx)[0], random_model()(idx)[0], atol=ATOL)


def test_export_refuses_heads_that_do_not_fill_d_model(tmp_path):
    with pytest.raises(HFInteropError, match="n_head \\* head_dim == d_model"):
        export_hf(random_model(n_head=3, head_dim=16, rotary_dim=8), tmp_path)


@pytest.fixture
def exported(tmp_path):
    export_hf(random_model(), tmp_path)
    return tmp_path


def _edit_config(path, **changes):
    cfg = json.loads((path / "config.json").read_text())
    cfg.update(changes)
    (path / "config.json").write_text(json.dumps(cfg))


def test_missing_directory_or_config(tmp_path):
    with pytest.raises(HFInteropError, match="config.json: not found"):
        import_hf(tmp_path / "nowhere")


def test_invalid_config_json(exported):
    (exported / "config.json").write_text("{not json")
    with pytest.raises(HFInteropError, match="config.json: not valid JSON"):
        import_hf(exported)


@pytest.mark.parametrize("changes, message", [
    ({"model_type": "llama", "architectures": ["LlamaForCausalLM"]}, "model_type 'llama'"),
    ({"model_type": "phi-msft"}, "phi-msft"),
    ({"hidden_act": "relu"}, "hidden_act 'relu'"),
    ({"num_key_value_heads": 1}, "grouped KV heads"),
    ({"rope_parameters": {"rope_type": "linear", "factor": 2.0}}, "rope scaling"),
    ({"hidden_size": None}, "missing field 'hidden_size'"),
])
def test_unsupported_config(exported, changes, message):
    _edit_config(exported, **changes)
    with pytest.raises(HFInteropError, match=message) as err:
        import_hf(exported)
    assert "config.json" in str(err.value)


def test_missing_weights(exported):
    (exported / "model.safetensors").unlink()
    with pytest.raises(HFInteropError, match="no weights found"):
        import_hf(exported)


def test_corrupted_weights(exported):
    data = (exported / "model.safetensors").read_bytes()
    (exported / "model.safetensors").write_bytes(data[: len(data) // 2])
    with pytest.raises(HFInteropError, match="model.safetensors: cannot read weights"):
        import_hf(exported)


def test_shape_mismatch_names_the_tensor(exported):
    _edit_config(exported, intermediate_size=128)
    message = r"model.safetensors: tensor 'model.layers.0.mlp.fc1.\w+' has shape"
    with pytest.raises(HFInteropError, match=message):
        import_hf(exported)


def test_missing_and_unexpected_tensors(exported):
    tensors = load_file(exported / "model.safetensors")
    tensors["model.layers.0.extra.weight"] = tensors.pop("model.layers.1.mlp.fc2.bias")
    save_file(tensors, exported / "model.safetensors", metadata={"format": "pt"})
    with pytest.raises(HFInteropError, match="missing \\['model.layers.1.mlp.fc2.bias'\\], "
                                             "unexpected \\['model.layers.0.extra.weight'\\]"):
        import_hf(exported)


def test_sharded_checkpoint_with_a_missing_shard(exported):
    tensors = load_file(exported / "model.safetensors")
    (exported / "model.safetensors").unlink()
    keys = sorted(tensors)
    shards = {"model-00001-of-00002.safetensors": keys[:10], "model-00002-of-00002.safetensors": keys[10:]}
    for name, shard_keys in shards.items():
        save_file({k: tensors[k] for k in shard_keys}, exported / name, metadata={"format": "pt"})
    index = {"weight_map": {k: name for name, ks in shards.items() for k in ks}}
    (exported / "model.safetensors.index.json").write_text(json.dumps(index))
    assert torch.equal(import_hf(exported).lm_head.bias, tensors["lm_head.bias"])
    (exported / "model-00002-of-00002.safetensors").unlink()
    with pytest.raises(HFInteropError, match="model-00002-of-00002.safetensors: weight file listed"):
        import_hf(exported)


# ------------------------------------------------------------------------- exports of training runs

TOK_VOCAB, MODEL_VOCAB = 400, 512  # the model's vocabulary rounded up past the tokenizer's, as config.py does


@pytest.fixture(scope="module")
def tokenizer_dir(tmp_path_factory):
    texts = [p.prompt + p.reference for p in HumanEval().problems()]
    return train_tokenizer(texts, TokenizerConfig(kind="bpe", vocab_size=TOK_VOCAB),
                           tmp_path_factory.mktemp("tok") / "tokenizer")


@pytest.fixture(scope="module")
def profile_dir(tmp_path_factory, tokenizer_dir):
    """outputs/<profile>/ as the study leaves it: filter/tokenizer, and models/t-s0, a pretraining run
    with best.pt, ckpt_latest.pt and a kept ckpt_000002.pt (trained by `train`, the real thing)."""
    base = tmp_path_factory.mktemp("outputs") / "smoke"
    (base / "filter").mkdir(parents=True)
    tok_dir = base / "filter" / "tokenizer"
    tok_dir.mkdir()
    for f in tokenizer_dir.iterdir():
        (tok_dir / f.name).write_bytes(f.read_bytes())
    tok = load_tokenizer(tok_dir)
    ids = [i for p in HumanEval().problems()[:20] for i in tok.encode(p.prompt + p.reference) + [tok.eot_id]]
    windows = TokenWindows(np.array(ids, dtype=np.uint16), 32)
    shape = dataclasses.replace(SHAPES["smoke"], vocab_size=MODEL_VOCAB, context_len=CTX, dropout=0.0)
    cfg = TrainConfig(batch_size=4, micro_batch_size=4, lr=3e-3, warmup_steps=1, max_steps=4, eval_every=2,
                      save_every=2, keep_checkpoint_at=[2], precision="fp32", eval_sequences=4)
    train(shape, cfg, windows, base / "models" / "t-s0", val_data=windows, peak_flops=None, progress=False)
    return base


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_export_with_a_tokenizer_carries_a_left_pad_token_and_the_context_length(tmp_path, tokenizer_dir,
                                                                                   umask_022):
    (tokenizer_dir / "tokenizer.json").chmod(0o600)  # the source's mode must not travel
    out = export_hf(random_model(vocab_size=MODEL_VOCAB), tmp_path / "hf", tokenizer_dir)
    cfg = json.loads((out / "config.json").read_text())
    assert cfg["eos_token_id"] == cfg["pad_token_id"] == 0  # our BPE's <|endoftext|>
    tok_cfg = json.loads((out / "tokenizer_config.json").read_text())
    assert tok_cfg["pad_token"] == tok_cfg["eos_token"] == EOT
    assert tok_cfg["padding_side"] == "left" and tok_cfg["model_max_length"] == CTX
    assert json.loads((out / "special_tokens_map.json").read_text())["pad_token"] == EOT
    hf_tok = AutoTokenizer.from_pretrained(out, local_files_only=True)
    assert (hf_tok.pad_token_id, hf_tok.padding_side, hf_tok.model_max_length) == (0, "left", CTX)
    modes = {f.name: oct(f.stat().st_mode & 0o777) for f in out.iterdir()}
    assert set(modes.values()) == {"0o644"}, modes  # safetensors alone would leave 0600


def test_export_refuses_a_tokenizer_larger_than_the_model(tmp_path, tokenizer_dir):
    with pytest.raises(HFInteropError, match="more than the model's vocabulary of 128"):
        export_hf(random_model(), tmp_path / "hf", tokenizer_dir)


def test_run_checkpoint_picks_best_else_latest_or_the_step_asked_for(profile_dir, tmp_path):
    run = profile_dir / "models" / "t-s0"
    assert run_checkpoint(run).name == "best.pt"
    assert run_checkpoint(run, step=2).name in ("best.pt", "ckpt_000002.pt")
    assert run_checkpoint(run, step=4).name in ("best.pt", "ckpt_latest.pt")
    assert torch.load(run_checkpoint(run, step=4), weights_only=False)["step"] == 4
    with pytest.raises(FileNotFoundError, match="no checkpoint at step 3; saved steps: 2, 4"):
        run_checkpoint(run, step=3)
    with pytest.raises(FileNotFoundError, match="no checkpoint"):
        run_checkpoint(tmp_path)


def test_phi1_export_runs_as_a_batched_transformers_pipeline(profile_dir, tmp_path, umask_022):
    """The acceptance test of `phi1 export`: transformers loads the directory from local files alone and
    a batched text-generation pipeline (two prompts of different lengths, so one is left-padded) gives
    each prompt the greedy continuation our own decoder gives it unbatched."""
    run = profile_dir / "models" / "t-s0"
    out = tmp_path / "export"
    assert phi1(["export", str(run), str(out), "--step", "2"]) == 0
    assert sorted(f.name for f in tmp_path.iterdir()) == ["export"]  # no staging folder left behind
    assert {oct(f.stat().st_mode & 0o777) for f in out.iterdir()} == {"0o644"}
    tok = AutoTokenizer.from_pretrained(out, local_files_only=True)
    hf = AutoModelForCausalLM.from_pretrained(out, local_files_only=True).eval()
    prompts = ["def add(a, b):\n", "def is_palindrome(text: str) -> bool:\n    \"\"\"Return True if"]
    lengths = [len(tok(p)["input_ids"]) for p in prompts]
    assert lengths[0] < lengths[1]
    generator = pipeline("text-generation", model=hf, tokenizer=tok, batch_size=2, device="cpu")
    outs = generator(prompts, max_new_tokens=8, do_sample=False, return_full_text=False)
    ours = load_tokenizer(out)
    model = import_hf(out)
    expected = [ours.decode(generate_ids(model, [ours.encode(p)], 8, eos_id=ours.eot_id)[0]) for p in prompts]
    assert [result[0]["generated_text"] for result in outs] == expected and all(expected)
    # Without the pipeline (which forces left padding itself): the tokenizer's own padding side
    batch = tok(prompts, return_tensors="pt", padding=True)
    assert batch["input_ids"][0, 0] == tok.pad_token_id and batch["attention_mask"][0, 0] == 0
    with torch.no_grad():
        new = hf.generate(**batch, max_new_tokens=8, do_sample=False)[:, batch["input_ids"].shape[1]:]
    assert tok.batch_decode(new, skip_special_tokens=True) == expected
    step2 = torch.load(run_checkpoint(run, step=2), weights_only=False)["model"]
    assert torch.equal(model.state_dict()["lm_head.weight"], step2["lm_head.weight"])


def test_export_refuses_to_overwrite_unless_forced(profile_dir, tmp_path, capsys):
    run = profile_dir / "models" / "t-s0"
    out = tmp_path / "export"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    assert phi1(["export", str(run), str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("phi1 export: ") and "not empty" in err and err.count("\n") == 1
    assert (out / "notes.txt").read_text() == "mine"
    assert phi1(["export", str(run), str(out), "--force"]) == 0
    assert not (out / "notes.txt").exists() and (out / "model.safetensors").is_file()
    assert export_run(run, tmp_path / "again", tokenizer_dir=profile_dir / "filter" / "tokenizer").is_dir()


@pytest.mark.parametrize("case, message", [
    ("missing", "no such run directory"),
    ("empty", "no checkpoint"),
    ("step", "no checkpoint at step 99"),
    ("tokenizer", "no tokenizer there"),
])
def test_export_bad_input_is_one_line_and_exit_2(profile_dir, tmp_path, capsys, case, message):
    run, extra = profile_dir / "models" / "t-s0", []
    if case == "missing":
        run = tmp_path / "nowhere"
    elif case == "empty":
        run = tmp_path / "models" / "unfinished"
        run.mkdir(parents=True)
    elif case == "step":
        extra = ["--step", "99"]
    else:
        extra = ["--tokenizer", str(tmp_path / "no-tokenizer")]
    assert phi1(["export", str(run), str(tmp_path / "out"), *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("phi1 export: ") and message in err and err.count("\n") == 1, err
    assert not (tmp_path / "out").exists()

