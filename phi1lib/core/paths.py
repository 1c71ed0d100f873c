"""Where things live: the repository, the notebooks and each profile's outputs.

Everything a run produces goes under ``outputs/<profile>/`` (``outputs/<profile>-<hash>/`` or
``outputs/<name>/`` for a run whose settings differ from the profile's; library functions call that
folder's name their `profile`): one folder per stage (its datasets,
tables, figures and `manifest.json`), ``notebooks/`` (executed copies), ``reports/`` (HTML) and
``.cache/`` (the runner's stage keys). ``PHI1_OUTPUTS_DIR`` moves the whole tree elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # phi1lib/
RESOURCES_DIR = PACKAGE_DIR / "resources"  # the data the package ships (MBPP, probes, the report template)


def repo_root() -> Path:
    """The checkout this package was installed from (editable install), else the working directory."""
    candidate = PACKAGE_DIR.parent
    if (candidate / "pyproject.toml").exists() and (candidate / "notebooks").is_dir():
        return candidate
    return Path.cwd()


def notebooks_dir() -> Path:
    return repo_root() / "notebooks"


def outputs_root() -> Path:
    env = os.environ.get("PHI1_OUTPUTS_DIR")
    return Path(env).resolve() if env else repo_root() / "outputs"


def profile_dir(profile: str, root: Path | None = None) -> Path:
    return (root or outputs_root()) / profile


def run_dir(cfg, root: Path | None = None) -> Path:
    """``outputs/<cfg.outputs_name>/``: the profile's folder, or the run's own one when its settings
    differ from the profile's (`StudyConfig.outputs_name`)."""
    return profile_dir(cfg.outputs_name, root)


def stage_dir(profile: str, stage: str, root: Path | None = None) -> Path:
    """``outputs/<profile>/<stage>/``, created on first use."""
    path = profile_dir(profile, root) / stage
    path.mkdir(parents=True, exist_ok=True)
    return path
