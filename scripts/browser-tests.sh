#!/usr/bin/env bash
# Browser tests (tests/browser): installs playwright-core with `npm ci` when node_modules is
# missing or the lockfile changed since, then runs the flows against the real binary with
# Debian's chromium. Screenshots go to build/browser-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/../tests/browser"
stamp=node_modules/.package-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
exec node --test --test-concurrency=1 .
