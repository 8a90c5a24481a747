// The renewal decisions, on real certificates with short validities.
import { describe, expect, it } from 'vitest';
import { issueCa, issueServing } from './certificates.ts';
import { nextCheck, planCertificates, validBlocks, type CertPolicy } from './cert-plan.ts';

const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const policy: CertPolicy = {
  names: { dnsNames: ['webhook.frr-k8s-system.svc'], ipAddresses: ['127.0.0.1'] },
  caValidityMs: 30 * HOUR,
  servingValidityMs: 3 * HOUR,
};

function stored(at = T0) {
  const ca = issueCa('test-ca', new Date(at), policy.caValidityMs);
  const serving = issueServing(ca, {
    ...policy.names,
    notBefore: new Date(at),
    validityMs: policy.servingValidityMs,
  });
  return { ca, serving, caBundle: ca.certPem };
}

describe('planCertificates', () => {
  const s = stored();

  it('issues everything when nothing is stored', () => {
    expect(planCertificates(undefined, T0, policy)).toBe('all');
  });

  it('keeps a fresh pair', () => {
    expect(planCertificates(s, T0 + HOUR, policy)).toBe('keep');
  });

  it('renews the serving certificate with a third of its validity left, under the same CA', () => {
    expect(planCertificates(s, T0 + 2 * HOUR + 1, policy)).toBe('serving');
  });

  it('renews the CA with a third of its validity left', () => {
    expect(planCertificates(s, T0 + 20 * HOUR + 1, policy)).toBe('all');
  });

  it('reissues a serving certificate that lacks a name or is signed by another CA', () => {
    expect(planCertificates(s, T0, { ...policy, names: { ...policy.names, dnsNames: ['other.svc'] } })).toBe(
      'serving',
    );
    const other = stored();
    expect(planCertificates({ ...s, serving: other.serving }, T0, policy)).toBe('serving');
  });

  it('treats an unreadable CA as none', () => {
    expect(planCertificates({ ...s, ca: { certPem: 'garbage', keyPem: '' } }, T0, policy)).toBe('all');
  });

  it('looks again at the serving renewal time, or sooner when told', () => {
    expect(nextCheck(s, T0, policy, 100 * HOUR)).toBeGreaterThan(2 * HOUR - 120_000);
    expect(nextCheck(s, T0, policy, 100 * HOUR)).toBeLessThanOrEqual(2 * HOUR);
    expect(nextCheck(s, T0, policy, 60_000)).toBe(60_000);
  });
});

describe('validBlocks', () => {
  it('drops expired CAs from a bundle and keeps valid ones', () => {
    const old = issueCa('old', new Date(T0 - 10 * HOUR), HOUR);
    const current = issueCa('new', new Date(T0), HOUR);
    expect(validBlocks(old.certPem + current.certPem, T0)).toEqual([current.certPem]);
  });
});
