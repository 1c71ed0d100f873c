"""The study's stages, in order, and the notebook that runs each one."""

from __future__ import annotations

from pathlib import Path

# The paper's pipeline (STUDY.md): each stage is one notebook `NN_<stage>.ipynb`.
STAGES: tuple[str, ...] = (
    "filter",
    "synthesize",
    "pretrain",
    "finetune",
    "evaluate",
    "emergence",
    "contamination",
)


def notebook_name(stage: str) -> str:
    """``filter`` -> ``01_filter.ipynb``."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; stages are: {', '.join(STAGES)}")
    return f"{STAGES.index(stage) + 1:02d}_{stage}.ipynb"


def present_stages(notebooks: Path) -> list[str]:
    """The stages whose notebook exists in `notebooks`, in pipeline order."""
    return [stage for stage in STAGES if (notebooks / notebook_name(stage)).exists()]


def select_stages(present: list[str], only: str | None = None, start: str | None = None) -> list[str]:
    """Apply ``--only STAGE`` / ``--from STAGE`` to the present stages."""
    for name, value in (("--only", only), ("--from", start)):
        if value is not None and value not in STAGES:
            raise ValueError(f"{name} {value!r}: not a stage; stages are: {', '.join(STAGES)}")
        if value is not None and value not in present:
            raise ValueError(f"{name} {value!r}: its notebook {notebook_name(value)} does not exist")
    if only is not None:
        return [only]
    if start is not None:
        return present[present.index(start):]
    return list(present)
