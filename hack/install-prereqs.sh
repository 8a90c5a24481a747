#!/usr/bin/env bash
# Installs what the API-server, end-to-end and cluster test tiers need, on Debian bookworm:
#   - Debian packages: frr, frr-pythontools (frr-reload.py), etcd-server, iproute2, procps (sysctl);
#     buildah, mmdebstrap, umoci, runc for the container image
#   - kubectl from Debian's kubernetes-client, extracted into the cache (hack/install-kubectl.sh)
#   - kube-apiserver, built once from Debian's `kubernetes` source package and cached
#     (hack/build-kube-apiserver.sh; ~4-5 minutes the first time, nothing after that)
#   - for the cluster tier: containerd, the CNI plugins, kubelet, kube-controller-manager and
#     kube-scheduler built from the same source (hack/build-kube-node.sh), the pause image
#     (hack/build-pause-image.sh)
# Idempotent, and silent when everything is already there. Needs root only when something is
# missing. KUBE_APISERVER / ETCD pointing at existing binaries skip those parts.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DEBIAN_FRONTEND=noninteractive

say() { echo "install-prereqs: $*" >&2; }

pkgs=(frr frr-pythontools iproute2 procps)
# The container image's build (hack/build-image.sh) and its test, which runs it with runc.
pkgs+=(buildah mmdebstrap umoci runc)
# The cluster tier (e2e/cluster): a containerd per node, the CNI plugins it needs to report the pod
# network ready, and a C compiler for the static pause binary (hack/build-pause-image.sh).
pkgs+=(containerd containernetworking-plugins gcc libc6-dev)
if [[ -z "${ETCD:-}" ]]; then pkgs+=(etcd-server); fi

missing=()
for pkg in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done

if ((${#missing[@]})); then
  if [[ $EUID -ne 0 ]]; then
    say "missing packages: ${missing[*]}; run as root: sudo $0"
    exit 1
  fi
  say "installing ${missing[*]}"
  # The frr and etcd-server packages would start system-wide daemons. The tests run their own (in
  # network namespaces, on private sockets and free ports), so a system FRR would not collide with
  # them, but it would be a surprise and waste a core: forbid service starts during the install
  # unless the machine already has a policy (Debian container images ship one that says no).
  own_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\n# temporary, from frrk8s hack/install-prereqs.sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 0755 /usr/sbin/policy-rc.d
    own_policy=1
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  log="$(mktemp)"
  # A machine that never ran apt-get update has no candidates; update once and retry.
  if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
    apt-get update -q >>"$log" 2>&1 || true
    apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$log" 2>&1 || {
      cat "$log" >&2
      rm -f "$log"
      say "apt-get install failed"
      exit 1
    }
  fi
  rm -f "$log"
  if ((own_policy)); then
    rm -f /usr/sbin/policy-rc.d
    trap - EXIT
  fi
fi

# If a system FRR is running anyway (a machine with systemd where it was enabled before), say so:
# it does not break the tests, but it is not what anyone expects on a CI machine.
if [[ -s /run/frr/watchfrr.pid ]] && kill -0 "$(cat /run/frr/watchfrr.pid)" 2>/dev/null; then
  say "note: a system FRR (watchfrr) is running; the tests do not use it"
fi

bash "$HERE/install-kubectl.sh"

CACHE_DIR="${FRRK8S_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/frrk8s}"
if [[ -n "${KUBE_APISERVER:-}" ]]; then
  [[ -x "$KUBE_APISERVER" ]] || { say "KUBE_APISERVER=$KUBE_APISERVER is not executable"; exit 1; }
elif [[ ! -x "$CACHE_DIR/kube-apiserver" && ! -x "$CACHE_DIR/kubelet" ]]; then
  # A fresh machine: the API server and the cluster tier's binaries from one source download and one
  # Go build (shared packages compile once), not two.
  KUBE_BINARIES="kube-apiserver kubelet kube-controller-manager kube-scheduler" \
    bash "$HERE/build-kube-apiserver.sh"
else
  bash "$HERE/build-kube-apiserver.sh"
fi
# The cluster tier (e2e/cluster): kubelet, kube-controller-manager, kube-scheduler, and the pod
# sandbox image. Both quiet and instant when cached.
bash "$HERE/build-kube-node.sh"
bash "$HERE/build-pause-image.sh" >/dev/null
