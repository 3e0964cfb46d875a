#!/usr/bin/env bash
# Starts the portal on http://localhost:5080 with the seed data.
# With no ConnectionStrings__Portal set, it installs (when missing) and starts a private PostgreSQL whose
# data lives in .local/pgdata, so a restart keeps the data, and connects as its two roles (ADR-014). Extra arguments go to the app, e.g.
#   scripts/run.sh generate-demo --agreements 100000 --projects 300000 --seed 42
# Before starting the server it runs ensure-admin: on a database without any Admin account (a fresh install) that
# creates one for CAPACITYCOOP_ADMIN_EMAIL (default admin@capacitycoop.local) and prints its one-time password and
# where to sign in; on later starts it prints one line and no password.
# It runs in Production, as deployed; `scripts/run.sh --dev` (or ASPNETCORE_ENVIRONMENT=Development) runs in Development.
# Absolute links (exports, citations, redirects) use CAPACITYCOOP_PUBLIC_URL, by default the first address served.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ -z "${ConnectionStrings__Portal:-}" ]; then
  # The app serves requests as capacitycoop_app; migrations, seed and generate-demo run as the owner (ADR-014).
  ConnectionStrings__Migrations=$("$root/scripts/db.sh" start)
  ConnectionStrings__Portal=$("$root/scripts/db.sh" app-connection)
  export ConnectionStrings__Portal ConnectionStrings__Migrations
  echo "Using the local PostgreSQL ($ConnectionStrings__Portal; migrations as postgres); data in .local/pgdata" >&2
fi

if [ "${1:-}" = "--dev" ]; then
  export ASPNETCORE_ENVIRONMENT=Development
  shift
fi
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production}

# The data-protection keys in the database are encrypted with this certificate (ADR-013). Made once, kept in .local/
# (git-ignored): deleting it signs everyone out. A deployment sets DataProtection__CertificatePath to its own.
source "$root/scripts/lib/dataprotection.sh"
dp_use_local_certificate "$root"
urls=${CAPACITYCOOP_URLS:-http://localhost:5080}
# Production refuses to start when any Host header would be believed (ADR-011): name the public address.
first_url=$(echo "${urls%%;*}" | sed -E 's#//(\+|\*|0\.0\.0\.0|\[::\])([:/]|$)#//localhost\2#')
export Portal__PublicBaseUrl=${Portal__PublicBaseUrl:-${CAPACITYCOOP_PUBLIC_URL:-$first_url}}
app=(dotnet run --project src/CapacityCoop.Web -c Release --no-launch-profile)

# CAPACITYCOOP_RUN_DRY=1 prints the settings decided above and the command, and runs nothing (RunScriptTests).
if [ -n "${CAPACITYCOOP_RUN_DRY:-}" ]; then
  echo "ASPNETCORE_ENVIRONMENT=$ASPNETCORE_ENVIRONMENT"
  echo "Portal__PublicBaseUrl=$Portal__PublicBaseUrl"
  echo "DataProtection__CertificatePath=$DataProtection__CertificatePath"
  echo "${app[*]} -- $* --urls $urls"
  exit 0
fi

# No arguments, or only options such as --urls: this starts the server, so make sure someone can sign in first.
# ensure-admin applies the migrations itself; the first `dotnet run` builds, the second reuses that build.
if [ $# -eq 0 ] || [[ "$1" == --* ]]; then
  "${app[@]}" -- ensure-admin --email "${CAPACITYCOOP_ADMIN_EMAIL:-admin@capacitycoop.local}" --urls "$urls"
  app+=(--no-build)
fi

exec "${app[@]}" -- "$@" --urls "$urls"
