"""Hugging Face interop: our `PhiModel` to and from a `PhiForCausalLM` directory.

phi-1 was released as `microsoft/phi-1`, loaded by transformers' `PhiForCausalLM` (config.json +
safetensors). `export_hf` writes that layout so the HF ecosystem (generate, lm-eval, vLLM) can run our
checkpoints; `export_run` does it for a training run's checkpoint (`phi1 export`); `import_hf` reads
the layout, the released phi-1 included, into our model. Our module names are HF's (`model.py`), so
the mapping is the "model." prefix.

An export with a tokenizer is ready for batched generation: the end-of-text token doubles as the pad
token (GPT-2/CodeGen practice; phi-1 has no pad token of its own), padding goes on the left (a decoder
continues from the last position of every row), and ``model_max_length`` is the context length.

Simplifications: only what phi-1 uses is supported (multi-head attention, default rope, no q/k
LayerNorm, a tanh GELU); anything else is refused with an error rather than loaded approximately. The
pre-4.37 remote-code layout (`model_type` "phi-msft", keys like `transformer.h.0.mixer.Wqkv`) is not
read; convert it with transformers first. One dropout rate: `resid_pdrop` becomes `ModelConfig.dropout`.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from phi1lib.core.config import ModelConfig
from phi1lib.data.tokenizer import load_tokenizer
from phi1lib.model.checkpoint import BEST, LATEST, best_checkpoint, load_model
from phi1lib.model.transformer import PhiModel

# Activations that are the tanh approximation of GELU under another name.
_TANH_GELUS = {"gelu_new", "gelu_pytorch_tanh", "gelu_fast"}
_OUR_FILES = {"config.json", "generation_config.json", "model.safetensors", "model.safetensors.index.json"}


class HFInteropError(ValueError):
    """A Hugging Face directory that cannot be read into (or written from) our model."""


def _hf_key(key: str) -> str:
    return key if key.startswith("lm_head.") else "model." + key


def hf_config(config: ModelConfig, eos_token_id: int | None = None, pad_token_id: int | None = None) -> dict:
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
        "pad_token_id": pad_token_id,
        "torch_dtype": "float32",
    }


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _ordinary_mode(path: Path) -> None:
    """safetensors creates its file 0600; an export is meant to be shared, so give it the mode any new
    file gets (0644 under the usual umask 022)."""
    path.chmod(0o666 & ~_umask())


def _write_tokenizer(tokenizer_dir: Path, out: Path, eos_token_id: int | None, config: ModelConfig) -> int:
    """Copy the tokenizer's files into `out` and make them batch-ready (see the module docstring);
    return the end-of-text id, `eos_token_id` or the tokenizer's own."""
    if not tokenizer_dir.is_dir():
        raise HFInteropError(f"{tokenizer_dir}: tokenizer directory does not exist")
    for f in sorted(tokenizer_dir.iterdir()):
        if f.is_file() and f.name not in _OUR_FILES and not f.name.startswith("pytorch_model"):
            shutil.copyfile(f, out / f.name)  # not copy2: the source's mode (maybe 0600) stays behind
    try:
        tok = load_tokenizer(out)
    except (OSError, ValueError) as exc:
        raise HFInteropError(f"{tokenizer_dir}: cannot load the tokenizer ({exc})") from exc
    if tok.vocab_size > config.vocab_size:
        raise HFInteropError(f"{tokenizer_dir}: {tok.vocab_size} token ids, more than the model's "
                             f"vocabulary of {config.vocab_size}; is this the run's tokenizer?")
    eos_id = tok.eot_id if eos_token_id is None else eos_token_id
    eos = tok.backend.id_to_token(eos_id)
    if eos is None:
        raise HFInteropError(f"{tokenizer_dir}: eos_token_id {eos_id} is not a token of this tokenizer")
    special = {"eos_token": eos, "pad_token": eos}
    tok_config_file = out / "tokenizer_config.json"
    tok_config = json.loads(tok_config_file.read_text()) if tok_config_file.is_file() else {}
    if (out / "tokenizer.json").is_file():
        tok_config.setdefault("tokenizer_class", "PreTrainedTokenizerFast")
    tok_config.update(special, padding_side="left", model_max_length=config.context_len)
    tok_config_file.write_text(json.dumps(tok_config, indent=2) + "\n")
    map_file = out / "special_tokens_map.json"
    special_map = json.loads(map_file.read_text()) if map_file.is_file() else {}
    map_file.write_text(json.dumps({**special_map, **special}, indent=2) + "\n")
    return eos_id


