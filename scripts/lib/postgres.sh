#!/usr/bin/env bash
# Helpers to install (when missing) and run a private PostgreSQL cluster: no system service, no Docker.
# Sourced by run.sh, test.sh and db.sh.

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
    cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 200
shared_buffers = 256MB
work_mem = 16MB
maintenance_work_mem = 256MB
fsync = ${PG_FSYNC:-on}
synchronous_commit = ${PG_SYNCHRONOUS_COMMIT:-on}
CONF
  fi
  if pg_as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    return 0
  fi
  pg_as_owner "$bin/pg_ctl" -D "$data" -o "-p $port" -l "$data/server.log" -w -t 60 start >/dev/null \
    || { echo "PostgreSQL did not start; see $data/server.log" >&2; tail -20 "$data/server.log" >&2; return 1; }
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
