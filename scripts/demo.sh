#!/usr/bin/env bash
# The README's first command: a local MariaDB with rows being written, decoded by binlog2kafka.
#
# Starts a throwaway MariaDB on 127.0.0.1 (binlog ROW, FULL metadata), creates a small shop
# schema, writes orders in the background, and follows it with `binlog2kafka tail -f`,
# printing every change as a JSON line as it commits.
# Stop with Ctrl-C (everything is cleaned up). DEMO_SECONDS=N stops by itself after N seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh >&2
bin=build/release/binlog2kafka

# shellcheck source=lib/mariadb.sh
source scripts/lib/mariadb.sh
dir=$(mktemp -d /tmp/b2k-demo.XXXXXX)
writer=""
cleanup() {
    [ -n "$writer" ] && kill "$writer" 2>/dev/null || true
    mdb_stop "$dir" >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

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

# Follow the server as a replica (least-privilege user cdc), printing each change live.
# config/demo.yaml is the demo's config; only the port differs (the server's port is random).
sed "s/^  port: .*/  port: $MDB_PORT/" config/demo.yaml >"$dir/demo.yaml"
export MDB_CDC_PASSWORD
if [ -n "${DEMO_SECONDS:-}" ]; then
    timeout --signal=TERM "$DEMO_SECONDS" "$bin" tail -c "$dir/demo.yaml" -f || [ $? -eq 124 ]
else
    "$bin" tail -c "$dir/demo.yaml" -f
fi
