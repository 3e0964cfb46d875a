#!/usr/bin/env bash
# dp_use_local_certificate ROOT: unless DataProtection__CertificatePath is set, makes (once) and exports the local
# certificate in ROOT/.local/dataprotection that encrypts the data-protection keys (ADR-013). Sourced by run.sh and the
# bench scripts, which start the app in Production, where it refuses to run with the keys unencrypted.
dp_use_local_certificate() {
  [ -n "${DataProtection__CertificatePath:-}" ] && return 0
  local dir="$1/.local/dataprotection"
  "$1/scripts/dataprotection-cert.sh" "$dir"
  export DataProtection__CertificatePath="$dir/key-protection.pfx"
  DataProtection__CertificatePassword=$(cat "$dir/password")
  export DataProtection__CertificatePassword
}
