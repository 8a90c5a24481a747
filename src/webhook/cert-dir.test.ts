// --cert-dir: the pair is served as given and replaced when the files change; a half-written pair (a
// key that does not belong to the certificate) is never served.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../log.ts';
import { ManualClock } from '../runtime/clock.ts';
import { issueCa, issueServing } from './certificates.ts';
import { CertDirWatcher, readPair } from './cert-dir.ts';
import type { TlsPair } from './server.ts';

const ca = issueCa('test', new Date(), 3_600_000);
const pair = () =>
  issueServing(ca, {
    dnsNames: ['localhost'],
    ipAddresses: [],
    notBefore: new Date(),
    validityMs: 3_600_000,
  });

function dirWith(p: { certPem: string; keyPem: string }): string {
  const dir = mkdtempSync(join(tmpdir(), 'frrk8s-certdir-'));
  writeFileSync(join(dir, 'tls.crt'), p.certPem);
  writeFileSync(join(dir, 'tls.key'), p.keyPem);
  return dir;
}

describe('cert-dir', () => {
  it('reads a matching pair, and refuses a key of another certificate or missing files', () => {
    const a = pair();
    const b = pair();
    expect(readPair(dirWith(a))).toEqual({ cert: a.certPem, key: a.keyPem });
    expect(readPair(dirWith({ certPem: a.certPem, keyPem: b.keyPem }))).toBeUndefined();
    expect(readPair(mkdtempSync(join(tmpdir(), 'frrk8s-empty-')))).toBeUndefined();
  });

  it('serves a replaced pair at the next poll, and skips a half-written one', async () => {
    const a = pair();
    const b = pair();
    const dir = dirWith(a);
    const clock = new ManualClock();
    const served: TlsPair[] = [];
    const watcher = new CertDirWatcher(dir, {
      clock,
      logger: createLogger('none'),
      pollMs: 1000,
      onTls: (t) => served.push(t),
    });
    expect(watcher.start()).toEqual({ cert: a.certPem, key: a.keyPem });
    try {
      writeFileSync(join(dir, 'tls.crt'), b.certPem); // the key still belongs to a
      await clock.advance(1000);
      expect(served).toEqual([]);
      writeFileSync(join(dir, 'tls.key'), b.keyPem);
      await clock.advance(1000);
      expect(served.at(-1)).toEqual({ cert: b.certPem, key: b.keyPem });
    } finally {
      watcher.stop();
    }
  });

  it('refuses to start without a pair', () => {
    const watcher = new CertDirWatcher(mkdtempSync(join(tmpdir(), 'frrk8s-none-')), {
      clock: new ManualClock(),
      logger: createLogger('none'),
      onTls: () => {},
    });
    expect(() => watcher.start()).toThrow(/no matching tls.crt and tls.key/);
  });
});
