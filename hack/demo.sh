#!/usr/bin/env bash
# `npm run demo`: installs what is missing, builds the frrk8s command, then runs the demo.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
case " $* " in *" --help "* | *" -h "*) exec npx tsx hack/demo.ts "$@" ;; esac
if [ "$(id -u)" != 0 ]; then
  echo "npm run demo needs root: it creates network namespaces and runs FRR daemons." >&2
  exit 1
fi
bash hack/ensure-deps.sh
npm run --silent build
exec npx tsx hack/demo.ts "$@"
