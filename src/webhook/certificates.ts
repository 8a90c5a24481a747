// The webhook's own certificate authority and serving certificate. Keys come from node:crypto (RSA
// 2048: every API server version verifies it); node-forge only assembles and signs the X.509
// structures, which node:crypto cannot do. Validity is explicit so that tests can force a rotation.
import { X509Certificate, generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface KeyPairPem {
  certPem: string;
  keyPem: string;
}

export interface IssueOptions {
  /** Names the API server dials: the Service's DNS names, or 127.0.0.1 for a URL webhook. */
  dnsNames: readonly string[];
  ipAddresses: readonly string[];
  notBefore: Date;
  validityMs: number;
}

/** node-forge writes PEM with CRLF; everything else here (and kubectl) uses LF. */
const lf = (pem: string): string => pem.replace(/\r\n/g, '\n');

function newKey(): { forgeKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; pem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem);
  return { forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), pem };
}

function skeleton(publicKey: forge.pki.rsa.PublicKey, notBefore: Date, validityMs: number) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial: the high bit cleared, as RFC 5280 asks.
  cert.serialNumber =
    (randomBytes(16)[0]! & 0x7f).toString(16).padStart(2, '0') + randomBytes(15).toString('hex');
  // Back-dated a minute, so clocks a little behind ours accept it at once.
  cert.validity.notBefore = new Date(notBefore.getTime() - 60_000);
  cert.validity.notAfter = new Date(notBefore.getTime() + validityMs);
  return cert;
}

/** A self-signed CA that may sign only server certificates. */
export function issueCa(commonName: string, notBefore: Date, validityMs: number): KeyPairPem {
  const key = newKey();
  const cert = skeleton(key.publicKey, notBefore, validityMs);
  const subject = [{ name: 'commonName', value: commonName }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key.forgeKey, forge.md.sha256.create());
  return { certPem: lf(forge.pki.certificateToPem(cert)), keyPem: key.pem };
}

/** A serving certificate for `options`' names, signed by `ca`. */
export function issueServing(ca: KeyPairPem, options: IssueOptions): KeyPairPem {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
  const key = newKey();
  const cert = skeleton(key.publicKey, options.notBefore, options.validityMs);
  cert.setSubject([
    { name: 'commonName', value: options.dnsNames[0] ?? options.ipAddresses[0] ?? 'webhook' },
  ]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        ...options.dnsNames.map((value) => ({ type: 2, value })),
        ...options.ipAddresses.map((ip) => ({ type: 7, ip })),
      ],
    },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { certPem: lf(forge.pki.certificateToPem(cert)), keyPem: key.pem };
}

/** When a PEM certificate (the first of a bundle) stops being valid; undefined if it cannot be read. */
export function notAfterOf(certPem: string): Date | undefined {
  try {
    return new Date(new X509Certificate(certPem).validTo);
  } catch {
    return undefined;
  }
}

/** Whether `cert` was signed by `ca` and names every one of `dnsNames` and `ipAddresses`. */
export function servingMatches(
  cert: string,
  ca: string,
  names: Pick<IssueOptions, 'dnsNames' | 'ipAddresses'>,
): boolean {
  try {
    const x = new X509Certificate(cert);
    if (!x.verify(new X509Certificate(ca).publicKey)) return false;
    return (
      names.dnsNames.every((n) => x.checkHost(n) !== undefined) &&
      names.ipAddresses.every((ip) => x.checkIP(ip) !== undefined)
    );
  } catch {
    return false;
  }
}
