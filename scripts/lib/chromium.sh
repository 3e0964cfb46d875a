#!/usr/bin/env bash
# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser of its own),
# with CJK fonts so screenshots of the Chinese interface are legible.
chromium_ensure_installed() {
  # Another Chromium-based browser named by CAPACITYCOOP_CHROMIUM (e.g. Google Chrome on GitHub's runners) will do.
  if [ -n "${CAPACITYCOOP_CHROMIUM:-}" ] && [ -x "$CAPACITYCOOP_CHROMIUM" ]; then return 0; fi
  if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then return 0; fi
  echo "Installing Debian's chromium and CJK fonts for the browser tests..." >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-noto-cjk >&2
}
