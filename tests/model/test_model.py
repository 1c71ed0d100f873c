"""The phi-1 network on tiny shapes: counts, masking, dropout, rotary, KV cache, padding."""

import dataclasses

import pytest
import torch
import torch.nn.functional as F

from phi1lib.core.config import SHAPES, ModelConfig
from phi1lib.model.transformer import KVCache, PhiModel, apply_rotary, flash_attn_func, rotary_cos_sin

V, CTX = 128, 64



def tiny(**overrides) -> ModelConfig:
    return dataclasses.replace(SHAPES["smoke"], vocab_size=V, context_len=CTX, **overrides)


def random_model(seed: int = 0, **overrides) -> PhiModel:
    """A tiny model with every parameter (biases and LayerNorms too) off its init, in eval mode."""
    torch.manual_seed(seed)
    model = PhiModel(tiny(**overrides))
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.2)
    return model.eval()


def test_logit_shape_and_param_count_match_a_hand_count():
    c = tiny()
    model = PhiModel(c)
    d, m, inner = c.d_model, c.d_mlp, c.n_head * c.head_dim
    per_layer = 2 * d + 3 * (d * inner + inner) + (inner * d + d) + (d * m + m) + (m * d + d)
    expected = V * d + c.n_layer * per_layer + 2 * d + (d * V + V)
    assert model.num_params() == expected == 116_352
    assert model.num_params(exclude_embedding=True) == expected - V * d
    logits, loss = model(torch.randint(0, V, (3, 10)))
    assert logits.shape == (3, 10, V) and loss is None
    logits, _ = model(torch.randint(0, V, (3, 10)), last_only=True)
    assert logits.shape == (3, 1, V)


def test_param_count_when_heads_do_not_fill_d_model():
    c = tiny(n_head=3, head_dim=16, rotary_dim=8)  # inner 48 != d_model 64
    d, m, inner = c.d_model, c.d_mlp, 48
    per_layer = 2 * d + 3 * (d * inner + inner) + (inner * d + d) + (d * m + m) + (m * d + d)
    assert PhiModel(c).num_params() == V * d + c.n_layer * per_layer + 2 * d + d * V + V
    assert PhiModel(c)(torch.randint(0, V, (1, 5)))[0].shape == (1, 5, V)


def test_flops_per_token_is_6n_plus_attention():
    c = tiny()
    model = PhiModel(c)
    n = model.num_params() - V * c.d_model
    assert model.estimate_flops_per_token() == 6 * n + 12 * c.n_layer * c.n_head * c.head_dim * CTX
    assert model.estimate_flops_per_token(16) == 6 * n + 12 * c.n_layer * c.n_head * c.head_dim * 16


def test_paper_shapes_have_the_papers_parameter_counts():
    # 1.3B and 350M (STUDY.md); built on the meta device, so no memory for the weights
    with torch.device("meta"):
        assert 1.3e9 < PhiModel(SHAPES["phi-1"]).num_params() < 1.45e9
        assert 0.3e9 < PhiModel(SHAPES["phi-1-small"]).num_params() < 0.4e9


def test_init_is_normal_0_02_with_zero_biases():
    torch.manual_seed(0)
    model = PhiModel(tiny(d_model=128, d_mlp=512, n_head=4))
    fc1 = model.layers[0].mlp.fc1
    assert abs(fc1.weight.std().item() - 0.02) < 0.001
    assert abs(model.embed_tokens.weight.std().item() - 0.02) < 0.002
    assert torch.all(fc1.bias == 0) and torch.all(model.lm_head.bias == 0)
    assert torch.all(model.final_layernorm.weight == 1)


def test_eval_is_deterministic_and_training_applies_dropout():
    model = random_model(dropout=0.1)
    idx = torch.randint(0, V, (2, 12))
    assert torch.equal(model(idx)[0], model(idx)[0])
    model.train()
    torch.manual_seed(1)
    a = model(idx)[0]
    b = model(idx)[0]
    assert not torch.allclose(a, b)
    no_dropout = random_model(dropout=0.0).train()
    assert torch.allclose(no_dropout(idx)[0], no_dropout.eval()(idx)[0])


def test_dropout_covers_both_residual_branches():
    # at p = 1 both branches are zeroed, so the blocks pass the embedding through unchanged
    model = random_model(dropout=1.0).train()
    idx = torch.randint(0, V, (2, 8))
    expected = model.lm_head(model.final_layernorm(model.embed_tokens(idx)))
    assert torch.allclose(model(idx)[0], expected, atol=1e-6)


def test_loss_ignores_minus_100_targets():
    model = random_model()
    idx = torch.randint(0, V, (2, 10))
    targets = torch.randint(0, V, (2, 10))
    targets[:, :6] = -100  # a "prompt" the loss must skip
    logits, loss = model(idx, targets)
    expected = F.cross_entropy(logits[:, 6:].reshape(-1, V), targets[:, 6:].reshape(-1))
    assert torch.allclose(loss, expected, atol=1e-6)
    full = torch.randint(0, V, (2, 10))
    full[:, 6:] = targets[:, 6:]
    assert not torch.allclose(model(idx, full)[1], loss)


def test_attention_is_causal():
    model = random_model()
    idx = torch.randint(0, V, (1, 12))
    changed = idx.clone()
    changed[0, 8:] = (changed[0, 8:] + 1) % V
    a, b = model(idx)[0], model(changed)[0]
    assert torch.allclose(a[:, :8], b[:, :8], atol=1e-6)
    assert not torch.allclose(a[:, 8:], b[:, 8:])


