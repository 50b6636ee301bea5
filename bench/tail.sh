#!/usr/bin/env bash
# Replication throughput over loopback, in one run, on the OLTP and bulk binlogs of
# bench/decode.sh (600k row changes each), served by a throwaway MariaDB:
#   binlog2kafka tail                                    (to /dev/null)
#   mariadb-binlog --read-from-remote-server --base64-output=decode-rows -vv
#   mariadb-binlog --read-from-remote-server --raw       (the server's dump rate: the ceiling)
# prints rows/s and tail's ratio to each; then tail's startup: exec until the server has
# answered the dump request (a tail from "latest" that ends at once), best of 10.
# Targets (issue 3): tail >= 0.8x the raw dump rate; startup <= 100 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
[ -f bench/data/oltp.000001 ] && [ -f bench/data/bulk.000001 ] || bash bench/gen-binlogs.sh
bash scripts/build.sh >/dev/null
bin=$PWD/build/release/binlog2kafka
# shellcheck source=lib.sh
source bench/lib.sh

# shellcheck source=../scripts/lib/mariadb.sh
source scripts/lib/mariadb.sh
dir=""
trap '[ -n "$dir" ] && { mdb_stop "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"; }' EXIT

# A server whose first binlog is the given file (the server adds a small second one at start).
serve() {
    [ -n "$dir" ] && { mdb_stop "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"; }
    dir=$(mktemp -d /tmp/b2k-bt.XXXXXX)
    mkdir -p "$dir/binlog"
    cp "$1" "$dir/binlog/mysql-bin.000001"
    printf '%s\n' "$dir/binlog/mysql-bin.000001" >"$dir/binlog/mysql-bin.index"
    mdb_start "$dir" --max-binlog-size=1G >/dev/null
    write_config "$dir/tail.yaml" 90001 "{file: mysql-bin.000001, pos: 4}"
}

write_config() {  # PATH SERVER_ID START: a tail config for the server started last
    cat >"$1" <<YAML
source:
  name: bench
  host: 127.0.0.1
  port: $MDB_PORT
  user: $MDB_CDC_USER
  password: $MDB_CDC_PASSWORD
  server_id: $2
  tls: {mode: disabled}
  start: $3
YAML
}


rows=600000
printf '%-6s %12s %12s %12s %10s %10s\n' shape "tail rows/s" "-vv rows/s" "raw rows/s" "vs raw" "vs -vv"
for shape in oltp bulk; do
    serve "bench/data/$shape.000001"
    remote=(--read-from-remote-server -h 127.0.0.1 -P "$MDB_PORT" -u "$MDB_CDC_USER" "-p$MDB_CDC_PASSWORD")
    # All three read from the first file to the server's current end.
    t_tail=$(best "$bin" tail -c "$dir/tail.yaml")
    t_vv=$(best mariadb-binlog "${remote[@]}" --base64-output=decode-rows -vv --to-last-log mysql-bin.000001)
    t_raw=$(best mariadb-binlog "${remote[@]}" --raw --to-last-log --result-file="$dir/raw-" mysql-bin.000001)
    printf '%-6s %12.0f %12.0f %12.0f %9.2fx %9.2fx\n' "$shape" \
        "$(echo "$rows / $t_tail" | bc -l)" "$(echo "$rows / $t_vv" | bc -l)" \
        "$(echo "$rows / $t_raw" | bc -l)" "$(echo "$t_raw / $t_tail" | bc -l)" \
        "$(echo "$t_vv / $t_tail" | bc -l)"
done

write_config "$dir/latest.yaml" 90002 latest
t_start=$(runs=10 best "$bin" tail -c "$dir/latest.yaml")
printf 'startup (exec, connect, register, dump, end of stream, exit): %.1f ms\n' \
    "$(echo "$t_start * 1000" | bc -l)"
