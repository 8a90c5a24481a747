// The kubeconfig is found as kubectl finds it, and each way of not finding one is KUBECONFIG_UNREADABLE.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClusterReadError } from './cluster-read-error.ts';
import { loadUserKubeConfig } from './user-kubeconfig.ts';

const kubeconfig = (context: string, server: string, extraContext?: string) => `
apiVersion: v1
kind: Config
clusters: [{name: c-${context}, cluster: {server: "${server}"}}]
users: [{name: u-${context}, user: {token: t}}]
contexts:
  - {name: ${context}, context: {cluster: c-${context}, user: u-${context}}}
${extraContext ? `  - {name: ${extraContext}, context: {cluster: c-${context}, user: u-${context}}}` : ''}
current-context: ${context}
`;

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'frrk8s-kubeconfig-'));
}

function codeOf(load: () => unknown): string | undefined {
  try {
    load();
  } catch (err) {
    if (err instanceof ClusterReadError) return `${err.code}: ${err.message}`;
    throw err;
  }
  return undefined;
}

describe('loadUserKubeConfig', () => {
  it('--kubeconfig first, then $KUBECONFIG, then ~/.kube/config', () => {
    const d = dir();
    const file = join(d, 'explicit');
    writeFileSync(file, kubeconfig('explicit', 'https://explicit:6443'));
    const fromEnv = join(d, 'env');
    writeFileSync(fromEnv, kubeconfig('env', 'https://env:6443'));
    mkdirSync(join(d, '.kube'));
    writeFileSync(join(d, '.kube', 'config'), kubeconfig('home', 'https://home:6443'));
    const env = { KUBECONFIG: fromEnv };
    const server = (kc: ReturnType<typeof loadUserKubeConfig>) => kc.getCurrentCluster()?.server;
    expect(server(loadUserKubeConfig({ file, env, home: d }))).toBe('https://explicit:6443');
    expect(server(loadUserKubeConfig({ env, home: d }))).toBe('https://env:6443');
    expect(server(loadUserKubeConfig({ env: {}, home: d }))).toBe('https://home:6443');
  });

  it('reads the files of a $KUBECONFIG list that exist, the first one’s context winning', () => {
    const d = dir();
    const [a, b] = [join(d, 'a'), join(d, 'b')];
    writeFileSync(a, kubeconfig('a', 'https://a:6443'));
    writeFileSync(b, kubeconfig('b', 'https://b:6443'));
    const env = { KUBECONFIG: [join(d, 'missing'), a, b].join(delimiter) };
    const kc = loadUserKubeConfig({ env, home: d });
    expect(kc.getCurrentCluster()?.server).toBe('https://a:6443');
    expect(loadUserKubeConfig({ env, home: d, context: 'b' }).getCurrentCluster()?.server).toBe(
      'https://b:6443',
    );
  });

  it('a $KUBECONFIG list whose files share names takes each name from the first file, as kubectl does', () => {
    // Generated kubeconfigs often reuse names (cluster "kubernetes", user "kubernetes-admin"): before,
    // client-node's merge threw "Duplicate cluster" on the second file.
    const d = dir();
    const [a, b] = [join(d, 'a'), join(d, 'b')];
    writeFileSync(a, kubeconfig('same', 'https://a:6443'));
    writeFileSync(b, kubeconfig('same', 'https://b:6443', 'only-b'));
    const env = { KUBECONFIG: [a, b].join(delimiter) };
    const kc = loadUserKubeConfig({ env, home: d });
    expect(kc.getCurrentCluster()?.server).toBe('https://a:6443');
    expect(kc.getContexts().map((c) => c.name)).toEqual(['same', 'only-b']);
    // only-b names the cluster c-same, which the first file defines: that one is used.
    expect(loadUserKubeConfig({ env, home: d, context: 'only-b' }).getCurrentCluster()?.server).toBe(
      'https://a:6443',
    );
  });

  it('nothing to read, an unreadable file, or an unknown --context is KUBECONFIG_UNREADABLE', () => {
    const d = dir();
    expect(codeOf(() => loadUserKubeConfig({ env: {}, home: d }))).toMatch(
      /^KUBECONFIG_UNREADABLE: no kubeconfig: none given with --kubeconfig, \$KUBECONFIG is unset, .*\.kube\/config does not exist/,
    );
    expect(codeOf(() => loadUserKubeConfig({ file: join(d, 'nope'), env: {}, home: d }))).toMatch(
      /^KUBECONFIG_UNREADABLE: .*nope: ENOENT/,
    );
    const broken = join(d, 'broken');
    writeFileSync(broken, 'clusters: [');
    expect(codeOf(() => loadUserKubeConfig({ file: broken, env: {}, home: d }))).toMatch(
      /^KUBECONFIG_UNREADABLE: .*broken: /,
    );
    const ok = join(d, 'ok');
    writeFileSync(ok, kubeconfig('one', 'https://one:6443', 'two'));
    expect(codeOf(() => loadUserKubeConfig({ file: ok, context: 'three', env: {}, home: d }))).toBe(
      `KUBECONFIG_UNREADABLE: ${ok}: --context "three" is not one of its contexts (one, two)`,
    );
    expect(codeOf(() => loadUserKubeConfig({ env: { KUBECONFIG: join(d, 'gone') }, home: d }))).toMatch(
      /^KUBECONFIG_UNREADABLE: \$KUBECONFIG \(.*gone\): none of its files exists$/,
    );
  });
});
