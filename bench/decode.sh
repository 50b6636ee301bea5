#!/usr/bin/env bash
# Decode throughput: binlog2kafka decode against mariadb-binlog -vv on the same file, in one run.
#
#   bash bench/decode.sh            # generates bench/data/{oltp,bulk}.000001 if missing
#
# For each shape (OLTP: one row per transaction; bulk: 1000-row transactions; 600k row
# changes each) it times, best of 3 wall-clock runs with output to /dev/null:
#   binlog2kafka decode FILE
#   mariadb-binlog --base64-output=decode-rows -vv FILE
# and prints rows/s for each and the ratio. Targets (issue 2): OLTP >= 10x, bulk >= 4x.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}

if [ ! -f bench/data/oltp.000001 ] || [ ! -f bench/data/bulk.000001 ]; then
    bash bench/gen-binlogs.sh
fi
bash scripts/build.sh >/dev/null
bin=build/release/binlog2kafka
# shellcheck source=lib.sh
source bench/lib.sh


rows_of() {  # row changes in a shape, from the generator's manifest
    awk -v f="$1" '$1 == f { print $5 + $6 + $7 }' bench/data/MANIFEST
}

printf '%-6s %12s %14s %14s %14s %8s\n' shape rows "b2k s" "b2k rows/s" "mdb rows/s" ratio
for shape in oltp bulk; do
    file=bench/data/$shape.000001
    rows=$(rows_of "$(basename "$file")")
    ours=$(best "$bin" decode "$file")
    theirs=$(best mariadb-binlog --base64-output=decode-rows -vv "$file")
    printf '%-6s %12d %14.3f %14.0f %14.0f %7.1fx\n' "$shape" "$rows" "$ours" \
        "$(echo "$rows / $ours" | bc -l)" "$(echo "$rows / $theirs" | bc -l)" \
        "$(echo "$theirs / $ours" | bc -l)"
done
