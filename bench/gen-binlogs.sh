#!/usr/bin/env bash
# Generates the benchmark binlogs (not committed; bench/data/ is gitignored).
#
#   bench/gen-binlogs.sh [OUT_DIR] [ROWS]     (defaults: bench/data, 200000)
#
# Two shapes, each in one binlog file of its own (max_binlog_size=1G), on
# sysbench's table (id INT PRIMARY KEY, k INT, c CHAR(120), pad CHAR(60)):
#   oltp.000001  one row per transaction (autocommit): insert ROWS rows one at a
#                time, update each (k and c), delete each: 3 x ROWS transactions
#   bulk.000001  1000-row transactions: the same inserts, updates and deletes in
#                statements of 1000 rows: 3 x ROWS / 1000 transactions
# Both have 3 x ROWS row changes. Values are derived from the id (no RAND()),
# so the row data is identical from run to run. The server runs with
# binlog_format=ROW, binlog_row_image=FULL, binlog_row_metadata=FULL,
# binlog_annotate_row_events=ON (MariaDB's default), no fsync on commit.
# Prints each file with its size, event count and row-change count, and writes
# the same to OUT_DIR/MANIFEST.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=scripts/lib/mariadb.sh
source "$root/scripts/lib/mariadb.sh"

out=${1:-$root/bench/data}
rows=${2:-200000}
if ! [[ $rows =~ ^[0-9]+$ ]] || [ "$rows" -lt 1000 ] || [ $((rows % 1000)) -ne 0 ]; then
    echo "gen-binlogs: ROWS must be a multiple of 1000 (got '$rows')" >&2
    exit 2
fi
binlog_tool=$(_mdb_find_bin "" mariadb-binlog)
mkdir -p "$out"
out=$(cd "$out" && pwd)

work=$(mktemp -d /tmp/b2k-bench.XXXXXX)
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
    mdb_stop "$work" || true
    rm -rf -- "$work"
}
trap cleanup EXIT
trap 'echo "gen-binlogs: failed at line $LINENO" >&2' ERR

server_opts=(
    --binlog-row-image=FULL
    --binlog-row-metadata=FULL
    --max-binlog-size=1G
    --sync-binlog=0
    --innodb-flush-log-at-trx-commit=0
    --innodb-buffer-pool-size=128M
    --innodb-log-file-size=256M
)

# The table, and value expressions shared by both shapes: c is sysbench's
# eleven-digit groups, pad its five; both follow from the id.
schema_sql="
CREATE DATABASE sbtest;
USE sbtest;
CREATE TABLE sbtest1 (
    id INT NOT NULL PRIMARY KEY,
    k INT NOT NULL DEFAULT 0,
    c CHAR(120) NOT NULL DEFAULT '',
    pad CHAR(60) NOT NULL DEFAULT '',
    KEY k_1 (k)
) ENGINE=InnoDB;
CREATE FUNCTION sb_c(i INT, salt INT) RETURNS CHAR(120) DETERMINISTIC
    RETURN LEFT(CONCAT_WS('-',
        LPAD((i * 7919 + salt) % 99999999999, 11, '0'), LPAD((i * 104729 + salt) % 99999999999, 11, '0'),
        LPAD((i * 15485863 + salt) % 99999999999, 11, '0'), LPAD((i * 32452843 + salt) % 99999999999, 11, '0'),
        LPAD((i * 49979687 + salt) % 99999999999, 11, '0'), LPAD((i * 67867967 + salt) % 99999999999, 11, '0'),
        LPAD((i * 86028121 + salt) % 99999999999, 11, '0'), LPAD((i * 104395301 + salt) % 99999999999, 11, '0'),
        LPAD((i * 122949823 + salt) % 99999999999, 11, '0'), LPAD((i * 141650939 + salt) % 99999999999, 11, '0')),
        119);
CREATE FUNCTION sb_pad(i INT) RETURNS CHAR(60) DETERMINISTIC
    RETURN LEFT(CONCAT_WS('-',
        LPAD((i * 7) % 99999999999, 11, '0'), LPAD((i * 13) % 99999999999, 11, '0'),
        LPAD((i * 17) % 99999999999, 11, '0'), LPAD((i * 19) % 99999999999, 11, '0'),
        LPAD((i * 23) % 99999999999, 11, '0')), 59);
"

