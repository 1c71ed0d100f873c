"""`OfflineTeacher`: answers the same requests as an LLM, procedurally, from the request's spec.

It reads only ``request.spec`` (the prompt text is for LLMs), so an offline run and an OpenAI run of
the same config send identical requests and differ only in who answers. Answers come back in the
format the prompt asks for (`phi1lib.teacher.protocol.format_exercise`, Markdown textbook sections), and go
through the same parsers and the same validation as an LLM's. Token counts are approximate (words and
punctuation marks), there only so the accounting tables have the same columns for both teachers.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from phi1lib.data.text import code_tokens
from phi1lib.teacher.offline.base import FAMILIES, FamilyError, build
from phi1lib.teacher.offline.textbook import write_section
from phi1lib.teacher.protocol import TeacherRequest, TeacherResponse, format_exercise


def approx_tokens(text: str) -> int:
    """Words and punctuation marks (`data.text.code_tokens`): a rough stand-in for a tokenizer's count."""
    return len(code_tokens(text or "", lower=None))


class OfflineTeacher:
    """The `Teacher` protocol without a model: exercises and textbook sections from concept families."""

    model = "offline-procedural-v1"

    def __init__(self) -> None:
        self.reset_stats()

    def reset_stats(self) -> None:
        self.stats: dict[str, Any] = {"requests": 0, "answered": 0, "failed": 0, "prompt_tokens": 0,
                                      "completion_tokens": 0, "wall_s": 0.0}

    def answer(self, request: TeacherRequest) -> str:
        """The answer text for one request; raises ValueError for a request it cannot answer."""
        spec = request.spec or {}
        if request.kind not in ("exercise", "textbook"):
            raise ValueError(f"the offline teacher answers exercise and textbook requests, not {request.kind!r}")
        if spec.get("concept") not in FAMILIES:
            raise ValueError(f"unknown concept {spec.get('concept')!r}")
        if request.kind == "textbook":
            return write_section(spec)
        inst = build(FAMILIES[spec["concept"]], spec["variant"], spec["function_name"], int(spec["seed"]))
        return format_exercise(inst.code, inst.tests)

    def generate(self, requests: Sequence[TeacherRequest]) -> list[TeacherResponse]:
        t0 = time.perf_counter()
        out = []
        for req in requests:
            try:
                text, error = self.answer(req), None
            except (ValueError, KeyError, FamilyError) as exc:
                text, error = "", f"{type(exc).__name__}: {exc}"
            resp = TeacherResponse(request=req, text=text, model=self.model,
                                   prompt_tokens=approx_tokens((req.system or "") + req.prompt),
                                   completion_tokens=approx_tokens(text), error=error)
            self.stats["requests"] += 1
            self.stats["answered" if error is None else "failed"] += 1
            self.stats["prompt_tokens"] += resp.prompt_tokens
            self.stats["completion_tokens"] += resp.completion_tokens
            out.append(resp)
        self.stats["wall_s"] += time.perf_counter() - t0
        return out

    def summary(self) -> dict[str, Any]:
        """Totals since construction: requests, tokens (approximate), cost (none: nothing is paid)."""
        return dict(self.stats, model=self.model, cached=0, cost_usd=0.0,
                    answers_per_s=self.stats["answered"] / self.stats["wall_s"] if self.stats["wall_s"] else None)
