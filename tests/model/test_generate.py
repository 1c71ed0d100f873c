"""Decoding: the KV cache changes nothing, batches equal single prompts, stops and seeds behave."""

import dataclasses

import pytest
import torch
from transformers import AutoModelForCausalLM

from phi1lib.core.config import SHAPES
from phi1lib.model.generate import generate, generate_ids, sample_next
from phi1lib.model.stops import truncate_at_stop
from phi1lib.model.hf_interop import export_hf
from phi1lib.model.transformer import PhiModel

V = 96  # printable ASCII, one character a token



class CharTokenizer:
    def encode(self, text: str) -> list[int]:
        return [ord(c) - 32 for c in text]

    def decode(self, ids: list[int]) -> str:
        return "".join(chr(i + 32) for i in ids)


@pytest.fixture(scope="module")
def model() -> PhiModel:
    torch.manual_seed(2)
    m = PhiModel(dataclasses.replace(SHAPES["smoke"], vocab_size=V, context_len=128, dropout=0.1))
    with torch.no_grad():
        for p in m.parameters():
            p.add_(torch.randn_like(p) * 0.2)  # wider logits: greedy varies and has no near-ties
    return m


PROMPTS = [[5, 17, 33, 2, 60, 41, 8], [70], [12, 12, 90, 3]]


def test_cached_greedy_equals_uncached(model):
    cached = generate_ids(model, PROMPTS, 24)
    uncached = generate_ids(model, PROMPTS, 24, use_cache=False)
    assert cached == uncached
    assert all(len(t) == 24 for t in cached)
    assert len(set(cached[0])) > 3  # not one token repeated: the test can tell decoders apart


def test_cached_greedy_equals_uncached_without_padding(model):
    # prompts of one length: no attention mask at all, and a decode step attends without one
    prompts = [PROMPTS[0], PROMPTS[0][::-1]]
    cached = generate_ids(model, prompts, 24)
    assert cached == generate_ids(model, prompts, 24, use_cache=False)
    assert cached[0] == generate_ids(model, PROMPTS, 24)[0]


def test_rows_checked_each_step_or_read_once_agree(model):
    # an eos that never comes makes the loop look at every token on the host; none reads them at the end
    assert generate_ids(model, PROMPTS, 20, eos_id=V + 1) == generate_ids(model, PROMPTS, 20)


def test_batched_generation_equals_each_prompt_alone(model):
    batched = generate_ids(model, PROMPTS, 20)
    assert batched == [generate_ids(model, [p], 20)[0] for p in PROMPTS]
    assert batched[0] != batched[1]


def test_generation_restores_training_mode(model):
    model.train()
    try:
        assert generate_ids(model, PROMPTS[:1], 10) == generate_ids(model.eval(), PROMPTS[:1], 10)
        assert model.training is False
        model.train()
        generate_ids(model, PROMPTS[:1], 2)
        assert model.training
    finally:
        model.eval()


def test_training_works_after_generation():
    # generation runs in inference mode; what it leaves behind (the rotary table) must serve autograd
    torch.manual_seed(0)
    m = PhiModel(dataclasses.replace(SHAPES["smoke"], vocab_size=V, context_len=32))
    generate_ids(m, PROMPTS, 4)
    idx = torch.randint(0, V, (2, 16))
    m(idx[:, :-1], idx[:, 1:])[1].backward()
    assert all(p.grad is not None for p in m.parameters())


def test_greedy_equals_transformers_generate(model, tmp_path):
    export_hf(model, tmp_path)
    hf = AutoModelForCausalLM.from_pretrained(tmp_path).eval()
    prompt = PROMPTS[0]
    out = hf.generate(torch.tensor([prompt]), max_new_tokens=16, do_sample=False, pad_token_id=0)
    assert generate_ids(model, [prompt], 16)[0] == out[0, len(prompt):].tolist()


def test_eos_stops_a_row_and_is_not_returned(model):
    free = generate_ids(model, PROMPTS, 20)
    eos = free[0][5]
    first = free[0].index(eos)
    stopped = generate_ids(model, PROMPTS, 20, eos_id=eos)
    assert stopped[0] == free[0][:first]
    for row, tokens in zip(free[1:], stopped[1:]):
        assert tokens == (row[:row.index(eos)] if eos in row else row)


def test_stop_fn_ends_a_row_early(model):
    free = generate_ids(model, PROMPTS, 20)
    stopped = generate_ids(model, PROMPTS, 20, stop_fn=lambda row, tokens: row == 1 and len(tokens) == 4)
    assert stopped == [free[0], free[1][:4], free[2]]


