#!/usr/bin/env bash
# Renders config/default with kustomize into config/all-in-one/frrk8s.yaml, the one file users can
# `kubectl apply -f`. The kubectl is Debian's (hack/install-kubectl.sh), so the output does not depend
# on whichever kubectl a developer has. The install-manifests e2e test renders it again and fails
# when the committed file differs.
#
#   hack/generate-all-in-one.sh            rewrite the file
#   hack/generate-all-in-one.sh --stdout   print what it would write
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${FRRK8S_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/frrk8s}"
OUT="$ROOT/config/all-in-one/frrk8s.yaml"

bash "$ROOT/hack/install-kubectl.sh"
render() {
  echo '# frrk8s, all in one: kubectl apply -f config/all-in-one/frrk8s.yaml'
  echo '# Generated from config/default by hack/generate-all-in-one.sh; do not edit.'
  (cd "$ROOT" && "$CACHE_DIR/kubectl" kustomize config/default)
}

if [[ "${1:-}" == --stdout ]]; then
  render
  exit 0
fi
mkdir -p "$(dirname "$OUT")"
render >"$OUT.tmp"
mv -f "$OUT.tmp" "$OUT"
