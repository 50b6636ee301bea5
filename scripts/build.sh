#!/usr/bin/env bash
# Installs dependencies and builds the release binary into build/release/binlog2kafka.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target binlog2kafka
