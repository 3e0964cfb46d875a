#!/usr/bin/env bash
# Helpers to install (when missing) and run a private PostgreSQL cluster: no system service, no Docker.
# Sourced by run.sh, test.sh and db.sh.

# The settings every cluster runs with (docker-compose.yml passes the same values).
PG_PORTAL_CONF="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/postgresql.portal.conf"

pg_bin_dir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  return 1
}

# Installs Debian's PostgreSQL when no server binaries are present.
pg_ensure_installed() {
  if pg_bin_dir >/dev/null; then return 0; fi
  echo "PostgreSQL server not found: installing it with apt-get (Debian's postgresql package)..." >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
  pg_bin_dir >/dev/null || { echo "PostgreSQL installation failed" >&2; return 1; }
}

# Runs a PostgreSQL tool as the cluster owner: initdb and postgres refuse to run as root.
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pg_free_port() {
  local port=${1:-55433}
  while ! pg_port_free "$port"; do port=$((port + 1)); done
  echo "$port"
}

# pg_start DATA_DIR PORT: creates the cluster on first use, then starts it (no-op when already running).
pg_start() {
  local data=$1 port=$2 bin
  bin=$(pg_bin_dir)
  mkdir -p "$data"
  [ "$(id -u)" -eq 0 ] && { id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres; chown postgres "$data"; chmod 700 "$data"; }
  if [ ! -f "$data/PG_VERSION" ]; then
    echo "Creating a PostgreSQL cluster in $data" >&2
    pg_as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    # What belongs to this cluster only; the shared settings come from PG_PORTAL_CONF below.
    cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = ${PG_FSYNC:-on}
synchronous_commit = ${PG_SYNCHRONOUS_COMMIT:-on}
CONF
  fi
  pg_apply_settings "$data"
  if pg_as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    # Already running: settings that need no restart (jit, random_page_cost, work_mem ...) take effect now.
    pg_as_owner "$bin/pg_ctl" -D "$data" reload >/dev/null
    return 0
  fi
  pg_as_owner "$bin/pg_ctl" -D "$data" -o "-p $port" -l "$data/server.log" -w -t 60 start >/dev/null \
    || { echo "PostgreSQL did not start; see $data/server.log" >&2; tail -20 "$data/server.log" >&2; return 1; }
}

# Copies the shared settings into the cluster on every start and includes them last from postgresql.conf, so they win
# over older lines (clusters created before the file existed appended max_connections, shared_buffers ... themselves).
pg_apply_settings() {
  local data=$1
  cp "$PG_PORTAL_CONF" "$data/postgresql.portal.conf"
  [ "$(id -u)" -eq 0 ] && chown postgres "$data/postgresql.portal.conf"
  grep -qx "include = 'postgresql.portal.conf'" "$data/postgresql.conf" \
    || printf "\n# CapacityCoop's shared settings (scripts/lib/postgresql.portal.conf, copied in on every start)\ninclude = 'postgresql.portal.conf'\n" >>"$data/postgresql.conf"
}

pg_stop() {
  local data=$1 bin
  bin=$(pg_bin_dir) || return 0
  [ -f "$data/PG_VERSION" ] || return 0
  pg_as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

# The port a running cluster listens on (from postmaster.pid, line 4).
pg_running_port() {
  sed -n 4p "$1/postmaster.pid" 2>/dev/null
}

pg_ensure_database() {
  local port=$1 name=$2 bin
  bin=$(pg_bin_dir)
  if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" postgres | grep -q 1; then
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$name"
  fi
}

# pg_ensure_app_role PORT ROLE: the login role the app connects as (ADR-014), created once. It gets no rights here:
# the migrator, connected as the owner, grants it its data rights on every run, also over objects created before it
# existed. Local clusters trust 127.0.0.1, so it needs no password.
pg_ensure_app_role() {
  local port=$1 role=$2
  "$(pg_bin_dir)/psql" -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -qtA postgres >/dev/null <<SQL
DO \$\$ BEGIN
  CREATE ROLE "$role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
EXCEPTION WHEN duplicate_object THEN NULL;
END \$\$;
SQL
}
