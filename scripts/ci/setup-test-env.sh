#!/usr/bin/env bash
# Everything `make test` needs beyond .venv: shellcheck, checkov's own venv, a Docker daemon
# and the local Debian base images (Python, Node) the image-build tests use. Idempotent; fast when all is there.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PYTHON_BASE_IMAGE="${PYTHON_BASE_IMAGE:-aiops-agent/bookworm-python:local}"
NODE_BASE_IMAGE="${NODE_BASE_IMAGE:-aiops-agent/bookworm-node:local}"

apt_updated=0
apt_install() {
  if [ "${apt_updated}" -eq 0 ]; then
    apt-get update
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

if ! command -v shellcheck >/dev/null 2>&1; then
  apt_install shellcheck
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  apt_install debootstrap
fi

bash "${HERE}/setup-checkov.sh"
bash "${HERE}/start-dockerd.sh"
bash "${HERE}/make-base-image.sh" "${PYTHON_BASE_IMAGE}"
bash "${HERE}/make-base-image.sh" --node "${NODE_BASE_IMAGE}"
