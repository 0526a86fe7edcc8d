#!/usr/bin/env bash
# Sets up a fresh machine (Python 3.11) for the test suite and runs it:
# the services the tests start themselves (PostgreSQL binaries, a Java runtime for
# Spark, Chromium for the browser test), a virtualenv with frontwatch and its test
# dependencies, then pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ci-services.sh

bash scripts/venv.sh test

exec .venv/bin/python -m pytest "$@"
