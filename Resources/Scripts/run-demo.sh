#!/usr/bin/env bash
# The demo command: installs what is missing, builds, and runs Ratatoskr in a working demo on loopback
# (Orthanc + DICOMweb + Ratatoskr, a second Orthanc as PACScenter, a receiver as Django). Ctrl-C stops it.
# run-demo.sh --check: start, run one anonymization job, print the outcome and stop.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bash "$root/Resources/Scripts/install-dependencies.sh"
bash "$root/Resources/Scripts/build.sh" -DRATATOSKR_BUILD_TESTS=OFF
exec /usr/bin/python3 "$root/Resources/Scripts/demo.py" "$@"
