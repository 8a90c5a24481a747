#!/usr/bin/env bash
# Makes a fresh clone ready to run: npm packages, then (as root) the system prerequisites of the
# API-server and end-to-end tiers. Quiet and quick when everything is already there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund </dev/null
fi
if [ "$(id -u)" = 0 ]; then
  bash hack/install-prereqs.sh </dev/null
fi
