"""Decoding with the KV cache: greedy or temperature / top-p sampling, stop sequences, batches.

The paper does not report its decoding for pass@1; `EvalConfig` defaults to greedy (temperature 0),
and code completions are cut at stop sequences such as "\\ndef" as is usual for HumanEval (`stops`).
`generate_ids` works on token ids and needs no tokenizer; `generate` wraps it for text with any
tokenizer that has ``encode(str) -> list[int]`` and ``decode(list[int]) -> str``.

A batch is left-padded once and decoded in lockstep; a row that ends (end-of-text, a stop sequence)
leaves the batch at once, its KV cache rows with it, so a finished row stops costing compute and the
batch shrinks to the rows still writing (a tiny model's prompts end at very different lengths; without
it, one row that never stops kept the whole batch running to max_new_tokens).
`generate` sorts prompts by token length before batching, so the padding a batch carries is small.

Simplifications: no beam search, no repetition penalty; the padding columns stay when the longest
rows leave (prompts are sorted by length, so there are few), and no new prompt takes a finished row's
place (continuous batching). `generate_ids` does not stop a prompt + max_new_tokens from running past
`context_len` (rotary positions extrapolate, but the model never saw them); `generate` given the
model's `context_len` writes at most what each batch's longest prompt leaves of it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import torch

from phi1lib.model.stops import stop_window, truncate_at_stop
from phi1lib.model.transformer import KVCache, PhiModel


def sample_next(logits: torch.Tensor, temperature: float = 0.0, top_p: float = 1.0,
                generator: torch.Generator | None = None) -> torch.Tensor:
    """Next token ids (B,) from last-position logits (B, V): argmax at temperature 0, else nucleus."""
    if temperature <= 0:
        return logits.argmax(dim=-1)
    probs = torch.softmax(logits.float() / temperature, dim=-1)
    if top_p < 1.0:
        sorted_p, order = probs.sort(dim=-1, descending=True)
        # keep the smallest set of most likely tokens whose mass reaches top_p; the top one always stays
        drop = sorted_p.cumsum(dim=-1) - sorted_p >= top_p
        drop[..., 0] = False
        probs = torch.zeros_like(probs).scatter(-1, order, sorted_p.masked_fill(drop, 0.0))
    return torch.multinomial(probs, 1, generator=generator).squeeze(-1)


@torch.inference_mode()
def generate_ids(model: PhiModel, prompts: Sequence[Sequence[int]], max_new_tokens: int, *,
                 temperature: float = 0.0, top_p: float = 1.0, eos_id: int | None = None, pad_id: int = 0,
                 seed: int | None = None, use_cache: bool = True,
                 stop_fn: Callable[[int, list[int]], bool] | None = None,
                 drop_finished: bool = True) -> list[list[int]]:
    """New token ids for each prompt (prompt not included), decoded as one left-padded batch.

    A row ends at `eos_id` (not included in its tokens), when `stop_fn(row, tokens_so_far)` is true
    (its last token kept), or after max_new_tokens. `seed` makes sampling reproducible; use_cache=False
    recomputes the whole sequence each step (the reference the cache is tested against).
    drop_finished=False keeps an ended row in the batch to the end, its tokens discarded (the old
    behaviour; the benchmark's reference): greedy results are the same either way.
    """
    if not prompts or any(len(p) == 0 for p in prompts):
        raise ValueError("generate_ids needs at least one prompt, and no empty prompt")
    if not 0.0 < top_p <= 1.0:
        raise ValueError(f"top_p must be in (0, 1], got {top_p}")
    device = next(model.parameters()).device
    B, T0 = len(prompts), max(len(p) for p in prompts)
    # the whole sequence and its padding mask, preallocated: step s reads columns [:T0 + s]
    seq = torch.full((B, T0 + max_new_tokens), pad_id, dtype=torch.long)
    mask = torch.ones((B, T0 + max_new_tokens), dtype=torch.long)
    for i, p in enumerate(prompts):
        seq[i, T0 - len(p):T0] = torch.tensor(list(p), dtype=torch.long)
        mask[i, :T0 - len(p)] = 0
    seq, mask = seq.to(device), mask.to(device)
    padded = any(len(p) < T0 for p in prompts)  # else no mask: the model needs none, and builds none
    generator = torch.Generator(device=device).manual_seed(seed) if seed is not None else None
    cache = KVCache(model.config.n_layer, T0 + max_new_tokens) if use_cache else None
    # rows are checked on the host each step only when they can end early
    check = eos_id is not None or stop_fn is not None

    was_training = model.training
    model.eval()  # no dropout while decoding
    out: list[list[int]] = [[] for _ in range(B)]
    active = list(range(B))  # the prompt index of each row of the batch as it is now
    done = [False] * B
    n = T0  # tokens in seq so far
    try:
        for _ in range(max_new_tokens):
            start = n - 1 if use_cache and n > T0 else 0  # a cached step feeds only the newest token
            logits, _ = model(seq[:, start:n], attention_mask=mask[:, :n] if padded else None,
                              kv_cache=cache, last_only=True)
            token = sample_next(logits[:, -1], temperature, top_p, generator)  # (rows,)
            seq[:, n] = token
            n += 1
            if not check:
                continue
            keep = []
            for row, t in enumerate(token.tolist()):
                i = active[row]
                if done[i]:  # only without drop_finished: an ended row still in the batch
                    continue
                if t == eos_id:
                    done[i] = True
                    continue
                out[i].append(t)
                done[i] = stop_fn is not None and stop_fn(i, out[i])
                if not done[i]:
                    keep.append(row)
            if not keep:
                break
            if drop_finished and len(keep) < len(active):
                # the ended rows leave the batch, with their cached keys and values
                rows = torch.tensor(keep, device=device)
                seq, mask = seq.index_select(0, rows), mask.index_select(0, rows)
                if cache is not None:
                    cache.k = [t.index_select(0, rows) for t in cache.k]
                    cache.v = [t.index_select(0, rows) for t in cache.v]
                active = [active[row] for row in keep]
    finally:
        model.train(was_training)
    return out if check else seq[:, T0:n].tolist()


def _ids(encoded) -> list[int]:
    # a `tokenizers.Tokenizer` returns an Encoding; HF and minbpe-style tokenizers return a list
    return list(encoded.ids) if hasattr(encoded, "ids") else list(encoded)


def room_for_new_tokens(context_len: int, prompt_len: int, max_new_tokens: int) -> int:
    """New tokens a batch whose longest prompt has `prompt_len` tokens may write within `context_len`:
    up to max_new_tokens, at least 1."""
    return max(min(max_new_tokens, context_len - prompt_len), 1)


def generate(model: PhiModel, tokenizer, prompts: Sequence[str], max_new_tokens: int, *,
             temperature: float = 0.0, top_p: float = 1.0, stop: Sequence[str] = (),
             eos_id: int | None = None, pad_id: int = 0, seed: int | None = None,
             batch_size: int = 16, use_cache: bool = True, context_len: int | None = None) -> list[str]:
    """Completions of text prompts (prompt not included), cut before the first stop sequence.

    Prompts are batched by token length (less padding), `batch_size` at a time; results come back in
    the prompts' order. Batch b samples with seed + b, so a seeded call is reproducible. With
    `context_len`, a batch writes at most ``context_len`` minus its longest prompt (at least 1 token).
    """
    if isinstance(prompts, str):
        raise TypeError("prompts must be a list of strings, not one string")
    stop = [s for s in stop if s]
    window = stop_window(stop)

    def stop_fn(_row: int, tokens: list[int]) -> bool:
        tail = tokenizer.decode(tokens[-window:])
        return any(s in tail for s in stop)

    encoded = [_ids(tokenizer.encode(p)) for p in prompts]
    order = sorted(range(len(prompts)), key=lambda i: len(encoded[i]))
    completions: list[str] = [""] * len(prompts)
    for b, start in enumerate(range(0, len(order), batch_size)):
        rows = order[start:start + batch_size]
        limit = max_new_tokens if context_len is None else \
            room_for_new_tokens(context_len, max(len(encoded[i]) for i in rows), max_new_tokens)
        new = generate_ids(model, [encoded[i] for i in rows], limit, temperature=temperature,
                           top_p=top_p, eos_id=eos_id, pad_id=pad_id,
                           seed=None if seed is None else seed + b, use_cache=use_cache,
                           stop_fn=stop_fn if stop else None)
        for i, tokens in zip(rows, new):
            completions[i] = truncate_at_stop(tokenizer.decode(tokens), stop)
    return completions
