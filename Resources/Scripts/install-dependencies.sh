#!/usr/bin/env bash
# Installs, from Debian 12's packages, whatever Ratatoskr needs to build, run and be tested.
# Usage: install-dependencies.sh [--tests]   (as root; packages already installed are left alone)
set -euo pipefail

packages=(
  orthanc orthanc-dev orthanc-dicomweb liborthancframework-dev
  libdcmtk-dev dcmtk libjsoncpp-dev libboost-all-dev libssl-dev libsqlite3-dev
  cmake make g++ pkg-config
  python3 python3-pydicom python3-numpy python3-requests
)
if [ "${1:-}" = "--tests" ]; then
  packages+=(libgtest-dev python3-pytest python3-django dicom3tools libgdcm-tools)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-dependencies: everything is installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-dependencies: missing packages: ${missing[*]}; run as root to install them" >&2
  exit 1
fi

echo "install-dependencies: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# policy-rc.d keeps the Debian orthanc service from starting on a machine that did not have it.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; created_policy=1
fi
apt-get install -y -q --no-install-recommends "${missing[@]}"
if [ "$created_policy" = 1 ]; then rm -f "$policy"; fi
