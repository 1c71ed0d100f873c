#!/usr/bin/env bash
# Regenerate the study headless: set up .venv on first use, then execute the notebooks in order with
# papermill. Options: --profile NAME (default tiny), --only STAGE, --from STAGE, --force, --timeout S.
# Executed notebooks -> outputs/<profile>/notebooks/, HTML reports -> outputs/<profile>/reports/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
bash tools/setup_venv.sh
exec .venv/bin/phi1 run "$@"