def test_rotary_scores_depend_only_on_relative_position():
    torch.manual_seed(0)
    q, k = torch.randn(1, 1, 1, 32), torch.randn(1, 1, 1, 32)

    def score(i, j):
        cq, sq = rotary_cos_sin(torch.tensor([[i]]), 16, 10000.0)
        ck, sk = rotary_cos_sin(torch.tensor([[j]]), 16, 10000.0)
        return (apply_rotary(q, cq, sq) * apply_rotary(k, ck, sk)).sum().item()

    assert score(5, 2) == pytest.approx(score(13, 10), abs=1e-4)
    assert score(5, 2) != pytest.approx(score(5, 3), abs=1e-3)
    cos, sin = rotary_cos_sin(torch.tensor([[7]]), 16, 10000.0)
    rotated = apply_rotary(q, cos, sin)
    assert torch.equal(rotated[..., 16:], q[..., 16:])  # only the first rotary_dim dims turn
    assert torch.allclose(apply_rotary(q, *rotary_cos_sin(torch.tensor([[0]]), 16, 10000.0)), q)


def test_rotary_table_gives_the_directly_computed_angles():
    model = random_model()
    c = model.config

    def direct(positions):
        return rotary_cos_sin(torch.tensor(positions), c.rotary_dim, c.rope_theta)

    positions = torch.tensor([[0, 3, 17, 63], [5, 5, 6, 7]])
    for got, want in zip(model.rotary(positions, 0, 4, positions.device), direct(positions.tolist())):
        assert got.shape == (2, 1, 4, c.rotary_dim) and torch.allclose(got, want)
    # default positions past..past+T-1; past context_len the table grows
    for got, want in zip(model.rotary(None, 100, 2, positions.device), direct([[100, 101]])):
        assert torch.allclose(got, want)


def test_kv_cache_gives_the_logits_of_a_full_forward():
    model = random_model()
    idx = torch.randint(0, V, (2, 15))
    full = model(idx)[0]
    cache = KVCache(model.config.n_layer, 15)
    parts = [model(idx[:, :6], kv_cache=cache)[0]]  # prefill
    parts += [model(idx[:, t:t + 1], kv_cache=cache)[0] for t in range(6, 10)]  # one at a time
    parts.append(model(idx[:, 10:], kv_cache=cache)[0])  # a chunk after cached positions
    assert cache.pos == 15
    assert torch.allclose(torch.cat(parts, dim=1), full, atol=1e-5)
    with pytest.raises(ValueError, match="KV cache holds 15"):
        model(idx[:, :1], kv_cache=cache)


def test_left_padding_gives_the_logits_of_each_row_alone():
    model = random_model()
    rows = [torch.randint(0, V, (n,)) for n in (9, 4, 7)]
    batch = torch.zeros(3, 9, dtype=torch.long)
    mask = torch.zeros(3, 9, dtype=torch.long)
    for i, r in enumerate(rows):
        batch[i, 9 - len(r):], mask[i, 9 - len(r):] = r, 1
    logits = model(batch, attention_mask=mask)[0]
    assert torch.isfinite(logits).all()
    for i, r in enumerate(rows):
        alone = model(r[None])[0][0]
        assert torch.allclose(logits[i, 9 - len(r):], alone, atol=1e-5)
    with pytest.raises(ValueError, match="attention_mask has shape"):
        model(batch, attention_mask=mask[:, 1:])


def test_stacked_qkv_weights_follow_every_weight_change():
    # without autograd (decoding) the stacked q/k/v weights are kept between calls; never a stale copy
    model = random_model()
    idx = torch.randint(0, V, (2, 10))

    def reference(m):  # a new model stacks the weights it is given
        fresh = PhiModel(m.config).to(m.lm_head.weight.dtype).eval()
        fresh.load_state_dict(m.state_dict())
        return fresh(idx)[0]

    with torch.no_grad():
        before = model(idx)[0]
        assert torch.equal(before, reference(model))
        model.layers[0].self_attn.k_proj.weight.mul_(1.5)  # in place, as an optimizer step does
        assert not torch.allclose(model(idx)[0], before)
        assert torch.equal(model(idx)[0], reference(model))
        model.load_state_dict(random_model(seed=1).state_dict())  # copied in
        assert torch.equal(model(idx)[0], reference(model))
        model.double()  # cast: new tensors
        assert torch.equal(model(idx)[0], reference(model))


def test_a_few_steps_of_adamw_fit_one_batch():
    torch.manual_seed(0)
    model = PhiModel(tiny(dropout=0.0)).train()
    idx = torch.randint(0, V, (4, 16))
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
    first = None
    for _ in range(30):
        _, loss = model(idx[:, :-1], idx[:, 1:])
        first = first if first is not None else loss.item()
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert loss.item() < 0.5 * first


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available() or flash_attn_func is None, reason="needs CUDA and flash_attn")
def test_flash_attention_matches_sdpa_with_and_without_cache():
    model = random_model().cuda().to(torch.bfloat16)
    idx = torch.randint(0, V, (2, 24), device="cuda")
    flash = model(idx)[0].float()
    sdpa = model(idx, attention_mask=torch.ones_like(idx))[0].float()  # a mask routes around flash
    assert (flash - sdpa).abs().max() < 0.05
    cache = KVCache(model.config.n_layer, 24)
    cached = torch.cat([model(idx[:, :16], kv_cache=cache)[0], model(idx[:, 16:], kv_cache=cache)[0]], 1)
    assert (cached.float() - sdpa).abs().max() < 0.05
