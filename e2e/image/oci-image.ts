// The image as hack/build-image.sh leaves it: an OCI archive, unpacked here into a root filesystem
// and the process defaults of its config (user, environment), the way a container runtime would.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../env/index.ts';

const run = promisify(execFile);

export interface UnpackedImage {
  /** The OCI archive it came from. */
  archive: string;
  /** Its reference inside the archive (frrk8s:<inputs hash>). */
  ref: string;
  rootfs: string;
  /** The runtime spec umoci derived from the image config: user, env, cwd, default mounts. */
  spec: RuntimeSpec;
}

export interface RuntimeSpec {
  process: {
    user: { uid: number; gid: number; additionalGids?: number[] };
    args: string[];
    env: string[];
    [k: string]: unknown;
  };
  root: { path: string; readonly?: boolean };
  mounts: { destination: string; type: string; source: string; options?: string[] }[];
  linux: { namespaces: { type: string; path?: string }[]; [k: string]: unknown };
  [k: string]: unknown;
}

/**
 * Builds the image if its inputs changed (minutes), else returns the cached archive at once.
 * FRRK8S_IMAGE_ARCHIVE names an OCI archive to use instead (the FRR tests on a tree that does not
 * build at the moment, as the cluster tier's FRRK8S_CLUSTER_IMAGE does).
 */
export async function buildImage(): Promise<string> {
  const override = process.env['FRRK8S_IMAGE_ARCHIVE'];
  if (override !== undefined && override !== '') return override;
  const { stdout } = await run('bash', [join(REPO_ROOT, 'hack', 'build-image.sh')], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const lines = stdout.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}

/** Unpacks `archive` into `dir` (`dir/bundle/rootfs`, its runtime spec, and the reference it had). */
export async function unpackImage(archive: string, dir: string): Promise<UnpackedImage> {
  const layout = join(dir, 'oci');
  mkdirSync(layout, { recursive: true });
  await run('tar', ['-xf', archive, '-C', layout]);
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as {
    manifests: { annotations?: Record<string, string> }[];
  };
  const ref = index.manifests[0]?.annotations?.['org.opencontainers.image.ref.name'];
  if (ref === undefined) throw new Error(`${archive}: no reference in index.json`);
  await run('umoci', ['unpack', '--image', `${layout}:${ref}`, join(dir, 'bundle')]);
  writeFileSync(join(dir, 'ref'), ref);
  return readUnpacked(archive, dir);
}

/** An image unpackImage left in `dir` (the layout under `dir/oci` may be gone: only the bundle is read). */
export function readUnpacked(archive: string, dir: string): UnpackedImage {
  const bundle = join(dir, 'bundle');
  const spec = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8')) as RuntimeSpec;
  const ref = readFileSync(join(dir, 'ref'), 'utf8');
  return { archive, ref, rootfs: join(bundle, 'rootfs'), spec };
}
