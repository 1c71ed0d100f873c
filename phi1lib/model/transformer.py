"""The phi-1 network: a decoder-only transformer with attention and MLP in parallel (nanoGPT style).

Follows phi-1 as released (STUDY.md "Model", Hugging Face `PhiForCausalLM`): one LayerNorm per block
feeds attention and MLP in parallel, ``x + attn(ln(x)) + mlp(ln(x))`` (GPT-J / CodeGen); biases on
q/k/v/out and on the MLP; rotary position embedding on the first ``rotary_dim`` dims of each head
(rotate-half convention); MLP ``fc1 -> gelu_new (tanh) -> fc2``; final LayerNorm; untied LM head with
bias. Module names are HF's, so a checkpoint maps key for key (see `hf_interop`); one matmul computes
q, k and v all the same, through their weights stacked (`Attention.stacked_qkv`).

Simplifications: plain multi-head attention (no grouped KV heads, no q/k LayerNorm, no rope scaling);
one dropout rate for attention probabilities and both residual branches, none on the embedding (the
paper reports "attention and residual dropout 0.1"). FlashAttention, which the paper trained with, is
used when the `flash_attn` package is importable, the inputs are CUDA fp16/bf16 and the batch has no
padding mask; otherwise PyTorch's `scaled_dot_product_attention`.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from phi1lib.core.config import ModelConfig

try:  # optional: pyproject's "gpu" extra
    from flash_attn import flash_attn_func
except ImportError:
    flash_attn_func = None


class KVCache:
    """Keys and values of every layer for the positions seen so far, preallocated to `max_len`.

    The buffers are allocated on the first update so they take the device and dtype attention runs in
    (bf16 under autocast). All rows share `pos`: a left-padded batch keeps its rows aligned.
    """

    def __init__(self, n_layer: int, max_len: int):
        self.n_layer, self.max_len = n_layer, max_len
        self.k: list[torch.Tensor] = []  # per layer (B, H, max_len, D), read only up to pos
        self.v: list[torch.Tensor] = []
        self.pos = 0

    def update(self, layer: int, k: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Store k, v (B, H, T, D) after the cached positions; return all keys and values so far."""
        if not self.k:
            B, H, _, D = k.shape
            self.k = [k.new_empty(B, H, self.max_len, D) for _ in range(self.n_layer)]
            self.v = [k.new_empty(B, H, self.max_len, D) for _ in range(self.n_layer)]
        end = self.pos + k.shape[2]
        if end > self.max_len:
            raise ValueError(f"KV cache holds {self.max_len} positions; asked for {end}")
        k_all, v_all = self.k[layer], self.v[layer]
        k_all[:, :, self.pos:end] = k
        v_all[:, :, self.pos:end] = v
        return k_all[:, :, :end], v_all[:, :, :end]


def rotary_cos_sin(position_ids: torch.Tensor, rotary_dim: int, theta: float):
    """cos, sin of shape (B, 1, T, rotary_dim) for position_ids (B, T), in float32 as HF computes them.

    sin comes with its first half negated (see `apply_rotary`).
    """
    exponents = torch.arange(0, rotary_dim, 2, dtype=torch.float, device=position_ids.device) / rotary_dim
    inv_freq = 1.0 / (theta ** exponents)
    freqs = position_ids[..., None].float() * inv_freq
    cos, sin = freqs.cos(), freqs.sin()
    return torch.cat((cos, cos), dim=-1)[:, None], torch.cat((-sin, sin), dim=-1)[:, None]


def apply_rotary(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    """Rotate the first cos.shape[-1] dims of each head of x (..., T, D); pass the rest through.

    Rotate-half pairing (dim i with dim i + r/2), as HF Phi/GPT-NeoX, not GPT-J's interleaved pairs:
    HF's rotate_half(x) * sin, with rotate_half(x) = cat(-x2, x1), is roll(x, r/2) * sin with the first
    half of sin negated, as `rotary_cos_sin` gives it. x may stack q and k in front, (2, B, H, T, D), so
    both turn in one go.
    """
    r = cos.shape[-1]
    x_rot, x_pass = x.split((r, x.shape[-1] - r), dim=-1)  # split, not slices: a cheaper backward
    x_rot = x_rot * cos.to(x.dtype) + x_rot.roll(r // 2, dims=-1) * sin.to(x.dtype)
    return torch.cat((x_rot, x_pass), dim=-1)


def attend(q, k, v, mask: torch.Tensor | None, dropout_p: float, padded: bool) -> torch.Tensor:
    """Causal attention of q (B, H, Tq, D) over k, v (B, H, Tk, D); query i sits at key Tk - Tq + i."""
    half = q.dtype in (torch.float16, torch.bfloat16)
    if flash_attn_func is not None and not padded and q.is_cuda and half:
        # flash-attn >= 2.1 aligns its causal mask bottom-right, which is what a KV cache needs
        y = flash_attn_func(q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2),
                            dropout_p=dropout_p, causal=True)
        return y.transpose(1, 2)
    if mask is None:  # Tq == Tk (training, a prefill): the fused causal kernel; or one query sees every key
        return F.scaled_dot_product_attention(q, k, v, dropout_p=dropout_p, is_causal=q.shape[2] > 1)
    return F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=dropout_p)