def test_finished_rows_leave_the_batch_and_change_nothing(model):
    free = generate_ids(model, PROMPTS, 20)
    ends = {0: 6, 1: 3}  # row 2 runs to max_new_tokens
    stop = lambda row, tokens: len(tokens) >= ends.get(row, 99)
    rows_seen: list[int] = []
    hook = model.register_forward_pre_hook(lambda _m, args: rows_seen.append(args[0].shape[0]))
    try:
        dropped = generate_ids(model, PROMPTS, 20, stop_fn=stop)
    finally:
        hook.remove()
    assert dropped == [free[0][:6], free[1][:3], free[2]]
    assert rows_seen == [3] * 3 + [2] * 3 + [1] * 14  # a finished row stops costing compute
    assert dropped == generate_ids(model, PROMPTS, 20, stop_fn=stop, drop_finished=False)
    assert dropped == generate_ids(model, PROMPTS, 20, stop_fn=stop, use_cache=False)
    # an end-of-text token ends a row too, and it leaves the batch the same way
    eos = free[1][2]
    kept = generate_ids(model, PROMPTS, 20, eos_id=eos, drop_finished=False)
    assert generate_ids(model, PROMPTS, 20, eos_id=eos) == kept
    assert kept[1] == free[1][:free[1].index(eos)]


def test_stop_sequences_truncate_text(model):
    tok = CharTokenizer()
    prompts = [tok.decode(p) for p in PROMPTS]
    free = generate(model, tok, prompts, 30)
    assert free[0] == tok.decode(generate_ids(model, PROMPTS[:1], 30)[0])
    stop = free[0][10:13]
    cut = generate(model, tok, prompts, 30, stop=[stop, "never appears"])
    assert cut[0] == free[0][:free[0].index(stop)]
    for full, short in zip(free[1:], cut[1:]):
        assert short == (full[:full.index(stop)] if stop in full else full)


def test_text_generation_batches_and_keeps_order(model):
    tok = CharTokenizer()
    prompts = [tok.decode(p) for p in PROMPTS]
    assert generate(model, tok, prompts, 12, batch_size=2) == generate(model, tok, prompts, 12, batch_size=8)
    sampled = generate(model, tok, prompts, 12, temperature=1.0, seed=3, batch_size=2)
    assert sampled == generate(model, tok, prompts, 12, temperature=1.0, seed=3, batch_size=2)
    with pytest.raises(TypeError):
        generate(model, tok, "one string", 5)


def test_truncate_at_stop_uses_the_earliest_stop():
    assert truncate_at_stop("a\nb\ndef c\nclass", ["\nclass", "\ndef"]) == "a\nb"
    assert truncate_at_stop("no stop here", ["\ndef", ""]) == "no stop here"


def test_sampling_is_reproducible_by_seed(model):
    kw = {"temperature": 1.5, "top_p": 0.95}
    a = generate_ids(model, PROMPTS, 20, seed=7, **kw)
    assert a == generate_ids(model, PROMPTS, 20, seed=7, **kw)
    assert a != generate_ids(model, PROMPTS, 20, seed=8, **kw)
    assert a != generate_ids(model, PROMPTS, 20)
    # a nucleus that holds only the most likely token is greedy
    nucleus_of_one = generate_ids(model, PROMPTS, 10, seed=1, temperature=1.0, top_p=1e-6)
    assert nucleus_of_one == generate_ids(model, PROMPTS, 10)


def test_top_p_keeps_only_the_nucleus_and_temperature_sharpens():
    logits = torch.log(torch.tensor([[0.5, 0.3, 0.15, 0.05]]))
    g = torch.Generator().manual_seed(0)
    draws = torch.stack([sample_next(logits, 1.0, 0.7, g) for _ in range(400)])
    assert set(draws.flatten().tolist()) == {0, 1}  # 0.5 + 0.3 reaches 0.7
    assert abs((draws == 0).float().mean().item() - 0.5 / 0.8) < 0.08
    cold = torch.stack([sample_next(logits, 0.05, 1.0, g) for _ in range(200)])
    assert (cold == 0).all()
    assert sample_next(logits, 0.0).item() == 0
    with pytest.raises(ValueError, match="top_p"):
        generate_ids(PhiModel(dataclasses.replace(SHAPES["smoke"], vocab_size=V)), [[1]], 1, top_p=0.0)


def test_generate_writes_within_the_context():
    # context 40: a 30-character prompt leaves 10 new tokens of the 25 asked for; short prompts
    # batched apart from it keep all 25, and those in its batch the same 10 (the batch's longest)
    torch.manual_seed(0)
    m = PhiModel(dataclasses.replace(SHAPES["smoke"], vocab_size=V, context_len=40))
    tok = CharTokenizer()
    prompts = ["x" * 30, "def f(a):", "return 1"]
    apart = generate(m, tok, prompts, 25, context_len=40, batch_size=1)
    assert [len(c) for c in apart] == [10, 25, 25]
    together = generate(m, tok, prompts, 25, context_len=40, batch_size=3)
    assert [len(c) for c in together] == [10, 10, 10]
    assert [len(c) for c in generate(m, tok, prompts, 25, batch_size=1)] == [25, 25, 25]  # no limit given
    assert [len(c) for c in generate(m, tok, ["y" * 45], 25, context_len=40)] == [1]  # at least one
