#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages e-Kinerja needs, only those missing (a re-run installs nothing).
set -euo pipefail

packages=(
  postgresql            # the database server (a project-local cluster is started from its binaries)
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0  # WeasyPrint; without harfbuzz-subset PDFs are 3-6x slower
  fonts-dejavu-core fonts-noto-core fonts-liberation2
  poppler-utils         # pdftotext, used by tests to read generated PDFs
  zbar-tools            # zbarimg, used by tests to read the QR codes on generated PDFs
  chromium              # real browser for the Playwright tests
  wrk                   # load generator for benchmarks/
  python3-venv
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "==> Installing system packages with apt-get (a few minutes the first time): ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
