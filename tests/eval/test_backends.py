"""Model back-ends: our checkpoints, a local HF directory (equal to ours on the same weights), an
OpenAI-compatible endpoint (against a local HTTP server: order, concurrency, retries), a samples file."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import openai
import pytest
import torch

from phi1lib.eval.backends import _budget, CheckpointBackend, Decoding, HFBackend, OpenAIBackend, SamplesFileBackend
from phi1lib.eval.benchmarks import MBPP, HumanEval
from phi1lib.core.config import ModelConfig, TokenizerConfig
from phi1lib.model.hf_interop import export_hf
from phi1lib.model.transformer import PhiModel
from phi1lib.data.tokenizer import train_tokenizer


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A random phi model (2 layers, 64 wide, 64-token context) and a BPE tokenizer, saved as our
    trainer saves checkpoints and as a Hugging Face export."""
    root = tmp_path_factory.mktemp("tiny")
    texts = [p.prompt + p.reference for p in HumanEval().problems()]
    tok_cfg = TokenizerConfig(kind="bpe", vocab_size=400, min_frequency=2)
    tok_dir = train_tokenizer(texts, tok_cfg, root / "tok")
    torch.manual_seed(0)
    cfg = ModelConfig(name="t", n_layer=2, d_model=64, d_mlp=256, n_head=2, head_dim=32, rotary_dim=16,
                      vocab_size=512, context_len=64, dropout=0.0)
    model = PhiModel(cfg).eval()
    ckpt = root / "run" / "best.pt"
    ckpt.parent.mkdir()
    torch.save({"model_config": dataclasses.asdict(cfg), "model": model.state_dict()}, ckpt)
    hf_dir = export_hf(model, root / "run-hf", tok_dir, eos_token_id=0)
    return {"ckpt": ckpt, "tok": tok_dir, "hf": hf_dir}


def test_checkpoint_backend_completes_and_cuts_at_stop(tiny):
    backend = CheckpointBackend(tiny["ckpt"], tiny["tok"])
    assert backend.name == "run" and backend.n_params > 0
    bench = HumanEval()
    problems = bench.problems(3)  # prompts longer than the 64-token context: cut from the left
    outs = backend.completions(bench, problems, Decoding(n=2, max_new_tokens=20))
    assert len(outs) == 3 and all(len(o) == 2 and o[0] == o[1] for o in outs)  # greedy: identical
    assert all(not any(s in c for s in bench.stop) for o in outs for c in o)
    sampling = Decoding(n=3, temperature=1.0, max_new_tokens=10, seed=1)
    sampled = backend.completions(bench, problems[:1], sampling)
    again = backend.completions(bench, problems[:1], sampling)
    assert sampled == again  # seeded


def test_prompt_budget_keeps_all_but_a_quarter_of_the_context():
    # tiny shape: a 192-token prompt (a HumanEval signature and docstring) survives at context 256
    assert _budget(256, 128) == (192, 128)
    assert _budget(2048, 512) == (1536, 512)  # the paper's context: max_new_tokens is the smaller
    assert _budget(64, 8) == (56, 8)


def test_a_long_prompt_keeps_three_quarters_of_the_context_and_writes_the_rest(tiny, monkeypatch):
    import phi1lib.model.generate as gen

    seen = []
    real = gen.generate_ids

    def spy(model, prompts, max_new_tokens, **kw):
        seen.append(([len(p) for p in prompts], max_new_tokens))
        return real(model, prompts, max_new_tokens, **kw)

    monkeypatch.setattr(gen, "generate_ids", spy)
    backend = CheckpointBackend(tiny["ckpt"], tiny["tok"])
    bench = HumanEval()
    backend.completions(bench, bench.problems(1), Decoding(max_new_tokens=40))  # prompt > 64 tokens
    # kept: 64 - min(40, 64 // 4) = 48 tokens (a fixed split kept 24); written: the 16 left
    assert seen == [([48], 16)]


def test_mbpp_completions_are_whole_programs(tiny):
    backend = CheckpointBackend(tiny["ckpt"], tiny["tok"])
    bench = MBPP()
    p = bench.problems(1)[0]
    (out,), = backend.completions(bench, [p], Decoding(max_new_tokens=8))
    assert out.startswith(p.prompt)


