// Runs the containers of a pod spec (the DaemonSet's, read from config/) from the unpacked image with
// runc, as a kubelet would: each container's command, user, groups, capabilities, read-only root and
// volume mounts come from the manifest; emptyDirs are host directories shared by the containers, a
// ConfigMap volume is a directory of its keys; the network is one namespace standing for the node.
// No Kubernetes here — only what the manifest asks of the container runtime.
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RuntimeSpec, UnpackedImage } from './oci-image.ts';

const run = promisify(execFile);

/** What containerd gives a container before the manifest adds or drops anything. */
const DEFAULT_CAPS = [
  'CHOWN',
  'DAC_OVERRIDE',
  'FSETID',
  'FOWNER',
  'MKNOD',
  'NET_RAW',
  'SETGID',
  'SETUID',
  'SETFCAP',
  'SETPCAP',
  'NET_BIND_SERVICE',
  'SYS_CHROOT',
  'KILL',
  'AUDIT_WRITE',
];

export interface ContainerSpec {
  name: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  securityContext?: {
    runAsUser?: number;
    runAsGroup?: number;
    runAsNonRoot?: boolean;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { add?: string[]; drop?: string[] };
  };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[];
}

export interface PodSpec {
  containers: ContainerSpec[];
  volumes: { name: string; emptyDir?: object; configMap?: { name: string } }[];
  securityContext?: { supplementalGroups?: number[] };
}

/** An emptyDir as the kubelet makes one: mode 0777 whatever the umask, so any container user may write. */
function worldWritableDir(path: string): void {
  mkdirSync(path, { recursive: true });
  chmodSync(path, 0o777);
}

