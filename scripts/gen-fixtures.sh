#!/usr/bin/env bash
# Regenerates the MariaDB golden binlogs under tests/data/mariadb/.
#
#   scripts/gen-fixtures.sh [OUT_DIR]      (default: tests/data/mariadb)
#
# Starts a throwaway MariaDB (scripts/lib/mariadb.sh) and runs
# tests/data/mariadb/fixtures.sql once per combination of
# binlog_row_metadata (FULL, MINIMAL) x binlog_row_image (FULL, MINIMAL,
# NOBLOB), plus once with log_bin_compress=ON, restarting the server between
# runs with --log-bin=<combination> so each run gets its own files:
#   <metadata>-<image>[-compressed].000001   (ends with a ROTATE)
#   <metadata>-<image>[-compressed].000002   (after FLUSH BINARY LOGS; ends with STOP)
# and legacy_hires.sql into legacy-hires.000001. Beside each binlog it writes
# the output of `mariadb-binlog -vv --base64-output=decode-rows
# --print-table-metadata FILE` (.txt),
# which the golden tests compare value for value.
#
# Re-runnable: it replaces the files it owns and leaves the rest alone. The
# content is deterministic (SET TIMESTAMP, fixed order) except for what the
# server takes from the wall clock: the timestamps of FORMAT_DESCRIPTION,
# GTID_LIST, BINLOG_CHECKPOINT, ROTATE and STOP events, the exec_time field of
# QUERY events, and so the CRC32 of those events.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=scripts/lib/mariadb.sh
source "$here/lib/mariadb.sh"

out=${1:-$root/tests/data/mariadb}
sql=$root/tests/data/mariadb/fixtures.sql
legacy_sql=$root/tests/data/mariadb/legacy_hires.sql
max_bytes=$((200 * 1024))

for f in "$sql" "$legacy_sql"; do
    if [ ! -f "$f" ]; then
        echo "gen-fixtures: $f not found" >&2
        exit 1
    fi
done
binlog_tool=$(_mdb_find_bin "" mariadb-binlog)
mkdir -p "$out"
out=$(cd "$out" && pwd)

work=$(mktemp -d /tmp/b2k-fx.XXXXXX)
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
    mdb_stop "$work" || true
    rm -rf -- "$work"
}
trap cleanup EXIT
trap 'echo "gen-fixtures: failed at line $LINENO" >&2' ERR

# Initialise once (accounts etc. land in mysql-bin.*, which we ignore).
mdb_start "$work"
mdb_stop "$work"
echo "gen-fixtures: $(mariadbd --version 2>/dev/null || true)"

# run_sql FILE: runs FILE with --force and checks that exactly the statements
# marked "-- EXPECT ERROR nnnn" failed, with those codes, in that order.
run_sql() {
    local file=$1 log=$work/client.log expected actual
    if ! mdb_client "$work" --force <"$file" >"$log" 2>&1; then
        : # --force makes the exit code reflect any error; checked below
    fi
    expected=$({ grep -o -E 'EXPECT ERROR [0-9]+' "$file" || true; } | awk '{print $3}' | paste -sd' ' -)
    actual=$({ grep -o -E '^ERROR [0-9]+' "$log" || true; } | awk '{print $2}' | paste -sd' ' -)
    if [ "$expected" != "$actual" ]; then
        echo "gen-fixtures: $file: expected errors [$expected], got [$actual]:" >&2
        cat "$log" >&2
        return 1
    fi
}

# capture NAME [mariadbd options...]: one server run into binlog basename NAME.
capture() {
    local name=$1 sql_file=$2
    shift 2
    rm -f "$work/binlog/$name".*
    mdb_start "$work" --log-bin="$work/binlog/$name" "$@"
    run_sql "$sql_file"
    if [ "$name" = legacy-hires ]; then
        # The values as the server reads them: mariadb-binlog -v can't decode this file.
        mdb_client "$work" --batch b2k_legacy \
            -e "SET time_zone = '+00:00'; SELECT * FROM t_legacy_hires ORDER BY id" \
            >"$out/legacy-hires.expected.tsv"
    fi
    # Leave the datadir clean for the next run without logging it.
    mdb_sql "$work" "SET SESSION sql_log_bin = 0;
                     DROP DATABASE IF EXISTS b2k; DROP DATABASE IF EXISTS b2k_legacy;
                     DROP DATABASE IF EXISTS \`b2k-other\`"
    mdb_stop "$work"
    rm -f "$out/$name".0*
    local f
    for f in "$work/binlog/$name".0*; do
        cp "$f" "$out/"
        chmod 0644 "$out/${f##*/}"
    done
}

combos=(
    "full full"
    "full minimal"
    "full noblob"
    "minimal full"
    "minimal minimal"
    "minimal noblob"
)
for combo in "${combos[@]}"; do
    read -r meta image <<<"$combo"
    echo "gen-fixtures: binlog_row_metadata=$meta binlog_row_image=$image"
    capture "$meta-$image" "$sql" --binlog-row-metadata="$meta" --binlog-row-image="$image"
done
echo "gen-fixtures: binlog_row_metadata=full binlog_row_image=full log_bin_compress=ON"
capture full-full-compressed "$sql" --binlog-row-metadata=full --binlog-row-image=full \
    --log-bin-compress=ON --log-bin-compress-min-len=10

echo "gen-fixtures: legacy hires temporal columns"
capture legacy-hires "$legacy_sql" --binlog-row-metadata=full --binlog-row-image=full

# Decoded text beside each binlog. Run from $out so the output names no path.
cd "$out"
status=0
for f in *.0000[0-9][0-9]; do
    if [[ $f == legacy-hires.* ]]; then
        # -v cannot decode the 5.3 hires formats; keep the raw BINLOG statements.
        "$binlog_tool" "$f" >"$f.txt"
    else
        if ! "$binlog_tool" -vv --base64-output=decode-rows --print-table-metadata "$f" >"$f.txt"; then
            echo "gen-fixtures: mariadb-binlog -vv failed on $f (see $out/$f.txt)" >&2
            status=1
        fi
    fi
    size=$(stat -c %s "$f")
    if [ "$size" -ge "$max_bytes" ]; then
        echo "gen-fixtures: $f is $size bytes (limit $max_bytes)" >&2
        status=1
    fi
done

printf '%-36s %8s %6s\n' file bytes events
for f in *.0000[0-9][0-9]; do
    printf '%-36s %8s %6s\n' "$f" "$(stat -c %s "$f")" "$(grep -c '^# at ' "$f.txt")"
done
exit "$status"
