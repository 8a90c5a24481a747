// The container image, built by hack/build-image.sh from the Dockerfile, run with runc the way the
// DaemonSet in config/frr-k8s asks: the frrk8s container's user, groups, capabilities and read-only
// root, and FRR's container starting FRR's daemons from the startup ConfigMap, sharing FRR's socket
// directory with the frrk8s container. Root only (runc, network namespaces).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listNetns, processStartTime, REPO_ROOT, Run, waitFor } from './env/index.ts';
import { daemonSetPod } from './image/daemonset.ts';
import { FRR10_DAEMONS, waitForFrr } from './image/frr-ready.ts';
import { imageGate } from './image/gate.ts';
import { nodeNetns } from './image/fixture.ts';
import type { UnpackedImage } from './image/oci-image.ts';
import { ImagePod } from './image/pod.ts';
import type { ContainerSpec, PodSpec } from './image/pod.ts';
import { sharedImage } from './image/shared-image.ts';

const gate = imageGate('image');

const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;
const NODE = 'image-node';

type HttpProbe = { httpGet?: { host: string; port: number; path: string } };
type ProbedContainer = ContainerSpec & {
  livenessProbe?: HttpProbe;
  readinessProbe?: HttpProbe;
  startupProbe?: { exec?: { command: string[] } };
};

describe.skipIf(gate.skip)('the container image', () => {
  let run: Run | undefined;
  let image: UnpackedImage;
  let pod: ImagePod;
  let podSpec: PodSpec;

  beforeAll(async () => {
    gate.assertReady();
    image = await sharedImage();
    run = Run.create();
    const { spec, startup: cm } = daemonSetPod();
    // The pod uses the node's network; this namespace stands for the node.
    const netns = await nodeNetns(run);
    podSpec = spec;
    pod = new ImagePod(
      image,
      podSpec,
      run.dir,
      netns,
      { [cm.metadata?.name ?? '']: cm.data },
      { 'spec.nodeName': NODE, 'metadata.namespace': 'frr-k8s-system' },
      run.cgroupParent,
    );
  }, 20 * 60_000);

  afterAll(async () => {
    await pod?.destroy();
    run?.close();
  });

  it('is an archive under 250 MB', () => {
    const mb = statSync(image.archive).size / 1e6;
    console.log(`image ${image.ref}: archive ${mb.toFixed(0)} MB`);
    expect(mb).toBeLessThan(250);
  });

  it('runs `frrk8s --version` as the frrk8s container: uid 101, no capabilities, read-only root', async () => {
    const version = await pod.runAs('frrk8s', ['frrk8s', '--version']);
    expect(version).toMatchObject({ code: 0 });
    expect(version.stdout.trim()).toBe(VERSION);
    const id = await pod.runAs('frrk8s', ['sh', '-c', 'id -u; id -G; grep CapEff /proc/self/status']);
    expect(id.stdout.split('\n').slice(0, 3)).toEqual(['101', '101 102', 'CapEff:\t0000000000000000']);
    const write = await pod.runAs('frrk8s', ['touch', '/opt/frrk8s/x']);
    expect(write.code).not.toBe(0);
    expect(write.stderr).toContain('Read-only file system');
  });

  it("carries Debian's node 20, FRR 10.3's vtysh and frr-reload.py", async () => {
    expect((await pod.runAs('frrk8s', ['node', '--version'])).stdout).toMatch(/^v20\.\d+\.\d+\n$/);
    const vtysh = await pod.runAs('frrk8s', ['vtysh', '--help']);
    expect(vtysh.stdout).toContain('Integrated shell for FRR (version 10.3)');
    const reload = await pod.runAs('frrk8s', ['/usr/lib/frr/frr-reload.py', '--help']);
    expect(reload).toMatchObject({ code: 0 });
    expect(reload.stdout).toContain('--test');
  });

  it("starts FRR's daemons in the FRR container from the startup ConfigMap's files", async () => {
    pod.start('frr');
    const version = await waitFor(
      'FRR to answer vtysh',
      async () => {
        const r = await pod.exec('frr', ['vtysh', '-c', 'show version']);
        return r.code === 0 ? r.stdout : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}\nFRR container log:\n${pod.log('frr')}`);
    });
    expect(version).toMatch(/^FRRouting 10\.3\b/);
    const daemons = await waitForFrr(pod);
    expect(daemons).toEqual(expect.arrayContaining(FRR10_DAEMONS));
    // The FRR container's startupProbe, as the manifest writes it, now passes.
    const frr = podSpec.containers.find((c) => c.name === 'frr') as ProbedContainer;
    const startupProbe = frr.startupProbe?.exec?.command;
    if (startupProbe === undefined) throw new Error('the frr container has no startupProbe exec');
    expect(await pod.exec('frr', startupProbe)).toMatchObject({ code: 0 });
    const running = (await pod.exec('frr', ['vtysh', '-c', 'show running-config'])).stdout;
    // From the ConfigMap's frr.conf and vtysh.conf.
    expect(running).toContain('frr defaults traditional');
    expect(running).toContain('log stdout informational');
    expect(running).toContain('service integrated-vtysh-config');
  });

  it('lets the frrk8s container use FRR through the shared socket directory: vtysh and frr-reload.py --test', async () => {
    const version = await pod.runAs('frrk8s', [
      'vtysh',
      '--vty_socket',
      '/var/run/frr',
      '-c',
      'show version',
    ]);
    expect(version).toMatchObject({ code: 0 });
    expect(version.stdout).toMatch(/^FRRouting 10\.3\b/);
    const candidate = 'frr defaults traditional\nlog stdout informational\nrouter bgp 64512\nexit\n';
    const test = await pod.runAs('frrk8s', [
      'sh',
      '-c',
      `printf '${candidate}' > /tmp/candidate.conf && /usr/lib/frr/frr-reload.py --test --stdout ` +
        '--vty_socket /var/run/frr --confdir /etc/frr --rundir /var/run/frrk8s /tmp/candidate.conf',
    ]);
    expect(test).toMatchObject({ code: 0 });
    expect(test.stdout).toMatch(/Lines To Add\n=+\nrouter bgp 64512\n/);
  });

  it("starts the frrk8s container with the DaemonSet's own command, and serves the probes it points at", async () => {
    // No API server here: the daemon starts, serves its endpoints and keeps retrying the API, which is
    // what it does on a node before the API server is reachable.
    pod.start('frrk8s');
    const started = await waitFor(
      'the daemon to serve its endpoints',
      () => pod.log('frrk8s').includes('"msg":"serving metrics and probes"') && pod.log('frrk8s'),
      { timeoutMs: 30_000, intervalMs: 250 },
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}\nfrrk8s container log:\n${pod.log('frrk8s')}`);
    });
    expect(started).toContain(`"node":"${NODE}"`);
    // As the kubelet probes: an HTTP GET to the host, port and path the manifest names, from the
    // node's network.
    const container = podSpec.containers.find((c) => c.name === 'frrk8s') as ProbedContainer;
    const probe = async (which: 'livenessProbe' | 'readinessProbe'): Promise<string> => {
      const get = container[which]?.httpGet;
      if (get === undefined) throw new Error(`the frrk8s container has no ${which} httpGet`);
      const url = `http://${get.host}:${String(get.port)}${get.path}`;
      const r = await pod.runAs('frrk8s', [
        'node',
        '-e',
        `fetch('${url}').then((r) => console.log(r.status))`,
      ]);
      return r.stdout.trim();
    };
    expect(await probe('livenessProbe')).toBe('200');
    // Not ready: it has never reached the API server, so it has applied nothing.
    expect(await probe('readinessProbe')).toBe('503');
    expect(await pod.stop('frrk8s', 'TERM')).toBe(0);
  });

  it('stops FRR gracefully on SIGTERM and exits 0', async () => {
    expect(await pod.stop('frr', 'TERM')).toBe(0);
    const log = pod.log('frr');
    // frrinit.sh stops the daemons in parallel, so their lines can run into each other.
    for (const d of FRR10_DAEMONS) expect(log).toMatch(new RegExp(`Stopped ${d}(?![a-z])`));
  });
});

