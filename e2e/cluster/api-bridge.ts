// How a node's network namespace reaches the API server, which listens on the host's 127.0.0.1 only.
// A real node reaches it through the `kubernetes` Service (10.96.0.1:443, kube-proxy's job); here a
// forwarder inside the node's namespace listens on that address and passes each connection through a
// Unix socket (sockets on disk are not bound to a network namespace) to a relay in this process,
// which connects to the API server. So kubelet and the in-cluster client of the pod both use the
// Service address as on a real cluster, and no interface is ever added to the host's namespace.

import { createConnection, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { join } from 'node:path';
import { startDaemon } from '../env/daemon.ts';
import type { Daemon } from '../env/daemon.ts';
import { ip } from '../env/netns.ts';
import type { Run } from '../env/runstate.ts';
import { waitFor } from '../env/wait.ts';
import { run as exec } from '../env/exec.ts';

/** The first address of the API server's --service-cluster-ip-range (e2e/env/apiserver.ts). */
export const KUBERNETES_SERVICE_IP = '10.96.0.1';
export const KUBERNETES_SERVICE_PORT = 443;

function pipe(a: Socket, b: Socket): void {
  a.pipe(b);
  b.pipe(a);
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
  a.on('close', () => b.destroy());
  b.on('close', () => a.destroy());
}

// Run by `node -e` inside the namespace: argv is [listen host, listen port, unix socket path].
const FORWARDER = `
const net = require('node:net');
const [host, port, path] = process.argv.slice(1);
net.createServer((c) => {
  const u = net.connect(path);
  c.pipe(u); u.pipe(c);
  for (const [x, y] of [[c, u], [u, c]]) { x.on('error', () => y.destroy()); x.on('close', () => y.destroy()); }
}).listen(Number(port), host);
process.on('SIGTERM', () => process.exit(0));
`;

export interface ApiBridge {
  /** Adds the Service address and the forwarder to a node's namespace. */
  attach(ns: string, node: string): Promise<void>;
  close(): Promise<void>;
}

/** Relays `socketPath` to the API server at 127.0.0.1:`apiPort`. */
export async function startApiBridge(run: Run, apiPort: number): Promise<ApiBridge> {
  const socketPath = join(run.dir, 'apiserver.sock');
  const open = new Set<Socket>();
  const relay: Server = createServer((c) => {
    const upstream = createConnection({ host: '127.0.0.1', port: apiPort });
    open.add(c);
    c.on('close', () => open.delete(c));
    pipe(c, upstream);
  });
  await new Promise<void>((resolve, reject) => {
    relay.once('error', reject);
    relay.listen(socketPath, resolve);
  });
  const forwarders: Daemon[] = [];
  return {
    async attach(ns, node) {
      await ip(ns, ['addr', 'add', `${KUBERNETES_SERVICE_IP}/32`, 'dev', 'lo']);
      const fwd = startDaemon(
        run,
        `api-forwarder-${node}`,
        'ip',
        [
          'netns',
          'exec',
          ns,
          process.execPath,
          '-e',
          FORWARDER,
          KUBERNETES_SERVICE_IP,
          String(KUBERNETES_SERVICE_PORT),
          socketPath,
        ],
        { logFile: join(run.dir, `api-forwarder-${node}.log`) },
      );
      forwarders.push(fwd);
      await waitFor(
        `the API forwarder in ${ns} to listen`,
        async () => {
          if (!fwd.running()) throw new Error(`forwarder exited:\n${fwd.tail()}`);
          const out = (await exec('ip', ['netns', 'exec', ns, 'ss', '-Htln'])).stdout;
          return out.includes(`${KUBERNETES_SERVICE_IP}:${KUBERNETES_SERVICE_PORT}`);
        },
        { timeoutMs: 15_000 },
      );
    },
    async close() {
      await Promise.all(forwarders.map((f) => f.stop()));
      for (const c of open) c.destroy();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    },
  };
}
