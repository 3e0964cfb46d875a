#!/bin/bash
# Mounted into the postgres image's /docker-entrypoint-initdb.d by docker-compose.yml: runs once, when the data volume is
# created, as the owner (POSTGRES_USER). It creates the least-privilege role the portal serves requests as (ADR-014);
# the portal's migrator, connected as the owner, grants it its data rights on every start.
# A volume created before this script existed: create the role once by hand (README, "Deploying").
set -euo pipefail
: "${POSTGRES_APP_PASSWORD:?POSTGRES_APP_PASSWORD must be set}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" --set=app_password="$POSTGRES_APP_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE capacitycoop_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD %L', :'app_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'capacitycoop_app')\gexec
SQL
