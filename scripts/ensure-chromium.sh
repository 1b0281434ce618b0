#!/usr/bin/env bash
# The browser tests drive Debian's Chromium. Install it when it is missing and we can.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$browser" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium from Debian for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  exit 0
fi
echo "The browser tests need Chromium at $browser." >&2
echo "Install it (Debian: sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary." >&2
exit 1
