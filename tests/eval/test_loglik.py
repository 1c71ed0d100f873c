"""Log-likelihood of reference solutions: windowed scoring equals a single forward pass when it fits,
every token keeps at least half a context otherwise, and the summaries weigh tokens and characters."""

from __future__ import annotations

import math

import pandas as pd
import pytest
import torch

from phi1lib.eval.benchmarks import Exercises
from phi1lib.core.config import ModelConfig
from phi1lib.eval.loglik import reference_loglik, score_tokens, summarize_loglik
from phi1lib.model.transformer import PhiModel

CFG = ModelConfig(name="t", n_layer=2, d_model=32, d_mlp=128, n_head=2, head_dim=16, rotary_dim=8,
                  vocab_size=50, context_len=64, dropout=0.0)


@pytest.fixture(scope="module")
def model():
    torch.manual_seed(0)
    return PhiModel(CFG).eval()


def _forward(model):
    @torch.no_grad()
    def forward(ids):
        return model(torch.tensor([ids]))[0][0]
    return forward


def _direct(model, prompt, cont):
    ids = torch.tensor([prompt + cont])
    with torch.no_grad():
        logp = torch.log_softmax(model(ids)[0][0].float(), -1)
    return sum(float(logp[len(prompt) + i - 1, t]) for i, t in enumerate(cont))


def test_equals_one_forward_pass_when_it_fits(model):
    g = torch.Generator().manual_seed(1)
    prompt = torch.randint(0, 50, (20,), generator=g).tolist()
    cont = torch.randint(0, 50, (30,), generator=g).tolist()
    total, n = score_tokens(_forward(model), prompt, cont, context_len=64)
    assert n == 30 and total == pytest.approx(_direct(model, prompt, cont), abs=1e-4)
    # windows of 16 (strides of 8) give the same answer when the whole text fits anyway
    total_small, _ = score_tokens(_forward(model), prompt[-5:], cont[:10], context_len=64)
    assert total_small == pytest.approx(_direct(model, prompt[-5:], cont[:10]), abs=1e-4)


def test_long_texts_are_scored_in_windows_with_half_a_context_at_least():
    seen = []

    def forward(ids):
        seen.append(len(ids))
        assert len(ids) <= 16
        return torch.zeros(len(ids), 10)  # uniform: log(1/10) per token

    total, n = score_tokens(forward, list(range(5)) * 10, [1] * 37, context_len=16)
    assert n == 37 and total == pytest.approx(37 * math.log(0.1))
    assert min(seen) >= 8  # every window holds at least half a context
    assert score_tokens(forward, [], [1, 2, 3], context_len=16)[1] == 2  # nothing predicts the first token


class FakeScorer:
    def logprobs(self, pairs):
        return [(-2.0 * len(cont), len(cont)) for _, cont in pairs]


def test_reference_loglik_and_summary():
    bench = Exercises([{"prompt": "def f():\n", "answer": "    return 1\n"},
                       {"prompt": "def g():\n", "answer": "    return 22\n"}])
    table = reference_loglik(FakeScorer(), bench)
    assert list(table["task_id"]) == ["exercises/0", "exercises/1"]
    assert list(table["n_chars"]) == [13, 14] and list(table["mean_logprob"]) == [-2.0, -2.0]
    assert table["bits_per_char"].iloc[0] == pytest.approx(2.0 * 13 / 13 / math.log(2))
    summary = summarize_loglik(table)
    assert summary["mean_logprob"] == -2.0 and summary["n_tokens"] == 27
    assert summary["bits_per_char"] == pytest.approx(2 / math.log(2))
    assert math.isnan(summarize_loglik(pd.DataFrame())["bits_per_char"])
