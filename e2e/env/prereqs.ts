// Which binaries each tier needs, where they are found, and what to do when one is missing:
// outside CI the tier is skipped with a one-line hint; with CI set, a missing piece fails the run.

import { accessSync, constants, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export const INSTALL_HINT = 'sudo hack/install-prereqs.sh';

export const FRR_LIBDIR = '/usr/lib/frr';
export const FRR_RELOAD = join(FRR_LIBDIR, 'frr-reload.py');

export function cacheDir(): string {
  return (
    process.env['FRRK8S_CACHE_DIR'] ??
    join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'frrk8s')
  );
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Resolves a command name on PATH (or returns an absolute path if it is executable). */
export function which(cmd: string): string | undefined {
  if (cmd.includes('/')) return isExecutable(cmd) ? cmd : undefined;
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const p = join(dir, cmd);
    if (dir !== '' && isExecutable(p)) return p;
  }
  // Debian puts ip and friends in /usr/sbin, which a non-login PATH may lack.
  for (const dir of ['/usr/sbin', '/sbin']) {
    const p = join(dir, cmd);
    if (isExecutable(p)) return p;
  }
  return undefined;
}

export interface Binaries {
  etcd?: string;
  kubeApiserver?: string;
  ip?: string;
  vtysh?: string;
}

/** KUBE_APISERVER, else the binary that hack/build-kube-apiserver.sh cached. */
export function findKubeApiserver(): string | undefined {
  const env = process.env['KUBE_APISERVER'];
  if (env) return isExecutable(env) ? env : undefined;
  const cached = join(cacheDir(), 'kube-apiserver');
  return isExecutable(cached) ? cached : which('kube-apiserver');
}

/** ETCD, else `etcd` on PATH (Debian's etcd-server). */
export function findEtcd(): string | undefined {
  const env = process.env['ETCD'];
  if (env) return isExecutable(env) ? env : undefined;
  return which('etcd');
}

/**
 * An existing cluster to use instead of a local API server. Deliberately a variable of our own and
 * not plain KUBECONFIG: that one is set on many workstations, and the suite installs CRDs and RBAC.
 */
export function externalKubeconfig(): string | undefined {
  const v = process.env['FRRK8S_E2E_KUBECONFIG'];
  return v !== undefined && v !== '' ? v : undefined;
}

export type Tier = 'api' | 'frr';

/** Human-readable list of what is missing for a tier (empty when it can run). */
export function missingFor(tier: Tier): string[] {
  const missing: string[] = [];
  if (tier === 'api') {
    const ext = externalKubeconfig();
    if (ext !== undefined) {
      if (!existsSync(ext)) missing.push(`FRRK8S_E2E_KUBECONFIG file ${ext}`);
      return missing;
    }
    if (!findEtcd())
      missing.push(process.env['ETCD'] ? `etcd at ETCD=${process.env['ETCD']}` : 'etcd (etcd-server)');
    if (!findKubeApiserver()) {
      missing.push(
        process.env['KUBE_APISERVER']
          ? `kube-apiserver at KUBE_APISERVER=${process.env['KUBE_APISERVER']}`
          : `kube-apiserver (${join(cacheDir(), 'kube-apiserver')})`,
      );
    }
    return missing;
  }
  if (process.getuid?.() !== 0) missing.push('root (network namespaces need CAP_SYS_ADMIN)');
  if (!which('ip')) missing.push('ip (iproute2)');
  if (!which('vtysh')) missing.push('vtysh (frr)');
  for (const d of ['zebra', 'bgpd', 'bfdd', 'staticd']) {
    if (!isExecutable(join(FRR_LIBDIR, d))) missing.push(`${FRR_LIBDIR}/${d} (frr)`);
  }
  if (!existsSync(FRR_RELOAD)) missing.push(`${FRR_RELOAD} (frr-pythontools)`);
  return missing;
}

export const inCI = (): boolean => {
  const ci = process.env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
};

export interface TierGate {
  /** True when the tier's tests should be skipped (never in CI). */
  skip: boolean;
  /** Empty when everything is present. */
  missing: string[];
  /** Throws a descriptive error if something is missing (used in CI, where skipping is not allowed). */
  assertReady(): void;
}

/**
 * Decides whether a tier runs. Outside CI a missing prerequisite skips the tier and prints one line
 * saying how to install it; in CI it never skips, and assertReady() fails the run instead.
 */
export function tierGate(tier: Tier): TierGate {
  const missing = missingFor(tier);
  const skip = missing.length > 0 && !inCI();
  const message = `${tier} tier: missing ${missing.join(', ')}; install with: ${INSTALL_HINT}`;
  if (skip) console.warn(`[skipped] ${message}`);
  return {
    skip,
    missing,
    assertReady() {
      if (missing.length > 0) throw new Error(message);
    },
  };
}
