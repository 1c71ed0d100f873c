"""The trained quality filter as one file: the embedder, the classifier and the threshold.

The driver trains it once on the annotated sample (FilterStage's annotate / embed / score code) and
saves it; every datatrove task that scores documents loads its own copy (`blocks.ScoreDocuments`).
A pickle, because what it holds is scikit-learn objects and our embedder classes: the transformer
embedders pickle without their weights (`__getstate__`) and load them on the task's device.

Simplified: no versioning beyond the file's SHA-256, which names the scoring step's logs (so a new model
never counts as already done); the pickle trusts its own work directory, as datatrove's executor.pik does.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from phi1lib.core.devices import resolve_device
from phi1lib.filter import quality


@dataclass
class QualityModel:
    embedder: Any  # a fitted `embed.Embedder`
    classifier: Any  # scikit-learn, with predict_proba
    threshold: float  # keep a document when its score >= threshold

    def score(self, texts: Sequence[str]) -> np.ndarray:
        """P(educational) of each text, float32, in order."""
        if not len(texts):
            return np.empty(0, dtype=np.float32)
        return quality.predict_scores(self.classifier, self.embedder.embed(list(texts)))

    def to(self, device: str = "auto") -> QualityModel:
        """Embed on `device` ("auto": the GPU when torch sees one) where the embedder is a network."""
        if hasattr(self.embedder, "device"):
            self.embedder.device = str(resolve_device(device))
        return self

    def save(self, path: Path | str) -> str:
        """Write the model (atomically) and return its SHA-256."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)
        tmp = path.with_suffix(path.suffix + f".tmp{os.getpid()}")
        tmp.write_bytes(data)
        tmp.replace(path)
        return hashlib.sha256(data).hexdigest()

    @staticmethod
    def load(path: Path | str, device: str = "auto") -> QualityModel:
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no quality model (FilterStage.score trains and saves it)")
        model = pickle.loads(path.read_bytes())
        if not isinstance(model, QualityModel):
            raise ValueError(f"{path}: not a QualityModel but a {type(model).__name__}")  # noqa: TRY004
        return model.to(device)
