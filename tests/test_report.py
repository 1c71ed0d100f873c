import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from phi1lib.report import save_figure, save_table  # noqa: E402


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
