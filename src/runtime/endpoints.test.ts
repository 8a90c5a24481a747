import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseBindAddress, startEndpoints, type Endpoints } from './endpoints.ts';

describe('parseBindAddress', () => {
  it('reads IPv4, IPv6 and all-addresses forms, and 0 as off', () => {
    expect(parseBindAddress('--x', '127.0.0.1:7572')).toEqual({ host: '127.0.0.1', port: 7572 });
    expect(parseBindAddress('--x', '[::1]:9140')).toEqual({ host: '::1', port: 9140 });
    expect(parseBindAddress('--x', ':9140')).toEqual({ host: '0.0.0.0', port: 9140 });
    expect(parseBindAddress('--x', '0')).toBeUndefined();
  });

  it('refuses what is not ADDRESS:PORT, naming the flag', () => {
    expect(() => parseBindAddress('--metrics-bind-address', '7572')).toThrow(
      /--metrics-bind-address: "7572"/,
    );
    expect(() => parseBindAddress('--x', '127.0.0.1:70000')).toThrow(/not ADDRESS:PORT/);
  });
});

describe('startEndpoints', () => {
  let endpoints: Endpoints | undefined;
  afterEach(async () => endpoints?.close());

  it('serves /metrics, /livez and /readyz with 200 or 503 and the checks', async () => {
    let live = true;
    endpoints = await startEndpoints({
      metrics: { host: '127.0.0.1', port: 0 },
      health: { host: '127.0.0.1', port: 0 },
      metricsText: () => Promise.resolve('frrk8s_x 1\n'),
      metricsContentType: 'text/plain; version=0.0.4',
      livez: () => ({ ok: live, detail: live ? '[+] fine' : '[-] bgpd' }),
      readyz: () => ({ ok: false, detail: '[-] not synced' }),
    });
    const url = (which: 'metrics' | 'health', path: string) =>
      `http://127.0.0.1:${endpoints![which]!.port}${path}`;
    const metrics = await fetch(url('metrics', '/metrics'));
    expect([metrics.status, await metrics.text()]).toEqual([200, 'frrk8s_x 1\n']);
    expect((await fetch(url('health', '/livez'))).status).toBe(200);
    live = false;
    const dead = await fetch(url('health', '/livez?verbose'));
    expect([dead.status, await dead.text()]).toEqual([503, '[-] bgpd\nfailed\n']);
    expect((await fetch(url('health', '/readyz'))).status).toBe(503);
    expect((await fetch(url('health', '/metrics'))).status).toBe(404);
  });
});

describe('startEndpoints with a certificate', () => {
  it('serves /metrics over HTTPS with that certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'frrk8s-tls-'));
    try {
      const [certFile, keyFile] = [join(dir, 'tls.crt'), join(dir, 'tls.key')];
      // openssl ships with Debian; a throwaway self-signed certificate for 127.0.0.1.
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-keyout',
          keyFile,
          '-out',
          certFile,
        ],
        { stdio: 'ignore' },
      );
      const endpoints = await startEndpoints({
        metrics: { host: '127.0.0.1', port: 0 },
        metricsText: () => Promise.resolve('frrk8s_x 1\n'),
        metricsContentType: 'text/plain',
        livez: () => ({ ok: true, detail: '' }),
        readyz: () => ({ ok: true, detail: '' }),
        tls: { certFile, keyFile },
      });
      try {
        const body = await new Promise<string>((resolve, reject) => {
          const req = request(
            {
              host: '127.0.0.1',
              port: endpoints.metrics!.port,
              path: '/metrics',
              ca: readFileSync(certFile),
              servername: '127.0.0.1',
              checkServerIdentity: () => undefined,
            },
            (res) => {
              let text = '';
              res.on('data', (c: Buffer) => (text += c.toString()));
              res.on('end', () => resolve(text));
            },
          );
          req.on('error', reject);
          req.end();
        });
        expect(body).toBe('frrk8s_x 1\n');
        // Plain HTTP on the same port is not served.
        await expect(fetch(`http://127.0.0.1:${endpoints.metrics!.port}/metrics`)).rejects.toThrow();
      } finally {
        await endpoints.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
