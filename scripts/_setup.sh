# Sourced by scripts/serve and scripts/test: make .venv and install the project.
# $1: the extras to install ("" or "test"). Re-installs only when setup.cfg changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
extras=${1:-}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($PYTHON --version)" >&2
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-${extras:-base}-$(cat setup.cfg pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "setup: installing the project into .venv${extras:+ with [$extras]}" >&2
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}"
  touch "$stamp"
fi
# The project is installed editable, so pip compiled none of its modules; where
# PYTHONDONTWRITEBYTECODE is set, Python would compile all of them again on every
# start (about 0.2 s of each cafcass-build). Stale files are recompiled in memory.
.venv/bin/python -m compileall -q -j 0 datasette_cafcass
