#!/usr/bin/env bash
# Builds libOrthancRatatoskr.so, the ratatoskr-anonymize tool and the unit tests into ./build, and first the
# engine compiled to WebAssembly (build-wasm.sh: build/wasm, build/ratatoskr-anonymize.mjs), which the plugin
# embeds. RATATOSKR_WITHOUT_WASM=1 skips it (the plugin then serves no engine).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${RATATOSKR_BUILD_DIR:-$root/build}"
mkdir -p "$build"
wasm_option=()
if [ "${RATATOSKR_WITHOUT_WASM:-0}" != 1 ]; then
  RATATOSKR_BUILD_DIR="$build" bash "$root/Resources/Scripts/build-wasm.sh"
  wasm_option=(-DRATATOSKR_WASM_ENGINE_DIR="$build/wasm")
else
  wasm_option=(-DRATATOSKR_WASM_ENGINE_DIR=)
fi
log="$build/build.log"
if ! { cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${wasm_option[@]}" "$@" && \
       make -C "$build" -j"$(nproc)" --no-print-directory; } > "$log" 2>&1; then
  tail -n 60 "$log"
  echo "build: FAILED (full log: $log)"
  exit 1
fi
grep -E "warning:" "$log" || true
echo "build: $build/libOrthancRatatoskr.so"
