#!/usr/bin/env bash
# Sets up frontwatch on a fresh machine (Python 3.11) and runs the main job on the
# sample article with the embedded defaults: the packaged English spaCy model, the
# packaged GeoNames gazetteer (built on first use), and a SQLite store in the user's
# data directory. Pass other article paths to run on them instead.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3.11}
command -v "$python" >/dev/null 2>&1 || python=python3
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
bash scripts/install-torch.sh .venv
.venv/bin/python -m pip install -q -e '.[learned]'

articles=("$@")
[ ${#articles[@]} -gt 0 ] || articles=(../shared/corpus/cgtn-2020-02-09-idlib.txt)

.venv/bin/frontwatch extract "${articles[@]}" --format table
.venv/bin/frontwatch ingest "${articles[@]}"
.venv/bin/frontwatch events
