"""Tables and figures as files and in the notebook: what a notebook saves, it also shows.

Tables go out as CSV (for machines) and Markdown (for the README); figures as PNG and SVG. In a
notebook, `show_table` and `show_figure` save and then display the result with a sentence saying what it
shows, so the executed notebook and its HTML report carry every table and figure the stage wrote (the
saved PNG itself is displayed, embedded in the report, not a second rendering of the figure). Numbers
are rounded for reading and missing values shown as a dash; the files keep full precision.
"""

from __future__ import annotations

import html
import math
import re
from pathlib import Path
from typing import Any

import pandas as pd

MISSING = "–"  # how a table shows NaN, None and <NA>
MAX_SHOWN_ROWS = 40  # longer tables show their head; the CSV beside the report has every row


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


def format_number(value: Any) -> str:
    """A number as a reader wants it in a table: integers whole, floats to about four significant
    digits without exponents in the usual range, missing values as a dash."""
    if value is None or (not isinstance(value, (str, bytes, list, dict, tuple)) and bool(pd.isna(value))):
        return MISSING
    if isinstance(value, bool):
        return str(value)
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isinf(value):
            return "∞" if value > 0 else "-∞"
        if value == int(value) and abs(value) < 1e15:
            return f"{int(value)}"
        size = abs(value)
        if size >= 1000:
            return f"{value:,.0f}"
        if size >= 1:
            return f"{value:.4g}" if size >= 100 else f"{value:.3f}".rstrip("0").rstrip(".")
        if size >= 1e-4:
            return f"{value:.4f}".rstrip("0").rstrip(".")
        return f"{value:.2e}"
    return str(value)


def format_table(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` with every cell as display text (`format_number`); the index is kept."""
    return df.apply(lambda column: column.map(format_number)) if len(df.columns) else df.copy()


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    return get_ipython() is not None


def _caption_html(name: str | None, caption: str) -> str:
    text = html.escape(caption.strip())
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", text)
    label = f"<b>{html.escape(name)}</b> · " if name else ""
    return f'<p class="phi1-caption">{label}{text}</p>'


def _check_caption(caption: str) -> None:
    if not caption or not caption.strip():
        raise ValueError("every shown table and figure needs a caption: a sentence saying what it shows")


def table_html(df: pd.DataFrame, name: str | None, caption: str, index: bool = False,
               max_rows: int = MAX_SHOWN_ROWS) -> str:
    """The caption, then the table rounded for reading (its first `max_rows` rows, saying how many more
    are in the CSV), or a sentence that it is empty."""
    _check_caption(caption)
    parts = [_caption_html(name, caption)]
    if df.empty:
        parts.append(f"<p><i>No rows{f' in {html.escape(name)}.csv' if name else ''}: the table is empty.</i></p>")
        return "\n".join(parts)
    shown = format_table(df.head(max_rows))
    parts.append('<div class="phi1-scroll">' + shown.to_html(index=index, escape=True, border=0, classes="phi1-table")
                 + "</div>")
    if len(df) > max_rows:
        where = f" (all of them in {html.escape(name)}.csv)" if name else ""
        parts.append(f"<p><i>First {max_rows} of {len(df):,} rows{where}.</i></p>")
    return "\n".join(parts)


def show_table(df: pd.DataFrame, out_dir: Path | str | None, name: str | None, caption: str,
               index: bool = False, max_rows: int = MAX_SHOWN_ROWS) -> None:
    """Save `df` as ``name.csv`` / ``name.md`` under `out_dir` (unless `out_dir` is None: shown only) and,
    in a notebook, display `caption` and the table rounded for reading. Returns None, so a cell that
    ends with it does not display the frame a second time."""
    _check_caption(caption)
    if out_dir is not None:
        if not name:
            raise ValueError("a saved table needs a name")
        save_table(df, out_dir, name, index=index)
    if _in_notebook():
        from IPython.display import display

        label = name if out_dir is not None else None
        # text/plain is what a log of the run (papermill --log-output, the terminal) shows instead.
        display({"text/html": table_html(df, label, caption, index, max_rows),
                 "text/plain": f"[table{f' {label}' if label else ''}: {len(df)} rows] {caption}"}, raw=True)


def show_figure(fig, out_dir: Path | str, name: str, caption: str) -> None:
    """Save `fig` (`save_figure`), close it and, in a notebook, display the saved PNG and `caption`:
    the report embeds exactly the file the stage wrote. Returns None (nothing more for a cell to show)."""
    import base64

    _check_caption(caption)
    paths = save_figure(fig, out_dir, name)
    import matplotlib.pyplot as plt

    plt.close(fig)
    if _in_notebook():
        from IPython.display import display

        png = base64.b64encode(paths[0].read_bytes()).decode("ascii")
        display({"image/png": png, "text/plain": ""}, raw=True)  # a log shows the caption's line only
        display({"text/html": _caption_html(name, caption), "text/plain": f"[figure {name}] {caption}"}, raw=True)
