#!/usr/bin/env bash
# The README's demo command, end to end: scripts/demo.sh with the binary under test must show
# the orders it writes arriving in Kafka (the embedded cluster), read back by kcat, and the
# daemon must stop cleanly (exit 0) on SIGTERM.
#   demo_test.sh BINLOG2KAFKA_BINARY
set -euo pipefail
bin=${1:?usage: demo_test.sh BINLOG2KAFKA_BINARY}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
if ! DEMO_SECONDS=6 BINLOG2KAFKA_BIN="$bin" bash "$root/scripts/demo.sh" >"$out" 2>"$err"; then
    echo "FAIL: scripts/demo.sh exited non-zero; its stderr:" >&2
    cat "$err" >&2
    exit 1
fi
messages=$(grep -c '^partition [0-9]*  key {"id":[0-9]*}  value {"before":' "$out" || true)
creates=$(grep -c '"op":"c"' "$out" || true)
updates=$(grep -c '"op":"u"' "$out" || true)
echo "demo printed $messages messages ($creates creates, $updates updates)"
if [ "$creates" -lt 3 ] || [ "$updates" -lt 3 ]; then
    echo "FAIL: expected at least 3 creates and 3 updates of shop.orders from Kafka; stdout:" >&2
    cat "$out" >&2
    echo "stderr:" >&2
    cat "$err" >&2
    exit 1
fi
if ! grep -q 'run: stopped: .* messages published and acknowledged; checkpoint at mysql-bin' "$err"; then
    echo "FAIL: the daemon did not report a clean stop with a checkpoint; stderr:" >&2
    cat "$err" >&2
    exit 1
fi
