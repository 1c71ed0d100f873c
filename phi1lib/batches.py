"""What the trainer reads, and in which order: the datasets of a training run and the batch order.

- `TrainData`: the protocol `train.train` consumes: `len()` sequences of `seq_len` tokens, fetched by
  index as (x, y) int64 tensors, y = x shifted by one, -100 where no loss is taken.
- `TokenWindows` / `packed_data`: pretraining. Paper: files concatenated with an end-of-text token and
  cut into 2048-token slices; window i is the i-th non-overlapping slice plus the token after it.
- `ExampleData` / `tokenize_examples`: finetuning on (prompt, answer) exercises, one per row, padded
  (not packed), with the loss on the answer only or on all tokens (`TrainConfig.loss_on`; the paper
  does not say which it used).
- `batch_indices` / `micro_rows`: the order. Optimizer step s takes positions s*B .. (s+1)*B-1 of an
  endless stream of per-epoch permutations of the sequences (a pure function of seed and step, so a
  checkpoint needs no iterator state), split into micro-batches and across ranks.

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

from phi1lib.distributed import DistEnv


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
    from phi1lib.packing import PackedTokens

    return TokenWindows(PackedTokens(directory, split), seq_len)


class ExampleData:
    """Finetuning examples (prompt ids, answer ids), one per row, right-padded to seq_len.

    x = (prompt + answer)[:-1], y = (prompt + answer)[1:], truncated to seq_len; padding positions
    have target -100. loss_on="answer" also sets -100 on the targets that are prompt tokens, so only
    the answer is learned; "all" trains on both. The paper does not say which it used. Append the
    end-of-text id to each answer (the caller's job) so the model learns where a solution ends.
    Examples are not packed together: one exercise per row, as a completion is asked at inference.
    """

    def __init__(self, examples: Sequence[tuple[Sequence[int], Sequence[int]]], seq_len: int,
                 loss_on: str = "answer", pad_id: int = 0):
        if loss_on not in ("answer", "all"):
            raise ValueError(f"loss_on must be 'answer' or 'all', got {loss_on!r}")
        self.examples, self.seq_len, self.loss_on, self.pad_id = list(examples), seq_len, loss_on, pad_id
        self.n_truncated = sum(len(p) + len(a) > seq_len + 1 for p, a in self.examples)

    def __len__(self) -> int:
        return len(self.examples)

    def get(self, indices):
        T = self.seq_len
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


def batch_indices(n: int, seed: int, step: int, batch_size: int) -> np.ndarray:
    """Sequence indices of optimizer step `step`: a pure function of (n, seed, step, batch_size).

    Positions step*B .. step*B+B-1 of the concatenation of per-epoch permutations of range(n):
    each epoch sees every sequence once, in an order of its own.
    """
    pos = np.arange(step * batch_size, (step + 1) * batch_size, dtype=np.int64)
    epochs = pos // n
    out = np.empty(batch_size, dtype=np.int64)
    for epoch in np.unique(epochs):
        sel = epochs == epoch
        out[sel] = _epoch_permutation(n, seed, int(epoch))[pos[sel] % n]
    return out


def micro_rows(indices: np.ndarray, micro: int, env: DistEnv) -> list[np.ndarray]:
    """This rank's micro-batches of a global batch: micro-step j takes slice j*W + rank."""
    per_rank = len(indices) // (micro * env.world_size)
    return [indices[(j * env.world_size + env.rank) * micro:(j * env.world_size + env.rank + 1) * micro]
            for j in range(per_rank)]
