"""What every stage notebook starts from, as one call: its parameters over the profile's settings, the
resolved config, its outputs folder, the earlier stages' outputs it needs, and its clock.

A notebook's parameters (papermill's, or `phi1 run --set`'s through `config_overrides`) that are None
mean "the profile's"; the others override their dotted key. A config that then differs from the profile
writes to its own folder (`StudyConfig.outputs_name`), so a notebook run by hand with other values never
overwrites the profile's results.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from phi1lib.core.config import StudyConfig, load_config
from phi1lib.core.paths import run_dir, stage_dir
from phi1lib.study.stages import STAGES, notebook_name


@dataclass
class StageContext:
    """One stage's run: `cfg`, its folder `out` (outputs/<run>/<stage>), the run's folder `run`."""

    stage: str
    cfg: StudyConfig
    out: Path
    started: float = field(default_factory=time.perf_counter)

    @property
    def run(self) -> Path:
        return run_dir(self.cfg)

    @property
    def models(self) -> Path:
        """Where the training stages put their runs (outputs/<run>/models)."""
        return self.run / "models"

    def dir(self, stage: str) -> Path:
        """Another stage's folder of the same run."""
        return stage_dir(self.cfg.outputs_name, stage)

    def elapsed(self) -> float:
        """Seconds since the stage opened: the manifest's wall time."""
        return time.perf_counter() - self.started


def open_stage(stage: str, profile: str, config_overrides: Mapping[str, Any] | None = None,
               run_name: str | None = None, *, params: Mapping[str, Any] | None = None,
               needs: Sequence[str] = ()) -> StageContext:
    """The config of `profile` with `config_overrides`, then the notebook's own `params` (dotted key ->
    value; None: the profile's) and `run_name`; `needs`: paths under the run's folder
    ("filter/tokenizer") that an earlier stage writes, each checked so that a missing one is one
    sentence naming the notebook to run, not a traceback three cells later."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; stages are: {', '.join(STAGES)}")
    overrides = {**(config_overrides or {}),
                 **{key: value for key, value in (params or {}).items() if value is not None}}
    if run_name is not None:
        overrides["run_name"] = run_name
    cfg = load_config(profile, overrides)
    ctx = StageContext(stage, cfg, stage_dir(cfg.outputs_name, stage))
    for need in needs:
        path = ctx.run / need
        if not path.exists():
            writer = need.split("/", 1)[0]
            by = f"notebook {notebook_name(writer)}" if writer in STAGES else "an earlier stage"
            raise FileNotFoundError(f"{path}: run {by} for these settings first (phi1 run --profile "
                                    f"{profile} with the same --set options)")
    return ctx
