"""Tables and figures as files: what a notebook shows, it also saves under its stage folder.

Tables go out as CSV (for machines) and Markdown (for the README and reports); figures as PNG and SVG.
Notebooks call these and keep their printed output small.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd


def save_table(df: pd.DataFrame, out_dir: Path | str, name: str, index: bool = False) -> pd.DataFrame:
    """Write ``name.csv`` and ``name.md`` under `out_dir`; return the frame so a cell can display it."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    df.to_csv(out_dir / f"{name}.csv", index=index)
    (out_dir / f"{name}.md").write_text(df.to_markdown(index=index) + "\n")
    return df


def save_figure(fig, out_dir: Path | str, name: str) -> list[Path]:
    """Write ``name.png`` (150 dpi) and ``name.svg`` under `out_dir`."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"{name}.png", out_dir / f"{name}.svg"]
    fig.savefig(paths[0], dpi=150, bbox_inches="tight")
    fig.savefig(paths[1], bbox_inches="tight")
    return paths


def json_safe(value: Any) -> Any:
    """`value` as plain JSON, recursively: numpy scalars -> Python, tuples -> lists, keys -> str,
    NaN and infinities -> None (JSON has neither)."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def with_interval(value: Any, lo: Any = None, hi: Any = None, scale: float = 1.0, digits: int = 3) -> str:
    """``value [lo, hi]``, each times `scale` with `digits` decimals: how every table and the README
    write a number with its 95% interval. "" for a missing value; the value alone when a bound is
    missing."""
    def missing(x: Any) -> bool:
        return x is None or bool(pd.isna(x))

    if missing(value):
        return ""
    text = f"{value * scale:.{digits}f}"
    if not (missing(lo) or missing(hi)):
        text += f" [{lo * scale:.{digits}f}, {hi * scale:.{digits}f}]"
    return text
