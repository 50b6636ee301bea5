#!/usr/bin/env bash
# Installs every build and test dependency of binlog2kafka from Debian packages.
# Idempotent; run as root (or with sudo available). Nothing is downloaded at build time.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config git
    clang clang-format clang-tidy libclang-rt-14-dev
    libboost-dev libssl-dev openssl
    librdkafka-dev kcat
    nlohmann-json3-dev libyaml-cpp-dev
    libzstd-dev zlib1g-dev libdeflate-dev libsystemd-dev libjemalloc-dev
    libgtest-dev libgmock-dev
    mariadb-server mariadb-client
    python3 systemd bc
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages present"
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
# The tests start their own MariaDB; keep the package's service from starting one.
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${sudo_cmd[@]}" chmod +x /usr/sbin/policy-rc.d
    remove_policy=1
fi
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
if [ "${remove_policy:-0}" = 1 ]; then
    "${sudo_cmd[@]}" rm -f /usr/sbin/policy-rc.d
fi
echo "install-deps: done"
