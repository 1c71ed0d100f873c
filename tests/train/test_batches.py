"""batches.py: pretraining windows, finetuning examples and the batch order, on hand-made data."""

import numpy as np
import pytest
import torch

from phi1lib.train import batches
from phi1lib.train import loop
from phi1lib.core.config import PackingConfig, TokenizerConfig
from phi1lib.train.distributed import DistEnv


def test_token_windows_are_non_overlapping_slices_and_next_token_targets():
    tokens = np.arange(23, dtype=np.uint16)  # 22 // 5 = 4 windows of 5 (+1) tokens
    data = batches.TokenWindows(tokens, 5)
    assert len(data) == 4 and data.seq_len == 5
    x, y = data.get([0, 3])
    assert x.dtype == y.dtype == torch.int64
    assert x.tolist() == [[0, 1, 2, 3, 4], [15, 16, 17, 18, 19]]
    assert y.tolist() == [[1, 2, 3, 4, 5], [16, 17, 18, 19, 20]]
    with pytest.raises(ValueError, match="do not fill one window"):
        batches.TokenWindows(np.arange(5), 5)


def test_token_windows_read_a_memmap(tmp_path):
    path = tmp_path / "t.bin"
    np.arange(100, dtype=np.uint16).tofile(path)
    data = batches.TokenWindows(np.memmap(path, dtype=np.uint16, mode="r"), 9)
    x, y = data.get([10])
    assert x[0, 0].item() == 90 and y[0, -1].item() == 99 and len(data) == 11


def test_packed_data_reads_windows_across_shards(tmp_path):
    from phi1lib.data.packing import pack_texts
    from phi1lib.data.tokenizer import load_tokenizer, train_tokenizer

    docs = [f"def f{i}(x):\n    return x + {i}\n" for i in range(60)]
    tok = load_tokenizer(train_tokenizer(iter(docs), TokenizerConfig(kind="bpe", vocab_size=300),
                                         tmp_path / "tok"))
    pack_texts(docs, tok, PackingConfig(seq_len=16, shard_tokens=97, num_proc=1, val_fraction=0.1),
               tmp_path / "pack")
    data = batches.packed_data(tmp_path / "pack", "train", 16)
    stream = np.concatenate([tok.encode(d) + [tok.eot_id] for i, d in enumerate(docs) if (i + 1) % 10])
    assert len(data) == (len(stream) - 1) // 16
    x, y = data.get(list(range(len(data))))
    assert np.array_equal(x.reshape(-1).numpy(), stream[: len(data) * 16])
    assert np.array_equal(y[:, -1].numpy(), stream[16: len(data) * 16 + 1: 16])


def test_tokenize_examples_encodes_prompt_and_answer_apart_and_appends_eot(tmp_path):
    from phi1lib.data.tokenizer import load_tokenizer, train_tokenizer

    docs = ["def add(a, b):\n    return a + b\n"] * 20
    tok = load_tokenizer(train_tokenizer(iter(docs), TokenizerConfig(kind="bpe", vocab_size=280),
                                         tmp_path / "tok"))
    (p, a), = batches.tokenize_examples([("def add(a, b):\n", "    return a + b\n")], tok)
    assert p == tok.encode("def add(a, b):\n") and a[-1] == tok.eot_id
    assert tok.decode(p + a[:-1]) == docs[0]


def test_example_data_rows_are_padded_one_exercise_each():
    data = batches.ExampleData([([1, 2], [3]), ([4], [5, 6, 7])], seq_len=4, loss_on="answer", pad_id=9)
    x, y = data.get([0, 1])
    assert x.tolist() == [[1, 2, 9, 9], [4, 5, 6, 9]]
    assert y.tolist() == [[-100, 3, -100, -100], [5, 6, 7, -100]]
    with pytest.raises(ValueError, match="loss_on"):
        batches.ExampleData([], 4, loss_on="prompt")


def test_batch_indices_with_a_batch_larger_than_the_data_span_epochs():
    n = 3
    first = batches.batch_indices(n, 0, 0, 7)  # positions 0..6: epochs 0, 1 and the start of 2
    assert sorted(first[:3]) == sorted(first[3:6]) == [0, 1, 2]
    assert np.array_equal(np.concatenate([batches.batch_indices(n, 0, s, 1) for s in range(7)]), first)


def test_micro_rows_single_process_is_the_batch_in_order():
    idx = np.arange(8)
    parts = batches.micro_rows(idx, 4, DistEnv())
    assert [p.tolist() for p in parts] == [[0, 1, 2, 3], [4, 5, 6, 7]]


def test_train_uses_the_same_data_classes():
    # one definition: the trainer uses the batches module's classes, not a copy
    assert loop.ExampleData is batches.ExampleData and not hasattr(loop, "TokenWindows")


def test_dynamic_rows_pad_only_to_the_batch_longest_and_keep_the_loss_mask():
    rng = np.random.default_rng(0)
    examples = [(list(rng.integers(1, 50, int(p))), list(rng.integers(1, 50, int(a))))
                for p, a in zip(rng.integers(3, 30, 12), rng.integers(2, 20, 12))]
    fixed = batches.ExampleData(examples, 64, "answer", dynamic=False)
    dyn = batches.ExampleData(examples, 64, "answer")
    idx = [0, 3, 7]
    xf, yf = fixed.get(idx)
    xd, yd = dyn.get(idx)
    longest = max(dyn.lengths[i] for i in idx)
    assert xd.shape[1] == -(-longest // 8) * 8 < 64
    # the same inputs and targets where the short rows have them, nothing learned beyond
    assert torch.equal(xd, xf[:, : xd.shape[1]]) and torch.equal(yd, yf[:, : yd.shape[1]])
    assert (yf[:, yd.shape[1]:] == -100).all()
    assert int((yd != -100).sum()) == sum(len(examples[i][1]) for i in idx)  # answer tokens only


def test_grouped_batch_indices_permute_each_epoch_and_batch_similar_lengths():
    rng = np.random.default_rng(1)
    n, B = 400, 8
    lengths = rng.integers(10, 250, n)
    steps = n // B
    grouped = np.concatenate([batches.batch_indices(n, 3, s, B, lengths, group=10) for s in range(steps)])
    plain = np.concatenate([batches.batch_indices(n, 3, s, B) for s in range(steps)])
    assert sorted(grouped) == list(range(n))  # one epoch: every sequence once
    spread = lambda order: np.mean([np.ptp(lengths[order[i:i + B]]) for i in range(0, n, B)])  # noqa: E731
    assert spread(grouped) < 0.3 * spread(plain)
    # a pure function of (seed, step): the same batch twice, another seed another order
    assert np.array_equal(batches.batch_indices(n, 3, 5, B, lengths), batches.batch_indices(n, 3, 5, B, lengths))
    assert not np.array_equal(batches.batch_indices(n, 4, 5, B, lengths), batches.batch_indices(n, 3, 5, B, lengths))
    with pytest.raises(ValueError, match="lengths"):
        batches.batch_indices(n, 3, 0, B, lengths[:-1])
