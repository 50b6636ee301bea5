#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) and runs the event decoder fuzzer for
# N seconds (default 60), seeded from every binlog in ../shared/vectors and tests/data.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shared=${B2K_SHARED_DIR:-$(cd .. && pwd)/shared}

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target event_decoder_fuzz -j"$(nproc)"

corpus=build/fuzz/corpus
rm -rf "$corpus" && mkdir -p "$corpus"
n=0
while IFS= read -r -d '' f; do
    # Seeds: the file without its 4-byte magic, with and without CRC fix-up.
    if [ "$(head -c 4 "$f" | od -An -tx1 | tr -d ' \n')" = "fe62696e" ]; then
        { printf '\001'; tail -c +5 "$f"; } >"$corpus/seed-$n-crc"
        { printf '\000'; tail -c +5 "$f"; } >"$corpus/seed-$n-raw"
        n=$((n + 1))
    fi
done < <(find "$shared/vectors" tests/data -type f -size -64k -print0 2>/dev/null)
if [ "$n" -eq 0 ]; then
    echo "fuzz.sh: no seed binlogs found under $shared/vectors or tests/data" >&2
    exit 1
fi
echo "fuzz.sh: $n seed files; fuzzing for ${seconds}s"
mkdir -p build/fuzz/findings
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 \
    build/fuzz/tests/fuzz/event_decoder_fuzz "$corpus" -max_total_time="$seconds" -rss_limit_mb=2048 \
    -max_len=65536 -artifact_prefix=build/fuzz/findings/ -print_final_stats=1