# capture NAME SQL: one server run into binlog basename NAME, copied to OUT_DIR.
capture() {
    local name=$1 sql=$2 started
    rm -f "$work/binlog/$name".*
    mdb_start "$work" --log-bin="$work/binlog/$name" "${server_opts[@]}"
    mdb_sql "$work" "SET SESSION sql_log_bin = 0; DROP DATABASE IF EXISTS sbtest"
    started=$SECONDS
    mdb_client "$work" --batch <<<"SET SESSION timestamp = 1700000000; $schema_sql $sql"
    mdb_stop "$work"
    echo "gen-binlogs: $name generated in $((SECONDS - started)) s"
    local files=("$work/binlog/$name".0*)
    if [ "${#files[@]}" -ne 1 ]; then
        echo "gen-binlogs: expected one $name binlog file, got ${#files[@]}" >&2
        exit 1
    fi
    rm -f "$out/$name".0*
    cp "${files[0]}" "$out/"
    chmod 0644 "$out/${files[0]##*/}"
}

chunks=$((rows / 1000))

echo "gen-binlogs: oltp, $rows rows, one row per transaction"
capture oltp "
DELIMITER //
CREATE PROCEDURE oltp(n INT)
BEGIN
    DECLARE i INT DEFAULT 1;
    WHILE i <= n DO
        INSERT INTO sbtest1 (id, k, c, pad) VALUES (i, i % 1000, sb_c(i, 0), sb_pad(i));
        SET i = i + 1;
    END WHILE;
    SET i = 1;
    WHILE i <= n DO
        UPDATE sbtest1 SET k = k + 1, c = sb_c(i, 1) WHERE id = i;
        SET i = i + 1;
    END WHILE;
    SET i = 1;
    WHILE i <= n DO
        DELETE FROM sbtest1 WHERE id = i;
        SET i = i + 1;
    END WHILE;
END //
DELIMITER ;
SET SESSION autocommit = 1;
CALL oltp($rows);
"

echo "gen-binlogs: bulk, $rows rows, 1000 rows per transaction"
capture bulk "
DELIMITER //
CREATE PROCEDURE bulk(chunks INT)
BEGIN
    DECLARE j INT DEFAULT 0;
    WHILE j < chunks DO
        INSERT INTO sbtest1 (id, k, c, pad)
            SELECT seq, seq % 1000, sb_c(seq, 0), sb_pad(seq)
              FROM seq_1_to_${rows} WHERE seq BETWEEN j * 1000 + 1 AND j * 1000 + 1000;
        SET j = j + 1;
    END WHILE;
    SET j = 0;
    WHILE j < chunks DO
        UPDATE sbtest1 SET k = k + 1, c = sb_c(id, 1) WHERE id BETWEEN j * 1000 + 1 AND j * 1000 + 1000;
        SET j = j + 1;
    END WHILE;
    SET j = 0;
    WHILE j < chunks DO
        DELETE FROM sbtest1 WHERE id BETWEEN j * 1000 + 1 AND j * 1000 + 1000;
        SET j = j + 1;
    END WHILE;
END //
DELIMITER ;
SET SESSION autocommit = 1;
CALL bulk($chunks);
"

# Count what the files hold, from the files themselves.
manifest=$out/MANIFEST
{
    printf '# bench/gen-binlogs.sh, %s rows, %s\n' "$rows" "$(mariadbd --version 2>/dev/null | awk '{print $3}')"
    printf '%-14s %12s %10s %10s %10s %10s %10s\n' file bytes events rows_events inserts updates deletes
} >"$manifest"
for name in oltp bulk; do
    f=$(cd "$out" && ls "$name".0*)
    counts=$("$binlog_tool" --base64-output=decode-rows -v "$out/$f" | awk '
        /\t(Write|Update|Delete)_rows(_compressed)?(_v1)?: table id/ { ev++ }
        /^# at / { all++ }
        /^### INSERT INTO / { ins++ }
        /^### UPDATE / { upd++ }
        /^### DELETE FROM / { del++ }
        END { printf "%d %d %d %d %d", all, ev, ins, upd, del }')
    read -r events row_events ins upd del <<<"$counts"
    printf '%-14s %12s %10s %10s %10s %10s %10s\n' "$f" "$(stat -c %s "$out/$f")" \
        "$events" "$row_events" "$ins" "$upd" "$del" >>"$manifest"
    if [ "$ins" -ne "$rows" ] || [ "$upd" -ne "$rows" ] || [ "$del" -ne "$rows" ]; then
        echo "gen-binlogs: $f holds $ins inserts, $upd updates, $del deletes; expected $rows each" >&2
        exit 1
    fi
done
cat "$manifest"
echo "gen-binlogs: files in $out"
