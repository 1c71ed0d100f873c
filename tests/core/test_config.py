import dataclasses
import json

import pytest

from phi1lib.core.config import SHAPES, ConfigError, StudyConfig, from_dict, load_config, set_field
from phi1lib.core.profiles import PROFILES


def test_defaults_are_the_papers_values():
    cfg = StudyConfig()
    assert (cfg.pretrain.batch_size, cfg.pretrain.lr, cfg.pretrain.warmup_steps) == (1024, 1e-3, 750)
    assert (cfg.pretrain.weight_decay, cfg.pretrain.max_steps) == (0.1, 36_000)
    assert cfg.pretrain.keep_checkpoint_at == [24_000]
    assert (cfg.finetune.batch_size, cfg.finetune.lr, cfg.finetune.warmup_steps) == (256, 1e-4, 50)
    assert (cfg.finetune.weight_decay, cfg.finetune.max_steps, cfg.finetune.save_every) == (0.01, 6000, 1000)
    assert cfg.packing.seq_len == 2048 and cfg.tokenizer.vocab_size == 51200
    assert cfg.synth.n_exercises == 879_500


@pytest.mark.parametrize("name, layers, width, mlp, heads", [
    ("phi-1", 24, 2048, 8192, 32), ("phi-1-small", 20, 1024, 4096, 16)])
def test_paper_shapes(name, layers, width, mlp, heads):
    shape = SHAPES[name]
    assert (shape.n_layer, shape.d_model, shape.d_mlp, shape.n_head, shape.head_dim) == (
        layers, width, mlp, heads, 64)
    assert shape.rotary_dim == 32 and shape.rope_theta == 10000.0 and shape.dropout == 0.1
    assert shape.n_head * shape.head_dim == shape.d_model


@pytest.mark.parametrize("profile", list(PROFILES))
def test_every_profile_resolves_to_consistent_shapes(profile):
    cfg = load_config(profile)
    assert cfg.profile == profile
    for name in cfg.models:
        shape = cfg.shape(name)
        assert shape.n_head * shape.head_dim == shape.d_model
        assert shape.rotary_dim <= shape.head_dim
        assert shape.vocab_size >= cfg.tokenizer.vocab_size and shape.vocab_size % 1024 == 0
        assert shape.context_len == cfg.packing.seq_len
    assert cfg.pretrain.batch_size % cfg.pretrain.micro_batch_size == 0


def test_shape_pads_vocab_like_phi1():
    cfg = load_config("full", {"tokenizer.vocab_size": 50295})  # CodeGen's tokenizer
    assert cfg.shape("phi-1").vocab_size == 51200


def test_overrides_are_applied_and_type_checked():
    cfg = load_config("tiny", {"pretrain.max_steps": 7, "pretrain.lr": 1, "seeds": [4, 5]})
    assert cfg.pretrain.max_steps == 7 and cfg.pretrain.lr == 1.0 and isinstance(cfg.pretrain.lr, float)
    assert cfg.seeds == [4, 5]
    with pytest.raises(ConfigError, match="pretrain.max_step"):
        load_config("tiny", {"pretrain.max_step": 7})
    with pytest.raises(ConfigError, match="expected int"):
        load_config("tiny", {"pretrain.max_steps": "7"})
    with pytest.raises(ConfigError, match="true/false"):
        load_config("tiny", {"corpus.include_stdlib": 1})
    with pytest.raises(ConfigError, match="unknown profile"):
        load_config("huge")


def test_section_override_with_a_dict():
    cfg = StudyConfig()
    set_field(cfg, "eval", {"limit": 3, "benchmarks": ["mbpp"]})
    assert cfg.eval.limit == 3 and cfg.eval.benchmarks == ["mbpp"]


def test_round_trip_through_json_and_digest():
    cfg = load_config("smoke", {"pretrain.betas": [0.9, 0.99]})
    again = from_dict(json.loads(cfg.to_json()))
    assert again == cfg and again.digest() == cfg.digest()
    assert again.pretrain.betas == (0.9, 0.99)
    changed = dataclasses.replace(cfg, seed=1)
    assert changed.digest() != cfg.digest()


