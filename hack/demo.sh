#!/usr/bin/env bash
# `npm run demo`: installs what is missing, builds the frrk8s command, then runs the demo — the daemons
# as processes (hack/demo.ts), or with --cluster the real install on real nodes (hack/demo-cluster.ts).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
demo=hack/demo.ts
args=()
for a in "$@"; do
  if [ "$a" = --cluster ]; then demo=hack/demo-cluster.ts; else args+=("$a"); fi
done
case " ${args[*]-} " in *" --help "* | *" -h "*) exec npx tsx "$demo" "${args[@]}" ;; esac
if [ "$(id -u)" != 0 ]; then
  echo "npm run demo needs root: it creates network namespaces and runs FRR daemons." >&2
  exit 1
fi
bash hack/ensure-deps.sh
npm run --silent build
exec npx tsx "$demo" "${args[@]}"
