#!/usr/bin/env bash
# Builds the frrk8s container image from the top-level Dockerfile, on a machine that reaches no
# container registry (only Debian's archive and npm), and caches it as an OCI archive:
#
#   ~/.cache/frrk8s/image/frrk8s-<inputs hash>.oci.tar   the image (reference frrk8s:<hash>)
#   ~/.cache/frrk8s/image/frrk8s.oci.tar                  symlink to the newest build
#
# How: `debian:trixie-slim` is made locally with mmdebstrap (minbase, slimmed like Debian's official
# image) and imported into a private buildah storage under that name; then `buildah bud --pull=never`
# builds the real Dockerfile on top of it — the same file users build with docker. The RUN steps need
# the network for apt and npm, so they share the host's (--network host). Why: docs/adr/0006-container-image.md.
#
# Quiet and quick when the archive for the current inputs exists; prints its path on stdout either way.
# The first build takes a few minutes (base + packages + npm). Needs root (buildah, mmdebstrap).
#
# Environment:
#   FRRK8S_CACHE_DIR   cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/frrk8s)
#   FRRK8S_VERBOSE=1   show the build's output
#   DEBIAN_MIRROR      Debian archive for the base (default: derived from this machine's apt sources)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${FRRK8S_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/frrk8s}"
IMAGE_DIR="$CACHE_DIR/image"
SUITE=trixie
BASE_REF=docker.io/library/debian:trixie-slim

say() { echo "build-image: $*" >&2; }
log() { if [[ "${FRRK8S_VERBOSE:-0}" == 1 ]]; then say "$@"; fi; }

# The key covers everything the Dockerfile copies or that shapes the result (the .dockerignore keeps
# tests, goldens and fixtures out of the context, so they are left out here too).
inputs_hash() {
  cd "$ROOT"
  {
    printf '%s\n' Dockerfile .dockerignore package.json package-lock.json tsconfig.json tsconfig.build.json \
      hack/build-image.sh
    find api src bin hack/image -type f ! -name '*.test.ts' ! -path '*/__golden__/*' ! -path '*/__fixtures__/*'
  } | LC_ALL=C sort | while read -r f; do
    printf '%s %s\n' "$f" "$(sha256sum <"$f" | cut -c1-64)"
  done | sha256sum | cut -c1-16
}

HASH="$(inputs_hash)"
OUT="$IMAGE_DIR/frrk8s-$HASH.oci.tar"
LINK="$IMAGE_DIR/frrk8s.oci.tar"

link_latest() { ln -sfn "$(basename "$OUT")" "$LINK.tmp" && mv -Tf "$LINK.tmp" "$LINK"; }

mkdir -p "$IMAGE_DIR"
if [[ -s "$OUT" ]]; then
  link_latest
  log "cached: $OUT"
  echo "$OUT"
  exit 0
fi

# One build at a time: a second caller waits, then finds the archive cached.
exec 9>"$IMAGE_DIR/.build.lock"
flock 9
if [[ -s "$OUT" ]]; then link_latest; echo "$OUT"; exit 0; fi

[[ $EUID -eq 0 ]] || { say "building the image needs root (buildah, mmdebstrap)"; exit 1; }
export DEBIAN_FRONTEND=noninteractive
need=()
for pkg in buildah mmdebstrap; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if ((${#need[@]})); then
  say "installing ${need[*]}"
  apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null 2>"$IMAGE_DIR/apt.err" || {
    cat "$IMAGE_DIR/apt.err" >&2
    exit 1
  }
fi

start=$SECONDS
# A private storage: nothing of the machine's own container storage is read or changed.
STORE=(--root "$IMAGE_DIR/storage" --runroot "$IMAGE_DIR/run" --storage-driver overlay)
quiet() { if [[ "${FRRK8S_VERBOSE:-0}" == 1 ]]; then "$@" >&2; else "$@" >"$IMAGE_DIR/step.log" 2>&1 || {
  tail -n 40 "$IMAGE_DIR/step.log" >&2
  return 1
}; fi; }

# The Debian archive (and its security archive) this machine's apt uses, in one-line or deb822 form.
apt_uri() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -e "$f" ]] && sed -nE 's/^URIs:[[:space:]]*//p' "$f" | tr ' ' '\n'
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -e "$f" ]] && sed -nE 's/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+).*/\2/p' "$f"
  done
  return 0
}
first_uri() { apt_uri | grep -E "$1" | head -n 1 || true; }

