"""phi1lib: the library behind the phi-1 study notebooks, one sub-package per concern.

Each imports only from the layers below it; `tests/test_layout.py` fails on an import cycle, an import
from a layer above, or an import inside a function without a ``# lazy:`` reason:

- `core`: config and profiles, paths, manifests, reports, worker processes, progress;
- `data`: raw corpus, dedup, tokenizer, packed shards, exercises;
- `teacher`: the teacher protocol, prompts, the OpenAI client and cache, the offline teacher;
- `model`: the transformer, generation, Hugging Face interop;
- `train`: the training loop, batches, schedule, devices, throughput, the grid of runs;
- `eval`: benchmarks, backends, sandbox, pass@k, likelihoods, the evaluation harness;
- `filter`, `synth`: the first two stages;
- `analysis`: ablation, emergence, contamination;
- `study`: stages, runner, summary, the `phi1` command line.
"""

__version__ = "0.1.0"
