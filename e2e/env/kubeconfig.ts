import { writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import type { RequestOptions } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';

export interface TokenUser {
  /** Context/user name in the kubeconfig. */
  name: string;
  token: string;
}

/** A kubeconfig for a bearer-token user against `server`, trusting the PEM bundle `caPem`. */
export function tokenKubeConfig(server: string, caPem: string | undefined, user: TokenUser): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'frrk8s-e2e',
        server,
        caData: caPem === undefined ? undefined : Buffer.from(caPem).toString('base64'),
        skipTLSVerify: caPem === undefined,
      },
    ],
    users: [{ name: user.name, token: user.token }],
    contexts: [{ name: user.name, cluster: 'frrk8s-e2e', user: user.name }],
    currentContext: user.name,
  });
  return kc;
}

/** Writes a kubeconfig to `path` (0600: it holds a token) for tools like kubectl or the daemon. */
export function writeKubeConfig(kc: KubeConfig, path: string): string {
  writeFileSync(path, kc.exportConfig(), { mode: 0o600 });
  return path;
}

export interface ApiResponse {
  status: number;
  /** Parsed JSON body (or the raw text if it is not JSON). */
  body: unknown;
}

/**
 * One raw request to the API server as the kubeconfig's user. Never throws on HTTP errors: tests
 * that check authorization want the status code (403 vs 201), not an exception.
 */
export async function apiRequest(
  kc: KubeConfig,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<ApiResponse> {
  const server = kc.getCurrentCluster()?.server;
  if (server === undefined) throw new Error('kubeconfig has no current cluster');
  const url = new URL(path, server);
  const opts: RequestOptions = { method, headers: {}, timeout: 15_000 };
  await kc.applyToHTTPSOptions(opts);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  if (payload !== undefined) opts.headers = { ...opts.headers, 'Content-Type': contentType };
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, opts, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => {
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // keep the text
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timeout`)));
    req.on('error', reject);
    req.end(payload);
  });
}
