// End-to-end tier: the FRR port against a real FRR node peering with a real router. Applying a rendered
// configuration brings the sessions up; the same text again is a no-op; a configuration FRR refuses
// (vtysh at parse time, or bgpd only when applying) fails and leaves the previous one running; changing
// one prefix resets no session; a restarted bgpd is noticed. Last, it measures how long a one-prefix
// change takes to reach the router, with frr-reload.py and with our batched apply (printed, not asserted).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFrrPort, type FrrPort, type Strategy } from '../src/frr/index.ts';
import {
  NODE_ASN,
  ROUTER_ASN,
  Topology,
  renderForNode,
  tierGate,
  waitFor,
  sleep,
  type LabHost,
  type Rib,
} from './env/index.ts';

const gate = tierGate('frr');

/** Service /32s allocated from a pool, as MetalLB advertises them (contiguous, from the pool's start). */
const pool = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `10.100.${Math.floor(i / 250)}.${(i % 250) + 1}/32`);
const BASE = [...pool(10), '2001:db8:100::1/128'];
/** Prefixes outside the pool, added and removed by the tests. */
const extra = (i: number): string => `10.200.${Math.floor(i / 250)}.${(i % 250) + 1}/32`;

function render(node: LabHost, router: LabHost, prefixes: string[], raw?: string): string {
  const v4 = prefixes.filter((p) => !p.includes(':'));
  const v6 = prefixes.filter((p) => p.includes(':'));
  const timers = { connectTime: '1s', holdTime: '3s', keepaliveTime: '1s' };
  const object = {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name: 'metallb', namespace: 'frr-k8s-system' },
    spec: {
      bgp: {
        routers: [
          {
            asn: NODE_ASN,
            id: node.ipv4,
            prefixes,
            neighbors: [
              {
                address: router.ipv4,
                asn: ROUTER_ASN,
                ...timers,
                bfdProfile: 'fast',
                toAdvertise: { allowed: { prefixes: v4 } },
              },
              {
                address: router.ipv6,
                asn: ROUTER_ASN,
                ...timers,
                toAdvertise: { allowed: { prefixes: v6 } },
              },
            ],
          },
        ],
        bfdProfiles: [{ name: 'fast', receiveInterval: 100, transmitInterval: 100 }],
      },
      ...(raw !== undefined ? { raw: { rawConfig: raw } } : {}),
    },
  };
  return renderForNode(node.name, object);
}

/** `median (min–max) ms`. */
const stats = (xs: number[]): string =>
  `${median(xs)} ms${xs.length > 1 ? ` (${Math.min(...xs)}–${Math.max(...xs)})` : ''}`;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : Math.round((s[mid - 1]! + s[mid]!) / 2);
};

/**
 * The router's kernel routing table as events (`ip monitor route` in its namespace): when zebra installs
 * or removes a route learned from the node, without polling vtysh (which would load the 2 cores the
 * measurement runs on).
 */
class RouteMonitor {
  private readonly child: ChildProcess;
  private readonly events: { prefix: string; event: 'add' | 'del'; at: number }[] = [];
  private buffered = '';

  constructor(ns: string) {
    this.child = spawn('ip', ['-n', ns, 'monitor', 'route'], { stdio: ['ignore', 'pipe', 'ignore'] });
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => {
      const at = performance.now();
      const lines = (this.buffered + chunk).split('\n');
      this.buffered = lines.pop() ?? '';
      for (const l of lines) {
        const m = /^(Deleted )?(\S+) .*proto bgp/.exec(l);
        if (m)
          this.events.push({
            prefix: m[2]!.includes('/') ? m[2]! : `${m[2]}/32`,
            event: m[1] ? 'del' : 'add',
            at,
          });
      }
    });
  }

  /** When `prefix` was next added or deleted after `since`. */
  next(prefix: string, event: 'add' | 'del', since: number): Promise<number> {
    return waitFor(
      `the router's kernel to ${event === 'add' ? 'install' : 'remove'} ${prefix}`,
      () => this.events.find((e) => e.prefix === prefix && e.event === event && e.at >= since)?.at,
      // Generous: the clock starts before the apply, which at 1,000 prefixes can take seconds.
      { timeoutMs: 60_000, intervalMs: 5 },
    );
  }

  stop(): void {
    this.child.kill();
  }
}

