// Go duration strings, as metav1.Duration decodes them: a sequence of decimal numbers with units
// (ns, us/µs, ms, s, m, h), optionally signed; "0" alone needs no unit.
const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const WHOLE = /^[-+]?((\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/;
const PART = /(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/g;

/** Milliseconds, or undefined when the text is not a Go duration. */
export function parseDuration(text: string): number | undefined {
  if (/^[-+]?0$/.test(text)) return 0;
  if (!WHOLE.test(text)) return undefined;
  // Whole nanoseconds as Go counts them, so "0.07h" is exactly 252s (a float product would not be).
  let ns = 0;
  for (const [, whole = '', fraction = '', unit = ''] of text.matchAll(PART)) {
    const unitNs = UNIT_NS[unit] ?? NaN;
    const digits = fraction.slice(0, 15);
    ns += Number(whole) * unitNs + Math.trunc(Number(digits) * (unitNs / 10 ** digits.length));
  }
  if (!Number.isFinite(ns)) return undefined;
  return (text.startsWith('-') ? -ns : ns) / 1e6;
}
