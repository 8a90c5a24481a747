// A pod's kubeconfig is the --kubeconfig file, else the service account: never $KUBECONFIG.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadPodKubeConfig } from './pod-kubeconfig.ts';

const kubeconfig = (server: string) => `
apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "${server}"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`;

describe('loadPodKubeConfig', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('reads the file it is given, whatever $KUBECONFIG says', () => {
    const d = mkdtempSync(join(tmpdir(), 'frrk8s-pod-kubeconfig-'));
    const file = join(d, 'given');
    writeFileSync(file, kubeconfig('https://given:6443'));
    const other = join(d, 'env');
    writeFileSync(other, kubeconfig('https://env:6443'));
    vi.stubEnv('KUBECONFIG', other);
    expect(loadPodKubeConfig(file).getCurrentCluster()?.server).toBe('https://given:6443');
  });

  it('without a file, takes the service account from the pod environment, not $KUBECONFIG', () => {
    const d = mkdtempSync(join(tmpdir(), 'frrk8s-pod-kubeconfig-'));
    const other = join(d, 'env');
    writeFileSync(other, kubeconfig('https://env:6443'));
    vi.stubEnv('KUBECONFIG', other);
    vi.stubEnv('KUBERNETES_SERVICE_HOST', '10.96.0.1');
    vi.stubEnv('KUBERNETES_SERVICE_PORT', '443');
    expect(loadPodKubeConfig('').getCurrentCluster()?.server).toBe('https://10.96.0.1:443');
  });
});
