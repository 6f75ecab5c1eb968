#!/usr/bin/env bash
# Installs, from Debian 12's packages, whatever Ratatoskr needs to build, run and be tested.
# Usage: install-dependencies.sh [--tests]   (as root; packages already installed are left alone)
# --tests adds the test tools, Chromium for the browser tests, and playwright-core (npm, the version pinned in
# IntegrationTests/browser/package-lock.json) into IntegrationTests/browser/node_modules, installed again only
# when that lock file changed.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tests=0
if [ "${1:-}" = "--tests" ]; then tests=1; fi

packages=(
  orthanc orthanc-dev orthanc-dicomweb liborthancframework-dev libcivetweb-dev
  libdcmtk-dev dcmtk libjsoncpp-dev libboost-all-dev libssl-dev libsqlite3-dev
  cmake make g++ pkg-config
  emscripten dpkg-dev xz-utils           # the engine in WebAssembly, its libraries from Debian's sources
  python3 python3-pydicom python3-numpy python3-requests python3-django
)
if [ $tests = 1 ]; then
  packages+=(libgtest-dev python3-pytest dicom3tools libgdcm-tools curl chromium)
  # Node.js runs playwright-core; a Node.js already there (e.g. from another repository) is used as it is.
  if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
    packages+=(nodejs npm)
  fi
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-dependencies: every Debian package is installed"
elif [ "$(id -u)" -ne 0 ]; then
  echo "install-dependencies: missing packages: ${missing[*]}; run as root to install them" >&2
  exit 1
else
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
fi

# The libraries the engine is also built from for WebAssembly (build-wasm-deps.sh) must be at the version Debian's
# signed source index lists, which is the candidate version: apt-get source can fetch only that one. A version
# installed earlier that a security update has since replaced is upgraded (a normal security update).
current=(libdcmtk-dev libssl-dev libssl3 openssl libjsoncpp-dev zlib1g-dev zlib1g)
outdated=()
for p in "${current[@]}"; do
  installed="$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null || true)"
  candidate="$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')"
  if [ -n "$installed" ] && [ -n "$candidate" ] && [ "$candidate" != "(none)" ] && [ "$installed" != "$candidate" ]; then
    outdated+=("$p")
  fi
done
if [ ${#outdated[@]} -ne 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-dependencies: not at their current version: ${outdated[*]}; run as root to upgrade them" >&2
    exit 1
  fi
  echo "install-dependencies: upgrading ${outdated[*]} to their current version"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends --only-upgrade "${outdated[@]}"
fi

if [ $tests = 1 ]; then
  # playwright-core drives Debian's /usr/bin/chromium: it downloads no browser (and must not: it cannot here).
  browser="$root/IntegrationTests/browser"
  stamp="$browser/node_modules/.installed-lock-sha256"
  wanted="$(sha256sum "$browser/package-lock.json" | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ] || [ ! -f "$browser/node_modules/playwright-core/package.json" ]; then
    echo "install-dependencies: npm ci in IntegrationTests/browser (playwright-core)"
    (cd "$browser" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
    echo "$wanted" > "$stamp"
  fi
fi
