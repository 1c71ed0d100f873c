import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from phi1lib.report import save_figure, save_table, with_interval  # noqa: E402


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

    from phi1lib.report import json_safe

    value = {1: (np.float32(0.5), np.int64(3), float("nan")), "x": [np.inf, "s", None]}
    assert json_safe(value) == {"1": [0.5, 3, None], "x": [None, "s", None]}
    json.dumps(json_safe(value), allow_nan=False)  # raises if a NaN slipped through


def test_with_interval_scales_rounds_and_skips_what_is_missing():
    assert with_interval(0.0123, 0.01, 0.02, 100, 1) == "1.2 [1.0, 2.0]"
    assert with_interval(1.23456, 1.2, 1.3) == "1.235 [1.200, 1.300]"
    assert with_interval(0.5) == "0.500"  # no bounds: the value alone
    assert with_interval(0.5, float("nan"), 0.6) == "0.500"
    assert with_interval(None, 0.1, 0.2) == "" and with_interval(float("nan"), 0.1, 0.2) == ""
