#!/usr/bin/env bash
# The browser for the map page's end-to-end test (tests/web/test_browser.py): Debian's
# chromium package at /usr/bin/chromium, driven by Playwright through executable_path.
# Playwright's own browser downloads are never used.
set -euo pipefail

if [ ! -x /usr/bin/chromium ]; then
    echo "ci-services: installing Chromium (Debian package chromium)" >&2
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
        chromium fonts-dejavu-core >/dev/null
fi

echo "ci-services: Chromium ready ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))" >&2
