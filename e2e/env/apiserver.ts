// A real kube-apiserver backed by a real etcd, both on free 127.0.0.1 ports, with token
// authentication and RBAC, so that tests see the same admission, validation and authorization as a
// cluster. Everything lives in the run's directory and is stopped by PID.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import type { Daemon } from './daemon.ts';
import { startDaemon } from './daemon.ts';
import { freePort } from './ports.ts';
import type { Run } from './runstate.ts';
import { sleep, waitFor } from './wait.ts';

export interface LocalControlPlane {
  /** https://127.0.0.1:PORT */
  server: string;
  /** PEM bundle the server's certificate chains to. */
  caPem: string;
  etcd: Daemon;
  apiserver: Daemon;
  /**
   * Stops the API server (clients see connections refused), waits `downMs`, and starts it again on
   * the same port with the same certificates, so clients reconnect to the same URL. etcd keeps the data.
   */
  restartApiserver(opts?: { downMs?: number; compact?: boolean }): Promise<void>;
  /** Compacts etcd at its current revision: watches resumed from an older resourceVersion get 410. */
  compactEtcd(): Promise<void>;
  stop(): Promise<void>;
}

export interface TokenIdentity {
  token: string;
  user: string;
  uid: string;
  groups: string[];
}

export interface ControlPlaneOptions {
  etcdBin: string;
  apiserverBin: string;
  /** Users for --token-auth-file. */
  identities: TokenIdentity[];
  timeoutMs?: number;
  /** More kube-apiserver flags (the cluster tier routes webhook calls into the lab's namespaces). */
  extraArgs?: string[];
}

export const newToken = (): string => randomBytes(24).toString('hex');

