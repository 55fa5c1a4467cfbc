#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for the store tests (Debian postgresql-15).
#   scripts/pg_test_cluster.sh start DIR   initdb into DIR/data, start on a unix socket in DIR
#                                          (no TCP), write the libpq URL to DIR/url and print it
#   scripts/pg_test_cluster.sh stop DIR    stop the cluster and remove DIR
# Run as root (the tests do): initdb and the server run as user postgres via runuser. The
# cluster trusts local connections and runs with fsync off: it is for tests only.
set -euo pipefail

action=${1:-}
dir=${2:-}
if [[ -z "$action" || -z "$dir" ]]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
  echo "error: PostgreSQL server binaries not found under /usr/lib/postgresql; install postgresql-15 (scripts/setup.sh)" >&2
  exit 1
fi

as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$action" in
  start)
    if [[ -f "$dir/url" ]] && as_postgres "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      cat "$dir/url"
      exit 0
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir"
    # A free port: the socket lives in our own folder, so only another cluster using the same
    # folder could clash; the port is still chosen among those not listening on localhost.
    port=""
    for _ in $(seq 1 50); do
      candidate=$((20000 + RANDOM % 30000))
      if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
        port=$candidate
        break
      fi
    done
    [[ -n "$port" ]] || { echo "error: no free port found" >&2; exit 1; }
    as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -k $dir -p $port -c fsync=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    url="postgresql:///postgres?host=$dir&port=$port&user=postgres"
    echo "$url" >"$dir/url"
    chmod 0755 "$dir"
    echo "$url"
    ;;
  stop)
    if [[ -d "$dir/data" ]]; then
      as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