def test_profiles_only_name_real_fields():
    for profile, overrides in PROFILES.items():
        cfg = StudyConfig()
        for key, value in overrides.items():
            set_field(cfg, key, value)  # raises on any typo


# --- settings from the command line and the run's own outputs folder ------------------------------

from phi1lib.core.config import parse_assignment, profile_overrides, read_overrides  # noqa: E402


def test_parse_assignment_reads_values_as_yaml():
    assert parse_assignment("pretrain.max_steps=3") == ("pretrain.max_steps", 3)
    assert parse_assignment("finetune.lr=3e-3") == ("finetune.lr", 0.003)  # YAML 1.1 leaves 3e-3 a string
    assert parse_assignment("seeds=[0, 1]") == ("seeds", [0, 1])
    assert parse_assignment("contamination.retrain=false") == ("contamination.retrain", False)
    assert parse_assignment("teacher.model=gpt-3.5-turbo") == ("teacher.model", "gpt-3.5-turbo")
    assert parse_assignment("eval.limit=null") == ("eval.limit", None)
    for bad in ("pretrain.max_steps", "=3"):
        with pytest.raises(ConfigError, match="KEY=VALUE"):
            parse_assignment(bad)


def test_read_overrides_from_toml_and_yaml_nested_or_dotted(tmp_path):
    toml = tmp_path / "o.toml"
    toml.write_text('seeds = [0, 1]\n[pretrain]\nmax_steps = 3\n[finetune.max_steps_by_shape]\ntiny = 5\n')
    assert read_overrides(toml) == {"seeds": [0, 1], "pretrain.max_steps": 3,
                                    "finetune.max_steps_by_shape": {"tiny": 5}}
    yaml_file = tmp_path / "o.yaml"
    yaml_file.write_text("pretrain:\n  max_steps: 3\neval.limit: 10\n")
    assert read_overrides(yaml_file) == {"pretrain.max_steps": 3, "eval.limit": 10}
    (tmp_path / "bad.toml").write_text("[pretrain\n")
    (tmp_path / "list.yaml").write_text("- 1\n")
    for name, message in (("bad.toml", "not valid TOML"), ("list.yaml", "expected a table"),
                          ("missing.toml", "cannot read"), ("o.json", "ends in .toml")):
        (tmp_path / "o.json").write_text("{}")
        with pytest.raises(ConfigError, match=message) as info:
            read_overrides(tmp_path / name)
        assert name in str(info.value)


def test_a_config_that_differs_from_its_profile_gets_its_own_outputs_folder():
    assert load_config("tiny").outputs_name == "tiny"
    assert load_config("tiny", {"pretrain.max_steps": 250}).outputs_name == "tiny"  # the profile's own value
    changed = load_config("tiny", {"pretrain.max_steps": 3})
    assert profile_overrides(changed) == {"pretrain.max_steps": 3}
    assert changed.outputs_name.startswith("tiny-") and len(changed.outputs_name) == len("tiny-") + 8
    assert load_config("tiny", {"pretrain.max_steps": 4}).outputs_name != changed.outputs_name
    assert load_config("tiny", {"pretrain.max_steps": 3}).outputs_name == changed.outputs_name  # stable
    entry = load_config("tiny", {"finetune.max_steps_by_shape.tiny": 5})
    assert entry.finetune.max_steps_by_shape["tiny"] == 5
    assert profile_overrides(entry) == {"finetune.max_steps_by_shape.tiny": 5}
    named = load_config("tiny", {"pretrain.max_steps": 3, "run_name": "short-pretrain"})
    assert named.outputs_name == "short-pretrain"
    for name, message in (("tiny", "profile's own folder"), ("../x", "letters"), ("reference", "letters")):
        with pytest.raises(ConfigError, match=message):
            _ = load_config("tiny", {"pretrain.max_steps": 3, "run_name": name}).outputs_name
