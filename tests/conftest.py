import os

# Tests never reach a hub: everything they load is made here or ships with a package.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch  # noqa: E402

# One intra-op thread: on a 2-core machine shared with other processes, two threads stall each other
# (seen as 50-100x slower steps); the tests measure correctness, never speed.
torch.set_num_threads(1)