/** GET over plain HTTP; resolves with status and body (never rejects on HTTP errors). */
function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** POST JSON over plain HTTP (etcd's v3 gateway); resolves with status and the parsed body. */
function httpPostJson(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: 'POST', timeout: 5000, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text || 'null') }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** GET over HTTPS with a bearer token, trusting `ca` (or nothing, before the cert exists). */
function httpsGet(url: string, token: string, ca?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        headers: { Authorization: `Bearer ${token}` },
        ca,
        rejectUnauthorized: ca !== undefined,
        timeout: 2000,
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

async function startEtcd(
  run: Run,
  bin: string,
  dir: string,
  timeoutMs: number,
): Promise<{ etcd: Daemon; url: string }> {
  // Ports are chosen, then bound by etcd a moment later; on the rare collision, retry with new ones.
  for (let attempt = 1; ; attempt++) {
    const client = await freePort();
    const peer = await freePort();
    const url = `http://127.0.0.1:${client}`;
    const data = join(dir, `etcd-data-${attempt}`);
    mkdirSync(data, { recursive: true, mode: 0o700 });
    const peerUrl = `http://127.0.0.1:${peer}`;
    const etcd = startDaemon(
      run,
      'etcd',
      bin,
      [
        '--name=frrk8s-e2e',
        `--data-dir=${data}`,
        `--listen-client-urls=${url}`,
        `--advertise-client-urls=${url}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=frrk8s-e2e=${peerUrl}`,
        '--logger=zap',
        '--log-level=warn',
        // Test data is short-lived: no periodic snapshots (etcd 3.4 has no switch to skip fsync).
        '--snapshot-count=100000',
      ],
      { logFile: join(dir, 'etcd.log') },
    );
    try {
      await waitFor(
        'etcd to report healthy',
        async () => {
          if (!etcd.running()) throw new Error(`etcd exited:\n${etcd.tail()}`);
          const res = await httpGet(`${url}/health`);
          return res.status === 200 && res.body.includes('true');
        },
        { timeoutMs },
      );
      return { etcd, url };
    } catch (err) {
      await etcd.stop();
      if (attempt < 3 && /address already in use/.test(etcd.tail())) continue;
      throw err;
    }
  }
}

/** Starts etcd and kube-apiserver for `run`; resolves when /readyz is ok. */
export async function startControlPlane(run: Run, opts: ControlPlaneOptions): Promise<LocalControlPlane> {
  const timeoutMs = opts.timeoutMs ?? 90_000; // generous: CI machines are loaded
  const dir = join(run.dir, 'control-plane');
  const certDir = join(dir, 'certs');
  mkdirSync(certDir, { recursive: true, mode: 0o700 });

  // Service-account token signing key (the daemon's identity comes from the token file, but the
  // API server insists on a signing key and issuer).
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const saKey = join(certDir, 'sa.key');
  writeFileSync(saKey, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });

  // Token file: token,user,uid,"group1,group2"
  const tokenFile = join(certDir, 'tokens.csv');
  writeFileSync(
    tokenFile,
    opts.identities.map((i) => `${i.token},${i.user},${i.uid},"${i.groups.join(',')}"\n`).join(''),
    { mode: 0o600 },
  );
  const admin = opts.identities.find((i) => i.groups.includes('system:masters'));
  if (admin === undefined)
    throw new Error('startControlPlane needs a system:masters identity to probe readiness');

  const { etcd, url: etcdUrl } = await startEtcd(run, opts.etcdBin, dir, timeoutMs);

  const launch = (port: number): Daemon =>
    startDaemon(
      run,
      'kube-apiserver',
      opts.apiserverBin,
      [
        `--etcd-servers=${etcdUrl}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${port}`,
        // 1.20 still opens an unauthenticated port 8080 by default; two runs would collide on it.
        '--insecure-port=0',
        `--cert-dir=${certDir}`,
        `--token-auth-file=${tokenFile}`,
        '--authorization-mode=Node,RBAC',
        `--service-account-key-file=${saKey}`,
        `--service-account-signing-key-file=${saKey}`,
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        '--service-cluster-ip-range=10.96.0.0/16',
        // No kubelets or real service endpoints here: keep the API server from managing them.
        '--endpoint-reconciler-type=none',
        '--enable-priority-and-fairness=false',
        '--profiling=false',
        '--logtostderr=true',
        '--v=0',
        ...(opts.extraArgs ?? []),
      ],
      { logFile: join(dir, 'kube-apiserver.log') },
    );
  const ready = (apiserver: Daemon, server: string) => {
    let caPem: string | undefined;
    return waitFor(
      'kube-apiserver /readyz',
      async () => {
        if (!apiserver.running()) throw new Error(`kube-apiserver exited:\n${apiserver.tail()}`);
        // The server writes its self-signed serving chain (leaf + its CA) before it listens.
        caPem ??= readFileSync(join(certDir, 'apiserver.crt'), 'utf8');
        const res = await httpsGet(`${server}/readyz`, admin.token, caPem);
        return res.status === 200 && caPem;
      },
      { timeoutMs, intervalMs: 200 },
    );
  };

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const server = `https://127.0.0.1:${port}`;
    const apiserver = launch(port);
    try {
      const ca = await ready(apiserver, server);
      const plane: LocalControlPlane = {
        server,
        caPem: ca,
        etcd,
        apiserver,
        async restartApiserver({ downMs = 2000, compact = false } = {}) {
          await plane.apiserver.stop();
          // Compacted while the server is down: every client's last resourceVersion is now too old.
          if (compact) await plane.compactEtcd();
          await sleep(downMs);
          plane.apiserver = launch(port);
          await ready(plane.apiserver, server);
        },
        async compactEtcd() {
          // Any read returns the store's current revision in its header.
          const range = await httpPostJson(`${etcdUrl}/v3/kv/range`, { key: 'AA==' });
          const revision = (range.body as { header?: { revision?: string } }).header?.revision;
          if (revision === undefined)
            throw new Error(`etcd did not say its revision: ${JSON.stringify(range.body)}`);
          const done = await httpPostJson(`${etcdUrl}/v3/kv/compaction`, { revision, physical: true });
          if (done.status !== 200) throw new Error(`etcd compaction failed: ${JSON.stringify(done.body)}`);
        },
        async stop() {
          await plane.apiserver.stop();
          await etcd.stop();
        },
      };
      return plane;
    } catch (err) {
      await apiserver.stop();
      if (attempt < 3 && /address already in use/.test(apiserver.tail())) continue;
      await etcd.stop();
      throw err;
    }
  }
}
