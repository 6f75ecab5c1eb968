#!/usr/bin/env bash
# Compiler launcher (CMAKE_<LANG>_COMPILER_LAUNCHER) of build-wasm-deps.sh: runs the compile command as given,
# with native WebAssembly exceptions (-fwasm-exceptions). LLVM 14 cannot compile a function that calls setjmp
# and also has a landing pad (a catch, or a destructor to run while unwinding) with them: "When using Wasm EH
# with Emscripten SjLj, there is a restriction that setjmp function call and exception catch/cleanup cannot be
# in the same function". With Debian's DCMTK 3.6.7 that is dcmdata's vrscan.cc alone (the libijg wrappers of dcmjpeg call
# setjmp where nothing needs unwinding),
# none of which catches an exception: only those are compiled again with -fignore-exceptions (no landing pads:
# an exception passing through them still reaches its handler, it only skips their destructors), and each is
# listed in $RATATOSKR_WASM_EH_IGNORED, so the build records which files they were.
set -uo pipefail
errors="$(mktemp)"
trap 'rm -f "$errors"' EXIT
"$@" -fno-crash-diagnostics 2> "$errors"    # (no clang reproducer files in /tmp for the expected refusal)
rc=$?
if [ $rc -eq 0 ] || ! grep -q "When using Wasm EH with Emscripten SjLj" "$errors"; then
  cat "$errors" >&2
  exit $rc
fi
args=()
for a in "$@"; do
  if [ "$a" = -fwasm-exceptions ]; then args+=(-fignore-exceptions); else args+=("$a"); fi
done
source=""
for a in "$@"; do
  case "$a" in *.c|*.cc|*.cpp|*.cxx) source="$a" ;; esac
done
echo "wasm-eh-launcher: setjmp next to a landing pad, compiled with -fignore-exceptions: ${source:-?}" >&2
if [ -n "${RATATOSKR_WASM_EH_IGNORED:-}" ]; then
  echo "${source:-?}" >> "$RATATOSKR_WASM_EH_IGNORED"
fi
exec "${args[@]}"
