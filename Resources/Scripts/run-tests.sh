#!/usr/bin/env bash
# The test command: installs what is missing, builds, runs the unit tests (GoogleTest through CTest),
# again in a sanitized build (ASan + UBSan), and the integration tests (pytest against real Orthanc
# processes), then prints one summary line.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${RATATOSKR_BUILD_DIR:-$root/build}"
results="$build/test-results"

bash "$root/Resources/Scripts/install-dependencies.sh" --tests || exit 1
mkdir -p "$build"
bash "$root/Resources/Scripts/build.sh" || { echo "build failed"; exit 1; }
rm -rf "$results"; mkdir -p "$results"

echo "=== unit tests"
(cd "$build" && ctest --output-on-failure -j"$(nproc)" --output-junit "$results/unit.xml")
unit_rc=$?

echo "=== unit tests again, built with AddressSanitizer and UndefinedBehaviorSanitizer"
# Replays Fuzz/corpus and every engine test with memory errors and undefined behaviour made fatal.
# (Leak detection is off: it needs ptrace rights some CI containers lack, and leaks are not the point.)
sanitized="$build/sanitized"
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=0" UBSAN_OPTIONS="print_stacktrace=1"
if cmake -S "$root" -B "$sanitized" -DCMAKE_BUILD_TYPE=Debug -DRATATOSKR_SANITIZE=ON > "$sanitized.log" 2>&1 && \
   make -C "$sanitized" -j"$(nproc)" --no-print-directory UnitTests >> "$sanitized.log" 2>&1; then
  (cd "$sanitized" && ctest --output-on-failure -j"$(nproc)" --output-junit "$results/unit-sanitized.xml")
  sanitized_rc=$?
else
  tail -n 40 "$sanitized.log"; echo "sanitized build failed (full log: $sanitized.log)"
  sanitized_rc=1
fi

echo "=== integration tests"
RATATOSKR_PLUGIN="$build/libOrthancRatatoskr.so" RATATOSKR_BUILD_DIR="$build" \
  /usr/bin/python3 -m pytest -q -p no:cacheprovider "$root/IntegrationTests" --junitxml="$results/integration.xml" "$@"
integration_rc=$?

/usr/bin/python3 "$root/Resources/Scripts/summarize-junit.py" "$results/unit.xml" "$results/unit-sanitized.xml" \
  "$results/integration.xml"
summary_rc=$?
if [ $unit_rc -ne 0 ] || [ $sanitized_rc -ne 0 ] || [ $integration_rc -ne 0 ] || [ $summary_rc -ne 0 ]; then
  exit 1
fi
