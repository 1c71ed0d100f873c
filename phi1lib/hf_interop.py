"""Hugging Face interop: our `PhiModel` to and from a `PhiForCausalLM` directory.

phi-1 was released as `microsoft/phi-1`, loaded by transformers' `PhiForCausalLM` (config.json +
safetensors). `export_hf` writes that layout so the HF ecosystem (generate, lm-eval, vLLM) can run our
checkpoints; `import_hf` reads it, the released phi-1 included, into our model. Our module names are
HF's (`model.py`), so the mapping is the "model." prefix.

Simplifications: only what phi-1 uses is supported (multi-head attention, default rope, no q/k
LayerNorm, a tanh GELU); anything else is refused with an error rather than loaded approximately. The
pre-4.37 remote-code layout (`model_type` "phi-msft", keys like `transformer.h.0.mixer.Wqkv`) is not
read; convert it with transformers first. One dropout rate: `resid_pdrop` becomes `ModelConfig.dropout`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from phi1lib.config import ModelConfig
from phi1lib.model import PhiModel

# Activations that are the tanh approximation of GELU under another name.
_TANH_GELUS = {"gelu_new", "gelu_pytorch_tanh", "gelu_fast"}
_OUR_FILES = {"config.json", "generation_config.json", "model.safetensors", "model.safetensors.index.json"}


class HFInteropError(ValueError):
    """A Hugging Face directory that cannot be read into (or written from) our model."""


def _hf_key(key: str) -> str:
    return key if key.startswith("lm_head.") else "model." + key


def hf_config(config: ModelConfig, eos_token_id: int | None = None) -> dict:
    """PhiConfig fields for `config`. Rope settings go both top level (transformers 4.x) and in
    `rope_parameters` (5.x), so either major version loads the directory."""
    if config.n_head * config.head_dim != config.d_model:
        raise HFInteropError(f"PhiForCausalLM needs n_head * head_dim == d_model; got "
                             f"{config.n_head} * {config.head_dim} != {config.d_model}")
    rotary_factor = config.rotary_dim / config.head_dim
    return {
        "architectures": ["PhiForCausalLM"],
        "model_type": "phi",
        "vocab_size": config.vocab_size,
        "hidden_size": config.d_model,
        "intermediate_size": config.d_mlp,
        "num_hidden_layers": config.n_layer,
        "num_attention_heads": config.n_head,
        "num_key_value_heads": config.n_head,
        "hidden_act": "gelu_new",
        "max_position_embeddings": config.context_len,
        "layer_norm_eps": config.layer_norm_eps,
        "rope_theta": config.rope_theta,
        "partial_rotary_factor": rotary_factor,
        "rope_parameters": {"rope_type": "default", "rope_theta": config.rope_theta,
                            "partial_rotary_factor": rotary_factor},
        "resid_pdrop": config.dropout,
        "attention_dropout": config.dropout,
        "embd_pdrop": 0.0,
        "initializer_range": 0.02,
        "qk_layernorm": False,
        "tie_word_embeddings": False,
        "use_cache": True,
        "bos_token_id": None,
        "eos_token_id": eos_token_id,
        "pad_token_id": None,
        "torch_dtype": "float32",
    }


def export_hf(model: PhiModel, out_dir: str | Path, tokenizer_dir: str | Path | None = None, *,
              eos_token_id: int | None = None) -> Path:
    """Write `model` as a PhiForCausalLM directory: config.json, model.safetensors (float32) and,
    from `tokenizer_dir`, every plain file (tokenizer.json, vocab.json, ...) except our own names."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    config = hf_config(model.config, eos_token_id)
    tensors = {_hf_key(k): v.detach().to("cpu", torch.float32).contiguous()
               for k, v in model.state_dict().items()}
    save_file(tensors, out / "model.safetensors", metadata={"format": "pt"})  # transformers checks "format"
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    if tokenizer_dir is not None:
        tok = Path(tokenizer_dir)
        if not tok.is_dir():
            raise HFInteropError(f"{tok}: tokenizer directory does not exist")
        for f in sorted(tok.iterdir()):
            if f.is_file() and f.name not in _OUR_FILES and not f.name.startswith("pytorch_model"):
                shutil.copy2(f, out / f.name)
    return out