describe.skipIf(gate.skip)('FRR port: apply only the difference, check it, keep the last good config', () => {
  let topo: Topology;
  let node: LabHost;
  let router: LabHost;
  let port: FrrPort;
  let workDir: string;
  const config = (prefixes: string[], raw?: string): string => render(node, router, prefixes, raw);

  /** Whether the router has `prefix` from BGP in its RIB. */
  async function routerHas(prefix: string): Promise<boolean> {
    const rib = await router.frr.json<Rib>(
      `show ${prefix.includes(':') ? 'ipv6' : 'ip'} route ${prefix} json`,
    );
    return rib[prefix]?.some((e) => e.protocol === 'bgp' && e.installed === true) ?? false;
  }

  /** How the router sees both sessions with the node: state and how often they came up and went down. */
  async function sessions(): Promise<string[]> {
    const nb = await router.frr.bgpNeighbors();
    // BFD too: a flap of the BFD session would take the BGP session's routes down with it.
    const bfd = await router.frr.json<{ peer?: string; 'session-up'?: number; 'session-down'?: number }[]>(
      'show bfd peers counters json',
    );
    const b = bfd.find((x) => x.peer === node.ipv4);
    return [
      ...[node.ipv4, node.ipv6].map(
        (a) =>
          `${a} ${nb[a]?.bgpState} up×${nb[a]?.connectionsEstablished} down×${nb[a]?.connectionsDropped}`,
      ),
      `bfd ${node.ipv4} up×${b?.['session-up']} down×${b?.['session-down']}`,
    ];
  }

  /** Both BGP sessions Established, as the router sees them (BFD aside). */
  const bgpEstablished = (): Promise<boolean> =>
    waitFor('both BGP sessions Established', async () => {
      const nb = await router.frr.bgpNeighbors();
      return [node.ipv4, node.ipv6].every((a) => nb[a]?.bgpState === 'Established');
    });

  /** Both BGP sessions Established and the BFD session up, as the router sees them: a baseline. */
  const established = (): Promise<string[]> =>
    waitFor('both sessions Established and BFD up on the router', async () => {
      const s = await sessions();
      const bfdUp = (await router.frr.bfdPeers()).some((p) => p.peer === node.ipv4 && p.status === 'up');
      return bfdUp && s.filter((x) => x.includes(' Established ')).length === 2 && s;
    });

  beforeAll(async () => {
    gate.assertReady();
    topo = await Topology.create({ nodes: ['node0'] });
    node = topo.nodes[0]!;
    router = topo.router;
    workDir = join(node.frr.paths.base, 'frrk8s');
    port = createFrrPort({
      vtySocketDir: node.frr.paths.run,
      configDir: node.frr.paths.etc,
      workDir,
      restartPollMs: 200,
    });
  });

  afterAll(async () => {
    await topo?.destroy();
  });

  it('a rendered configuration brings both sessions up, BFD after BGP, and no session ever drops', async () => {
    const r = await port.apply(config(BASE));
    expect(r).toMatchObject({ ok: true, changed: true });
    // FRR would flap a BFD-enabled session once on bring-up (FRR #17337), so BFD waits for BGP.
    expect(r.heldBfd).toEqual([router.ipv4]);
    expect(await port.runningConfig()).not.toContain(`neighbor ${router.ipv4} bfd`);
    await bgpEstablished();
    const second = await port.apply(config(BASE));
    expect(second).toMatchObject({ ok: true, changed: true });
    expect(second.heldBfd).toBeUndefined();
    expect(await port.runningConfig()).toContain(`neighbor ${router.ipv4} bfd profile fast`);
    await established();
    // The flap, when it happens, comes 2–3 s after the session is up; give it room to show.
    await sleep(4000);
    expect(await sessions()).toEqual([
      `${node.ipv4} Established up×1 down×0`,
      `${node.ipv6} Established up×1 down×0`,
      `bfd ${node.ipv4} up×1 down×0`,
    ]);
    await waitFor('every prefix on the router', async () =>
      (await Promise.all(BASE.map(routerHas))).every(Boolean),
    );
    // The candidate holds passwords when there are any: only its owner may read it.
    expect(statSync(join(workDir, 'candidate.conf')).mode & 0o777).toBe(0o600);
    expect(await port.runningConfig()).toContain(`neighbor ${router.ipv4} remote-as ${ROUTER_ASN}`);
  });

  it('applying the same text again changes nothing, quickly', async () => {
    const before = await port.runningConfig();
    const first = await port.apply(config(BASE));
    const second = await port.apply(config(BASE));
    expect(first).toMatchObject({ ok: true, changed: false });
    expect(second).toMatchObject({ ok: true, changed: false });
    expect(await port.runningConfig()).toBe(before);
    console.log(
      `frr apply: no-op ${first.millis} ms (frr-reload.py --test), then ${second.millis} ms (hash)`,
    );
  });

  it('a line vtysh cannot parse is refused before FRR is touched', async () => {
    const before = await port.runningConfig();
    const r = await port.apply(
      config([...BASE, extra(0)], `router bgp ${NODE_ASN}\n neighbor ${router.ipv4} no-such-thing\n`),
    );
    expect(r.ok).toBe(false);
    expect(r.changed).toBe(false);
    expect(r.error).toMatch(/Unknown command.*no-such-thing/);
    expect(await port.runningConfig()).toBe(before);
  });

  it('a line only bgpd refuses fails the apply, and the previous configuration keeps running', async () => {
    const before = await port.runningConfig();
    const baseline = await established();
    // vtysh parses it; bgpd refuses it (the neighbor does not exist).
    const raw = `router bgp ${NODE_ASN}\n address-family ipv4 unicast\n  neighbor 192.0.2.99 activate\n exit-address-family\nexit\n`;
    const r = await port.apply(config([...BASE, extra(0)], raw));
    expect(r.ok).toBe(false);
    expect(r.error).toContain('neighbor 192.0.2.99 activate');
    expect(r.error).toContain('% Specify remote-as or peer-group commands first');
    expect(r.error).toContain('The previous configuration was restored.');
    expect(await port.runningConfig()).toBe(before);
    await waitFor(
      'the refused configuration’s prefix to be gone from the router',
      async () => !(await routerHas(extra(0))),
    );
    expect((await Promise.all(BASE.map(routerHas))).every(Boolean)).toBe(true);
    expect(await sessions()).toEqual(baseline);
  });

  it('adding and removing one prefix 20 times resets no session, and each change reaches the router', async () => {
    const baseline = await established();
    const timing = { add: [] as number[], remove: [] as number[] };
    for (let i = 1; i <= 20; i++) {
      const p = extra(i);
      const added = await port.apply(config([...BASE, p]));
      expect(added).toMatchObject({ ok: true, changed: true });
      await waitFor(`${p} on the router`, () => routerHas(p), { timeoutMs: 10_000, intervalMs: 20 });
      timing.add.push(added.millis);
      const removed = await port.apply(config(BASE));
      expect(removed).toMatchObject({ ok: true, changed: true });
      await waitFor(`${p} gone from the router`, async () => !(await routerHas(p)), {
        timeoutMs: 10_000,
        intervalMs: 20,
      });
      timing.remove.push(removed.millis);
    }
    expect(await sessions()).toEqual(baseline);
    console.log(
      `frr apply: 20 × add/remove, apply median ${median(timing.add)} / ${median(timing.remove)} ms; sessions: ${baseline.join(', ')}`,
    );
  }, 240_000);

  it('notices bgpd restarting empty, and applying again brings the routes back', async () => {
    let restarts = 0;
    const stop = port.watchRestarts(() => restarts++);
    try {
      await sleep(600);
      expect(restarts).toBe(0);

      const pid = Number(readFileSync(join(node.frr.paths.run, 'bgpd.pid'), 'utf8').trim());
      process.kill(pid, 'SIGKILL');
      await node.frr.restartDaemon('bgpd');
      await waitFor('watchRestarts to report the restart', () => restarts > 0, { timeoutMs: 10_000 });
      expect(await port.runningConfig()).not.toContain('router bgp');
      await waitFor('the node’s prefixes gone from the router', async () => !(await routerHas(BASE[0]!)));

      // bgpd came back empty: its sessions are new again, so BFD waits for BGP as on first bring-up.
      const r = await port.apply(config(BASE));
      expect(r).toMatchObject({ ok: true, changed: true, heldBfd: [router.ipv4] });
      await bgpEstablished();
      expect(await port.apply(config(BASE))).toMatchObject({ ok: true, changed: true });
      await established();
      await waitFor('every prefix back on the router', async () =>
        (await Promise.all(BASE.map(routerHas))).every(Boolean),
      );
      await sleep(600);
      expect(restarts).toBe(1);
    } finally {
      stop();
    }
  });

  describe('time for a one-prefix change to reach the router (printed, not asserted)', () => {
    const batchedSamples = 10;
    // frr-reload.py is slower; FRRK8S_APPLY_PLAIN_SAMPLES=10 measures it as often as the batched path.
    const plainSamples = Number(process.env['FRRK8S_APPLY_PLAIN_SAMPLES'] ?? 3);
    let monitor: RouteMonitor;

    beforeAll(() => {
      monitor = new RouteMonitor(router.ns);
    });

    afterAll(() => {
      monitor?.stop();
    });

    /** Applies `config` and returns the apply's result and when the router's kernel saw `prefix` come or go. */
    async function timed(p: FrrPort, config: string, prefix: string, event: 'add' | 'del') {
      const t0 = performance.now();
      const [result, at] = await Promise.all([p.apply(config), monitor.next(prefix, event, t0)]);
      return { result, seenAfter: Math.round(at - t0) };
    }

    async function measure(size: number, strategy: Strategy, samples: number): Promise<string> {
      const p = createFrrPort({
        vtySocketDir: node.frr.paths.run,
        configDir: node.frr.paths.etc,
        workDir: join(node.frr.paths.base, `frrk8s-${strategy}`),
        strategy,
      });
      const base = [...pool(size), BASE[BASE.length - 1]!];
      const t = {
        ribAdd: [] as number[],
        applyAdd: [] as number[],
        ribDel: [] as number[],
        applyDel: [] as number[],
      };
      for (let i = 0; i < samples; i++) {
        const prefix = extra(100 + i);
        const added = await timed(p, config([...base, prefix]), prefix, 'add');
        expect(added.result).toMatchObject({ ok: true, changed: true });
        t.ribAdd.push(added.seenAfter);
        t.applyAdd.push(added.result.millis);
        const removed = await timed(p, config(base), prefix, 'del');
        expect(removed.result).toMatchObject({ ok: true, changed: true });
        t.ribDel.push(removed.seenAfter);
        t.applyDel.push(removed.result.millis);
      }
      // 100 at once (a pool of services appearing, then going): deletions are where batching pays.
      const many = Array.from({ length: 100 }, (_, i) => extra(300 + i));
      const added = await timedAll(p, config([...base, ...many]), many, 'add');
      const removed = await timedAll(p, config(base), many, 'del');
      return (
        `${String(size).padStart(5)} prefixes  ${strategy.padEnd(10)}  n=${samples}  ` +
        `add: on router ${stats(t.ribAdd)}, apply ${stats(t.applyAdd)}   ` +
        `remove: gone ${stats(t.ribDel)}, apply ${stats(t.applyDel)}   ` +
        `100 at once: add ${added.seenAfter}/${added.result.millis} ms, remove ${removed.seenAfter}/${removed.result.millis} ms (all on/off router / apply)`
      );
    }

    /** Like timed, until the router saw every one of `prefixes` come or go. */
    async function timedAll(p: FrrPort, config: string, prefixes: string[], event: 'add' | 'del') {
      const t0 = performance.now();
      const [result, ...at] = await Promise.all([
        p.apply(config),
        ...prefixes.map((x) => monitor.next(x, event, t0)),
      ]);
      expect(result).toMatchObject({ ok: true, changed: true });
      return { result, seenAfter: Math.round(Math.max(...at) - t0) };
    }

    for (const size of [10, 1000]) {
      it(`with ${size} advertised prefixes`, async () => {
        const base = [...pool(size), BASE[BASE.length - 1]!];
        const t0 = performance.now();
        expect(await port.apply(config(base))).toMatchObject({ ok: true });
        await waitFor(`${size} prefixes on the router`, async () => {
          const s = await router.frr.json<{ peers?: Record<string, { pfxRcd?: number }> }>(
            'show bgp ipv4 unicast summary json',
          );
          return s.peers?.[node.ipv4]?.pfxRcd === size;
        });
        const load = Math.round(performance.now() - t0);
        const baseline = await established();
        const lines = [
          await measure(size, 'batched', batchedSamples),
          await measure(size, 'frr-reload', plainSamples),
        ];
        console.log(`frr apply timing (load of ${size} prefixes: ${load} ms):\n  ${lines.join('\n  ')}`);
        expect(await sessions()).toEqual(baseline);
      }, 600_000);
    }
  });
});
