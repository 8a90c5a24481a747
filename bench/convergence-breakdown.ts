// Where the time of one change went, read from the daemon's own debug log: when the apply began (after
// the informer event, the debounce and the pipeline), its steps (`running 41, batch 63, check 40, …`, see
// src/frr/steps.ts) and which tool computed the difference. The rest, up to the router's RIB, is FRR
// announcing the route and the router installing it (and our polling).

export interface ApplyRecord {
  /** Epoch ms when the apply began. */
  startedAt: number;
  millis: number;
  steps: Map<string, number>;
  diffBy?: string;
}

interface LogLine {
  msg?: string;
  /** ISO time (the daemon's logger writes it so), or epoch ms. */
  time?: string | number;
  millis?: number;
  steps?: string;
  diffBy?: string;
}

/** The applies that changed FRR, from the daemon's JSON log (pino, `--log-level debug`). */
export function appliesIn(log: string): ApplyRecord[] {
  const out: ApplyRecord[] = [];
  for (const line of log.split('\n')) {
    if (!line.includes('"FRR applied"')) continue;
    let j: LogLine;
    try {
      j = JSON.parse(line) as LogLine;
    } catch {
      continue;
    }
    const time = typeof j.time === 'string' ? Date.parse(j.time) : j.time;
    if (j.msg !== 'FRR applied' || time === undefined || Number.isNaN(time) || j.millis === undefined)
      continue;
    const steps = new Map<string, number>();
    for (const part of (j.steps ?? '').split(', ')) {
      const m = /^(.+) (\d+)$/.exec(part);
      if (m) steps.set(m[1]!, (steps.get(m[1]!) ?? 0) + Number(m[2]));
    }
    out.push({ startedAt: time - j.millis, millis: j.millis, steps, diffBy: j.diffBy });
  }
  return out;
}

export interface ChangeBreakdown {
  /** Object update sent → apply began: API server, informer, debounce, pipeline. */
  toApply: number;
  /** Apply began → the difference given to FRR (`batch` done): the part of the apply a peer waits for. */
  toBatch: number;
  /** Batch done → route in the router's RIB: FRR's announcement, the router's install, our polling. */
  toRouter: number;
  /** The whole apply, including what runs after the batch (check, verify, persist). */
  apply: number;
  steps: Map<string, number>;
  diffBy?: string;
}

/** Splits one change (sent at `sentAt`, seen on the router `totalMs` later) by the first apply after it. */
export function breakdown(
  applies: readonly ApplyRecord[],
  sentAt: number,
  totalMs: number,
): ChangeBreakdown | undefined {
  const a = applies.find((x) => x.startedAt >= sentAt - 5);
  if (a === undefined) return undefined;
  let toBatch = 0;
  for (const [name, ms] of a.steps) {
    toBatch += ms;
    if (name === 'batch' || name === 'frr-reload') break;
  }
  const toApply = Math.max(0, a.startedAt - sentAt);
  return {
    toApply,
    toBatch,
    toRouter: Math.max(0, totalMs - toApply - toBatch),
    apply: a.millis,
    steps: a.steps,
    diffBy: a.diffBy,
  };
}

const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** One line: the medians of each part over the changes of one size. */
export function describeBreakdowns(parts: readonly ChangeBreakdown[]): string {
  if (parts.length === 0) return 'no apply found in the daemon log';
  const names = [...new Set(parts.flatMap((p) => [...p.steps.keys()]))];
  const steps = names
    .map((n) => `${n} ${Math.round(median(parts.map((p) => p.steps.get(n) ?? 0)))}`)
    .join(', ');
  const by = [...new Set(parts.map((p) => p.diffBy ?? '?'))].join('/');
  return (
    `update→apply ${Math.round(median(parts.map((p) => p.toApply)))} ms, ` +
    `apply→batch done ${Math.round(median(parts.map((p) => p.toBatch)))} ms, ` +
    `→ router ${Math.round(median(parts.map((p) => p.toRouter)))} ms; ` +
    `whole apply ${Math.round(median(parts.map((p) => p.apply)))} ms (${steps}; diff by ${by})`
  );
}
