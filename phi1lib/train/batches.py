"""What the trainer reads, and in which order: the datasets of a training run and the batch order.

- `TrainData`: the protocol `loop.train` consumes: `len()` sequences of `seq_len` tokens, fetched by
  index as (x, y) int64 tensors, y = x shifted by one, -100 where no loss is taken.
- `TokenWindows` / `packed_data`: pretraining. Paper: files concatenated with an end-of-text token and
  cut into 2048-token slices; window i is the i-th non-overlapping slice plus the token after it.
- `ExampleData` / `tokenize_examples`: finetuning on (prompt, answer) exercises, one per row, padded
  (not packed) to the longest row of its batch, with the loss on the answer only or on all tokens
  (`TrainConfig.loss_on`; the paper does not say which it used).
- `batch_indices` / `micro_rows`: the order. Optimizer step s takes positions s*B .. (s+1)*B-1 of an
  endless stream of per-epoch permutations of the sequences (a pure function of seed and step, so a
  checkpoint needs no iterator state), split into micro-batches and across ranks. With `lengths`
  (finetuning), each run of `group` x B positions of a permutation is sorted by length, so a batch
  holds exercises of similar length and little padding (measured: ~40% of a 256-token row was padding
  for a mean exercise of 153 tokens; `benchmarks/bench_train.py`).

Simplified: no shuffling buffer or worker processes; `get` reads from a memmap in the training
process, which at these sizes costs far less than a step.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
import torch

from phi1lib.data.packing import PackedTokens
from phi1lib.train.distributed import DistEnv


class TrainData(Protocol):
    """What the trainer reads: `len()` sequences of `seq_len` tokens, fetched by index."""

    seq_len: int

    def __len__(self) -> int: ...

    def get(self, indices: Sequence[int]) -> tuple[torch.Tensor, torch.Tensor]:
        """(x, y), int64 of shape (len(indices), seq_len); y is x shifted by one, -100 = no loss."""
        ...


class TokenWindows:
    """Packed pretraining tokens: one long stream cut into non-overlapping windows of seq_len + 1.

    Window i is tokens[i*T : i*T + T + 1] (the paper's i-th 2048-token slice plus the token after
    it); x its first T tokens, y its last T (next-token targets). `tokens` is an array (a numpy memmap
    works) or `packing.PackedTokens`, read through its `tokens(start, stop)`.
    """

    def __init__(self, tokens, seq_len: int):
        self.tokens, self.seq_len = tokens, seq_len
        self.n = (len(tokens) - 1) // seq_len
        if self.n < 1:
            raise ValueError(f"{len(tokens)} tokens do not fill one window of {seq_len} + 1")
        self._read = tokens.tokens if hasattr(tokens, "tokens") else (lambda a, b: tokens[a:b])

    def __len__(self) -> int:
        return self.n

    def get(self, indices):
        T = self.seq_len
        rows = np.stack([np.asarray(self._read(i * T, i * T + T + 1), dtype=np.int64) for i in indices])
        rows = torch.from_numpy(rows)
        return rows[:, :-1].contiguous(), rows[:, 1:].contiguous()


def packed_data(directory: str | Path, split: str, seq_len: int) -> TokenWindows:
    """One split of a `packing` directory as training windows."""
    return TokenWindows(PackedTokens(directory, split), seq_len)


class ExampleData:
    """Finetuning examples (prompt ids, answer ids), one per row, right-padded to the longest row of
    the batch (`dynamic`; else to seq_len).

    x = (prompt + answer)[:-1], y = (prompt + answer)[1:], truncated to seq_len; padding positions
    have target -100. loss_on="answer" also sets -100 on the targets that are prompt tokens, so only
    the answer is learned; "all" trains on both. The paper does not say which it used. Append the
    end-of-text id to each answer (the caller's job) so the model learns where a solution ends.
    Examples are not packed together: one exercise per row, starting at position 0 as a completion
    does at inference (packing would put exercises at positions and after contexts never seen when
    the model is asked for a completion). `lengths` (tokens each row trains on) lets `batch_indices`
    group rows of similar length, which is what removes the padding instead.
    """

    def __init__(self, examples: Sequence[tuple[Sequence[int], Sequence[int]]], seq_len: int,
                 loss_on: str = "answer", pad_id: int = 0, dynamic: bool = True):
        if loss_on not in ("answer", "all"):
            raise ValueError(f"loss_on must be 'answer' or 'all', got {loss_on!r}")
        self.examples, self.seq_len, self.loss_on, self.pad_id = list(examples), seq_len, loss_on, pad_id
        self.dynamic = dynamic
        self.n_truncated = sum(len(p) + len(a) > seq_len + 1 for p, a in self.examples)
        self.lengths = np.array([max(min(len(p) + len(a), seq_len + 1) - 1, 0) for p, a in self.examples],
                                dtype=np.int64)

    def __len__(self) -> int:
        return len(self.examples)

    def get(self, indices):
        T = self.seq_len
        if self.dynamic:
            # a multiple of 8 keeps the matmul shapes few; never 0, the model needs one position
            T = min(T, max(8, -(-int(max(self.lengths[i] for i in indices)) // 8) * 8))
        x = torch.full((len(indices), T), self.pad_id, dtype=torch.long)
        y = torch.full((len(indices), T), -100, dtype=torch.long)
        for row, i in enumerate(indices):
            prompt, answer = self.examples[i]
            ids = torch.tensor(list(prompt) + list(answer), dtype=torch.long)[: T + 1]
            n = len(ids) - 1
            if n < 1:
                continue
            x[row, :n], y[row, :n] = ids[:-1], ids[1:]
            if self.loss_on == "answer":
                # y[j] = ids[j + 1] is a prompt token for j + 1 < len(prompt)
                y[row, : max(len(prompt) - 1, 0)] = -100
        return x, y


def tokenize_examples(pairs, tokenizer) -> list[tuple[list[int], list[int]]]:
    """(prompt text, answer text) pairs -> id lists, the end-of-text id appended to each answer.

    Prompt and answer are encoded separately, so no BPE merge crosses the boundary and the answer
    starts where the model will be asked to continue at inference.
    """
    return [(tokenizer.encode(p), tokenizer.encode(a) + [tokenizer.eot_id]) for p, a in pairs]


@functools.lru_cache(maxsize=4)
def _epoch_permutation(n: int, seed: int, epoch: int) -> np.ndarray:
    return np.random.default_rng([seed, epoch]).permutation(n)


@functools.lru_cache(maxsize=4)
def _grouped_permutation(lengths: tuple[int, ...], seed: int, epoch: int, batch_size: int,
                         group: int) -> np.ndarray:
    perm = _epoch_permutation(len(lengths), seed, epoch)
    lens = np.asarray(lengths)[perm]
    span = max(1, group) * batch_size
    out = perm.copy()
    for start in range(0, len(perm), span):
        # longest first within the span; stable, so equal lengths keep the permutation's order
        order = np.argsort(-lens[start:start + span], kind="stable")
        out[start:start + span] = perm[start:start + span][order]
    return out


def batch_indices(n: int, seed: int, step: int, batch_size: int, lengths: Sequence[int] | None = None,
                  group: int = 32) -> np.ndarray:
    """Sequence indices of optimizer step `step`: a pure function of (n, seed, step, batch_size).

    Positions step*B .. step*B+B-1 of the concatenation of per-epoch permutations of range(n):
    each epoch sees every sequence once, in an order of its own. With `lengths` (one per sequence),
    every `group` x B consecutive positions of a permutation are sorted by length, longest first, so
    consecutive batches hold sequences of similar length (Hugging Face's ``group_by_length`` idea);
    the groups themselves are random, so each epoch still mixes everything.
    """
    if lengths is not None and len(lengths) != n:
        raise ValueError(f"{len(lengths)} lengths for {n} sequences")
    key = tuple(int(v) for v in lengths) if lengths is not None else None
    pos = np.arange(step * batch_size, (step + 1) * batch_size, dtype=np.int64)
    epochs = pos // n
    out = np.empty(batch_size, dtype=np.int64)
    for epoch in np.unique(epochs):
        sel = epochs == epoch
        order = (_epoch_permutation(n, seed, int(epoch)) if key is None
                 else _grouped_permutation(key, seed, int(epoch), batch_size, group))
        out[sel] = order[pos[sel] % n]
    return out


def micro_rows(indices: np.ndarray, micro: int, env: DistEnv) -> list[np.ndarray]:
    """This rank's micro-batches of a global batch: micro-step j takes slice j*W + rank."""
    per_rank = len(indices) // (micro * env.world_size)
    return [indices[(j * env.world_size + env.rank) * micro:(j * env.world_size + env.rank + 1) * micro]
            for j in range(per_rank)]
