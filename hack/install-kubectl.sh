#!/usr/bin/env bash
# Puts Debian bookworm's kubectl (package kubernetes-client, 1.20 with kustomize v2 built in) into the
# cache, for rendering config/default (hack/generate-all-in-one.sh and the install-manifests test):
#
#   ~/.cache/frrk8s/kubectl-<debian version>   the binary, extracted from the .deb
#   ~/.cache/frrk8s/kubectl                    symlink the scripts and tests look for
#
# Extracted rather than installed, so it never collides with a kubectl the machine already has (the
# package owns /usr/bin/kubectl). Quiet when cached. Needs no root when apt's package lists exist.
set -euo pipefail

KUBECTL_DEB_VERSION="${KUBECTL_DEB_VERSION:-1.20.5+really1.20.2-1.1+deb12u1}"
CACHE_DIR="${FRRK8S_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/frrk8s}"
TARGET="$CACHE_DIR/kubectl-$KUBECTL_DEB_VERSION"
LINK="$CACHE_DIR/kubectl"

say() { echo "install-kubectl: $*" >&2; }
link_cached() { ln -sfn "$(basename "$TARGET")" "$LINK.tmp" && mv -Tf "$LINK.tmp" "$LINK"; }

mkdir -p "$CACHE_DIR"
if [[ -x "$TARGET" && -s "$TARGET" ]]; then
  link_cached
  exit 0
fi

WORK="$(mktemp -d "$CACHE_DIR/kubectl.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
# apt-get download fetches into the current directory; as root it warns that _apt cannot write there.
(cd "$WORK" && apt-get download -q "kubernetes-client=$KUBECTL_DEB_VERSION" >"$WORK/apt.log" 2>&1) || {
  cat "$WORK/apt.log" >&2
  say "apt-get download kubernetes-client=$KUBECTL_DEB_VERSION failed (run apt-get update first?)"
  exit 1
}
dpkg-deb -x "$WORK"/kubernetes-client_*.deb "$WORK/root"
"$WORK/root/usr/bin/kubectl" version --client >/dev/null
cp "$WORK/root/usr/bin/kubectl" "$TARGET.tmp"
mv -f "$TARGET.tmp" "$TARGET"
link_cached
say "cached kubectl $KUBECTL_DEB_VERSION at $TARGET"
