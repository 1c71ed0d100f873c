"""Stop sequences: where a completion ends, for our decoder, Hugging Face models and API servers alike.

A completion is its generation cut before the earliest stop sequence (`truncate_at_stop`), nothing
else, as the BigCode harness does; the benchmarks name their stop sequences (`eval.benchmarks`). While
decoding, a row can end as soon as a stop sequence appears in the text of its last few tokens
(`stop_window`). No torch here, so the benchmarks and back-ends import it without loading a model.
"""

from __future__ import annotations

from collections.abc import Sequence


def truncate_at_stop(text: str, stop: Sequence[str]) -> str:
    """`text` up to (not including) the earliest occurrence of any stop sequence; empty ones are ignored."""
    cuts = [i for i in (text.find(s) for s in stop if s) if i >= 0]
    return text[:min(cuts)] if cuts else text


def stop_window(stop: Sequence[str]) -> int:
    """How many trailing tokens to decode to see whether a stop sequence has appeared: a stop string of
    n characters lies within the last n tokens; the slack covers tokens that decode to part of a
    multi-byte character."""
    return max((len(s) for s in stop), default=0) + 4
