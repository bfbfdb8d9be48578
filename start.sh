#!/usr/bin/env bash
# Set up (virtual environment, packages, reference data, warehouse) and start the dashboard.
# Usage: ./start.sh            → http://127.0.0.1:8501
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.txt
# Reference data (boundaries, 2019 census): copied from ../shared when present, else downloaded from
# the public upstream sources (~83 MB, once) and built. Offline the dashboard still starts.
.venv/bin/python -m etl setup || echo "start.sh: starting without reference data (maps and per-inhabitant views say what is missing)" >&2
.venv/bin/python -m etl build
exec .venv/bin/python -m streamlit run dashboard.py \
  --server.address 127.0.0.1 --browser.gatherUsageStats false --server.headless true "$@"