def causal_mask(attention_mask: torch.Tensor | None, past: int, T: int, device) -> torch.Tensor:
    """Boolean (B or 1, 1, T, past + T) mask: causal, and no attention to padding (attention_mask 0).

    A padding query still sees itself so its softmax row is never empty (NaN); its output is never
    used, because real tokens never attend to padding.
    """
    q_pos = torch.arange(past, past + T, device=device)[:, None]
    k_pos = torch.arange(past + T, device=device)[None, :]
    mask = k_pos <= q_pos
    if attention_mask is None:
        return mask[None, None]
    real = attention_mask.bool()[:, None, None, :]
    return mask & (real | (k_pos == q_pos))


class Attention(nn.Module):
    def __init__(self, config: ModelConfig):
        super().__init__()
        inner = config.n_head * config.head_dim
        self.q_proj = nn.Linear(config.d_model, inner)
        self.k_proj = nn.Linear(config.d_model, inner)
        self.v_proj = nn.Linear(config.d_model, inner)
        self.dense = nn.Linear(inner, config.d_model)
        self.n_head, self.head_dim, self.dropout = config.n_head, config.head_dim, config.dropout
        self._stacked = None  # (weight versions, weight, bias) kept between decoding steps

    def stacked_qkv(self) -> tuple[torch.Tensor, torch.Tensor]:
        """Weight (3 * inner, d_model) and bias of q, k, v stacked, so one matmul computes all three.

        With autograd the stack is made anew each call, so gradients reach the three projections;
        without (decoding), it is kept until a weight changes: in place (its version counter), moved or
        cast. A write through `.data`, which skips the version counter, would go unseen.
        """
        tensors = [t for proj in (self.q_proj, self.k_proj, self.v_proj) for t in (proj.weight, proj.bias)]
        if torch.is_grad_enabled():
            self._stacked = None
            return torch.cat(tensors[0::2]), torch.cat(tensors[1::2])
        versions = [(t.data_ptr(), t.dtype, t._version) for t in tensors]
        if self._stacked is None or self._stacked[0] != versions:
            self._stacked = versions, torch.cat(tensors[0::2]), torch.cat(tensors[1::2])
        return self._stacked[1], self._stacked[2]

    def forward(self, x, cos, sin, mask, padded, kv_cache: KVCache | None, layer: int):
        B, T, _ = x.shape
        qkv = F.linear(x, *self.stacked_qkv()).view(B, T, 3, self.n_head, self.head_dim)
        qk, v = qkv.permute(2, 0, 3, 1, 4).split((2, 1))  # (2 or 1, B, H, T, D)
        q, k = apply_rotary(qk, cos, sin)  # both in one go
        v = v.squeeze(0)
        if kv_cache is not None:
            k, v = kv_cache.update(layer, k, v)
        y = attend(q, k, v, mask, self.dropout if self.training else 0.0, padded)
        return self.dense(y.transpose(1, 2).reshape(B, T, -1))


class MLP(nn.Module):
    def __init__(self, config: ModelConfig):
        super().__init__()
        self.fc1 = nn.Linear(config.d_model, config.d_mlp)
        self.fc2 = nn.Linear(config.d_mlp, config.d_model)

    def forward(self, x):
        # tanh approximation: HF's "gelu_new", what phi-1 was trained with
        return self.fc2(F.gelu(self.fc1(x), approximate="tanh"))


class Block(nn.Module):
    def __init__(self, config: ModelConfig):
        super().__init__()
        self.input_layernorm = nn.LayerNorm(config.d_model, eps=config.layer_norm_eps)
        self.self_attn = Attention(config)
        self.mlp = MLP(config)
        self.resid_dropout = nn.Dropout(config.dropout)

    def forward(self, x, cos, sin, mask, padded, kv_cache, layer):
        h = self.input_layernorm(x)  # one LayerNorm feeds both branches
        attn, mlp = self.self_attn(h, cos, sin, mask, padded, kv_cache, layer), self.mlp(h)
        # eval skips the calls; the MLP draws no random numbers, so these are the draws of dropping each
        # branch as soon as it is computed
        if self.training:
            attn, mlp = self.resid_dropout(attn), self.resid_dropout(mlp)
        return attn + mlp + x


