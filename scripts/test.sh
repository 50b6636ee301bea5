#!/usr/bin/env bash
# The full test run (README's second command; CI runs exactly this).
# Installs dependencies, builds with ASan+UBSan, runs every CTest test (unit, golden,
# integration), then the decoder fuzzer for 60 s. The sanitizer and fuzz presets compile with
# -O1 -g1 (line tables): half the compile time of -O2 -g on CI's two cores, the same checks,
# stack traces with file and line.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

jobs=$(nproc)
cmake --preset asan-ubsan >/dev/null
cmake --build --preset asan-ubsan -j"$jobs"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --preset asan-ubsan -j"$jobs" --timeout 900

if [ "${B2K_SKIP_FUZZ:-0}" != 1 ]; then
    bash scripts/fuzz.sh 60
fi
echo "all tests passed"
