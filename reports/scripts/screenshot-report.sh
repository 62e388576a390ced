#!/usr/bin/env bash
# Renders a report.html in headless Chromium and saves a PNG, to look at a report as a person would.
# Usage: reports/scripts/screenshot-report.sh REPORT.html OUT.png [WIDTHxHEIGHT]
# Installs Debian's chromium first if it is missing (needs root and the Debian package mirror).
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 REPORT.html OUT.png [WIDTHxHEIGHT]" >&2
  exit 2
fi
report=$1
out=$2
size=${3:-1280x2000}

if [[ ! -f "$report" ]]; then
  echo "no such report: $report" >&2
  exit 2
fi

if ! command -v chromium >/dev/null 2>&1; then
  echo "chromium not found; installing Debian's chromium package" >&2
  apt-get update
  apt-get install -y chromium
fi

abs_report=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
abs_out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

# The flags keep Chromium from phoning home; the resolver rule makes any host name that is still asked
# for fail locally, so the only thing loaded is the report file itself.
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --disable-extensions \
  --host-resolver-rules='MAP * ~NOTFOUND' \
  --user-data-dir="$profile" --window-size="${size/x/,}" --hide-scrollbars \
  --screenshot="$abs_out" "file://$abs_report"

echo "wrote $abs_out" >&2