class PhiModel(nn.Module):
    def __init__(self, config: ModelConfig):
        super().__init__()
        if config.rotary_dim % 2 or config.rotary_dim > config.head_dim:
            raise ValueError(f"rotary_dim {config.rotary_dim} must be even and <= head_dim {config.head_dim}")
        self.config = config
        self.embed_tokens = nn.Embedding(config.vocab_size, config.d_model)
        self.layers = nn.ModuleList(Block(config) for _ in range(config.n_layer))
        self.final_layernorm = nn.LayerNorm(config.d_model, eps=config.layer_norm_eps)
        self.lm_head = nn.Linear(config.d_model, config.vocab_size)  # untied from the embedding
        self.apply(self._init_weights)
        # rotary cos, sin of positions 0..n-1 per device (`rotary`), float32: a plain attribute, not a
        # buffer, so `model.half()` does not cast it and lose the precision of the high positions
        self._rope: dict[torch.device, tuple[torch.Tensor, torch.Tensor]] = {}

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        # N(0, 0.02) for every weight matrix and the embedding, zero biases, LayerNorm (1, 0): GPT-2's
        # scheme and HF Phi's (initializer_range 0.02). Unlike nanoGPT, no 1/sqrt(2 * n_layer) scaling
        # of the output projections, as HF Phi; the paper does not say.
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            nn.init.zeros_(module.bias)

    def forward(self, idx: torch.Tensor, targets: torch.Tensor | None = None, *,
                attention_mask: torch.Tensor | None = None, position_ids: torch.Tensor | None = None,
                kv_cache: KVCache | None = None, last_only: bool = False):
        """Logits (B, T, V) for token ids idx (B, T), and the mean cross-entropy against `targets`.

        targets: (B, T), the token that follows each position of idx (already shifted, as nanoGPT);
            -100 is ignored, so finetuning can mask the prompt. Loss is None without targets.
        attention_mask: (B, past + T), 1 for real tokens, 0 for (left) padding, past positions included.
        position_ids: (B, T), each below max(context_len, past + T); default: counted over real tokens
            from the mask (cumsum - 1), else past..past+T-1. kv_cache: past keys/values, extended in
            place by this call.
        last_only: logits of the last position only (B, 1, V); for generation, ignored with targets.
        """
        B, T = idx.shape
        past = kv_cache.pos if kv_cache is not None else 0
        if attention_mask is not None and attention_mask.shape != (B, past + T):
            raise ValueError(f"attention_mask has shape {tuple(attention_mask.shape)}; "
                             f"expected {(B, past + T)} (cached + new positions)")
        if position_ids is None and attention_mask is not None:
            position_ids = (attention_mask.long().cumsum(-1) - 1).clamp(min=0)[:, -T:]
        padded = attention_mask is not None
        # no padding and nothing cached: the causal kernel needs no mask; nor does one query over all keys
        mask = causal_mask(attention_mask, past, T, idx.device) if padded or (past and T > 1) else None
        cos, sin = self.rotary(position_ids, past, T, idx.device)

        x = self.embed_tokens(idx)  # (B, T, d_model)
        for i, block in enumerate(self.layers):
            x = block(x, cos, sin, mask, padded, kv_cache, i)
        if kv_cache is not None:
            kv_cache.pos += T
        x = self.final_layernorm(x)

        if targets is None:
            return self.lm_head(x[:, -1:] if last_only else x), None
        logits = self.lm_head(x)
        loss = F.cross_entropy(logits.float().view(-1, logits.size(-1)), targets.reshape(-1),
                               ignore_index=-100)
        return logits, loss

    def rotary(self, position_ids: torch.Tensor | None, past: int, T: int, device):
        """cos, sin (B or 1, 1, T, rotary_dim) of position_ids, default past..past+T-1, from a table
        computed once per device rather than each call."""
        c = self.config
        n = max(c.context_len, past + T)
        if device not in self._rope or self._rope[device][0].shape[2] < n:
            with torch.inference_mode(False):  # made while generating, it must still serve training
                positions = torch.arange(n, device=device)[None]
                self._rope[device] = rotary_cos_sin(positions, c.rotary_dim, c.rope_theta)
        cos, sin = self._rope[device]  # (1, 1, n, rotary_dim)
        if position_ids is None:
            return cos[:, :, past:past + T], sin[:, :, past:past + T]
        return cos[0, 0, position_ids][:, None], sin[0, 0, position_ids][:, None]

    def num_params(self, exclude_embedding: bool = False) -> int:
        """Parameter count; `exclude_embedding` drops the token embedding table (a lookup, no FLOPs)."""
        n = sum(p.numel() for p in self.parameters())
        return n - self.embed_tokens.weight.numel() if exclude_embedding else n

    def estimate_flops_per_token(self, seq_len: int | None = None) -> float:
        """Training FLOPs (forward + backward) per token: 6N + 12 * L * H * Q * T.

        PaLM's appendix-B estimate, as nanoGPT's `estimate_mfu`. 6N counts the matmuls through N
        weights (2 FLOPs a weight forward, 4 backward); N leaves out the embedding table (a lookup) and
        keeps the untied LM head (a matmul). 12 * L * H * Q * T counts attention's scores and weighted
        sum (2 * 2 * T * H * Q forward per layer, times 3 with backward) for L layers, H heads of Q dims
        and a sequence of T tokens (default context_len); the causal half is not subtracted.
        """
        c = self.config
        T = seq_len or c.context_len
        return 6 * self.num_params(exclude_embedding=True) + 12 * c.n_layer * c.n_head * c.head_dim * T
