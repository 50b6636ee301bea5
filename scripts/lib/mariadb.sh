# shellcheck shell=bash
# Throwaway MariaDB servers for fixtures, benchmarks, the demo and CI.
#
#   source scripts/lib/mariadb.sh
#   dir=$(mktemp -d /tmp/b2k-mdb.XXXXXX)
#   trap 'mdb_stop "$dir"; rm -rf "$dir"' EXIT
#   mdb_start "$dir" --binlog-row-metadata=FULL    # extra options override the defaults
#   mdb_sql "$dir" "CREATE DATABASE shop"
#   mdb_client "$dir" shop < schema.sql
#   mdb_stop "$dir"
#
# One server per directory; several can run at once. Layout of DIR:
#   data/          datadir (mariadb-install-db; reused when DIR is started again)
#   binlog/        binary logs, basename mysql-bin (override with --log-bin=...)
#   tmp/           tmpdir
#   mysqld.sock    socket (the path must stay under 108 bytes: use a short DIR)
#   mysqld.pid     pid file, error.log, install.log, mariadbd.out
#   port           the TCP port in use (127.0.0.1 only)
#
# After mdb_start these are exported (they describe the server started last):
#   MDB_DIR MDB_HOST MDB_PORT MDB_SOCKET MDB_BINLOG_DIR MDB_CDC_USER MDB_CDC_PASSWORD
#
# Accounts: root@localhost without a password (socket; what mdb_sql uses),
# cdc@127.0.0.1 and cdc@localhost with $MDB_CDC_PASSWORD and only
# REPLICATION SLAVE, REPLICATION CLIENT (BINLOG MONITOR), SELECT. Account setup
# is not written to the binary log, so binlog/ holds only what the caller did.
#
# Knobs (environment, read by mdb_start):
#   MDB_CDC_PASSWORD   password of the cdc user (default: cdc-password)
#   MDB_WANT_PORT      use this port instead of picking a free one
#   MDB_START_TIMEOUT  seconds to wait for the server (default: 60)
#   MDB_MARIADBD MDB_INSTALL_DB MDB_CLIENT MDB_ADMIN   binaries to use
#
# Every function returns non-zero with a message on stderr when it fails; the
# library itself does not set shell options, so it works with or without set -e.

MDB_HOST=127.0.0.1
MDB_CDC_USER=cdc
: "${MDB_CDC_PASSWORD:=cdc-password}"
export MDB_HOST MDB_CDC_USER MDB_CDC_PASSWORD

_mdb_err() {
    printf 'mariadb.sh: %s\n' "$*" >&2
}

# Finds a binary: the override variable, else PATH, else the usual sbin/bin.
_mdb_find_bin() {
    local override=$1 name=$2 candidate
    if [ -n "$override" ]; then
        if [ -x "$override" ]; then
            printf '%s\n' "$override"
            return 0
        fi
        _mdb_err "$name: '$override' is not executable"
        return 1
    fi
    if candidate=$(command -v "$name" 2>/dev/null); then
        printf '%s\n' "$candidate"
        return 0
    fi
    for candidate in "/usr/sbin/$name" "/usr/bin/$name" "/usr/local/sbin/$name" \
        "/usr/local/bin/$name"; do
        if [ -x "$candidate" ]; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    _mdb_err "$name not found (install mariadb-server and mariadb-client: scripts/install-deps.sh)"
    return 1
}

_mdb_require_dir() {
    if [ -z "${1:-}" ]; then
        _mdb_err "${FUNCNAME[1]}: missing directory argument"
        return 1
    fi
}

# Prints the last lines of DIR's error log (and of the server's stdout/stderr).
mdb_error_tail() {
    local dir=$1 lines=${2:-40} f
    for f in "$dir/error.log" "$dir/mariadbd.out"; do
        if [ -s "$f" ]; then
            printf -- '--- last %s lines of %s ---\n' "$lines" "$f" >&2
            tail -n "$lines" "$f" >&2
        fi
    done
}

