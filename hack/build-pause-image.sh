#!/usr/bin/env bash
# Builds the pod sandbox ("pause") image the cluster tier's containerd needs, without a registry:
# hack/pause/pause.c compiled static with Debian's gcc, put into an empty OCI image with umoci, and
# cached as ~/.cache/frrk8s/pause-<hash>.oci.tar (reference PAUSE_REF below). Prints the archive's
# path on stdout; quiet and instant when cached.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE_DIR="${FRRK8S_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/frrk8s}"
TAG=1
HASH="$(cat "$HERE/pause/pause.c" "$HERE/build-pause-image.sh" | sha256sum | cut -c1-16)"
OUT="$CACHE_DIR/pause-$HASH.oci.tar"

say() { echo "build-pause-image: $*" >&2; }

mkdir -p "$CACHE_DIR"
if [[ -s "$OUT" ]]; then
  echo "$OUT"
  exit 0
fi
for tool in gcc umoci tar; do
  command -v "$tool" >/dev/null || { say "missing $tool (sudo hack/install-prereqs.sh)"; exit 1; }
done
[[ -e /usr/lib/x86_64-linux-gnu/libc.a || -n "$(find /usr/lib -name libc.a -print -quit)" ]] ||
  { say "missing libc.a for a static build (libc6-dev)"; exit 1; }

WORK="$(mktemp -d "$CACHE_DIR/.pause-build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

gcc -static -Os -s -o "$WORK/pause" "$HERE/pause/pause.c"
umoci init --layout "$WORK/oci"
umoci new --image "$WORK/oci:$TAG"
umoci unpack --image "$WORK/oci:$TAG" "$WORK/bundle" >/dev/null
install -m 0755 "$WORK/pause" "$WORK/bundle/rootfs/pause"
umoci repack --image "$WORK/oci:$TAG" "$WORK/bundle"
umoci config --image "$WORK/oci:$TAG" --config.entrypoint /pause --config.user 65535:65535
umoci gc --layout "$WORK/oci"
tar -C "$WORK/oci" -cf "$WORK/pause.oci.tar" .
mv -f "$WORK/pause.oci.tar" "$OUT"
echo "$OUT"
