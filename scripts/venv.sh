#!/usr/bin/env bash
# Creates .venv (Python 3.11, or $PYTHON) if missing and installs frontwatch into it
# with the extras given as $1 (e.g. "learned" or "test").
#
# A CPU build of PyTorch goes in first, before the "learned" extra asks for torch, so
# pip does not take the CUDA build (several GB). TORCH_SPEC overrides what is
# installed; elsewhere than this workplace, e.g.
#   TORCH_SPEC="torch --index-url https://download.pytorch.org/whl/cpu"
set -euo pipefail
cd "$(dirname "$0")/.."
extras=${1:?extras to install, e.g. learned}

python=${PYTHON:-python3.11}
command -v "$python" >/dev/null 2>&1 || python=python3
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if ! .venv/bin/python -c "import torch" 2>/dev/null; then
  # shellcheck disable=SC2086
  .venv/bin/python -m pip install -q ${TORCH_SPEC:-torch==2.13.0}
fi
.venv/bin/python -m pip install -q -e ".[$extras]"