def model_config_from_hf(cfg: dict, source: str = "config.json") -> ModelConfig:
    """Our ModelConfig from a PhiConfig dict; refuses what our model does not implement."""
    def need(key):
        if cfg.get(key) is None:
            raise HFInteropError(f"{source}: missing field {key!r}")
        return cfg[key]

    arch = cfg.get("architectures") or []
    if cfg.get("model_type") != "phi" or (arch and "PhiForCausalLM" not in arch):
        raise HFInteropError(f"{source}: model_type {cfg.get('model_type')!r}, architectures {arch}; "
                             "expected model_type 'phi' / PhiForCausalLM (phi-msft remote code is not read)")
    d_model, n_head = need("hidden_size"), need("num_attention_heads")
    head_dim = cfg.get("head_dim") or d_model // n_head
    if cfg.get("num_key_value_heads") not in (None, n_head):
        raise HFInteropError(f"{source}: grouped KV heads (num_key_value_heads "
                             f"{cfg['num_key_value_heads']} != {n_head}) are not supported")
    if cfg.get("qk_layernorm"):
        raise HFInteropError(f"{source}: qk_layernorm is not supported")
    act = cfg.get("hidden_act", "gelu_new")
    if act not in _TANH_GELUS:
        raise HFInteropError(f"{source}: hidden_act {act!r} is not supported; phi-1 uses 'gelu_new'")
    rope = cfg.get("rope_parameters") or {}
    if rope.get("rope_type", "default") != "default" or cfg.get("rope_scaling"):
        raise HFInteropError(f"{source}: rope scaling {rope or cfg.get('rope_scaling')} is not supported")
    theta = rope.get("rope_theta", cfg.get("rope_theta", 10000.0))
    factor = rope.get("partial_rotary_factor", cfg.get("partial_rotary_factor", 0.5))  # PhiConfig's default
    return ModelConfig(
        name=Path(source).parent.name or "imported",
        n_layer=need("num_hidden_layers"), d_model=d_model, d_mlp=need("intermediate_size"),
        n_head=n_head, head_dim=head_dim, rotary_dim=int(head_dim * factor), rope_theta=float(theta),
        vocab_size=need("vocab_size"), context_len=cfg.get("max_position_embeddings", 2048),
        dropout=float(cfg.get("resid_pdrop") or 0.0), layer_norm_eps=float(cfg.get("layer_norm_eps", 1e-5)),
    )


def _weight_files(path: Path) -> list[Path]:
    for index_name in ("model.safetensors.index.json", "pytorch_model.bin.index.json"):
        index = path / index_name
        if index.exists():
            try:
                shards = sorted(set(json.loads(index.read_text())["weight_map"].values()))
            except (json.JSONDecodeError, KeyError) as exc:
                raise HFInteropError(f"{index}: not a valid shard index ({exc})") from exc
            return [path / s for s in shards]
    for name in ("model.safetensors", "pytorch_model.bin"):
        if (path / name).exists():
            return [path / name]
    raise HFInteropError(f"{path}: no weights found (model.safetensors, pytorch_model.bin or a shard index)")


def _load_tensors(file: Path) -> dict[str, torch.Tensor]:
    if not file.exists():
        raise HFInteropError(f"{file}: weight file listed in the index is missing")
    try:
        if file.suffix == ".safetensors":
            return load_file(file)
        return torch.load(file, map_location="cpu", weights_only=True)
    except (SafetensorError, OSError, RuntimeError, ValueError) as exc:
        raise HFInteropError(f"{file}: cannot read weights ({exc})") from exc


def import_hf(path: str | Path, *, device: str | torch.device = "cpu",
              dtype: torch.dtype = torch.float32) -> PhiModel:
    """Load a PhiForCausalLM directory (ours or the released microsoft/phi-1) into a PhiModel.

    Raises HFInteropError naming the file and the problem: no config.json or weights, another
    architecture, missing/unexpected tensors, a shape that disagrees with config.json.
    """
    path = Path(path)
    config_file = path / "config.json"
    if not config_file.is_file():
        raise HFInteropError(f"{config_file}: not found; is {path} a Hugging Face model directory?")
    try:
        cfg = json.loads(config_file.read_text())
    except json.JSONDecodeError as exc:
        raise HFInteropError(f"{config_file}: not valid JSON ({exc})") from exc
    config = model_config_from_hf(cfg, str(config_file))
    model = PhiModel(config)
    expected = {_hf_key(k): v for k, v in model.state_dict().items()}

    state, origin = {}, {}
    for file in _weight_files(path):
        for key, tensor in _load_tensors(file).items():
            if key.endswith("rotary_emb.inv_freq"):  # older exports stored the rope frequencies
                continue
            state[key], origin[key] = tensor, file
    tied = cfg.get("tie_word_embeddings") and "model.embed_tokens.weight" in state
    if "lm_head.weight" not in state and tied:
        state["lm_head.weight"] = state["model.embed_tokens.weight"]
        origin["lm_head.weight"] = origin["model.embed_tokens.weight"]
    missing = sorted(set(expected) - set(state))
    unexpected = sorted(set(state) - set(expected))
    where = ", ".join(sorted({f.name for f in origin.values()})) or "weights"
    if missing or unexpected:
        raise HFInteropError(f"{path / where}: tensors do not match a phi model of this config.json; "
                             f"missing {missing[:5]}{' ...' if len(missing) > 5 else ''}, "
                             f"unexpected {unexpected[:5]}{' ...' if len(unexpected) > 5 else ''}")
    for key, tensor in state.items():
        if tensor.shape != expected[key].shape:
            raise HFInteropError(f"{origin[key]}: tensor {key!r} has shape {tuple(tensor.shape)}, "
                                 f"config.json implies {tuple(expected[key].shape)}")
    model.load_state_dict({k.removeprefix("model."): v for k, v in state.items()})
    return model.to(device=device, dtype=dtype).eval()
