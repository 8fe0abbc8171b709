# A throwaway PostgreSQL cluster for the shared register's tests; sourced by .ci/run (and by
# hand: `source .ci/throwaway-postgres.sh && pg_throwaway_start`).
#
# pg_throwaway_start: initdb in a temporary directory (owned by `postgres` when run as root,
# since initdb refuses root), start it on a Unix socket in that directory and on 127.0.0.1 at a
# free port, SCRAM passwords for every connection, and export
#   TRIAGE_TEST_POSTGRES  postgres://triage_admin:…@127.0.0.1:PORT/postgres (the superuser)
# pg_throwaway_stop: stop it and remove the directory (safe to call twice).
# pg_throwaway_server stop|start: stop the server at once (like a crash) or start it again on the
# same port, keeping its data (the fault tests).

pg_throwaway_bin() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
    done
    command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
    return 1
}

pg_throwaway_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_throwaway_start() {
    PG_THROWAWAY_BIN=$(pg_throwaway_bin) || { echo "ci: no PostgreSQL server binaries (initdb) found" >&2; return 1; }
    PG_THROWAWAY_DIR=$(mktemp -d /tmp/triage-pg.XXXXXX)
    chmod 700 "$PG_THROWAWAY_DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$PG_THROWAWAY_DIR"
    local password port
    password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
    printf '%s\n' "$password" >"$PG_THROWAWAY_DIR/pwfile"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$PG_THROWAWAY_DIR/pwfile"
    pg_throwaway_as_owner "$PG_THROWAWAY_BIN/initdb" -D "$PG_THROWAWAY_DIR/data" -U triage_admin \
        --pwfile="$PG_THROWAWAY_DIR/pwfile" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync >"$PG_THROWAWAY_DIR/initdb.log" 2>&1 \
        || { cat "$PG_THROWAWAY_DIR/initdb.log" >&2; return 1; }
    rm -f "$PG_THROWAWAY_DIR/pwfile"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    echo "$port" >"$PG_THROWAWAY_DIR/port"
    pg_throwaway_server start || { cat "$PG_THROWAWAY_DIR/server.log" >&2; return 1; }
    export TRIAGE_TEST_POSTGRES="postgres://triage_admin:$password@127.0.0.1:$port/postgres"
    export PG_THROWAWAY_DIR PG_THROWAWAY_BIN
    echo "ci: throwaway PostgreSQL on 127.0.0.1:$port and $PG_THROWAWAY_DIR"
}

pg_throwaway_server() {
    local port
    port=$(cat "$PG_THROWAWAY_DIR/port")
    case "$1" in
    start)
        pg_throwaway_as_owner "$PG_THROWAWAY_BIN/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -l "$PG_THROWAWAY_DIR/server.log" -w -t 60 \
            -o "-k $PG_THROWAWAY_DIR -c listen_addresses=127.0.0.1 -p $port -c fsync=off -c max_connections=200" start >/dev/null
        ;;
    stop) pg_throwaway_as_owner "$PG_THROWAWAY_BIN/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -m immediate -w stop >/dev/null ;;
    *) return 64 ;;
    esac
}

pg_throwaway_stop() {
    [ -n "${PG_THROWAWAY_DIR:-}" ] && [ -d "$PG_THROWAWAY_DIR" ] || return 0
    pg_throwaway_as_owner "$PG_THROWAWAY_BIN/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_THROWAWAY_DIR"
    PG_THROWAWAY_DIR=""
}
