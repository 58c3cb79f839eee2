#!/usr/bin/env bash
# The scan face's HTML report is tested in a real headless browser (tests/test_scan_browser.py).
# Debian's chromium; `patch` applies the fix-worklist diffs in tests/test_scan.py. Idempotent:
# installs nothing when both are there.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v patch >/dev/null 2>&1 || need+=(patch)
if [ "${#need[@]}" -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" fonts-dejavu-core >/dev/null
fi
