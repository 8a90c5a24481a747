#!/usr/bin/env bash
# Build kube-apiserver from Debian bookworm's `kubernetes` source package and cache the binary
# outside the repository (DESIGN §6). Debian ships etcd but no kube-apiserver; its source package
# carries vendor/, so the build needs no network beyond the Debian archive.
#
# Quiet and quick when the cached binary is already there; the first run takes ~4 minutes on 2 cores.
# Prints nothing on success unless FRRK8S_VERBOSE=1. Needs root only to apt-get the toolchain.
#
# Environment:
#   FRRK8S_CACHE_DIR     cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/frrk8s)
#   KUBE_DEB_VERSION     Debian source version to build (pinned so the cache key is stable)
#   KUBE_BINARIES        which cmd/ binaries to build and cache (default kube-apiserver; the cluster
#                        tier's hack/build-kube-node.sh asks for kubelet and the controllers)
set -euo pipefail

KUBE_DEB_VERSION="${KUBE_DEB_VERSION:-1.20.5+really1.20.2-1.1+deb12u1}"
CACHE_DIR="${FRRK8S_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/frrk8s}"
read -r -a BINARIES <<<"${KUBE_BINARIES:-kube-apiserver}"
NAME="build-$(basename "${BINARIES[0]}")"

log() { if [[ "${FRRK8S_VERBOSE:-0}" == 1 ]]; then echo "$NAME: $*" >&2; fi; }
say() { echo "$NAME: $*" >&2; }

# Each binary is cached as NAME-VERSION, with NAME (the stable name the tests look for) linked to it.
target() { echo "$CACHE_DIR/$1-$KUBE_DEB_VERSION"; }
all_cached() {
  local b
  for b in "${BINARIES[@]}"; do [[ -x "$(target "$b")" && -s "$(target "$b")" ]] || return 1; done
}
link_cached() {
  local b
  for b in "${BINARIES[@]}"; do
    ln -sfn "$(basename "$(target "$b")")" "$CACHE_DIR/$b.tmp" && mv -Tf "$CACHE_DIR/$b.tmp" "$CACHE_DIR/$b"
  done
}

mkdir -p "$CACHE_DIR"
if all_cached; then
  link_cached
  log "cached: ${BINARIES[*]}"
  exit 0
fi

# One build at a time: a second caller waits, then finds the binaries cached.
exec 9>"$CACHE_DIR/.build.lock"
flock 9
if all_cached; then link_cached; exit 0; fi

say "building ${BINARIES[*]} $KUBE_DEB_VERSION (one-time, about 4 minutes on 2 cores)"
start=$SECONDS

# A fresh tree every time: an interrupted build can leave empty generator binaries in _output/.
WORK="$CACHE_DIR/build"
rm -rf "$WORK"
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT

export DEBIAN_FRONTEND=noninteractive
need=()
for pkg in golang-go rsync golang-github-modern-go-reflect2-dev dpkg-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if ((${#need[@]})); then
  [[ $EUID -eq 0 ]] || { say "missing build tools: ${need[*]}; run as root"; exit 1; }
  log "installing build tools: ${need[*]}"
  apt-get install -y -q --no-install-recommends "${need[@]}" >"$WORK/apt-install.log" 2>&1 || {
    cat "$WORK/apt-install.log" >&2
    say "apt-get install failed"
    exit 1
  }
fi

# A private apt configuration that only knows the Debian archive's deb-src entries, derived from
# the machine's own deb entries, so the system's sources.list is left untouched.
APT_DIR="$WORK/apt"
mkdir -p "$APT_DIR/parts" "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial"
{
  # deb822 files: keep stanzas whose URIs end in /debian (the main archive), turned into deb-src.
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -e "$f" ]] || continue
    awk 'BEGIN { RS = ""; ORS = "\n\n" } /URIs:[^\n]*\/debian\/?([ \n]|$)/' "$f" |
      sed -E 's/^Types:.*/Types: deb-src/'
  done
} >"$APT_DIR/parts/src.sources"
{
  # one-line format: "deb [opts] URI suite comps" for the main archive, turned into deb-src.
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -e "$f" ]] || continue
    grep -E '^deb[[:space:]]' "$f" | grep -E '/debian/?[[:space:]]' | sed -E 's/^deb[[:space:]]/deb-src /' || true
  done
} >"$APT_DIR/parts/src.list"
[[ -s "$APT_DIR/parts/src.sources" || -s "$APT_DIR/parts/src.list" ]] || {
  say "no Debian archive entry found in /etc/apt to derive a deb-src entry from"
  exit 1
}
apt_opts=(
  -o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$APT_DIR/parts"
  -o "Dir::State::Lists=$APT_DIR/lists" -o "Dir::Cache=$APT_DIR/cache"
  -o "APT::Sandbox::User=root"
)
apt-get "${apt_opts[@]}" -qq update >/dev/null
(cd "$WORK" && apt-get "${apt_opts[@]}" -qq source --download-only "kubernetes=$KUBE_DEB_VERSION" >/dev/null)
(cd "$WORK" && dpkg-source --no-check -q -x ./*.dsc src >/dev/null 2>&1)
SRC="$WORK/src"

# Built with Go 1.19, the vendored reflect2 (1.0.1) makes the apiserver segfault within a minute; Debian's
# packaged reflect2 carries the fix, so swap it in before building.
REFLECT2=/usr/share/gocode/src/github.com/modern-go/reflect2
rm -rf "$SRC/vendor/github.com/modern-go/reflect2"
cp -r "$REFLECT2" "$SRC/vendor/github.com/modern-go/reflect2"

# Build the way debian/rules does: GOPATH mode through a k8s.io/kubernetes symlink, static binary,
# with Go's caches inside the build dir so nothing outside the cache is touched.
mkdir -p "$SRC/.go/src/k8s.io"
ln -s ../../.. "$SRC/.go/src/k8s.io/kubernetes"
(
  cd "$SRC/.go/src/k8s.io/kubernetes"
  export GOPATH="$SRC/.go" CGO_ENABLED=0 GOPROXY=off GOFLAGS='' GOCACHE="$WORK/gocache" HOME="$WORK/home"
  export PATH="/usr/lib/go/bin:$PATH"
  mkdir -p "$HOME"
  make WHAT="${BINARIES[*]/#/cmd/}" >"$WORK/make.log" 2>&1 || {
    tail -n 40 "$WORK/make.log" >&2
    say "make failed"
    exit 1
  }
)

for b in "${BINARIES[@]}"; do
  BIN="$SRC/_output/bin/$b"
  [[ -s "$BIN" ]] || { say "build produced no binary at $BIN"; exit 1; }
  "$BIN" --version >/dev/null
  cp "$BIN" "$(target "$b").tmp"
  mv -f "$(target "$b").tmp" "$(target "$b")"
done
link_cached
say "built ${BINARIES[*]} in $((SECONDS - start))s"
