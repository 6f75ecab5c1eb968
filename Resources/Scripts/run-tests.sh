#!/usr/bin/env bash
# The test command: installs what is missing, builds, runs the unit tests (GoogleTest through CTest)
# and the integration tests (pytest against real Orthanc processes), then prints one summary line.
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

echo "=== integration tests"
RATATOSKR_PLUGIN="$build/libOrthancRatatoskr.so" RATATOSKR_BUILD_DIR="$build" \
  /usr/bin/python3 -m pytest -q -p no:cacheprovider "$root/IntegrationTests" --junitxml="$results/integration.xml" "$@"
integration_rc=$?

/usr/bin/python3 "$root/Resources/Scripts/summarize-junit.py" "$results/unit.xml" "$results/integration.xml"
summary_rc=$?
if [ $unit_rc -ne 0 ] || [ $integration_rc -ne 0 ] || [ $summary_rc -ne 0 ]; then
  exit 1
fi
