import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from phi1lib.core.report import save_figure, save_table, with_interval  # noqa: E402


def test_save_table_writes_csv_and_markdown(tmp_path):
    df = pd.DataFrame({"model": ["phi-1", "ours"], "humaneval": [50.6, 0.0]})
    assert save_table(df, tmp_path / "t", "table1") is df
    assert pd.read_csv(tmp_path / "t" / "table1.csv").equals(df)
    md = (tmp_path / "t" / "table1.md").read_text()
    assert "| model" in md and "phi-1" in md and "50.6" in md


def test_save_figure_writes_png_and_svg(tmp_path):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    png, svg = save_figure(fig, tmp_path, "curve")
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert "<svg" in svg.read_text()
    plt.close(fig)


def test_json_safe_makes_numpy_nan_and_tuples_plain_json():
    import json

    import numpy as np

    from phi1lib.core.report import json_safe

    value = {1: (np.float32(0.5), np.int64(3), float("nan")), "x": [np.inf, "s", None]}
    assert json_safe(value) == {"1": [0.5, 3, None], "x": [None, "s", None]}
    json.dumps(json_safe(value), allow_nan=False)  # raises if a NaN slipped through


def test_with_interval_scales_rounds_and_skips_what_is_missing():
    assert with_interval(0.0123, 0.01, 0.02, 100, 1) == "1.2 [1.0, 2.0]"
    assert with_interval(1.23456, 1.2, 1.3) == "1.235 [1.200, 1.300]"
    assert with_interval(0.5) == "0.500"  # no bounds: the value alone
    assert with_interval(0.5, float("nan"), 0.6) == "0.500"
    assert with_interval(None, 0.1, 0.2) == "" and with_interval(float("nan"), 0.1, 0.2) == ""


# --- what a notebook shows ---------------------------------------------------------------------

from phi1lib.core.report import (  # noqa: E402
    MISSING, format_number, format_table, show_figure, show_table, table_html)


def test_format_number_rounds_for_reading_and_dashes_missing_values():
    assert format_number(6.6764809299999115) == "6.676"  # the raw wall_s a report once showed
    assert format_number(0.14666) == "0.1467"
    assert format_number(152.34) == "152.3"
    assert format_number(1234567.0) == "1234567" and format_number(12345.6) == "12,346"
    assert format_number(3.0) == "3" and format_number(12) == "12" and format_number(True) == "True"
    assert format_number(1.23e-05) == "1.23e-05"
    assert format_number(float("nan")) == format_number(None) == format_number(pd.NA) == MISSING
    assert format_number("text") == "text"


def test_format_table_formats_every_cell_and_keeps_the_frame():
    df = pd.DataFrame({"a": [0.123456, float("nan")], "b": ["x", None]})
    shown = format_table(df)
    assert shown.to_dict("list") == {"a": ["0.1235", MISSING], "b": ["x", MISSING]}
    assert df["a"].iloc[0] == 0.123456  # the caller's frame is untouched


def test_table_html_has_its_caption_rounded_cells_and_says_when_empty_or_cut():
    page = table_html(pd.DataFrame({"loss": [0.123456789]}), "runs", "Final `loss` per run.")
    assert "<b>runs</b>" in page and "<code>loss</code>" in page and "0.1235" in page and "0.123456789" not in page
    empty = table_html(pd.DataFrame(columns=["reason"]), "rejections", "Why samples were rejected.")
    assert "Why samples were rejected." in empty and "the table is empty" in empty and "<table" not in empty
    long = table_html(pd.DataFrame({"i": range(50)}), "big", "Fifty rows.", max_rows=10)
    assert "First 10 of 50 rows" in long and "big.csv" in long and long.count("<tr") == 11
    with pytest.raises(ValueError, match="caption"):
        table_html(pd.DataFrame({"a": [1]}), "t", "  ")


def test_show_table_and_show_figure_save_outside_a_notebook(tmp_path):
    assert show_table(pd.DataFrame({"a": [1.5]}), tmp_path, "t", "One row.") is None
    assert pd.read_csv(tmp_path / "t.csv")["a"].tolist() == [1.5] and (tmp_path / "t.md").exists()
    show_table(pd.DataFrame({"a": [1]}), None, None, "Shown only.")  # saves nothing
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv", "t.md"]
    fig, ax = plt.subplots()
    ax.plot([0, 1])
    assert show_figure(fig, tmp_path, "curve", "A line.") is None
    assert (tmp_path / "curve.png").read_bytes()[:4] == b"\x89PNG" and (tmp_path / "curve.svg").exists()
    assert not plt.fignum_exists(fig.number)  # closed: an inline backend will not show it twice
    with pytest.raises(ValueError, match="name"):
        show_table(pd.DataFrame({"a": [1]}), tmp_path, None, "Needs a name to be saved.")


def test_show_displays_the_saved_png_and_an_html_table_in_a_kernel(tmp_path, monkeypatch):
    import base64

    from phi1lib.core import report

    shown = []
    monkeypatch.setattr(report, "_in_notebook", lambda: True)
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append(obj))
    show_table(pd.DataFrame({"a": [0.5]}), tmp_path, "t", "Half.")
    fig, ax = plt.subplots()
    show_figure(fig, tmp_path, "f", "Empty axes.")
    assert "Half." in shown[0]["text/html"] and "[table t: 1 rows] Half." == shown[0]["text/plain"]
    assert base64.b64decode(shown[1]["image/png"]) == (tmp_path / "f.png").read_bytes()
    assert shown[1]["text/plain"] == "" and shown[2]["text/plain"] == "[figure f] Empty axes."
    assert "Empty axes." in shown[2]["text/html"]
