#!/usr/bin/env bash
# What the tests need from the system: Debian's Chromium (the browser tests), a Python
# with torch and numpy (the export test runs every chapter's PyTorch and NumPy scripts) and
# redis-server (the live-session test of two server instances starts its own, on a free port).
# Installs what is missing with apt-get when run as root on Debian; otherwise says what to
# install, and fails.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
python="${TORCH_PYTHON:-/usr/bin/python3}"
redis="${REDIS_SERVER:-redis-server}"

has_torch() {
  [ -x "$python" ] && timeout 120 "$python" -c 'import numpy, torch' >/dev/null 2>&1
}

missing=()
[ -x "$browser" ] || missing+=(chromium)
has_torch || missing+=(python3-torch python3-numpy)
command -v "$redis" >/dev/null 2>&1 || missing+=(redis-server)
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 &&
  { [ -x "$browser" ] || [ -z "${CHROMIUM_PATH:-}" ]; } &&
  { has_torch || [ -z "${TORCH_PYTHON:-}" ]; }; then
  echo "Installing from Debian for the tests: ${missing[*]}..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian's package starts a redis daemon; the tests start their own, so stop it again.
  if [[ " ${missing[*]} " == *" redis-server "* ]]; then
    { systemctl disable --now redis-server || service redis-server stop; } >/dev/null 2>&1 || true
  fi
  if [ -x "$browser" ] && has_torch && command -v "$redis" >/dev/null 2>&1; then
    exit 0
  fi
  echo "Installed ${missing[*]}, but the tests still cannot find them (see below)." >&2
fi

if [ ! -x "$browser" ]; then
  echo "The browser tests need Chromium at $browser." >&2
  echo "  Debian or Ubuntu: sudo apt-get install chromium" >&2
  echo "  Elsewhere: install Chromium and set CHROMIUM_PATH to its binary." >&2
fi
if ! has_torch; then
  echo "The export test runs the PyTorch scripts with $python, which cannot import torch and numpy." >&2
  echo "  Debian 12 or later: sudo apt-get install python3-torch python3-numpy" >&2
  echo "  Elsewhere: install torch (1.13 or later) and numpy for a Python 3 and set TORCH_PYTHON to it," >&2
  echo "  for example: python3 -m venv ~/torch && ~/torch/bin/pip install torch numpy && export TORCH_PYTHON=~/torch/bin/python" >&2
fi
if ! command -v "$redis" >/dev/null 2>&1; then
  echo "The live-session test of two server instances needs redis-server (it starts its own)." >&2
  echo "  Debian or Ubuntu: sudo apt-get install redis-server" >&2
  echo "  Elsewhere: install Redis 6 or later and set REDIS_SERVER to its redis-server binary." >&2
fi
exit 1
