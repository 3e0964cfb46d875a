#!/usr/bin/env bash
# Starts the portal on http://localhost:5080 with the seed data.
# With no ConnectionStrings__Portal set, it installs (when missing) and starts a private PostgreSQL whose
# data lives in .local/pgdata, so a restart keeps the data. Extra arguments go to the app, e.g.
#   scripts/run.sh generate-demo --agreements 100000 --projects 300000 --seed 42
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ -z "${ConnectionStrings__Portal:-}" ]; then
  ConnectionStrings__Portal=$("$root/scripts/db.sh" start)
  export ConnectionStrings__Portal
  echo "Using the local PostgreSQL ($ConnectionStrings__Portal); data in .local/pgdata" >&2
fi

export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
exec dotnet run --project src/CapacityCoop.Web -c Release --no-launch-profile -- "$@" --urls "${CAPACITYCOOP_URLS:-http://localhost:5080}"
