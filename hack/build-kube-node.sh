#!/usr/bin/env bash
# Build what the cluster tier (e2e/cluster) needs beyond kube-apiserver: kubelet,
# kube-controller-manager and kube-scheduler, from the same Debian `kubernetes` source package and
# with the same steps as the apiserver, cached in ${FRRK8S_CACHE_DIR:-~/.cache/frrk8s} keyed by
# version. Quiet when cached; the first run takes ~4 minutes on 2 cores.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KUBE_BINARIES="kubelet kube-controller-manager kube-scheduler" exec bash "$HERE/build-kube-apiserver.sh"
