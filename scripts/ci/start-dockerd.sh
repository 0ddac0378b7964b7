#!/usr/bin/env bash
# Make sure a Docker daemon answers. Idempotent: does nothing when `docker info` works.
# CI containers have no systemd and no iptables rights, hence vfs storage,
# --iptables=false and --bridge=none (builds and tests use host or none networking).
set -euo pipefail

LOG_FILE="${DOCKERD_LOG:-/tmp/dockerd.log}"
WAIT_SECONDS="${DOCKERD_WAIT_SECONDS:-60}"

daemon_answers() {
  docker info >/dev/null 2>&1
}

if command -v docker >/dev/null 2>&1 && daemon_answers; then
  echo "dockerd: already running"
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  echo "dockerd: not installed, installing docker.io with apt"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker.io
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "dockerd: must run as root to start the daemon (or set DOCKER_HOST to a running one)" >&2
  exit 1
fi

echo "dockerd: starting (log: ${LOG_FILE})"
nohup dockerd --storage-driver=vfs --iptables=false --bridge=none >"${LOG_FILE}" 2>&1 &

for _ in $(seq "${WAIT_SECONDS}"); do
  if daemon_answers; then
    echo "dockerd: ready"
    exit 0
  fi
  sleep 1
done

echo "dockerd: did not answer within ${WAIT_SECONDS}s; last lines of ${LOG_FILE}:" >&2
tail -n 20 "${LOG_FILE}" >&2
exit 1
