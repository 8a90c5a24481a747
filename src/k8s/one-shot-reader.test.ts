// The reader's Secrets come one GET each, at most SECRETS_IN_FLIGHT at once, in the order asked, a
// missing one left out. The API-server tier (e2e/explain-live.test.ts) reads a real kube-apiserver.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node';
import { createOneShotReader, SECRETS_IN_FLIGHT } from './one-shot-reader.ts';

const NS = 'frr-k8s-system';
const servers: { close: () => void }[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

/** An API server that answers Secret GETs after a moment, counting how many it holds at once. */
async function slowSecretServer(missing: ReadonlySet<string>) {
  let inFlight = 0;
  let most = 0;
  const server = createServer((req, res: ServerResponse) => {
    most = Math.max(most, ++inFlight);
    const name = decodeURIComponent(req.url?.split('/').pop()?.split('?')[0] ?? '');
    setTimeout(() => {
      inFlight--;
      res.setHeader('content-type', 'application/json');
      if (missing.has(name)) {
        res.statusCode = 404;
        res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', code: 404, reason: 'NotFound' }));
        return;
      }
      const body = { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: NS }, data: {} };
      res.end(JSON.stringify(body));
    }, 5);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: 'c',
        server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        skipTLSVerify: true,
      },
    ],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return { reader: createOneShotReader({ kubeConfig, namespace: NS }), most: () => most };
}

describe('the one-shot reader', () => {
  it(`reads Secrets at most ${SECRETS_IN_FLIGHT} at a time, in the order asked`, async () => {
    const names = Array.from({ length: 40 }, (_, i) => `secret-${String(i).padStart(2, '0')}`);
    const { reader, most } = await slowSecretServer(new Set(['secret-07']));
    const read = await reader.secrets(names);
    expect(read.map((s) => s.metadata?.name)).toEqual(names.filter((n) => n !== 'secret-07'));
    expect(most()).toBe(SECRETS_IN_FLIGHT);
  });
});
