"""Equality with transformers' PhiForCausalLM on the same weights, both ways, and clear load errors."""

import dataclasses
import json

import pytest
import torch
from safetensors.torch import load_file, save_file
from transformers import AutoModelForCausalLM, PhiConfig, PhiForCausalLM

from phi1lib.config import SHAPES
from phi1lib.hf_interop import HFInteropError, export_hf, import_hf
from phi1lib.model import PhiModel

V, CTX = 128, 64
ATOL = 1e-5



def random_model(seed: int = 0, **overrides) -> PhiModel:
    """Every parameter off its init (zero biases and unit LayerNorms would hide a mapping bug).
    Non-default theta and eps, so a config field that does not travel shows up in the logits."""
    torch.manual_seed(seed)
    cfg = dataclasses.replace(SHAPES["smoke"], vocab_size=V, context_len=CTX, rope_theta=500.0,
                              layer_norm_eps=1e-3, **overrides)
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


def test_roundtrip_keeps_every_tensor_and_copies_tokenizer_files(tmp_path):
    model = random_model()
    tok = tmp_path / "tok"
    tok.mkdir()
    (tok / "tokenizer.json").write_text("{}")
    (tok / "config.json").write_text('{"model_type": "not-ours"}')  # must not clobber ours
    out = export_hf(model, tmp_path / "hf", tok, eos_token_id=5)
    assert (out / "tokenizer.json").read_text() == "{}"
    cfg = json.loads((out / "config.json").read_text())
    assert cfg["model_type"] == "phi" and cfg["eos_token_id"] == 5
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