/** The cgroups a run's containers left, in every hierarchy. */
const cgroupsOf = (run: Run): string[] =>
  readdirSync('/sys/fs/cgroup')
    .map((h) => join('/sys/fs/cgroup', h, run.cgroupParent))
    .filter((p) => existsSync(p));

describe.skipIf(gate.skip)('an image run closed with its containers still running', () => {
  it('leaves no container process, namespace, cgroup or file, even when runc was killed first', async () => {
    const { spec, startup } = daemonSetPod();
    const image = await sharedImage();
    const run = Run.create();
    try {
      const ns = await nodeNetns(run);
      const pod = new ImagePod(
        image,
        spec,
        join(run.dir, 'pod'),
        ns,
        { 'frr-startup': startup.data },
        { 'spec.nodeName': NODE, 'metadata.namespace': 'frr-k8s-system' },
        run.cgroupParent,
      );
      pod.start('frr');
      await waitForFrr(pod);
      // A killed test process leaves runc orphaned or dead, so runc never removes the container's
      // cgroups itself: kill it outright, as that would.
      process.kill(pod.runtimePid('frr')!, 'SIGKILL');
      const pids = execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map(Number);
      // Everything is there before the cleanup: the checks below cannot pass vacuously.
      expect(pids.length).toBeGreaterThan(0);
      expect(cgroupsOf(run).length).toBeGreaterThan(0);
      // What the next run's sweep does for a dead owner (the same cleanup): no pod.stop, no destroy.
      run.close();
      expect(listNetns()).not.toContain(ns);
      expect(pids.filter((p) => processStartTime(p) !== undefined)).toEqual([]);
      expect(cgroupsOf(run)).toEqual([]);
      expect(existsSync(run.dir)).toBe(false);
    } finally {
      run.close();
    }
  });
});
