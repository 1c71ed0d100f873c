"""A continuous score for models too small to pass tests: the likelihood of the reference solution.

At laptop scale pass@1 is near zero for every model, so it cannot tell data settings apart. The
mean log-likelihood per token of each benchmark's reference solution given its prompt (and, in a
tokenizer-free unit, bits per character) still does: a model that learned more of how such code is
written gives the canonical solution more probability. Both are summed over all problems before
dividing (token- and character-weighted), so long solutions count for what they are; the
conversion to bits per character is `core.stats.bits_per_char`, which the analyses use as well.

Scoring uses windows of the model's context length: every reference token is predicted from up to
``context_len`` preceding tokens and at least half that (or all there is), so a prompt longer than
the context is cut from the left, as generation cuts it. Prompt and reference are tokenized
separately (the continuation's tokens are the reference's own), as lm-eval does for
``loglikelihood`` requests. Not reported by the paper: this is our addition.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from phi1lib.core.stats import bits_per_char


def score_tokens(forward: Callable[[Sequence[int]], Any], prompt_ids: Sequence[int],
                 cont_ids: Sequence[int], context_len: int) -> tuple[float, int]:
    """(sum of log-probabilities in nats, number of tokens) of `cont_ids` after `prompt_ids`.

    ``forward(ids)`` returns logits of shape (len(ids), vocab) as a torch tensor for a window of at
    most `context_len` ids.
    """
    import torch

    full = list(prompt_ids) + list(cont_ids)
    start = max(len(prompt_ids), 1)  # the very first token of a text has nothing to condition on
    stride = max(1, context_len // 2)
    total, pos = 0.0, start
    while pos < len(full):
        end = min(len(full), pos + stride)
        begin = max(0, end - context_len)
        logits = forward(full[begin:end]).float()  # position i predicts full[begin + i + 1]
        logp = torch.log_softmax(logits[pos - begin - 1:end - begin - 1], dim=-1)
        targets = torch.tensor(full[pos:end], dtype=torch.long, device=logp.device)
        total += float(logp.gather(1, targets[:, None]).sum())
        pos = end
    return total, len(full) - start


def reference_loglik(scorer, benchmark, problems: Sequence[Any] | None = None) -> pd.DataFrame:
    """Per problem: tokens, characters, summed log-probability, mean per token, bits per character
    of the reference solution given the prompt. `scorer` has ``logprobs(pairs) -> [(sum, n)]``."""
    problems = list(problems if problems is not None else benchmark.problems())
    scores = scorer.logprobs([(p.prompt, p.reference) for p in problems])
    rows = []
    for p, (total, n) in zip(problems, scores):
        chars = len(p.reference)
        rows.append({"task_id": p.task_id, "n_tokens": n, "n_chars": chars, "sum_logprob": total,
                     "mean_logprob": total / n if n else float("nan"),
                     "bits_per_char": bits_per_char(total, chars)})
    return pd.DataFrame(rows)


def summarize_loglik(table: pd.DataFrame) -> dict[str, float]:
    """Token-weighted mean log-likelihood per token and character-weighted bits per character."""
    if table.empty:
        return {"mean_logprob": float("nan"), "bits_per_char": float("nan"), "n_tokens": 0}
    total, tokens, chars = table["sum_logprob"].sum(), table["n_tokens"].sum(), table["n_chars"].sum()
    return {"mean_logprob": float(total / tokens) if tokens else float("nan"),
            "bits_per_char": float(bits_per_char(total, chars)),
            "n_tokens": int(tokens)}
