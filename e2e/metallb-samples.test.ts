// The MetalLB samples (config/samples/metallb-*.yaml) are what MetalLB writes in FRR-K8s mode: one
// object per node selecting kubernetes.io/hostname, `passwordSecret: {}` on every neighbor, a password
// passed through as a Secret (node-a) or copied in cleartext (node-b). They must be admitted as the
// webhook admits them (`frrk8s validate`), render for their node, and load into FRR 8.4 (the machine's)
// and FRR 10.3 (the image's) with no line refused and none missing from the running configuration —
// and then, on the router's word, bring the sessions up through the password and advertise exactly
// the service prefixes.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { capture } from '../src/cli/test-io.ts';
import { checkInFrr } from './env/frr-check.ts';
import { REPO_ROOT, ROUTER_ASN, Topology, tierGate, waitFor } from './env/index.ts';
import { IMAGE_SETUP_TIMEOUT_MS } from './image/fixture.ts';
import { imageGate } from './image/gate.ts';
import { sharedImage } from './image/shared-image.ts';

const SAMPLES = join(REPO_ROOT, 'config', 'samples');
const NODES = ['node-a', 'node-b'];
/** The samples' password (node-a's Secret, node-b's cleartext), set on the router's IPv4 sessions. */
const PASSWORD = 's3cret-Peer-Key';
/** What the samples advertise to the router over IPv4 and IPv6. */
const ADVERTISED_V4 = ['198.51.100.10/32', '198.51.100.11/32', '203.0.113.0/28'];
const ADVERTISED_V6 = ['2001:db8:100::10/128'];

interface BgpTable {
  routes?: Record<string, unknown[]>;
}
const frrGate = tierGate('frr');
const frr10Gate = imageGate('MetalLB samples on FRR 10.3');

/** `frrk8s <args>` in this process: exit code and output. */
async function frrk8s(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = capture();
  const code = await main(args, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe('the MetalLB samples are admitted', () => {
  it('validate: no problem, and each node selects its own metallb-<node> object', async () => {
    const r = await frrk8s('validate', '-o', 'json', '-f', SAMPLES);
    const result = JSON.parse(r.stdout) as {
      valid: boolean;
      problems: unknown[];
      nodes: { name: string; selected: string[] }[];
    };
    expect(result.problems).toEqual([]);
    expect(result.valid).toBe(true);
    expect(r.code).toBe(0);
    for (const node of NODES)
      expect(result.nodes.find((n) => n.name === node)?.selected).toContain(`frr-k8s-system/metallb-${node}`);
  });
});

const FRRS = [
  { name: "FRR 8.4 (the machine's)", version: '8.4', skip: frrGate.skip, image: false },
  { name: "FRR 10.3 (the image's)", version: '10.3', skip: frrGate.skip || frr10Gate.skip, image: true },
];

for (const frr of FRRS)
  describe.skipIf(frr.skip)(`the MetalLB samples load into ${frr.name}`, () => {
    let topo: Topology | undefined;
    let rootfs: string | undefined;

    beforeAll(async () => {
      frrGate.assertReady();
      if (frr.image) {
        frr10Gate.assertReady();
        rootfs = (await sharedImage()).rootfs;
      }
      topo = await Topology.create({
        nodes: NODES,
        ...(rootfs === undefined ? {} : { nodeRootfs: rootfs }),
      });
      // The router's end of the password: a session comes up only if the node's FRR got the same one.
      await topo.router.frr.vtysh(
        'configure terminal',
        `router bgp ${ROUTER_ASN}`,
        ...NODES.map((n) => `neighbor ${topo!.node(n).ipv4} password ${PASSWORD}`),
      );
    }, IMAGE_SETUP_TIMEOUT_MS);

    afterAll(async () => {
      await topo?.destroy();
    });

    it.each(NODES)(
      '%s: rendered for its node, nothing refused or missing, its prefixes on the router',
      async (node) => {
        const r = await frrk8s(
          'render',
          '-f',
          SAMPLES,
          '--node',
          node,
          '--frr-version',
          frr.version,
          '--show-secrets',
        );
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        // Both neighbors' objects made it in: the password (from the Secret or cleartext) and BFD.
        expect(r.stdout).toContain(` neighbor 192.0.2.1 password ${PASSWORD}`);
        expect(r.stdout).toContain(' neighbor 192.0.2.1 bfd profile fast');
        const check = checkInFrr(topo!.node(node).frr, r.stdout, `${node}.conf`);
        expect(check.refused).toEqual([]);
        // FRR shows the kernel's hostname, and the lab's namespaces share the machine's; on a node that
        // is the node name, which is what render writes.
        expect(check.notRunning).toEqual([`hostname ${node}`]);
        // On the router's word: the password matched (TCP MD5 lets no session up otherwise), and exactly
        // the service prefixes arrived over each session.
        const { ipv4, ipv6 } = topo!.node(node);
        const received = async (family: string, peer: string, count: number): Promise<string[]> => {
          const table = await waitFor(`${node}'s ${family} prefixes on the router`, async () => {
            const t = await topo!.router.frr.json<BgpTable>(
              `show bgp ${family} unicast neighbors ${peer} routes json`,
            );
            return Object.keys(t.routes ?? {}).length >= count && t;
          });
          return Object.keys(table.routes ?? {}).sort();
        };
        expect(await received('ipv4', ipv4, ADVERTISED_V4.length)).toEqual(ADVERTISED_V4);
        expect(await received('ipv6', ipv6, ADVERTISED_V6.length)).toEqual(ADVERTISED_V6);
      },
    );
  });