make_base() {
  local mirror security tar="$IMAGE_DIR/base-$SUITE.tar"
  mirror="${DEBIAN_MIRROR:-$(first_uri '/debian/?$')}"
  [[ -n "$mirror" ]] || { say "no Debian archive in /etc/apt to build the base from; set DEBIAN_MIRROR"; exit 1; }
  security="$(first_uri '/debian-security/?$')"
  local sources=("deb $mirror $SUITE main" "deb $mirror $SUITE-updates main")
  if [[ -n "$security" ]]; then sources+=("deb $security $SUITE-security main"); fi
  log "making $BASE_REF with mmdebstrap from $mirror"
  # Slimmed as Debian's official image is: no docs, man pages or translations; apt keeps no caches;
  # and package scripts may not start services inside the build.
  quiet mmdebstrap --variant=minbase --mode=root \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --aptopt='Acquire::Languages "none"' --aptopt='APT::Install-Recommends "false"' \
    --customize-hook='printf "#!/bin/sh\nexit 101\n" > "$1/usr/sbin/policy-rc.d"; chmod 0755 "$1/usr/sbin/policy-rc.d"' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin' \
    "$SUITE" "$tar" "${sources[@]}"
  local ctr
  ctr="$(buildah "${STORE[@]}" from scratch)"
  buildah "${STORE[@]}" add "$ctr" "$tar" / >/dev/null
  buildah "${STORE[@]}" config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --cmd bash "$ctr"
  buildah "${STORE[@]}" commit -q "$ctr" "$BASE_REF" >/dev/null
  buildah "${STORE[@]}" rm "$ctr" >/dev/null
  rm -f "$tar"
}

if ! buildah "${STORE[@]}" inspect --type image "$BASE_REF" >/dev/null 2>&1; then make_base; fi
base_secs=$((SECONDS - start))

say "building frrk8s:$HASH from Dockerfile (base $SUITE made in ${base_secs}s)"
# The machine's CA bundle goes in as the build secret the Dockerfile offers for TLS-intercepting
# networks; the image does not keep it.
secret=()
for ca in "${SSL_CERT_FILE:-}" /etc/ssl/certs/ca-certificates.crt; do
  if [[ -n "$ca" && -s "$ca" ]]; then secret=(--secret "id=ca-certificates,src=$ca"); break; fi
done
(cd "$ROOT" && quiet buildah "${STORE[@]}" bud --pull=never --network host --layers "${secret[@]}" \
  -f Dockerfile -t "localhost/frrk8s:$HASH" .)
rm -f "$OUT.tmp"
quiet buildah "${STORE[@]}" push "localhost/frrk8s:$HASH" "oci-archive:$OUT.tmp:frrk8s:$HASH"
mv -f "$OUT.tmp" "$OUT"
link_latest
# Older archives and tags are superseded; the layer cache in the private storage keeps rebuilds quick.
find "$IMAGE_DIR" -maxdepth 1 -name 'frrk8s-*.oci.tar' ! -name "$(basename "$OUT")" -delete
buildah "${STORE[@]}" images --format '{{.Name}}:{{.Tag}}' | grep '^localhost/frrk8s:' |
  grep -v ":$HASH\$" | xargs -r buildah "${STORE[@]}" rmi >/dev/null 2>&1 || true
say "built $OUT ($(($(stat -c %s "$OUT") / 1000000)) MB) in $((SECONDS - start))s"
echo "$OUT"
