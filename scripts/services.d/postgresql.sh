#!/usr/bin/env bash
# Services the test suite needs: PostgreSQL's server binaries (initdb, pg_ctl, postgres)
# and, when tests run as root, a "postgres" system user to run them as. The store tests
# start and stop their own throw-away server; nothing is left running.
set -euo pipefail

if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "ci-services: installing PostgreSQL (Debian package postgresql)" >&2
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi

if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "ci-services: creating the postgres system user" >&2
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi

initdb_bin="$(command -v initdb || ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)"
echo "ci-services: PostgreSQL ready ($("$initdb_bin" --version))" >&2
