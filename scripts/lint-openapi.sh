#!/usr/bin/env bash
# Lints the OpenAPI document with Spectral's spectral:oas ruleset (see .spectral.yaml) and exits non-zero on any error.
#   scripts/lint-openapi.sh             writes the current document with the app's `openapi` command (no database,
#                                       no server) and lints it
#   scripts/lint-openapi.sh FILE.json   lints that document (the tests pass the one the running app serves)
# The Spectral CLI is installed with `npm ci` from tools/openapi-lint/package-lock.json (node_modules is git-ignored);
# it is reinstalled only when the lock file changes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/tools/openapi-lint"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "lint-openapi: node and npm are required (Debian: apt-get install nodejs npm)" >&2
  exit 2
fi

stamp="$tools/node_modules/.package-lock.sha256"
wanted=$(sha256sum "$tools/package-lock.json" | cut -d' ' -f1)
if [ ! -x "$tools/node_modules/.bin/spectral" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "lint-openapi: installing the Spectral CLI (npm ci in tools/openapi-lint)" >&2
  (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >&2)
  echo "$wanted" > "$stamp"
fi

if [ $# -ge 1 ]; then
  document=$1
else
  document=$(mktemp /tmp/capacitycoop-openapi.XXXXXX.json)
  trap 'rm -f "$document"' EXIT
  # The command builds the document from the endpoints and never opens a connection, but the app's configuration
  # requires a connection string to exist.
  ConnectionStrings__Portal=${ConnectionStrings__Portal:-"Host=unused.invalid"} \
    dotnet run --project "$root/src/CapacityCoop.Web" -c Release --no-launch-profile -- openapi --output "$document" >&2
fi

echo "Spectral (spectral:oas) on $document"
"$tools/node_modules/.bin/spectral" lint "$document" --ruleset "$root/.spectral.yaml" --fail-severity error