/** The kubelet's $(VAR) expansion in command and args, from the container's environment. */
function expandVars(arg: string, env: readonly string[]): string {
  const vars = new Map(env.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  return arg.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => vars.get(name) ?? whole);
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class ImagePod {
  private readonly started = new Map<string, { child: ChildProcess; exited: Promise<number> }>();
  private readonly id = `frrk8s-img-${process.pid}`;
  private readonly stateRoot: string;

  private readonly image: UnpackedImage;
  private readonly pod: PodSpec;
  private readonly dir: string;
  private readonly netns: string;
  /** What the downward API would give a fieldRef (spec.nodeName, metadata.namespace). */
  private readonly fields: Record<string, string>;
  /** Where the containers' cgroups go (a run's, which its cleanup removes); runc's default otherwise. */
  private readonly cgroupParent: string | undefined;

  constructor(
    image: UnpackedImage,
    pod: PodSpec,
    dir: string,
    netns: string,
    configMaps: Record<string, Record<string, string>>,
    fields: Record<string, string>,
    cgroupParent?: string,
  ) {
    this.fields = fields;
    this.cgroupParent = cgroupParent;
    this.image = image;
    this.pod = pod;
    this.dir = dir;
    this.netns = netns;
    this.stateRoot = join(dir, 'runc');
    for (const v of pod.volumes) {
      const path = join(dir, 'volumes', v.name);
      worldWritableDir(path);
      if (v.configMap !== undefined) {
        const data = configMaps[v.configMap.name];
        if (data === undefined) throw new Error(`volume ${v.name}: no ConfigMap ${v.configMap.name}`);
        for (const [key, text] of Object.entries(data)) writeFileSync(join(path, key), text, { mode: 0o644 });
      }
    }
  }

  private container(name: string): ContainerSpec {
    const c = this.pod.containers.find((x) => x.name === name);
    if (c === undefined) throw new Error(`no container ${name}`);
    return c;
  }

  /** The runtime spec for one container; `args` replaces its command (to run a check as it). */
  specFor(name: string, args?: string[]): RuntimeSpec {
    const c = this.container(name);
    const sc = c.securityContext ?? {};
    const base = structuredClone(this.image.spec);
    const uid = sc.runAsUser ?? base.process.user.uid;
    if (sc.runAsNonRoot === true && uid === 0) throw new Error(`${name}: runAsNonRoot with uid 0`);
    const drop = new Set(sc.capabilities?.drop ?? []);
    const caps = [
      ...(drop.has('ALL') ? [] : DEFAULT_CAPS.filter((x) => !drop.has(x))),
      ...(sc.capabilities?.add ?? []),
    ].map((x) => `CAP_${x}`);
    const env = [...base.process.env, ...(c.env ?? []).map((e) => `${e.name}=${this.envValue(e)}`)];
    const mounts = (c.volumeMounts ?? []).map((m) => {
      const source = join(this.dir, 'volumes', m.name, m.subPath ?? '');
      worldWritableDir(source);
      return {
        destination: m.mountPath,
        type: 'bind',
        source,
        options: ['rbind', m.readOnly === true ? 'ro' : 'rw'],
      };
    });
    return {
      ...base,
      // A host-network pod sees the node's hostname, which is its node name.
      hostname: this.fields['spec.nodeName'] ?? base['hostname'],
      process: {
        ...base.process,
        terminal: false,
        args: args ?? [...(c.command ?? []), ...(c.args ?? [])].map((a) => expandVars(a, env)),
        env,
        user: {
          uid,
          gid: sc.runAsGroup ?? base.process.user.gid,
          additionalGids: this.pod.securityContext?.supplementalGroups ?? [],
        },
        capabilities: { bounding: caps, effective: caps, permitted: caps, inheritable: [], ambient: [] },
        noNewPrivileges: sc.allowPrivilegeEscalation === false,
      },
      root: { path: this.image.rootfs, readonly: sc.readOnlyRootFilesystem === true },
      mounts: [...base.mounts, ...mounts],
      linux: {
        ...base.linux,
        namespaces: base.linux.namespaces.map((n) =>
          n.type === 'network' ? { type: 'network', path: `/var/run/netns/${this.netns}` } : n,
        ),
      },
    };
  }

  private envValue(e: NonNullable<ContainerSpec['env']>[number]): string {
    if (e.value !== undefined) return e.value;
    const path = e.valueFrom?.fieldRef?.fieldPath;
    const value = path === undefined ? undefined : this.fields[path];
    if (value === undefined) throw new Error(`env ${e.name}: no value for ${path ?? 'its source'}`);
    return value;
  }

  private bundle(name: string, spec: RuntimeSpec): string {
    const dir = join(this.dir, 'bundles', name);
    mkdirSync(dir, { recursive: true });
    const cgroupsPath =
      this.cgroupParent === undefined ? {} : { cgroupsPath: `${this.cgroupParent}/${this.id}-${name}` };
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ ...spec, linux: { ...spec.linux, ...cgroupsPath } }),
    );
    return dir;
  }

  private runc(...args: string[]): string[] {
    return ['--root', this.stateRoot, ...args];
  }

  /** Runs `args` to completion in a fresh container shaped like `name`. */
  async runAs(name: string, args: string[]): Promise<ExecResult> {
    const id = `${this.id}-${name}-once`;
    const bundle = this.bundle(`${name}-once`, this.specFor(name, args));
    try {
      const { stdout, stderr } = await run('runc', this.runc('run', '--bundle', bundle, id), {
        timeout: 60_000,
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return {
        code: typeof e.code === 'number' ? e.code : -1,
        stdout: e.stdout ?? '',
        stderr: e.stderr ?? '',
      };
    } finally {
      await run('runc', this.runc('delete', '--force', id)).catch(() => undefined);
    }
  }

  /** Starts container `name` with its own command; its output goes to `<dir>/<name>.log`. */
  start(name: string): void {
    const bundle = this.bundle(name, this.specFor(name));
    const log = openSync(join(this.dir, `${name}.log`), 'w');
    const child = spawn('runc', this.runc('run', '--bundle', bundle, `${this.id}-${name}`), {
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    const exited = new Promise<number>((resolve) =>
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : -1))),
    );
    this.started.set(name, { child, exited });
  }

  /** The PID of the `runc run` that started container `name` (its container outlives it if it is killed). */
  runtimePid(name: string): number | undefined {
    return this.started.get(name)?.child.pid;
  }

  /** The host directory behind the pod's volume `name` (an emptyDir or a ConfigMap's keys). */
  volume(name: string): string {
    return join(this.dir, 'volumes', name);
  }

  log(name: string): string {
    return readFileSync(join(this.dir, `${name}.log`), 'utf8');
  }

  /** Runs `args` inside the started container `into`, as the user and groups of container `as`. */
  async exec(into: string, args: string[], as: string = into): Promise<ExecResult> {
    const user = this.specFor(as).process.user;
    const groups = (user.additionalGids ?? []).flatMap((g) => ['--additional-gids', String(g)]);
    try {
      const { stdout, stderr } = await run(
        'runc',
        this.runc('exec', '--user', `${user.uid}:${user.gid}`, ...groups, `${this.id}-${into}`, ...args),
        { timeout: 60_000 },
      );
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return {
        code: typeof e.code === 'number' ? e.code : -1,
        stdout: e.stdout ?? '',
        stderr: e.stderr ?? '',
      };
    }
  }

  /** Sends `signal` to a started container and resolves with its exit status. */
  async stop(name: string, signal = 'TERM'): Promise<number> {
    const c = this.started.get(name);
    if (c === undefined) throw new Error(`${name} was not started`);
    await run('runc', this.runc('kill', `${this.id}-${name}`, signal));
    return c.exited;
  }

  async destroy(): Promise<void> {
    for (const name of this.started.keys()) {
      await run('runc', this.runc('delete', '--force', `${this.id}-${name}`)).catch(() => undefined);
    }
    for (const { child, exited } of this.started.values()) {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    }
    this.started.clear();
  }
}
