#!/usr/bin/env bash
# browser: the headless Chromium test of the report left by e2e.sh.
#   browser.sh BUILD_DIR
# Needs Debian's chromium (/usr/bin/chromium, or $CHROMIUM) and playwright-core
# in tools/mchealth/test/node_modules (npm ci there).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:-build}" && pwd)
report=$build/health-test/e2e/state/report
if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund >/dev/null 2>&1 || npm install --no-audit --no-fund >/dev/null 2>&1)
fi
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ] || [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "browser: needs chromium (apt-get install chromium) and playwright-core (npm ci in $here)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
if [ ! -f "$report/results.json" ]; then
  echo "browser: no report in $report (run e2e.sh first)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
exec node "$here/browser.mjs" "$report" "$build/health-test/screenshots"
