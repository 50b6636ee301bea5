#!/usr/bin/env bash
# End-to-end throughput of the daemon (issue 5), in one run, on the OLTP and bulk binlogs of
# bench/decode.sh (600k row changes each), served by a throwaway MariaDB, into a mock Kafka
# cluster in its own process (b2k-mock-kafka):
#   binlog2kafka run --until-caught-up           rows/s, and its peak RSS
#   kcat -P of the same number of messages, pre-encoded (the daemon's own messages, read back
#     from the cluster), with the daemon's producer settings (enable.idempotence=true,
#     librdkafka's default linger/batch, no compression), into the same cluster: the ceiling
# and prints both and the ratio; then the server's raw dump rate (mariadb-binlog --raw) for
# OLTP. Last, peak RSS through one 1 GB transaction (BIG_MB=1024 by default).
# Targets: bulk >= 300k rows/s and >= 0.5x the kcat ceiling; OLTP >= 0.6x the raw dump rate;
# peak RSS <= 128 MiB.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f bench/data/oltp.000001 ] && [ -f bench/data/bulk.000001 ] || bash bench/gen-binlogs.sh
bash scripts/install-deps.sh >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target binlog2kafka b2k-mock-kafka >/dev/null
bin=$PWD/build/release/binlog2kafka
mock=$PWD/build/release/b2k-mock-kafka
big_mb=${BIG_MB:-1024}

# shellcheck source=../scripts/lib/mariadb.sh
source scripts/lib/mariadb.sh
dir=""
mock_pid=""
cleanup() {
    [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null || true
    [ -n "$dir" ] && { mdb_stop "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"; }
}
trap cleanup EXIT

start_mock() {
    [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null || true
    "$mock" >"$dir/mock.addr" &
    mock_pid=$!
    for _ in $(seq 100); do [ -s "$dir/mock.addr" ] && break; sleep 0.05; done
    bootstrap=$(head -1 "$dir/mock.addr")
}

# A server whose first binlog is the given file.
serve() {
    [ -n "$dir" ] && { mdb_stop "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"; }
    dir=$(mktemp -d /tmp/b2k-br.XXXXXX)
    mkdir -p "$dir/binlog"
    if [ -n "${1:-}" ]; then
        cp "$1" "$dir/binlog/mysql-bin.000001"
        printf '%s\n' "$dir/binlog/mysql-bin.000001" >"$dir/binlog/mysql-bin.index"
    fi
    mdb_start "$dir" --max-binlog-size=1G --binlog-row-metadata=FULL --max-allowed-packet=1G >/dev/null
}

write_config() {  # PATH
    cat >"$1" <<YAML
source: {name: bench, host: 127.0.0.1, port: $MDB_PORT, user: $MDB_CDC_USER,
         password: $MDB_CDC_PASSWORD, server_id: 90003, tls: {mode: disabled},
         start: {file: mysql-bin.000001, pos: 4}}
kafka: {brokers: "$bootstrap"}
checkpoint: {store: file, path: $dir/checkpoint.json}
http: {listen: "127.0.0.1:0"}
log: {level: info}
YAML
}

# run_daemon CONFIG: prints "seconds peak_rss_kib messages"
run_daemon() {
    rm -f "$dir/checkpoint.json"
    /usr/bin/time -f '%e %M' -o "$dir/time" "$bin" run -c "$1" --until-caught-up 2>"$dir/run.log"
    echo "$(cat "$dir/time") $(sed -n 's/.*caught up: \([0-9]*\) messages.*/\1/p' "$dir/run.log")"
}

printf '%-6s %10s %12s %12s %12s %8s %10s\n' shape messages "run rows/s" "kcat msg/s" \
    "run msg/s" "vs kcat" "RSS MiB"
for shape in oltp bulk; do
    serve "bench/data/$shape.000001"
    start_mock
    write_config "$dir/run.yaml"
    read -r secs rss sent < <(run_daemon "$dir/run.yaml")
    rows=600000
    # The ceiling: as many messages as the daemon sent, pre-encoded — the same rows in the same
    # Debezium envelope (`binlog2kafka decode`), padded with copies to the daemon's count
    # (which includes tombstones) — produced by kcat into a fresh cluster.
    "$bin" decode "bench/data/$shape.000001" >"$dir/decoded"
    { cat "$dir/decoded"; head -n $((sent - $(wc -l <"$dir/decoded"))) "$dir/decoded"; } >"$dir/messages"
    messages=$(wc -l <"$dir/messages")
    start_mock
    start=$(date +%s.%N)
    kcat -P -b "$bootstrap" -t bench.ceiling -X enable.idempotence=true -X message.timeout.ms=0 \
        -l "$dir/messages"
    end=$(date +%s.%N)
    kcat_s=$(echo "$end - $start" | bc -l)
    printf '%-6s %10d %12.0f %12.0f %12.0f %7.2fx %10.1f\n' "$shape" "$sent" \
        "$(echo "$rows / $secs" | bc -l)" "$(echo "$messages / $kcat_s" | bc -l)" \
        "$(echo "$sent / $secs" | bc -l)" \
        "$(echo "($sent / $secs) / ($messages / $kcat_s)" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
    if [ "$shape" = oltp ]; then
        start=$(date +%s.%N)
        mariadb-binlog --read-from-remote-server -h 127.0.0.1 -P "$MDB_PORT" -u "$MDB_CDC_USER" \
            "-p$MDB_CDC_PASSWORD" --raw --to-last-log --result-file="$dir/raw-" mysql-bin.000001
        end=$(date +%s.%N)
        raw_s=$(echo "$end - $start" | bc -l)
        printf 'oltp: run %.2f s, server raw dump %.2f s: run = %.2fx the raw dump rate\n' \
            "$secs" "$raw_s" "$(echo "$raw_s / $secs" | bc -l)"
    fi
done

# One transaction of ~BIG_MB MiB: 1 KiB rows inserted in one INSERT … SELECT.
serve ""
start_mock
mdb_sql "$dir" "CREATE DATABASE big; CREATE TABLE big.t (id INT PRIMARY KEY, pad VARCHAR(1000));
  SET SESSION max_recursive_iterations = 100000000;
  INSERT INTO big.t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $((big_mb * 1024)))
    SELECT i, REPEAT('x', 1000) FROM n;"
binlog_mb=$(du -m "$dir/binlog" | cut -f1)
write_config "$dir/run.yaml"
read -r secs rss sent < <(run_daemon "$dir/run.yaml")
printf 'one transaction of %d rows (%d MiB of binlog): %.1f s, peak RSS %.1f MiB (target <= 128)\n' \
    "$((big_mb * 1024))" "$binlog_mb" "$secs" "$(echo "$rss / 1024" | bc -l)"
