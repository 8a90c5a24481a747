// The daemon's HTTP endpoints: /metrics on the metrics address (HTTPS when a certificate is given), and
// /livez and /readyz on the health address, as upstream splits them. Probes get 200 or 503 with one
// line per check; `?verbose` is accepted and ignored (the lines are always there).
import { readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Verdict } from './health.ts';

export interface BindAddress {
  host: string;
  port: number;
}

/** `ADDR:PORT` (`[::1]:7572` for IPv6); `0` alone means "disabled". Throws on anything else. */
export function parseBindAddress(flag: string, text: string): BindAddress | undefined {
  if (text === '0') return undefined;
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text);
  const port = Number(m?.[3]);
  if (!m || port > 65535) throw new Error(`${flag}: "${text}" is not ADDRESS:PORT (e.g. 127.0.0.1:7572)`);
  return { host: m[1] ?? (m[2] === '' ? '0.0.0.0' : m[2]!), port };
}

export interface EndpointsOptions {
  metrics?: BindAddress;
  health?: BindAddress;
  metricsText: () => Promise<string>;
  metricsContentType: string;
  livez: () => Verdict;
  readyz: () => Verdict;
  /** PEM files: with both, /metrics is served over HTTPS. */
  tls?: { certFile: string; keyFile: string };
}

export interface Endpoints {
  /** The addresses actually bound (a port of 0 gets a free one). */
  metrics?: BindAddress;
  health?: BindAddress;
  close(): Promise<void>;
}

function verdict(res: ServerResponse, v: Verdict): void {
  res.writeHead(v.ok ? 200 : 503, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${v.detail}\n${v.ok ? 'ok' : 'failed'}\n`);
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('not found\n');
}

const pathOf = (req: IncomingMessage): string => (req.url ?? '/').split('?')[0] ?? '/';

async function listen(server: Server, at: BindAddress): Promise<BindAddress> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  return { host: at.host, port: bound.port };
}

export async function startEndpoints(o: EndpointsOptions): Promise<Endpoints> {
  const servers: Server[] = [];
  const out: Endpoints = {
    close: () =>
      Promise.all(
        servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())).then(() => undefined)),
      ).then(() => undefined),
  };
  try {
    if (o.metrics) {
      const handler = (req: IncomingMessage, res: ServerResponse): void => {
        if (pathOf(req) !== '/metrics') return notFound(res);
        o.metricsText().then(
          (text) => {
            res.writeHead(200, { 'content-type': o.metricsContentType });
            res.end(text);
          },
          (err: unknown) => {
            res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
            res.end(`${String(err)}\n`);
          },
        );
      };
      const server = o.tls
        ? createHttpsServer({ cert: readFileSync(o.tls.certFile), key: readFileSync(o.tls.keyFile) }, handler)
        : createHttpServer(handler);
      servers.push(server);
      out.metrics = await listen(server, o.metrics);
    }
    if (o.health) {
      const server = createHttpServer((req, res) => {
        const path = pathOf(req);
        if (path === '/livez' || path === '/healthz') return verdict(res, o.livez());
        if (path === '/readyz') return verdict(res, o.readyz());
        notFound(res);
      });
      servers.push(server);
      out.health = await listen(server, o.health);
    }
  } catch (err) {
    await out.close();
    throw err;
  }
  return out;
}
