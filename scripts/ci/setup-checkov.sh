#!/usr/bin/env bash
# Create .venv-checkov: checkov in its OWN virtualenv.
# checkov pins old python-dateutil/packaging versions that break the app's
# dependencies, so it never goes into .venv; `agent validate` runs it as a program.
# Idempotent and fast when the venv already answers `checkov --version`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${CHECKOV_VENV:-${ROOT}/.venv-checkov}"
CHECKOV_VERSION="${CHECKOV_VERSION:-3.3.30}"
PYTHON="${PYTHON:-python3}"

if [ -x "${VENV}/bin/checkov" ] && "${VENV}/bin/checkov" --version >/dev/null 2>&1; then
  echo "checkov: $("${VENV}/bin/checkov" --version) in ${VENV}"
  exit 0
fi

echo "checkov: creating ${VENV} (checkov ${CHECKOV_VERSION})"
"${PYTHON}" -m venv "${VENV}"
# The machine's pip config lists local file:// indexes that hold no checkov; drop pip's notes about them.
"${VENV}/bin/pip" install --quiet "checkov==${CHECKOV_VERSION}" 2>&1 | grep -v "is ignored: it is neither" || true
"${VENV}/bin/checkov" --version >/dev/null
echo "checkov: $("${VENV}/bin/checkov" --version) in ${VENV}"
