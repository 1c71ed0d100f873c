"""benchmarks/gpu_check.py end to end on the CPU with --smoke, so the GPU run does not fail on a typo."""

import json
import subprocess
import sys

from phi1lib.core.paths import repo_root


def test_gpu_check_smoke_runs_every_row_on_cpu(tmp_path):
    out = tmp_path / "gpu_check.json"
    script = repo_root() / "benchmarks" / "gpu_check.py"
    done = subprocess.run([sys.executable, str(script), "--smoke", "--device", "cpu", "--out", str(out)],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    report = json.loads(out.read_text())
    rows = {row["row"]: row for row in report["rows"]}
    assert set(rows) == {"attention", "train smoke", "train tiny-small", "generate batch 1", "generate batch 4"}
    attention = rows["attention"]
    # The two attention paths compute the same function: bf16 rounding apart, the same logits.
    assert attention["max |logit diff|"] <= 2 ** -6 * max(1.0, attention["max |logit|"])
    for name in ("train smoke", "train tiny-small"):
        assert rows[name]["tokens/s"] > 0 and rows[name]["precision"] == "bf16" and rows[name]["MFU"] is None
    for batch in (1, 4):
        row = rows[f"generate batch {batch}"]
        assert row["ours tokens/s"] > 0 and isinstance(row["transformers tokens/s"], float)
    assert "target: ours >= 2x transformers" in done.stdout and "target: max |logit diff|" in done.stdout
    assert "gpu_check on CPU" in done.stdout and "(smoke)" in done.stdout
