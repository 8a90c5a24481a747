// How the API server (host namespace, 127.0.0.1) reaches what runs on the nodes — the admission
// webhook's pod, on a node's address in the lab. A real control plane routes to its nodes; here the
// API server's egress selector sends every "cluster" connection as HTTP CONNECT through a Unix socket
// to a proxy in this process, which passes it to a relay inside the router's namespace, which dials
// the node. With --enable-aggregator-routing the API server asks for the Service's endpoint (node
// address and port), not its ClusterIP, so no kube-proxy is needed either.

import { writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { join } from 'node:path';
import { startDaemon } from '../env/daemon.ts';
import type { Daemon } from '../env/daemon.ts';
import type { Run } from '../env/runstate.ts';
import { waitFor } from '../env/wait.ts';
import { existsSync } from 'node:fs';

// Run by `node -e` in the router's namespace: argv is [unix socket path]. The first line a client
// sends is `host:port`; after that the connection is a plain pipe.
const RELAY = `
const net = require('node:net');
const fs = require('node:fs');
const path = process.argv[1];
try { fs.unlinkSync(path); } catch {}
net.createServer((c) => {
  let head = Buffer.alloc(0);
  const onData = (d) => {
    head = Buffer.concat([head, d]);
    const nl = head.indexOf(10);
    if (nl < 0) return;
    c.off('data', onData);
    const target = head.subarray(0, nl).toString();
    const i = target.lastIndexOf(':');
    const up = net.connect(Number(target.slice(i + 1)), target.slice(0, i).replace(/^\\[|\\]$/g, ''));
    up.write(head.subarray(nl + 1));
    c.pipe(up); up.pipe(c);
    for (const [x, y] of [[c, up], [up, c]]) { x.on('error', () => y.destroy()); x.on('close', () => y.destroy()); }
  };
  c.on('data', onData);
  c.on('error', () => c.destroy());
}).listen(path);
process.on('SIGTERM', () => process.exit(0));
`;

export interface Egress {
  /** kube-apiserver flags that route its cluster-bound connections here. */
  apiserverArgs: string[];
  /** Starts the relay in the router's namespace (the API server's calls fail until then). */
  attach(routerNs: string): Promise<void>;
  close(): Promise<void>;
}

export async function startEgress(run: Run): Promise<Egress> {
  const proxySocket = join(run.dir, 'egress.sock');
  const relaySocket = join(run.dir, 'egress-relay.sock');
  const config = join(run.dir, 'egress-selector.yaml');
  writeFileSync(
    config,
    [
      'apiVersion: apiserver.k8s.io/v1beta1',
      'kind: EgressSelectorConfiguration',
      'egressSelections:',
      '  - name: cluster',
      '    connection:',
      '      proxyProtocol: HTTPConnect',
      '      transport:',
      '        uds:',
      `          udsName: ${proxySocket}`,
      '',
    ].join('\n'),
  );
  const open = new Set<Socket>();
  const proxy: Server = createServer((c) => {
    open.add(c);
    c.on('close', () => open.delete(c));
    c.on('error', () => c.destroy());
    let head = Buffer.alloc(0);
    const onData = (d: Buffer): void => {
      head = Buffer.concat([head, d]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      c.off('data', onData);
      const target = /^CONNECT (\S+) HTTP/.exec(head.subarray(0, end).toString())?.[1];
      if (target === undefined) {
        c.end('HTTP/1.1 400 Bad Request\r\n\r\n');
        return;
      }
      const up = createConnection(relaySocket);
      up.on('error', () => c.destroy());
      up.once('connect', () => {
        up.write(`${target}\n`);
        up.write(head.subarray(end + 4));
        c.write('HTTP/1.1 200 Connection established\r\n\r\n');
        c.pipe(up);
        up.pipe(c);
      });
      up.on('close', () => c.destroy());
      c.on('close', () => up.destroy());
    };
    c.on('data', onData);
  });
  await new Promise<void>((resolve, reject) => {
    proxy.once('error', reject);
    proxy.listen(proxySocket, resolve);
  });
  let relay: Daemon | undefined;
  return {
    apiserverArgs: [`--egress-selector-config-file=${config}`, '--enable-aggregator-routing=true'],
    async attach(routerNs) {
      const r = startDaemon(
        run,
        'egress-relay',
        'ip',
        ['netns', 'exec', routerNs, process.execPath, '-e', RELAY, relaySocket],
        { logFile: join(run.dir, 'egress-relay.log') },
      );
      relay = r;
      await waitFor(
        'the egress relay to listen',
        () => {
          if (!r.running()) throw new Error(`egress relay exited:\n${r.tail()}`);
          return existsSync(relaySocket);
        },
        { timeoutMs: 15_000 },
      );
    },
    async close() {
      await relay?.stop();
      for (const c of open) c.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}
