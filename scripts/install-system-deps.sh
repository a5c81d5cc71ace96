#!/usr/bin/env bash
# Installs the Debian packages the test suite starts for real: Redis, PostgreSQL, Chromium;
# and the libraries WeasyPrint renders PDF reports with: Pango, HarfBuzz's subsetter, a font.
# Does nothing when they are already there; needs root (or sudo) otherwise.
set -euo pipefail

need=()
command -v redis-server >/dev/null || need+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null || need+=(chromium)
has_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
has_lib libpango-1.0.so.0 || need+=(libpango-1.0-0)
has_lib libpangoft2-1.0.so.0 || need+=(libpangoft2-1.0-0)
has_lib libharfbuzz-subset.so.0 || need+=(libharfbuzz-subset0)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo -n"
fi
echo "Installing Debian packages: ${need[*]}"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
