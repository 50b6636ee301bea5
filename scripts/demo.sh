#!/usr/bin/env bash
# The README's first command: a local MariaDB with rows being written, published to Kafka by
# binlog2kafka, and read back from Kafka as they arrive.
#
# Starts a throwaway MariaDB on 127.0.0.1 (binlog ROW, FULL metadata), creates a small shop
# schema, writes orders in the background, and runs the daemon (`binlog2kafka run`) with
# config/demo.yaml: `kafka.brokers: embedded`, an in-process Kafka mock cluster on loopback.
# kcat consumes the table's topic from that cluster and prints each message (partition, key,
# value) as it is published. The daemon's log goes to stderr.
# Stop with Ctrl-C (the daemon gets SIGTERM: it drains, flushes, writes its final checkpoint;
# everything is cleaned up). DEMO_SECONDS=N stops by itself after N seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
# BINLOG2KAFKA_BIN: a binary built already (the demo's test passes the one under test).
if [ -n "${BINLOG2KAFKA_BIN:-}" ]; then
    bin=$BINLOG2KAFKA_BIN
    bash scripts/install-deps.sh >&2
else
    bash scripts/build.sh >&2
    bin=build/release/binlog2kafka
fi

# shellcheck source=lib/mariadb.sh
source scripts/lib/mariadb.sh
dir=$(mktemp -d /tmp/b2k-demo.XXXXXX)
writer=""
daemon=""
consumer=""
cleanup() {
    [ -n "$writer" ] && kill "$writer" 2>/dev/null || true
    [ -n "$consumer" ] && kill "$consumer" 2>/dev/null || true
    [ -n "$daemon" ] && kill -TERM "$daemon" 2>/dev/null || true
    mdb_stop "$dir" >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT TERM

mdb_start "$dir" --binlog-row-metadata=FULL >/dev/null
mdb_sql "$dir" "CREATE DATABASE shop;
  CREATE TABLE shop.orders (id INT PRIMARY KEY AUTO_INCREMENT, customer VARCHAR(64),
    total DECIMAL(10,2), status ENUM('new','paid','shipped'), created DATETIME(3));"
echo "demo: MariaDB on 127.0.0.1:$MDB_PORT; writing orders to shop.orders" >&2

(
    i=0
    while true; do
        i=$((i + 1))
        mdb_sql "$dir" "INSERT INTO shop.orders (customer, total, status, created)
            VALUES ('customer-$i', $i.99, 'new', NOW(3));
          UPDATE shop.orders SET status='paid' WHERE id=$i;" || exit 0
        if [ $((i % 5)) -eq 0 ]; then mdb_sql "$dir" "DELETE FROM shop.orders WHERE id=$((i - 4))" || exit 0; fi
        sleep 0.5
    done
) &
writer=$!

# The daemon, as a replica with the least-privilege user cdc. config/demo.yaml is the demo's
# config; only the port (the server's is random) and the checkpoint path differ.
sed -e "s/^  port: .*/  port: $MDB_PORT/" -e "s|^  path: .*|  path: $dir/checkpoint.json|" \
    config/demo.yaml >"$dir/demo.yaml"
export MDB_CDC_PASSWORD
# The log exists before tee opens it, so the loop below never reads a missing file (set -e).
: >"$dir/daemon.log"
"$bin" run -c "$dir/demo.yaml" 2> >(tee "$dir/daemon.log" >&2) &
daemon=$!

# The embedded cluster logs its address; consume the orders topic from it.
bootstrap=""
for _ in $(seq 1 100); do
    bootstrap=$(sed -n 's/.*bootstrap.servers=\([0-9.:]*\).*/\1/p' "$dir/daemon.log" | head -1)
    [ -n "$bootstrap" ] && break
    kill -0 "$daemon" 2>/dev/null || { echo "demo: binlog2kafka run exited" >&2; exit 1; }
    sleep 0.1
done
[ -n "$bootstrap" ] || { echo "demo: the daemon did not report its Kafka address" >&2; exit 1; }
topic=demo.shop.orders
until kcat -b "$bootstrap" -L -t "$topic" 2>/dev/null | grep -q "topic \"$topic\" with [1-9]"; do
    kill -0 "$daemon" 2>/dev/null || { echo "demo: binlog2kafka run exited" >&2; exit 1; }
    sleep 0.2
done
echo "demo: consuming $topic from the embedded Kafka at $bootstrap (kcat)" >&2
kcat -q -b "$bootstrap" -C -t "$topic" -o beginning -u -f 'partition %p  key %k  value %s\n' &
consumer=$!

stop_daemon() {
    sleep 0.5  # let the consumer print what was just published
    kill "$consumer" 2>/dev/null || true
    wait "$consumer" 2>/dev/null || true
    kill -TERM "$daemon" 2>/dev/null || true
    wait "$daemon" || status=$?
}
status=0
if [ -n "${DEMO_SECONDS:-}" ]; then
    sleep "$DEMO_SECONDS"
else
    trap 'stop_daemon; cleanup' INT
    wait "$daemon"
fi
stop_daemon
exit "$status"
