#!/usr/bin/env bash
# Makes the certificate that encrypts the data-protection keys at rest (ADR-013), once: DIR/key-protection.pfx and its
# password in DIR/password (both mode 600). Does nothing when they exist. scripts/run.sh calls it for .local/; for
# docker-compose, run it and point DATAPROTECTION_CERTIFICATE / DATAPROTECTION_CERTIFICATE_PASSWORD at the result:
#   scripts/dataprotection-cert.sh .local/dataprotection
#   export DATAPROTECTION_CERTIFICATE=.local/dataprotection/key-protection.pfx
#   export DATAPROTECTION_CERTIFICATE_PASSWORD=$(cat .local/dataprotection/password)
# Back the two files up with the database: without them nobody's sign-in cookie can be read.
set -euo pipefail
dir=${1:?usage: scripts/dataprotection-cert.sh DIR}
[ -f "$dir/key-protection.pfx" ] && [ -f "$dir/password" ] && exit 0
mkdir -p "$dir" && chmod 700 "$dir"
umask 077
openssl rand -base64 24 | tr -d '\n' > "$dir/password"
openssl req -x509 -newkey rsa:3072 -sha256 -days 3650 -nodes -subj "/CN=CapacityCoop data protection" \
  -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
openssl pkcs12 -export -inkey "$dir/key.pem" -in "$dir/cert.pem" -out "$dir/key-protection.pfx" -passout file:"$dir/password"
rm "$dir/key.pem"
echo "Made a data-protection certificate in $dir" >&2
