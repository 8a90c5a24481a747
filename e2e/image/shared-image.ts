// One image per test run, unpacked once and shared by every file that runs it (frr10-*, the policy
// behaviour and MetalLB sample files, image.test.ts). Unpacking costs 10-30 s and some 400 MB, and the
// build check hashes the source tree and rebuilds whenever src changed — which in a shared working
// tree can happen between two files of the same run. So:
//   - the archive is chosen once per run: the first file that needs it builds (or finds) it and
//     records its path and digest in the run's session directory (made by e2e/global-setup.ts);
//     the later files read the record instead of calling hack/build-image.sh again;
//   - the unpacked bundle is cached under the image cache, keyed by the manifest digest (content
//     addressed: a rebuilt image with other contents gets another key). It is unpacked into a
//     private directory and renamed into place, so a reader never sees half of one, a killed unpack
//     leaves only a `.unpack-*` directory the next caller removes, and two runs racing at most
//     unpack twice. The tests treat it as read-only: runc mounts it read-only (the DaemonSet's
//     readOnlyRootFilesystem), and the chrooted lab FRR remounts it read-only (./frr-rootfs.ts).
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { processStartTime } from '../env/procfs.ts';
import { volumeMountPaths } from './daemonset.ts';
import { buildImage, readUnpacked, unpackImage, type UnpackedImage } from './oci-image.ts';

const run = promisify(execFile);

/** What e2e/global-setup.ts provides: the run's own directory (removed when the run ends or by the next sweep). */
declare module 'vitest' {
  export interface ProvidedContext {
    e2eSessionDir: string;
  }
}

/** Where unpacked images live: beside the archives hack/build-image.sh caches. */
export const UNPACKED_ROOT = join(
  process.env['FRRK8S_CACHE_DIR'] ??
    join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'frrk8s'),
  'image',
  'unpacked',
);

/** An unpacked image unused this long is removed when another is unpacked (a run touches it on each use). */
const EVICT_AFTER_MS = 6 * 3600_000;

/** The session directory of this run, when the e2e global setup made one. */
function sessionDir(): string | undefined {
  try {
    const dir = inject('e2eSessionDir');
    return typeof dir === 'string' && dir !== '' ? dir : undefined;
  } catch {
    return undefined; // not under vitest's e2e config
  }
}

interface RunImage {
  archive: string;
  /** The manifest digest's hex: the key of its unpacked bundle. */
  key: string;
}

let imageOfThisProcess: Promise<RunImage> | undefined;

async function identify(): Promise<RunImage> {
  const archive = await buildImage();
  return { archive, key: (await manifestDigest(archive)).slice('sha256:'.length) };
}

/**
 * The image of this run: built (or found) by the first caller, recorded with its digest for the
 * others — who then need not read the archive at all once it is unpacked (a build of a newer tree by
 * another process may remove it meanwhile).
 */
export function runImage(): Promise<RunImage> {
  const session = sessionDir();
  if (session === undefined) return (imageOfThisProcess ??= identify());
  const record = join(session, 'image.json');
  if (existsSync(record)) return Promise.resolve(JSON.parse(readFileSync(record, 'utf8')) as RunImage);
  return (imageOfThisProcess ??= identify().then((image) => {
    writeFileSync(`${record}.tmp`, JSON.stringify(image));
    renameSync(`${record}.tmp`, record);
    return image;
  }));
}

/** The manifest digest the archive's index names (`sha256:<hex>`), read without unpacking it. */
export async function manifestDigest(archive: string): Promise<string> {
  const { stdout } = await run('tar', ['-xOf', archive, 'index.json'], { maxBuffer: 1024 * 1024 });
  const digest = (JSON.parse(stdout) as { manifests: { digest?: string }[] }).manifests[0]?.digest;
  if (digest === undefined || !/^sha256:[0-9a-f]{64}$/.test(digest))
    throw new Error(`${archive}: index.json names no manifest digest`);
  return digest;
}

/** Removes unpacks of callers that died mid-way, and bundles no run used for EVICT_AFTER_MS. */
function sweepUnpacked(keep: string): void {
  for (const entry of readdirSync(UNPACKED_ROOT)) {
    const path = join(UNPACKED_ROOT, entry);
    const partial = /^\.unpack-[0-9a-f]+-(\d+)$/.exec(entry);
    if (partial !== null) {
      if (processStartTime(Number(partial[1])) === undefined) rmSync(path, { recursive: true, force: true });
      continue;
    }
    if (entry === keep || !/^[0-9a-f]{64}$/.test(entry)) continue;
    const used = statSync(join(path, 'used'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (Date.now() - used > EVICT_AFTER_MS) rmSync(path, { recursive: true, force: true });
  }
}

/** The image of this run, unpacked once into the shared cache. Never write into its rootfs. */
export async function sharedImage(): Promise<UnpackedImage> {
  const { archive, key } = await runImage();
  const bundle = join(UNPACKED_ROOT, key);
  mkdirSync(UNPACKED_ROOT, { recursive: true });
  if (!existsSync(join(bundle, 'used'))) {
    const scratch = join(UNPACKED_ROOT, `.unpack-${key.slice(0, 16)}-${process.pid}`);
    rmSync(scratch, { recursive: true, force: true });
    try {
      await unpackImage(archive, scratch);
      rmSync(join(scratch, 'oci'), { recursive: true, force: true }); // the layout is only a step
      // runc would make the volumes' mount points missing from the image inside the shared tree.
      // Made from inside it: its absolute symlinks (/var/run -> /run) must resolve there, not here.
      await run('chroot', [join(scratch, 'bundle', 'rootfs'), 'mkdir', '-p', ...volumeMountPaths()]);
      writeFileSync(join(scratch, 'used'), '');
      renameSync(scratch, bundle);
    } catch (err) {
      rmSync(scratch, { recursive: true, force: true });
      // Another run renamed the same image into place first: use theirs.
      if (!existsSync(join(bundle, 'used'))) throw err;
    }
    sweepUnpacked(key);
  }
  const now = new Date();
  utimesSync(join(bundle, 'used'), now, now);
  return readUnpacked(archive, bundle);
}
