// Reading the daemon's /metrics (Prometheus text) in tests: the counters that say whether it
// reconciled, applied or validated something.

/** The sum of a metric's samples (all label sets) in a /metrics text; 0 when it has none. */
export function metricSum(text: string, name: string): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}