# True when nothing listens on 127.0.0.1:PORT (best effort; mdb_start retries
# with another port if the server still fails to bind).
_mdb_port_free() {
    local port=$1
    if command -v ss >/dev/null 2>&1; then
        ! ss -Htln "sport = :$port" 2>/dev/null | grep -q .
        return
    fi
    ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

_mdb_pick_port() {
    local attempt port
    for attempt in $(seq 1 50); do
        port=$((20000 + (RANDOM * 32768 + RANDOM + attempt) % 40000))
        if _mdb_port_free "$port"; then
            printf '%s\n' "$port"
            return 0
        fi
    done
    _mdb_err "no free TCP port found on 127.0.0.1"
    return 1
}

# The pid recorded by mdb_start, if that process is still a mariadbd.
_mdb_live_pid() {
    local dir=$1 pid
    [ -s "$dir/mysqld.pid" ] || return 1
    pid=$(<"$dir/mysqld.pid")
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    if [ -r "/proc/$pid/cmdline" ] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -E 'mariadbd|mysqld'; then
        return 1
    fi
    printf '%s\n' "$pid"
}

mdb_is_running() {
    _mdb_require_dir "${1:-}" || return 1
    _mdb_live_pid "$1" >/dev/null
}

_mdb_admin() {
    local dir=$1 admin
    shift
    admin=$(_mdb_find_bin "${MDB_ADMIN:-}" mariadb-admin) || return 1
    "$admin" --no-defaults --protocol=socket --socket="$dir/mysqld.sock" --user=root "$@"
}

# mdb_client DIR [client options...]: the mariadb client as root over DIR's
# socket, standard input passed through (mdb_client "$dir" shop < file.sql).
mdb_client() {
    _mdb_require_dir "${1:-}" || return 1
    local dir=$1 client
    shift
    client=$(_mdb_find_bin "${MDB_CLIENT:-}" mariadb) || return 1
    "$client" --no-defaults --protocol=socket --socket="$dir/mysqld.sock" --user=root \
        --default-character-set=utf8mb4 "$@"
}

# mdb_sql DIR "SQL" [client options...]: runs SQL as root, prints the result
# tab-separated without column names.
mdb_sql() {
    _mdb_require_dir "${1:-}" || return 1
    local dir=$1 sql=${2:-}
    shift 2 || shift $#
    if [ -z "$sql" ]; then
        _mdb_err "mdb_sql: missing SQL"
        return 1
    fi
    mdb_client "$dir" --batch --skip-column-names "$@" -e "$sql"
}

mdb_port() {
    _mdb_require_dir "${1:-}" || return 1
    if [ ! -s "$1/port" ]; then
        _mdb_err "no server was started in $1"
        return 1
    fi
    cat "$1/port"
}

mdb_socket() {
    _mdb_require_dir "${1:-}" || return 1
    printf '%s\n' "$1/mysqld.sock"
}

_mdb_export() {
    local dir=$1
    MDB_DIR=$dir
    MDB_PORT=$(<"$dir/port")
    MDB_SOCKET=$dir/mysqld.sock
    MDB_BINLOG_DIR=$dir/binlog
    export MDB_DIR MDB_PORT MDB_SOCKET MDB_BINLOG_DIR
}

_mdb_install() {
    local dir=$1 install_db
    shift
    install_db=$(_mdb_find_bin "${MDB_INSTALL_DB:-}" mariadb-install-db) || return 1
    mkdir -p "$dir/data" || return 1
    if ! "$install_db" --no-defaults --auth-root-authentication-method=normal --skip-test-db \
        --skip-name-resolve --force --datadir="$dir/data" "$@" >"$dir/install.log" 2>&1; then
        _mdb_err "mariadb-install-db failed in $dir/data"
        tail -n 40 "$dir/install.log" >&2
        return 1
    fi
}

# Drops anonymous accounts (they shadow named ones) and creates the cdc user.
_mdb_setup_accounts() {
    local dir=$1 drops pw
    pw=${MDB_CDC_PASSWORD//\\/\\\\}
    pw=${pw//\'/\\\'}
    drops=$(mdb_sql "$dir" "SELECT CONCAT('DROP USER ', QUOTE(User), '@', QUOTE(Host), ';')
                            FROM mysql.user WHERE User = ''") || return 1
    mdb_client "$dir" --batch <<SQL || { _mdb_err "account setup failed"; return 1; }
SET SESSION sql_log_bin = 0;
$drops
CREATE USER 'cdc'@'127.0.0.1' IDENTIFIED BY '$pw';
CREATE USER 'cdc'@'localhost' IDENTIFIED BY '$pw';
GRANT REPLICATION SLAVE, REPLICATION CLIENT, SELECT ON *.* TO 'cdc'@'127.0.0.1';
GRANT REPLICATION SLAVE, REPLICATION CLIENT, SELECT ON *.* TO 'cdc'@'localhost';
SQL
}

# mdb_start DIR [mariadbd options...]
# Initialises DIR (first time only), starts mariadbd on a free 127.0.0.1 port,
# waits until it answers, exports MDB_*. Options given here come after the
# defaults, so they override them (e.g. --log-bin=DIR/binlog/other,
# --binlog-row-image=MINIMAL, --innodb-flush-log-at-trx-commit=0).
mdb_start() {
    _mdb_require_dir "${1:-}" || return 1
    local dir=$1
    shift
    local mariadbd
    mariadbd=$(_mdb_find_bin "${MDB_MARIADBD:-}" mariadbd) || return 1
    mkdir -p "$dir" || return 1
    dir=$(cd "$dir" && pwd) || return 1
    if _mdb_live_pid "$dir" >/dev/null; then
        _mdb_err "a server is already running in $dir (mdb_stop it first)"
        return 1
    fi
    if [ "${#dir}" -gt 90 ]; then
        _mdb_err "directory path too long for a unix socket (${#dir} > 90 bytes): $dir"
        return 1
    fi
    mkdir -p "$dir/binlog" "$dir/tmp" || return 1

    local -a user_opt=()
    if [ "$(id -u)" -eq 0 ]; then
        user_opt=(--user=root)
    fi
    # Shared by mariadb-install-db and the server so InnoDB files match.
    local -a storage_opts=(
        --innodb-buffer-pool-size=64M
        --innodb-log-file-size=32M
        --innodb-log-buffer-size=8M
    )
    local fresh=0
    if [ ! -d "$dir/data/mysql" ]; then
        fresh=1
        _mdb_install "$dir" "${user_opt[@]}" "${storage_opts[@]}" || return 1
    fi

    local timeout=${MDB_START_TIMEOUT:-60} attempt port pid waited
    for attempt in 1 2 3 4 5; do
        if [ -n "${MDB_WANT_PORT:-}" ]; then
            port=$MDB_WANT_PORT
        else
            port=$(_mdb_pick_port) || return 1
        fi
        rm -f "$dir/mysqld.pid" "$dir/mysqld.sock"
        : >"$dir/error.log"
        "$mariadbd" --no-defaults "${user_opt[@]}" \
            --datadir="$dir/data" \
            --socket="$dir/mysqld.sock" \
            --port="$port" \
            --bind-address=127.0.0.1 \
            --pid-file="$dir/mysqld.pid" \
            --log-error="$dir/error.log" \
            --tmpdir="$dir/tmp" \
            --log-bin="$dir/binlog/mysql-bin" \
            --binlog-format=ROW \
            --server-id=1 \
            --skip-name-resolve \
            --character-set-server=utf8mb4 \
            --collation-server=utf8mb4_general_ci \
            --performance-schema=OFF \
            --max-connections=64 \
            --key-buffer-size=8M \
            --aria-pagecache-buffer-size=16M \
            "${storage_opts[@]}" \
            "$@" </dev/null >"$dir/mariadbd.out" 2>&1 &
        pid=$!
        printf '%s\n' "$port" >"$dir/port"

        waited=0
        while :; do
            if ! kill -0 "$pid" 2>/dev/null; then
                wait "$pid" 2>/dev/null || true
                break
            fi
            if [ -S "$dir/mysqld.sock" ] && _mdb_admin "$dir" --connect-timeout=2 ping >/dev/null 2>&1; then
                printf '%s\n' "$pid" >"$dir/mysqld.pid"
                _mdb_export "$dir"
                if [ "$fresh" -eq 1 ]; then
                    if ! _mdb_setup_accounts "$dir"; then
                        mdb_stop "$dir"
                        return 1
                    fi
                fi
                return 0
            fi
            if [ "$waited" -ge $((timeout * 5)) ]; then
                _mdb_err "mariadbd (pid $pid) did not answer within ${timeout}s; killing it"
                kill -TERM "$pid" 2>/dev/null || true
                sleep 2
                kill -KILL "$pid" 2>/dev/null || true
                wait "$pid" 2>/dev/null || true
                mdb_error_tail "$dir"
                return 1
            fi
            sleep 0.2
            waited=$((waited + 1))
        done

        # The server exited. Retry only if someone took the port meanwhile.
        if [ -z "${MDB_WANT_PORT:-}" ] &&
            grep -q -E 'Address already in use|Do you already have another' "$dir/error.log" 2>/dev/null; then
            _mdb_err "port $port was taken, retrying (attempt $attempt)"
            continue
        fi
        break
    done
    rm -f "$dir/port"
    _mdb_err "mariadbd failed to start in $dir (options: $*)"
    mdb_error_tail "$dir"
    return 1
}

# mdb_stop DIR: clean shutdown, waits for the process to exit. Does nothing
# (successfully) if no server runs in DIR.
mdb_stop() {
    _mdb_require_dir "${1:-}" || return 1
    local dir=$1 pid waited timeout=${MDB_STOP_TIMEOUT:-60}
    pid=$(_mdb_live_pid "$dir") || return 0
    _mdb_admin "$dir" --connect-timeout=5 shutdown >/dev/null 2>&1 || true
    waited=0
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$waited" -ge $((timeout * 5)) ]; then
            _mdb_err "mariadbd (pid $pid) did not stop within ${timeout}s; sending SIGTERM"
            kill -TERM "$pid" 2>/dev/null || true
            sleep 5
            if kill -0 "$pid" 2>/dev/null; then
                _mdb_err "sending SIGKILL to $pid"
                kill -KILL "$pid" 2>/dev/null || true
            fi
            mdb_error_tail "$dir"
            break
        fi
        sleep 0.2
        waited=$((waited + 1))
    done
    # Reap it if it is our child; harmless otherwise.
    wait "$pid" 2>/dev/null || true
    rm -f "$dir/mysqld.pid"
    return 0
}

# mdb_destroy DIR: stop the server and delete DIR.
mdb_destroy() {
    _mdb_require_dir "${1:-}" || return 1
    mdb_stop "$1"
    rm -rf -- "$1"
}
