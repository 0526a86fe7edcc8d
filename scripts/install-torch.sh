#!/usr/bin/env bash
# Puts a CPU build of PyTorch into the venv given as $1 (default .venv) before the
# "learned" extra asks for torch, so pip does not take the CUDA build (several GB).
# TORCH_SPEC overrides what is installed; elsewhere than this workplace, e.g.
#   TORCH_SPEC="torch --index-url https://download.pytorch.org/whl/cpu"
set -euo pipefail
venv=${1:-.venv}
if "$venv/bin/python" -c "import torch" 2>/dev/null; then
  exit 0
fi
# shellcheck disable=SC2086
"$venv/bin/python" -m pip install -q ${TORCH_SPEC:-torch==2.13.0}
