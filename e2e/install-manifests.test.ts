// API-server tier: what users install (config/default through kustomize, and the all-in-one file
// rendered from it) is accepted by a real kube-apiserver's own validation, can be applied, and gives
// the daemon's ServiceAccount exactly what config/rbac grants — which e2e/api.test.ts checks grant by
// grant. The staleness check of the all-in-one lives here because rendering needs Debian's kubectl.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  apiRequest,
  CRD_DIR,
  DAEMON_NAMESPACE,
  inCI,
  RBAC_DIR,
  readManifests,
  REPO_ROOT,
  startApiEnv,
  tierGate,
  waitFor,
} from './env/index.ts';
import type { ApiEnv } from './env/index.ts';
import { cacheDir } from './env/prereqs.ts';
import { describeObject, ResourcePaths, serverSideApply } from './install/server-apply.ts';
import { allowedRules } from './install/rules.ts';

const ALL_IN_ONE = join(REPO_ROOT, 'config', 'all-in-one', 'frrk8s.yaml');
const KUBECTL = join(cacheDir(), 'kubectl');
const REVIEWED_NAMESPACES = [DAEMON_NAMESPACE, 'default', 'kube-system'];

const gate = tierGate('api');
const noKubectl = !existsSync(KUBECTL);
if (noKubectl && !gate.skip && !inCI()) {
  console.warn(`[skipped] install manifests: missing ${KUBECTL}; install with: sudo hack/install-prereqs.sh`);
}

function readAllInOne(): KubernetesObject[] {
  return parseAllDocuments(readFileSync(ALL_IN_ONE, 'utf8'))
    .map((d) => d.toJS() as KubernetesObject | null)
    .filter((o): o is KubernetesObject => o !== null && typeof o === 'object');
}

interface Container {
  name: string;
  image?: string;
  args?: string[];
  resources?: object;
  ports?: { containerPort: number }[];
  securityContext?: { capabilities?: { add?: string[]; drop?: string[] }; runAsNonRoot?: boolean };
}
interface DaemonSet extends KubernetesObject {
  spec: { template: { spec: { hostNetwork?: boolean; containers: Container[] } } };
}

