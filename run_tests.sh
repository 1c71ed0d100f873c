#!/usr/bin/env bash
# Run the test suite: set up .venv on first use (needs only Python), then pytest. Extra args go to pytest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
bash tools/setup_venv.sh
exec .venv/bin/python -m pytest "$@"
