#!/bin/sh
# PostgreSQL integration tests: starts a throwaway cluster (private unix
# socket, no TCP; as an unprivileged user when run as root), then runs
# tests/pg/suite.py against it, which generates a dump of every test schema
# in every format, restores it with psql and checks the result in SQL.
# Prints one "ok ..." or "FAIL ...: detail" line per check and, last,
# "N passed, N failed". The cluster and the temporary directory are removed
# on exit, on failure and on Ctrl-C.
#
# usage: tests/pg/run.sh [SCHEMA_NAME...]
# environment: DATAGEN (binary, default build/datagen), PG_SEED (default 7),
# PG_SCHEMAS (directory of test schemas), PG_BAD (directory of bad inputs),
# PG_TEMPLATE (template checked like a test schema, default ecommerce),
# PG_TEMPLATES (templates restored in every format at default counts and
# --scale 0.01: all, none or a comma-separated list), PGBIN (server binaries)
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 1

tmp=""
pgdata=""
pguser=""
started=0
log=""

# Runs a server command as the cluster's owner.
as_owner() {
    if [ -z "$pguser" ]; then
        "$@"
    elif command -v runuser >/dev/null 2>&1; then
        runuser -u "$pguser" -- "$@"
    else
        cmd=""
        for arg in "$@"; do
            cmd="$cmd '$(printf '%s' "$arg" | sed "s/'/'\\\\''/g")'"
        done
        su -s /bin/sh "$pguser" -c "$cmd"
    fi
}

suite_pid=""
tail_pid=""

cleanup() {
    for pid in $suite_pid $tail_pid; do
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    suite_pid=""
    tail_pid=""
    if [ "$started" -eq 1 ]; then
        as_owner "$PGBIN/pg_ctl" -D "$pgdata" -m immediate -w stop \
            >/dev/null 2>&1
        started=0
    fi
    if [ -n "$tmp" ] && [ -d "$tmp" ]; then
        rm -rf "$tmp"
    fi
    tmp=""
}

trap 'cleanup' EXIT
trap 'cleanup; trap - EXIT; exit 130' INT
trap 'cleanup; trap - EXIT; exit 143' TERM
trap 'cleanup; trap - EXIT; exit 129' HUP
trap 'cleanup; trap - EXIT; exit 141' PIPE

# Setup failures end the run as one failed check.
die() {
    echo "FAIL pg/setup: $*"
    echo "0 passed, 1 failed"
    exit 1
}

# --- tools ---------------------------------------------------------------
if [ -z "$PGBIN" ]; then
    for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            PGBIN=$dir
            break
        fi
    done
fi
[ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] ||
    die "no initdb found in /usr/lib/postgresql/*/bin (install postgresql)"
command -v psql >/dev/null 2>&1 || die "psql not found on PATH"
command -v pg_restore >/dev/null 2>&1 || die "pg_restore not found on PATH"
command -v python3 >/dev/null 2>&1 || die "python3 not found on PATH"
export PGBIN

# --- temporary directory, owned by the cluster's user ----------------------
if [ "$(id -u)" -eq 0 ]; then
    if id postgres >/dev/null 2>&1; then
        pguser=postgres
    else
        pguser=nobody
    fi
fi

make_tmp() {
    tmp=$(mktemp -d "$1/datagen-pg.XXXXXX") || return 1
    if [ -n "$pguser" ]; then
        chown "$pguser" "$tmp" || return 1
        # every directory above must be traversable by the server's user
        if ! as_owner sh -c 'test -x "$1" && test -w "$1"' sh "$tmp" \
            2>/dev/null; then
            rm -rf "$tmp"
            tmp=""
            return 1
        fi
    fi
    return 0
}

whom=${pguser:-$(id -un)}
make_tmp "${TMPDIR:-/tmp}" || make_tmp /tmp ||
    die "cannot create a temporary directory usable by user \"$whom\""

pgdata="$tmp/data"
log="$tmp/server.log"

# A port that no other server uses on this socket directory or on the
# default ones (the socket file names the port).
port=$((50000 + $$ % 10000))
while [ -e "$tmp/.s.PGSQL.$port" ] || [ -e "/tmp/.s.PGSQL.$port" ] ||
    [ -e "/var/run/postgresql/.s.PGSQL.$port" ]; do
    port=$((port + 1))
done

if ! as_owner "$PGBIN/initdb" -D "$pgdata" -U postgres -E UTF8 \
    --locale=C.UTF-8 --auth=trust >"$tmp/initdb.log" 2>&1; then
    detail=$(tail -n 5 "$tmp/initdb.log" | tr '\n' ' ')
    die "initdb failed: $detail"
fi

# No TCP, the socket in the temporary directory; durability is not needed.
opts="-c listen_addresses='' -c unix_socket_directories='$tmp' -p $port"
opts="$opts -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
# bulk loads of millions of rows (the TPC-H template): no checkpoints in
# the middle, no WAL beyond crash recovery, room to build indexes
opts="$opts -c max_wal_size=8GB -c checkpoint_timeout=1h -c wal_level=minimal"
opts="$opts -c max_wal_senders=0 -c shared_buffers=512MB"
opts="$opts -c maintenance_work_mem=512MB"
started=1
if ! as_owner "$PGBIN/pg_ctl" -D "$pgdata" -l "$log" -w -t 60 start \
    -o "$opts" >"$tmp/pg_ctl.log" 2>&1; then
    detail=$(tail -n 5 "$log" 2>/dev/null | tr '\n' ' ')
    die "pg_ctl start failed: $detail"
fi

export PGHOST="$tmp" PGPORT="$port" PGUSER=postgres PGDATABASE=postgres
unset PGPASSWORD PGSERVICE PGOPTIONS

# --- the suite -----------------------------------------------------------
out="$tmp/suite.out"
mkdir -p "$tmp/work" || die "cannot create $tmp/work"
chmod 700 "$tmp/work"
# The suite runs in the background so that a signal interrupts the wait
# below at once and the trap can stop it and the cluster.
: >"$out"
python3 "$here/suite.py" --work "$tmp/work" "$@" >"$out" 2>&1 &
suite_pid=$!
tail -s 0.2 -n +1 -f --pid="$suite_pid" "$out" 2>/dev/null &
tail_pid=$!
wait "$suite_pid"
status=$?
suite_pid=""
wait "$tail_pid"
tail_pid=""

passed=$(grep -c '^ok ' "$out")
failed=$(grep -c '^FAIL ' "$out")
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    echo "FAIL pg/suite: suite.py exited with status $status"
    failed=1
fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
    echo "FAIL pg/suite: no checks ran"
    failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