describe.skipIf(gate.skip || (noKubectl && !inCI()))('install manifests on a real API server', () => {
  let env: ApiEnv;
  let objects: KubernetesObject[];
  let paths: ResourcePaths;

  beforeAll(async () => {
    gate.assertReady();
    if (noKubectl) throw new Error(`missing ${KUBECTL}; install with: sudo hack/install-prereqs.sh`);
    env = await startApiEnv();
    objects = readAllInOne();
    paths = new ResourcePaths(env.admin);
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('config/all-in-one/frrk8s.yaml is what config/default renders to now (else: hack/generate-all-in-one.sh)', () => {
    const rendered = execFileSync('bash', [join(REPO_ROOT, 'hack', 'generate-all-in-one.sh'), '--stdout'], {
      encoding: 'utf8',
    });
    expect(readFileSync(ALL_IN_ONE, 'utf8')).toBe(rendered);
  });

  it('carries every generated CRD and every RBAC object, the namespace and the node DaemonSet', () => {
    const have = new Set(objects.map(describeObject));
    const want = [...readManifests(CRD_DIR), ...readManifests(RBAC_DIR)].map(describeObject);
    expect(want.filter((w) => !have.has(w))).toEqual([]);
    expect(have).toContain(`Namespace/${DAEMON_NAMESPACE}`);
    expect(have).toContain(`DaemonSet/${DAEMON_NAMESPACE}/frr-k8s`);
    expect(have).toContain(`ConfigMap/${DAEMON_NAMESPACE}/frr-startup`);
  });

  it('every object passes server-side dry-run', async () => {
    const refused: string[] = [];
    for (const obj of objects) {
      const res = await serverSideApply(env.admin, paths, obj, { dryRun: true });
      if (res.status !== 200 && res.status !== 201) {
        refused.push(`${describeObject(obj)}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    expect(refused).toEqual([]);
  });

  it('dry-run does validate: a DaemonSet with an impossible port is refused, citing the field', async () => {
    const ds = structuredClone(objects.find((o) => o.kind === 'DaemonSet')) as DaemonSet;
    const frrk8s = ds.spec.template.spec.containers.find((c) => c.name === 'frrk8s');
    const port = frrk8s?.ports?.[0];
    if (port === undefined) throw new Error('the frrk8s container declares no port');
    port.containerPort = 70000;
    const res = await serverSideApply(env.admin, paths, ds, { dryRun: true });
    expect(res.status).toBe(422);
    const causes = (res.body as { details: { causes: { field: string }[] } }).details.causes;
    const index = ds.spec.template.spec.containers.indexOf(frrk8s as Container);
    expect(causes.map((c) => c.field)).toContain(
      `spec.template.spec.containers[${index}].ports[0].containerPort`,
    );
    // Nothing was stored by the dry runs.
    const stored = await apiRequest(env.admin, 'GET', await paths.of(ds));
    expect(stored.status).toBe(404);
  });

  it('the example overlay renders with its changes on the right containers, and passes dry-run', async () => {
    const rendered = execFileSync(KUBECTL, ['kustomize', join(REPO_ROOT, 'config', 'overlay-example')], {
      encoding: 'utf8',
    });
    const docs = parseAllDocuments(rendered).map((d) => d.toJS() as KubernetesObject);
    const ds = docs.find((o) => o.kind === 'DaemonSet') as DaemonSet;
    const byName = Object.fromEntries(ds.spec.template.spec.containers.map((c) => [c.name, c]));
    expect(byName['frrk8s']?.args).toContain('--always-block=10.96.0.0/12,fd00:10:96::/112');
    expect(byName['frr']?.args ?? []).not.toContain('--always-block=10.96.0.0/12,fd00:10:96::/112');
    expect(byName['frrk8s']?.resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { memory: '512Mi' },
    });
    expect(ds.spec.template.spec.containers.map((c) => c.image)).toEqual([
      'registry.example.com/frrk8s:0.1.0',
      'registry.example.com/frrk8s:0.1.0',
    ]);
    const res = await serverSideApply(env.admin, paths, ds, { dryRun: true });
    expect([200, 201], JSON.stringify(res.body)).toContain(res.status);
  });

  it("applied for real, the daemon's ServiceAccount gets exactly what config/rbac grants", async () => {
    // The environment installed config/rbac itself: that is the reference.
    const reference = await allowedRules(env.daemon, REVIEWED_NAMESPACES);
    expect(reference).toContain(`${DAEMON_NAMESPACE} core secrets list`);
    // Take config/rbac away, and wait until the authorizer has forgotten it.
    for (const obj of readManifests(RBAC_DIR)) {
      const res = await apiRequest(env.admin, 'DELETE', await paths.of(obj));
      expect(res.status, describeObject(obj)).toBe(200);
    }
    await waitFor(
      'the daemon to lose its grants',
      async () => !(await allowedRules(env.daemon, REVIEWED_NAMESPACES)).some((r) => r.includes('secrets')),
    );
    // Install everything from the all-in-one, for real.
    for (const obj of objects) {
      const res = await serverSideApply(env.admin, paths, obj, { dryRun: false });
      expect([200, 201], `${describeObject(obj)}: ${JSON.stringify(res.body)}`).toContain(res.status);
    }
    // The authorizer learns the new bindings through a watch: wait, then compare what was last seen,
    // so a difference shows as a diff of grants rather than as a timeout.
    let deployed: string[] = [];
    await waitFor(
      'the deployed RBAC to equal config/rbac',
      async () => {
        deployed = await allowedRules(env.daemon, REVIEWED_NAMESPACES);
        return deployed.join('\n') === reference.join('\n');
      },
      { timeoutMs: 15_000 },
    ).catch(() => undefined);
    expect(deployed).toEqual(reference);
  });

  it('stores the DaemonSet as written: host network, FRR capabilities only on the FRR container', async () => {
    const res = await apiRequest(
      env.admin,
      'GET',
      `/apis/apps/v1/namespaces/${DAEMON_NAMESPACE}/daemonsets/frr-k8s`,
    );
    expect(res.status).toBe(200);
    const spec = (res.body as DaemonSet).spec.template.spec;
    expect(spec.hostNetwork).toBe(true);
    const byName = Object.fromEntries(spec.containers.map((c) => [c.name, c.securityContext]));
    expect(byName['frr']?.capabilities?.add?.sort()).toEqual([
      'NET_ADMIN',
      'NET_BIND_SERVICE',
      'NET_RAW',
      'SYS_ADMIN',
    ]);
    expect(byName['frrk8s']?.capabilities).toEqual({ drop: ['ALL'] });
    expect(byName['frrk8s']?.runAsNonRoot).toBe(true);
  });
});
