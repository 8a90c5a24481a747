#!/bin/bash
# The FRR container's entry point (run as root; the daemons drop to the frr user themselves).
#
# 1. Copies FRR's startup files (daemons, frr.conf, vtysh.conf) from the ConfigMap mounted at
#    $FRR_STARTUP_DIR into /etc/frr, on every start: FRR always starts from the startup files, and the
#    frrk8s daemon notices the restart and applies the node's configuration again.
# 2. Starts FRR the way Debian's service does (frrinit.sh: the daemons file picks the daemons, watchfrr
#    supervises them, frr.conf is loaded through vtysh -b).
# 3. Stays in the foreground while watchfrr lives; exits non-zero when it dies, so the kubelet restarts
#    the container.
# 4. On SIGTERM stops FRR the orderly way (frrinit.sh: SIGINT to each daemon), which is what the pod's
#    terminationGracePeriodSeconds waits for. bgpd closes its sessions without a NOTIFICATION: peers
#    without graceful restart drop the node's routes at once, graceful-restart helpers keep them stale
#    until the new pod announces them (e2e/graceful-restart.test.ts; with BFD on the session as well,
#    see docs/adr/0021).
set -euo pipefail

STARTUP_DIR="${FRR_STARTUP_DIR:-/etc/frr-startup}"
CONF_DIR=/etc/frr
RUN_DIR=/var/run/frr
FRRINIT=/usr/lib/frr/frrinit.sh

say() { echo "frr-start: $*" >&2; }

if [[ -d "$STARTUP_DIR" ]]; then
  for f in daemons frr.conf vtysh.conf; do
    if [[ -e "$STARTUP_DIR/$f" ]]; then install -m 0640 -o frr -g frr "$STARTUP_DIR/$f" "$CONF_DIR/$f"; fi
  done
fi
# Mounted emptyDirs start out owned by root; FRR wants its own.
install -d -m 0755 -o frr -g frr "$RUN_DIR" /var/lib/frr /var/tmp/frr
chown frr:frr "$CONF_DIR"

stopping=0
stop() {
  stopping=1
  say "stopping FRR"
  "$FRRINIT" stop || true
  exit 0
}
trap stop TERM INT

"$FRRINIT" start
say "FRR started: $(cat "$RUN_DIR"/*.pid 2>/dev/null | wc -l) processes"

while ((stopping == 0)); do
  pid="$(cat "$RUN_DIR/watchfrr.pid" 2>/dev/null || true)"
  if [[ -z "$pid" ]] || ! kill -0 "$pid" 2>/dev/null; then
    say "watchfrr is gone; exiting so the container restarts"
    exit 1
  fi
  # sleep in the background and wait for it, so a SIGTERM runs the trap at once.
  sleep 2 &
  wait $! || true
done
