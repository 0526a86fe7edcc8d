#!/usr/bin/env bash
# Java for the Spark engine's tests (PySpark runs Spark in local mode on a JVM; Spark 4
# needs Java 17 or later). Installs Debian's headless runtime only when java is missing.
set -euo pipefail

if ! command -v java >/dev/null 2>&1; then
    echo "ci-services: installing a Java runtime (Debian package default-jre-headless)" >&2
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
fi
echo "ci-services: Java ready ($(java -version 2>&1 | head -n 1))" >&2
