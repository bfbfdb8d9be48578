#!/usr/bin/env bash
# Run the test suite (uses .venv when ./start.sh created it, else the python on PATH).
set -euo pipefail
cd "$(dirname "$0")"
if [ -x .venv/bin/python ]; then PY=.venv/bin/python; else PY=${PYTHON:-python3}; fi
# Reference data: copied from ../shared when present, else downloaded and built (~83 MB). Without
# it the tests that need it skip with the reason (and fail under ANTQ_REQUIRE_SHARED=1, as in CI).
"$PY" -m etl setup || echo "test.sh: reference data not set up (see above); tests that need it will say so" >&2
"$PY" -m ruff check .
"$PY" -m pytest -q -rs "$@"
