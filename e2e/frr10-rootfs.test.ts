// The image's root filesystem as the lab's FRR 10.3 uses it (e2e/env/frr-rootfs.ts): one unpacked
// copy shared by every file of the run, so a chrooted program must not be able to write into it, and
// the mounts each chrooted program needs must stay in its private namespace and go with it — which is
// all the run-state sweep does after a SIGKILL: kill what runs in the run's network namespaces.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chrooted, prepareScratch, rootfsUser } from './env/frr-rootfs.ts';
import { Run, waitFor } from './env/index.ts';
import { addNetns } from './env/netns.ts';
import { deleteNetnsSync } from './env/runstate.ts';
import { IMAGE_SETUP_TIMEOUT_MS } from './image/fixture.ts';
import { imageGate } from './image/gate.ts';
import { sharedImage } from './image/shared-image.ts';

const gate = imageGate('the FRR 10.3 root filesystem');
const exec = promisify(execFile);

/** PIDs of every process whose mount table mentions `path` (bind mounts show it as the source's path). */
function processesMounting(path: string): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/mountinfo`, 'utf8').includes(path);
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

describe.skipIf(gate.skip)('the shared FRR 10.3 root filesystem', () => {
  let run: Run | undefined;
  let rootfs = '';
  let base = '';

  beforeAll(async () => {
    gate.assertReady();
    rootfs = (await sharedImage()).rootfs;
    run = Run.create();
    base = join(run.dir, 'instance');
    mkdirSync(join(base, 'run'), { recursive: true });
    prepareScratch(base, rootfsUser(rootfs, 'frr'));
  }, IMAGE_SETUP_TIMEOUT_MS);

  afterAll(() => run?.close());

  it("is read-only to a chrooted program; FRR's writable paths are the instance's own dirs", async () => {
    const probe = `frrk8s-probe-${String(process.pid)}`;
    const c = chrooted(rootfs, base, undefined, [
      'sh',
      '-c',
      `touch /etc/${probe}; touch /var/lib/frr/${probe} /var/tmp/frr/${probe} /tmp/${probe}`,
    ]);
    const r = await exec(c.cmd, c.args).catch((err: { code?: number; stderr?: string }) => err);
    const written = existsSync(join(rootfs, 'etc', probe));
    rmSync(join(rootfs, 'etc', probe), { force: true }); // a failing run leaves the shared copy clean
    expect(r.stderr).toContain(`/etc/${probe}': Read-only file system`);
    expect(written).toBe(false);
    for (const d of ['var/lib/frr', 'var/tmp/frr', 'tmp']) {
      expect(existsSync(join(base, 'scratch', d, probe)), d).toBe(true);
      expect(existsSync(join(rootfs, d, probe)), d).toBe(false);
    }
  });

  it('its mounts stay in the program’s namespace and go when the sweep kills what runs in the netns', async () => {
    const ns = run!.netnsName('node');
    await addNetns(ns);
    const c = chrooted(rootfs, base, ns, ['sleep', '600']);
    const child = spawn(c.cmd, c.args, { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // The mounts exist (the check below cannot pass vacuously)...
    // A bind mount's line names its source relative to that source's filesystem: match the run's part.
    const mark = `/${run!.id}/instance`;
    await waitFor('the chrooted program to mount the instance', () =>
      processesMounting(mark).includes(child.pid!),
    );
    // ...in its namespace only: the host's mount table never shows them.
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(mark);
    // What the next run's sweep does for a killed one: kill what runs in the namespace, delete it.
    deleteNetnsSync(ns);
    await exited;
    expect(processesMounting(mark)).toEqual([]);
  });
});
