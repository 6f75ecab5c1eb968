#!/usr/bin/env bash
# Builds the engine for WebAssembly into <build>/wasm (Resources/CMake/WasmEngine.cmake): its libraries
# first (build-wasm-deps.sh, cached: the first build takes about 15 minutes, later ones reuse the cache),
# then Plugin/Core + Plugin/Wasm with emcmake (about 2 minutes from scratch, seconds when little changed).
# Also writes <build>/ratatoskr-anonymize.mjs, the Node.js CLI next to the native ratatoskr-anonymize.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${RATATOSKR_BUILD_DIR:-$root/build}"
out="$build/wasm"
mkdir -p "$out"
prefix="$(bash "$root/Resources/Scripts/build-wasm-deps.sh" | tail -n 1)"

# The quirks of Debian's emscripten 3.1.6 under nodesource's node (see build-wasm-deps.sh).
export NODE_PATH=/usr/share/nodejs NODE_OPTIONS=--no-experimental-fetch
log="$out/build.log"
if ! { emcmake cmake -S "$root" -B "$out" -DRATATOSKR_WASM=ON -DRATATOSKR_WASM_DEPS="$prefix" \
         -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node;--no-experimental-fetch" &&
       nice -n 10 make -C "$out" -j"${RATATOSKR_JOBS:-2}" --no-print-directory; } > "$log" 2>&1; then
  tail -n 60 "$log"
  echo "build-wasm: FAILED (full log: $log)"
  exit 1
fi
grep -E "warning:" "$log" || true
printf '#!/usr/bin/env node\n// Built by Resources/Scripts/build-wasm.sh: the Node.js CLI of the engine in %s.\nimport "./wasm/ratatoskr-anonymize.mjs";\n' \
  "wasm/" > "$build/ratatoskr-anonymize.mjs"
chmod +x "$build/ratatoskr-anonymize.mjs" "$out/ratatoskr-anonymize.mjs"
echo "build-wasm: $out/ratatoskr-engine-core.wasm"
