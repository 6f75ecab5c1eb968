#!/bin/sh
# Builds and runs the anonymization fuzzer (clang + libFuzzer + ASan/UBSan). See Fuzz/README.md.
#   Fuzz/run-fuzzer.sh [SECONDS] [extra libFuzzer options...]
# Environment: RATATOSKR_FUZZ_BUILD_DIR (default: <repo>/../build-fuzz).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
build=${RATATOSKR_FUZZ_BUILD_DIR:-$(dirname "$repo")/build-fuzz}
seconds=${1:-300}
[ $# -gt 0 ] && shift

if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$repo" -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRATATOSKR_BUILD_FUZZERS=ON -DRATATOSKR_BUILD_TESTS=OFF
fi
make -C "$build" -j"$(nproc)" AnonymizeFuzzer

mkdir -p "$build/work-corpus" "$build/artifacts"
# Declared element lengths of up to 4 GiB make DCMTK allocate that much before it notices the data is
# short (reported); the limits below let fuzzing go on past that known behaviour.
ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=5:allocator_may_return_null=1} \
  "$build/AnonymizeFuzzer" -max_total_time="$seconds" -max_len=16384 -timeout=20 \
  -malloc_limit_mb=5000 -rss_limit_mb=3500 -artifact_prefix="$build/artifacts/" "$@" \
  "$build/work-corpus" "$here/corpus"
