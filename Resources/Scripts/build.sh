#!/usr/bin/env bash
# Builds libOrthancRatatoskr.so, the ratatoskr-anonymize tool and the unit tests into ./build.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${RATATOSKR_BUILD_DIR:-$root/build}"
mkdir -p "$build"
log="$build/build.log"
if ! { cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" && \
       make -C "$build" -j"$(nproc)" --no-print-directory; } > "$log" 2>&1; then
  tail -n 60 "$log"
  echo "build: FAILED (full log: $log)"
  exit 1
fi
grep -E "warning:" "$log" || true
echo "build: $build/libOrthancRatatoskr.so"
