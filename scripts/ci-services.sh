#!/usr/bin/env bash
# Installs what the test suite needs beyond Python packages: one script per service in
# scripts/services.d/ (PostgreSQL server binaries, a Java runtime for Spark, Chromium for
# the browser test). Each is idempotent: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")"
for script in services.d/*.sh; do
    bash "$script"
done
