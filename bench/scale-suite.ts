// `npm run bench -- scale`: issue 11's figures. In-process (always): status writes and FRR applies
// caused by one unrelated change across simulated nodes, and one node's reconcile CPU among 2N objects
// against validating them all (the per-reconcile cost before the object cache). With the API-server
// and FRR tiers (as root): the real daemon's peak RSS, CPU per change and FRRNodeState size at N Nodes,
// against the same daemon with its own objects only, in the same run.
import { daemonAtScale, type DaemonFigures } from './scale-daemon.ts';
import { reconcileCpu, statusWritesAcrossNodes } from './scale-writes.ts';

export interface ScaleSuiteOptions {
  /** Nodes of the real API server's cluster (objects: twice as many). */
  nodes: number;
  /** Simulated nodes for the status-writes count. */
  simulated: number;
  /** Skip the real API server and FRR part. */
  inProcessOnly: boolean;
  /** NODE_OPTIONS to measure the daemon with as well, at cluster size (V8 heap caps). */
  heapCaps: string[];
}

const ms = (x: number): string => `${x.toFixed(1)} ms`;
const mb = (x: number): string => `${x.toFixed(0)} MB`;
const kb = (x: number): string => `${(x / 1024).toFixed(1)} KB`;

export async function runScaleSuite(o: ScaleSuiteOptions): Promise<boolean> {
  const writes = await statusWritesAcrossNodes(o.simulated);
  console.log(
    `scale: one change to node 7's object, ${writes.nodes} simulated nodes (${writes.objects} objects, ` +
      `in-process reconcilers): ${writes.writes} status write(s), ${writes.applies} FRR apply(ies); ` +
      `status ${kb(writes.statusBytes)} per node`,
  );
  const cpu = await reconcileCpu(o.nodes);
  console.log(
    `scale: node-a's reconcile among ${cpu.objects} objects (in-process CPU, median): own change ` +
      `${ms(cpu.ownChangeMs)}, other node's change ${ms(cpu.otherChangeMs)}; validating every object ` +
      `(before the cache, every reconcile) ${ms(cpu.validateAllMs)} = ${(cpu.validateAllMs / cpu.ownChangeMs).toFixed(1)}× an own-change reconcile`,
  );
  if (o.inProcessOnly) return true;
  const figures = await daemonAtScale(o.nodes, o.heapCaps);
  if (!figures) return false;
  const [base, cluster, ...capped] = figures as [DaemonFigures, DaemonFigures, ...DaemonFigures[]];
  console.log(
    '| cluster | objects | peak RSS | CPU, own change | CPU, other node’s change | FRRNodeState | validations |',
  );
  console.log(
    '| ------- | ------- | -------- | --------------- | ------------------------ | ------------ | ----------- |',
  );
  for (const f of [base, cluster, ...capped])
    console.log(
      `| ${f.nodes} Node(s)${f.nodeOptions ? `, NODE_OPTIONS=${f.nodeOptions}` : ''} | ${f.objects} | ${mb(f.peakRssMb)} | ${ms(f.ownChangeCpuMs)} | ${ms(f.otherChangeCpuMs)} | ${kb(f.statusBytes)} | ${f.validations} |`,
    );
  console.log(
    `scale: cluster/baseline — RSS ${(cluster.peakRssMb / base.peakRssMb).toFixed(2)}×, own-change CPU ` +
      `${(cluster.ownChangeCpuMs / base.ownChangeCpuMs).toFixed(2)}×, status size ${(cluster.statusBytes / base.statusBytes).toFixed(2)}×`,
  );
  const [uncapped, ...caps] = capped;
  for (const f of uncapped ? caps : [])
    console.log(
      `scale: NODE_OPTIONS=${f.nodeOptions} against a restarted daemon without it, same cluster — RSS ` +
        `${(f.peakRssMb / uncapped!.peakRssMb).toFixed(2)}×, own-change CPU ${(f.ownChangeCpuMs / uncapped!.ownChangeCpuMs).toFixed(2)}×, ` +
        `other-change CPU ${(f.otherChangeCpuMs / uncapped!.otherChangeCpuMs).toFixed(2)}×`,
    );
  return true;
}