def test_hf_directory_agrees_with_our_model(tiny):
    ours = CheckpointBackend(tiny["ckpt"], tiny["tok"])
    imported = CheckpointBackend(tiny["hf"])  # the HF export read back into our model
    hf = HFBackend(tiny["hf"])  # transformers' PhiForCausalLM
    assert hf.n_params == ours.n_params and hf.context_len == ours.context_len == 64
    pairs = [(p.prompt, p.reference) for p in HumanEval().problems(3)]  # longer than 64: windows
    a, b, c = ours.logprobs(pairs), imported.logprobs(pairs), hf.logprobs(pairs)
    for (ta, na), (tb, nb), (tc, nc) in zip(a, b, c):
        assert na == nb == nc
        assert ta == pytest.approx(tb, rel=1e-5) and ta == pytest.approx(tc, rel=1e-3)
    bench = HumanEval()
    problems = bench.problems(2)
    decoding = Decoding(max_new_tokens=12)
    assert hf.completions(bench, problems, decoding) == ours.completions(bench, problems, decoding)


# ------------------------------------------------------------------------ OpenAI-compatible server

class _State:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests, self.inflight, self.max_inflight = 0, 0, 0
        self.fail = []  # HTTP statuses to answer with before succeeding
        self.bodies = []


def _server(state: _State):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, status, payload):
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with state.lock:
                state.requests += 1
                state.bodies.append(body)
                status = state.fail.pop(0) if state.fail else 200
                state.inflight += 1
                state.max_inflight = max(state.max_inflight, state.inflight)
            try:
                time.sleep(0.05)
                if status != 200:
                    return self._send(status, {"error": {"message": "try again", "type": "server_error"}})
                prompt = body["prompt"]
                logprobs = None
                if body.get("echo"):
                    logprobs = {"tokens": list(prompt), "token_logprobs": [None] + [-1.0] * (len(prompt) - 1),
                                "text_offset": list(range(len(prompt))), "top_logprobs": None}
                    texts = [prompt + "x"]
                else:
                    texts = [f"    return {len(prompt)} + {i}\ndef junk():\n    pass\n"
                             for i in range(body.get("n", 1))]
                choices = [{"index": i, "text": t, "finish_reason": "stop", "logprobs": logprobs}
                           for i, t in reversed(list(enumerate(texts)))]  # out of order on purpose
                self._send(200, {"id": "cmpl-1", "object": "text_completion", "created": 0,
                                 "model": body["model"], "choices": choices})
            finally:
                with state.lock:
                    state.inflight -= 1

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def endpoint():
    state = _State()
    server = _server(state)
    yield f"http://127.0.0.1:{server.server_address[1]}/v1", state
    server.shutdown()


def test_openai_backend_order_concurrency_and_stops(endpoint):
    url, state = endpoint
    backend = OpenAIBackend("tiny-model", url, api_key="test", concurrency=4, backoff_s=0.01)
    prompts = [f"def f{i}():\n" + " " * i for i in range(8)]
    outs = backend.generate(prompts, Decoding(n=2, max_new_tokens=16), HumanEval.stop)
    assert outs == [[f"    return {len(p)} + 0", f"    return {len(p)} + 1"] for p in prompts]
    assert state.max_inflight > 1 and state.requests == 8
    assert all(len(b["stop"]) <= 4 and b["max_tokens"] == 16 and b["n"] == 2 for b in state.bodies)


def test_openai_backend_retries_transient_errors(endpoint):
    url, state = endpoint
    state.fail = [503, 429, 500]
    backend = OpenAIBackend("m", url, api_key="test", concurrency=1, backoff_s=0.01, max_retries=3)
    assert backend.generate(["abc"], Decoding(), ["\ndef"]) == [["    return 3 + 0"]]
    assert state.requests == 4 == backend.requests


def test_openai_backend_gives_up_on_client_errors(endpoint):
    url, state = endpoint
    state.fail = [400]
    backend = OpenAIBackend("m", url, api_key="test", backoff_s=0.01)
    with pytest.raises(openai.BadRequestError):
        backend.generate(["abc"], Decoding(), [])
    assert state.requests == 1
    state.fail = [503] * 3
    with pytest.raises(openai.InternalServerError):
        backend = OpenAIBackend("m", url, api_key="test", backoff_s=0.01, max_retries=2)
        backend.generate(["abc"], Decoding(), [])


def test_openai_backend_logprobs_by_echo(endpoint):
    url, _ = endpoint
    backend = OpenAIBackend("m", url, api_key="test", backoff_s=0.01)
    assert backend.logprobs([("def f():\n", "    return 1\n")]) == [(-13.0, 13)]


def test_samples_file_backend(tmp_path):
    path = tmp_path / "samples.jsonl"
    path.write_text(json.dumps({"task_id": 11, "completion": "a"}) + "\n"
                    + json.dumps({"task_id": "11", "completion": "b"}) + "\n")
    bench = MBPP()
    backend = SamplesFileBackend(path)
    assert backend.completions(bench, bench.problems(2), Decoding()) == [["a", "b"], []]
