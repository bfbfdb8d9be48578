#!/usr/bin/env bash
# Run the test suite (uses .venv when ./start.sh created it, else the python on PATH).
set -euo pipefail
cd "$(dirname "$0")"
if [ -x .venv/bin/python ]; then PY=.venv/bin/python; else PY=${PYTHON:-python3}; fi
"$PY" -m etl setup
"$PY" -m ruff check .
"$PY" -m pytest -q "$@"
