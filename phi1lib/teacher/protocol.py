"""The teacher: whatever writes the synthetic data (paper: GPT-3.5) and annotates code (paper: GPT-4).

One interface, two implementations: `phi1lib.teacher.openai_client.OpenAITeacher` (any OpenAI-compatible
endpoint) and `phi1lib.teacher.offline.OfflineTeacher` (a procedural generator, the offline default).
A request carries both the prompt text an LLM would read and the structured `spec` it was built from
(topic, audience, style, function name, concept, seed), so the offline teacher answers the same requests
and every sample keeps the constraints that made it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, Sequence


@dataclass(frozen=True)
class TeacherRequest:
    prompt: str  # the full text sent to an LLM
    kind: str  # "textbook" | "exercise" | "annotation"
    spec: dict[str, Any] = field(default_factory=dict, hash=False)  # the constraints behind `prompt`
    system: str | None = None
    temperature: float = 1.0
    top_p: float = 1.0
    max_tokens: int = 1024
    seed: int = 0

    def key(self, model: str) -> str:
        """Cache key: model + prompt + sampling parameters + seed (what determines an answer)."""
        payload = {"model": model, "prompt": self.prompt, "system": self.system, "kind": self.kind,
                   "temperature": self.temperature, "top_p": self.top_p,
                   "max_tokens": self.max_tokens, "seed": self.seed}
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TeacherResponse:
    request: TeacherRequest
    text: str
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached: bool = False  # answered from the on-disk cache, no request sent
    error: str | None = None  # set when the request failed for good (after retries)


class Teacher(Protocol):
    """Answers requests in order; `generate` returns one response per request, never fewer."""

    model: str

    def generate(self, requests: Sequence[TeacherRequest]) -> list[TeacherResponse]: ...
