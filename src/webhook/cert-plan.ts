// What the self-managed certificates need now, decided from what is stored: nothing, a new serving
// certificate (same CA: the API servers' caBundle stays valid, so no request can fail), or a new CA
// too. Renewal starts when a third of the validity is left, so there is time for every replica to
// pick the new pair up and for the caBundle patch to land before anything expires.
import { notAfterOf, servingMatches, type IssueOptions, type KeyPairPem } from './certificates.ts';

export interface StoredCertificates {
  ca: KeyPairPem;
  serving: KeyPairPem;
  /** Every CA the API servers should trust: the current one, plus the previous one while it is valid. */
  caBundle: string;
}

export interface CertPolicy {
  names: Pick<IssueOptions, 'dnsNames' | 'ipAddresses'>;
  caValidityMs: number;
  servingValidityMs: number;
}

export type CertPlan = 'keep' | 'serving' | 'all';

const renewAt = (certPem: string, validityMs: number): number | undefined => {
  const end = notAfterOf(certPem)?.getTime();
  return end === undefined ? undefined : end - validityMs / 3;
};

export function planCertificates(
  stored: StoredCertificates | undefined,
  now: number,
  policy: CertPolicy,
): CertPlan {
  if (!stored) return 'all';
  const caRenew = renewAt(stored.ca.certPem, policy.caValidityMs);
  if (caRenew === undefined || now >= caRenew) return 'all';
  if (!servingMatches(stored.serving.certPem, stored.ca.certPem, policy.names)) return 'serving';
  const servingRenew = renewAt(stored.serving.certPem, policy.servingValidityMs);
  if (servingRenew === undefined || now >= servingRenew) return 'serving';
  return 'keep';
}

/** When to look again: the earlier renewal time, never later than `maxWaitMs` from now. */
export function nextCheck(
  stored: StoredCertificates,
  now: number,
  policy: CertPolicy,
  maxWaitMs: number,
): number {
  const times = [
    renewAt(stored.ca.certPem, policy.caValidityMs),
    renewAt(stored.serving.certPem, policy.servingValidityMs),
  ].filter((t): t is number => t !== undefined);
  return Math.max(0, Math.min(maxWaitMs, ...times.map((t) => t - now)));
}

/** The PEM blocks of a bundle that are still valid at `now`. */
export function validBlocks(bundle: string, now: number): string[] {
  const blocks = bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/g) ?? [];
  return blocks
    .map((b) => (b.endsWith('\n') ? b : `${b}\n`))
    .filter((b) => (notAfterOf(b)?.getTime() ?? 0) > now);
}
