// The admission endpoint over real HTTPS: verdicts, warnings, DELETE, malformed requests, readiness,
// and a certificate swapped while serving.
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAdmitCache } from '../core/admit.ts';
import { NODE_A, NS, withNeighbor, withRouter } from '../core/__fixtures__/frr.ts';
import { createLogger } from '../log.ts';
import { issueCa, issueServing, type KeyPairPem } from './certificates.ts';
import type { AdmissionReviewOut, AdmissionView } from './review.ts';
import { startWebhookServer, VALIDATE_PATH, type ObservedRequest, type WebhookServer } from './server.ts';

const names = { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] };
const ca = issueCa('test', new Date(), 3_600_000);
const servingPair = (): KeyPairPem =>
  issueServing(ca, { ...names, notBefore: new Date(), validityMs: 3_600_000 });

let view: AdmissionView | undefined;
let server: WebhookServer;
const observed: ObservedRequest[] = [];

function post(path: string, body: string): Promise<{ status: number; text: string; peerCert: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, method: 'POST', ca: ca.certPem, agent: false },
      (res) => {
        let text = '';
        const peer = (res.socket as TLSSocket).getPeerCertificate();
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, peerCert: peer.fingerprint256 }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const reviewOf = (operation: string, object: unknown, oldObject?: unknown) =>
  JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: { uid: 'u-1', operation, object, oldObject },
  });

async function admitted(operation: string, object: unknown, oldObject?: unknown) {
  const res = await post(VALIDATE_PATH, reviewOf(operation, object, oldObject));
  expect(res.status).toBe(200);
  return (JSON.parse(res.text) as AdmissionReviewOut).response;
}

beforeAll(async () => {
  const tls = servingPair();
  server = await startWebhookServer({
    port: 0,
    host: '127.0.0.1',
    tls: { cert: tls.certPem, key: tls.keyPem },
    view: () => view,
    logger: createLogger('none'),
    observe: (r) => observed.push(r),
  });
  view = {
    namespace: NS,
    configurations: [withRouter('b', { asn: 64999 })],
    nodes: [NODE_A],
    secrets: new Map(),
    cache: newAdmitCache(),
  };
});

afterAll(() => server.close());

describe('webhook server', () => {
  it('denies a conflicting object with the code, the other object and the node', async () => {
    const res = await admitted('CREATE', withRouter('a', { asn: 64512 }));
    expect(res).toMatchObject({ uid: 'u-1', allowed: false, status: { code: 403 } });
    expect(res.status?.message).toMatch(
      /^error ROUTER_ASN_CONFLICT frr-k8s-system\/a spec\.bgp\.routers\[0\]\.asn/,
    );
    expect(res.status?.message).toContain('frr-k8s-system/b spec.bgp.routers[0].asn');
    expect(res.status?.message).toContain('on node node-a');
  });

  it('allows an object that agrees, with warnings for a missing Secret and disableMP', async () => {
    const res = await admitted(
      'CREATE',
      withNeighbor('a', { disableMP: true, passwordSecret: { name: 'later' } }, { asn: 64999 }),
    );
    expect(res.allowed).toBe(true);
    expect(res.status).toBeUndefined();
    expect(res.warnings?.map((w) => w.split(' ')[1])).toEqual(['DISABLE_MP_DEPRECATED', 'SECRET_NOT_FOUND']);
  });

  it('warns on UPDATE when graceful restart changes', async () => {
    const old = withNeighbor('a', {}, { asn: 64999 });
    const res = await admitted(
      'UPDATE',
      withNeighbor('a', { enableGracefulRestart: true }, { asn: 64999 }),
      old,
    );
    expect(res.allowed).toBe(true);
    expect(res.warnings).toEqual([
      expect.stringMatching(/^warning GRACEFUL_RESTART_CHANGE frr-k8s-system\/a /),
    ]);
  });

  it('always allows DELETE', async () => {
    expect(await admitted('DELETE', null, withRouter('a', { asn: 1 }))).toEqual({
      uid: 'u-1',
      allowed: true,
    });
  });

  it('refuses what is not an admission.k8s.io/v1 AdmissionReview with 400, and other paths with 404', async () => {
    expect((await post(VALIDATE_PATH, '{')).status).toBe(400);
    expect((await post(VALIDATE_PATH, JSON.stringify({ kind: 'AdmissionReview' }))).status).toBe(400);
    const v1beta1 = reviewOf('CREATE', {}).replace('admission.k8s.io/v1', 'admission.k8s.io/v1beta1');
    expect((await post(VALIDATE_PATH, v1beta1)).status).toBe(400);
    expect((await post('/other', '{}')).status).toBe(404);
  });

  it('answers 503 until the caches are synced', async () => {
    const saved = view;
    view = undefined;
    try {
      expect((await post(VALIDATE_PATH, reviewOf('CREATE', {}))).status).toBe(503);
    } finally {
      view = saved;
    }
  });

  it('reports each admission request with its result, its problems and its duration', async () => {
    observed.length = 0;
    await admitted('CREATE', withRouter('a', { asn: 64512 }));
    await admitted('CREATE', withNeighbor('a', { disableMP: true }, { asn: 64999 }));
    await post(VALIDATE_PATH, '{');
    const saved = view;
    view = undefined;
    await post(VALIDATE_PATH, reviewOf('CREATE', {})).finally(() => (view = saved));
    await post('/other', '{}');
    expect(observed.map((o) => o.result)).toEqual(['denied', 'allowed', 'bad-request', 'unavailable']);
    expect(observed[0]!.problems.map((p) => [p.code, p.severity])).toContainEqual([
      'ROUTER_ASN_CONFLICT',
      'error',
    ]);
    expect(observed[1]!.problems.map((p) => [p.code, p.severity])).toEqual([
      ['DISABLE_MP_DEPRECATED', 'warning'],
    ]);
    expect(observed[2]!.problems).toEqual([]);
    for (const o of observed) expect(o.seconds).toBeGreaterThan(0);
  });

  it('serves a new certificate on new connections once swapped, without a restart', async () => {
    const next = servingPair();
    const before = (await post('/other', '')).peerCert;
    server.setTls({ cert: next.certPem, key: next.keyPem });
    const after = (await post('/other', '')).peerCert;
    expect(after).not.toBe(before);
    expect(after).toBe(new X509Certificate(next.certPem).fingerprint256);
  });
});
