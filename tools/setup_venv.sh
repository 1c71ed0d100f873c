#!/usr/bin/env bash
# Create (or refresh) .venv/ in the repo root: torch first (the exact version, so pip takes the CPU
# wheel where one lies on disk), then this package with its dev extra, then a Jupyter kernel for the venv.
# Idempotent: a stamp holding the hash of pyproject.toml skips the work when nothing changed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
python_bin="${PHI1_PYTHON:-$(command -v python3 || command -v python)}"
torch_spec="${PHI1_TORCH_SPEC:-torch==2.13.0}"
kernel_name="${PHI1_KERNEL:-phi1-study}"
venv="$root/.venv"
stamp="$venv/.phi1-setup"
want="$(cat pyproject.toml tools/setup_venv.sh | sha256sum | cut -c1-16) $torch_spec"

if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$venv/bin/phi1" ]]; then
    exit 0
fi
echo "[setup] creating $venv with $("$python_bin" --version 2>&1)" >&2
[[ -x "$venv/bin/python" ]] || "$python_bin" -m venv "$venv"
pip_install() {
    # Local package mirrors print one "Location ... is ignored" line per package: noise, not news.
    # With pipefail the pipeline's status is pip's; the filter itself always succeeds.
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$@" 2>&1 \
        | { grep -v -e "is ignored: it is neither a file nor a directory" >&2 || true; }
}
pip_install --upgrade pip setuptools wheel
pip_install "$torch_spec"
pip_install -e ".[dev]"
# --sys-prefix keeps the kernel inside .venv; `.venv/bin/jupyter lab` and papermill find it there.
"$venv/bin/python" -m ipykernel install --sys-prefix --name "$kernel_name" \
    --display-name "Python (phi1-study)" >/dev/null
echo "$want" > "$stamp"
echo "[setup] ready: $venv/bin/phi1" >&2
