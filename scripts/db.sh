#!/usr/bin/env bash
# The local development database: scripts/db.sh start | app-connection | stop | status | psql
# `start` prints the owner's connection string (postgres: migrations, seed, generate-demo); `app-connection` prints the
# one the app serves requests with, as the least-privilege role capacitycoop_app (ADR-014).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/postgres.sh"
data=${CAPACITYCOOP_PG_DATA:-$root/.local/pgdata}
port=${CAPACITYCOOP_PG_PORT:-55432}
app_role=capacitycoop_app

case "${1:-status}" in
  start)
    pg_ensure_installed
    # A running cluster keeps its port; otherwise take the first free port from 55432 up.
    if ! { [ -f "$data/postmaster.pid" ] && pg_as_owner "$(pg_bin_dir)/pg_ctl" -D "$data" status >/dev/null 2>&1; }; then
      port=$(pg_free_port "$port")
    fi
    pg_start "$data" "$port"
    port=$(pg_running_port "$data")
    pg_ensure_database "$port" capacitycoop
    pg_ensure_app_role "$port" "$app_role"
    echo "Host=127.0.0.1;Port=$port;Database=capacitycoop;Username=postgres"
    ;;
  app-connection)
    [ -f "$data/postmaster.pid" ] || { echo "the local database is not running: scripts/db.sh start" >&2; exit 1; }
    echo "Host=127.0.0.1;Port=$(pg_running_port "$data");Database=capacitycoop;Username=$app_role"
    ;;
  stop) pg_stop "$data" ;;
  status)
    if [ -f "$data/postmaster.pid" ]; then echo "running on port $(pg_running_port "$data"), data in $data"; else echo "stopped (data in $data)"; fi
    ;;
  psql) exec "$(pg_bin_dir)/psql" -h 127.0.0.1 -p "$(pg_running_port "$data")" -U postgres capacitycoop ;;
  *) echo "usage: scripts/db.sh start|app-connection|stop|status|psql" >&2; exit 2 ;;
esac
