// The HTTPS endpoint the API server calls. TLS material can be swapped while serving (rotation without
// a restart: connections already open finish on the old certificate, new ones get the new one).
// Bodies are bounded and every request has a deadline, so a slow or hostile client cannot hold it.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.ts';
import type { Problem } from '../core/problems.ts';
import { BadReview, judge, type AdmissionView } from './review.ts';

/** Upstream frr-k8s's path, so manifests and MetalLB's expectations hold. */
export const VALIDATE_PATH = '/validate-frrk8s-metallb-io-v1beta1-frrconfiguration';
/** The API server sends at most a 3 MiB object (etcd's limit is lower); twice that covers the review. */
const MAX_BODY = 6 * 1024 * 1024;

export interface TlsPair {
  cert: string;
  key: string;
}

export interface WebhookServerOptions {
  port: number;
  host?: string;
  tls: TlsPair;
  /** The caches' contents; undefined until they are synced (the server then answers 503). */
  view: () => AdmissionView | undefined;
  logger: Logger;
  /** Called once per request to the admission path (for the metrics). */
  observe?: (request: ObservedRequest) => void;
}

/**
 * How a request to the admission path ended: a verdict, or no verdict because the body was not a
 * review (`bad-request`, also too large or not POST), the caches were not synced (`unavailable`), or
 * the server failed (`error`).
 */
export type AdmissionResult = 'allowed' | 'denied' | 'bad-request' | 'unavailable' | 'error';

export interface ObservedRequest {
  result: AdmissionResult;
  seconds: number;
  /** The problems of a verdict (errors and warnings); empty otherwise. */
  problems: readonly Problem[];
}

export interface WebhookServer {
  /** The port it listens on (useful with port 0). */
  port: number;
  setTls(tls: TlsPair): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: WebhookServerOptions,
): Promise<void> {
  const path = (req.url ?? '').split('?')[0];
  if (req.method === 'GET' && (path === '/healthz' || path === '/readyz')) {
    const ready = path === '/healthz' || options.view() !== undefined;
    send(res, ready ? 200 : 503, ready ? 'ok' : 'caches not synced');
    return;
  }
  if (path !== VALIDATE_PATH) return send(res, 404, 'not found');
  const started = process.hrtime.bigint();
  const done = (result: AdmissionResult, problems: readonly Problem[] = []) =>
    options.observe?.({ result, seconds: Number(process.hrtime.bigint() - started) / 1e9, problems });
  try {
    const [status, body, result, problems] = await answer(req, options);
    send(res, status, body);
    done(result, problems);
  } catch (err) {
    done('error');
    throw err;
  }
}

type Answer = [status: number, body: unknown, result: AdmissionResult, problems?: readonly Problem[]];

async function answer(req: IncomingMessage, options: WebhookServerOptions): Promise<Answer> {
  if (req.method !== 'POST') return [405, 'POST only', 'bad-request'];
  const text = await readBody(req);
  if (text === undefined) return [413, 'request too large', 'bad-request'];
  const view = options.view();
  if (!view) return [503, 'caches not synced yet', 'unavailable'];
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [400, 'the body is not JSON', 'bad-request'];
  }
  try {
    const { out, problems } = judge(body, view);
    return [200, out, out.response.allowed ? 'allowed' : 'denied', problems];
  } catch (err) {
    if (err instanceof BadReview) return [400, err.message, 'bad-request'];
    throw err;
  }
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const server: Server = createServer({ cert: options.tls.cert, key: options.tls.key }, (req, res) => {
    handle(req, res, options).catch((err: unknown) => {
      options.logger.error({ err: String(err) }, 'admission request failed');
      if (!res.headersSent) send(res, 500, 'internal error');
      else res.destroy();
    });
  });
  // The API server gives up after the webhook's timeoutSeconds; nothing here should outlive that.
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    setTls: (tls) => server.setSecureContext({ cert: tls.cert, key: tls.key }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
