#!/usr/bin/env bash
# Sets up frontwatch on a fresh machine (Python 3.11) and runs the main job on the
# sample article shipped with the project (examples/sample-article.txt, written for
# frontwatch; it needs no data outside this repository) with the embedded defaults: the packaged English
# spaCy model, the packaged GeoNames gazetteer (built on first use), and a SQLite store
# in the user's data directory. Pass other article paths to run on them instead.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/venv.sh learned

articles=("$@")
[ ${#articles[@]} -gt 0 ] || articles=(examples/sample-article.txt)

.venv/bin/frontwatch extract "${articles[@]}" --format table
.venv/bin/frontwatch ingest "${articles[@]}"
.venv/bin/frontwatch events
