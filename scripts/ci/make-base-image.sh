#!/usr/bin/env bash
# Make a local Debian bookworm base image for builds that cannot pull from a registry.
#
#   make-base-image.sh NAME            python3 + python3-venv + CA certificates
#   make-base-image.sh --node NAME     CA certificates, libstdc++ and the host's node binary and npm
#
# The image is what generated Dockerfiles receive as PYTHON_IMAGE (or NODE_IMAGE).
# It has no `python` symlink, no curl and no system pip, on purpose: generated
# Dockerfiles must work with just python3 -m venv.
#
# Idempotent and cache-friendly: nothing happens when NAME exists; the root
# filesystem tarball is kept in BASE_IMAGE_CACHE so a wiped daemon re-imports it
# without running debootstrap again.
#
# Node: the host's node (v20, glibc build) needs only libstdc++6 beside minbase,
# so copying /usr/bin/node and /usr/lib/node_modules/npm into the rootfs gives a
# working Node base (NODE_EXTRA_CA_CERTS makes node and npm trust the proxy's CA).
# tests/docker builds both Next.js images on it; sizes and times in docs/BENCHMARKS.md.
set -euo pipefail

WITH_NODE=0
if [ "${1:-}" = "--node" ]; then
  WITH_NODE=1
  shift
fi
NAME="${1:?usage: make-base-image.sh [--node] NAME}"
SUITE="${DEBIAN_SUITE:-bookworm}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
CACHE_DIR="${BASE_IMAGE_CACHE:-/var/cache/aiops-agent/base-images}"
CA_BUNDLE="${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
cache_tar="${CACHE_DIR}/$(echo "${NAME}" | tr '/:' '__').tar"

# node and npm trust only their bundled CAs; point them at the system bundle (see CA_BUNDLE below).
import_changes=(--change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
if [ "${WITH_NODE}" -eq 1 ]; then
  import_changes+=(--change "ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt")
fi

if docker image inspect "${NAME}" >/dev/null 2>&1; then
  echo "base image ${NAME}: present"
  exit 0
fi

if [ -s "${cache_tar}" ]; then
  echo "base image ${NAME}: importing cached rootfs ${cache_tar}"
  docker import "${import_changes[@]}" "${cache_tar}" "${NAME}" >/dev/null
  exit 0
fi

if ! command -v debootstrap >/dev/null 2>&1; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap
fi

packages="python3,python3-venv,ca-certificates"
if [ "${WITH_NODE}" -eq 1 ]; then
  packages="ca-certificates,libstdc++6"
fi

rootfs="$(mktemp -d /tmp/base-rootfs.XXXXXX)"
trap 'rm -rf "${rootfs}"' EXIT
# mktemp creates the directory 0700; it becomes the image's /, which every non-root user must traverse.
chmod 0755 "${rootfs}"

echo "base image ${NAME}: debootstrap ${SUITE} (${packages})"
debootstrap --variant=minbase --include="${packages}" "${SUITE}" "${rootfs}" "${MIRROR}" >/tmp/debootstrap-"$$".log 2>&1 || {
  tail -n 30 /tmp/debootstrap-"$$".log >&2
  exit 1
}

# Package registries are reached through a TLS-intercepting proxy: trust what the host trusts.
install -D -m 0644 "${CA_BUNDLE}" "${rootfs}/etc/ssl/certs/ca-certificates.crt"

if [ "${WITH_NODE}" -eq 1 ]; then
  install -D -m 0755 "$(command -v node)" "${rootfs}/usr/bin/node"
  mkdir -p "${rootfs}/usr/lib/node_modules"
  cp -a /usr/lib/node_modules/npm "${rootfs}/usr/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "${rootfs}/usr/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "${rootfs}/usr/bin/npx"
fi

# Keep the base small: nothing at runtime needs apt caches, docs or man pages.
rm -rf "${rootfs}"/var/cache/apt/archives/*.deb "${rootfs}"/var/lib/apt/lists/* \
  "${rootfs}"/usr/share/doc/* "${rootfs}"/usr/share/man/* "${rootfs}"/usr/share/locale/*

mkdir -p "${CACHE_DIR}"
tar -C "${rootfs}" --numeric-owner -cf "${cache_tar}.partial" .
mv "${cache_tar}.partial" "${cache_tar}"
docker import "${import_changes[@]}" "${cache_tar}" "${NAME}" >/dev/null
echo "base image ${NAME}: created"
