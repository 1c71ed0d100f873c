import os

# Tests never reach a hub: everything they load is made here or ships with a package.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch  # noqa: E402

# One intra-op thread: on a 2-core machine shared with other processes, two threads stall each other
# (seen as 50-100x slower steps); the tests measure correctness, never speed.
torch.set_num_threads(1)

import sys  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    """Close what a test's plot functions opened: the stages close their figures once saved
    (`core.report.show_figure`), tests that inspect a figure do not, and pyplot keeps them all."""
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