def export_hf(model: PhiModel, out_dir: str | Path, tokenizer_dir: str | Path | None = None, *,
              eos_token_id: int | None = None) -> Path:
    """Write `model` as a PhiForCausalLM directory: config.json, model.safetensors (float32) and,
    from `tokenizer_dir`, every plain file (tokenizer.json, vocab.json, ...) except our own names.

    With a tokenizer, `eos_token_id` defaults to its end-of-text token, which also becomes the pad
    token in config.json and the tokenizer's files (padding side left, ``model_max_length`` the
    context length). Without one, config.json's pad_token_id is `eos_token_id` (None: no pad token).
    Files get the ordinary mode for new files (0644 under umask 022).
    """
    hf_config(model.config)  # refuses a shape PhiForCausalLM cannot hold before anything is written
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if tokenizer_dir is not None:
        eos_token_id = _write_tokenizer(Path(tokenizer_dir), out, eos_token_id, model.config)
    config = hf_config(model.config, eos_token_id, pad_token_id=eos_token_id)
    tensors = {_hf_key(k): v.detach().to("cpu", torch.float32).contiguous()
               for k, v in model.state_dict().items()}
    save_file(tensors, out / "model.safetensors", metadata={"format": "pt"})  # transformers checks "format"
    _ordinary_mode(out / "model.safetensors")
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    return out


def run_checkpoint(run_dir: str | Path, step: int | None = None) -> Path:
    """The checkpoint of a training run (`train.py`'s run directory) to export: best.pt (lowest
    validation loss), else ckpt_latest.pt; with `step`, the checkpoint saved at that step (a kept
    ckpt_NNNNNN.pt, or best.pt / ckpt_latest.pt when their step is `step`)."""
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise FileNotFoundError(f"{run_dir}: no such run directory")
    present = [run_dir / name for name in (BEST, LATEST) if (run_dir / name).is_file()]
    kept = sorted(run_dir.glob("ckpt_[0-9]*.pt"))
    if not present and not kept:
        raise FileNotFoundError(f"{run_dir}: no checkpoint ({BEST}, {LATEST} or ckpt_NNNNNN.pt); has it run?")
    if step is None:
        return best_checkpoint(run_dir, missing_ok=True) or kept[-1]
    steps: dict[int, Path] = {}
    for path in present + kept:
        try:  # mmap: reads the step, not a full-size optimizer state
            saved = torch.load(path, map_location="cpu", weights_only=False, mmap=True)["step"]
        except (KeyError, RuntimeError, OSError, pickle.UnpicklingError) as exc:
            raise HFInteropError(f"{path}: not a checkpoint of this trainer ({exc})") from exc
        steps.setdefault(int(saved), path)
    if step not in steps:
        raise FileNotFoundError(f"{run_dir}: no checkpoint at step {step}; saved steps: "
                                f"{', '.join(map(str, sorted(steps)))}")
    return steps[step]


def export_run(run_dir: str | Path, out_dir: str | Path, *, step: int | None = None,
               tokenizer_dir: str | Path | None = None, replace: bool = False) -> Path:
    """Export a pretraining or finetuning run's checkpoint (`run_checkpoint`) with its tokenizer.

    `tokenizer_dir` defaults to the profile's, ``outputs/<profile>/filter/tokenizer`` for a run in
    ``outputs/<profile>/models/<run>/``. The export is written beside `out_dir` and renamed into place,
    so an interrupted export leaves nothing half-written; an `out_dir` that is not empty is refused
    unless `replace`.
    """
    run_dir, out = Path(run_dir), Path(out_dir)
    checkpoint = run_checkpoint(run_dir, step)
    # outputs/<profile>/models/<run>/ -> outputs/<profile>/filter/tokenizer, where the filter stage keeps it
    tok = Path(tokenizer_dir or run_dir.resolve().parent.parent / "filter" / "tokenizer")
    if not tok.is_dir():
        raise FileNotFoundError(f"{tok}: no tokenizer there; name the run's tokenizer directory "
                                f"(phi1 export --tokenizer DIR)")
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not replace:
        raise FileExistsError(f"{out}: exists and is not empty (phi1 export --force replaces it)")
    try:
        model = load_model(checkpoint)
    except (KeyError, RuntimeError, OSError, pickle.UnpicklingError) as exc:
        raise HFInteropError(f"{checkpoint}: not a checkpoint of this trainer ({exc})") from exc
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.partial-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        export_hf(model, staging, tok)
        if out.is_dir():
            shutil.rmtree(out)
        elif out.exists():
            out.unlink()
        os.replace(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
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
