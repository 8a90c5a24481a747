// FRR's own words when it refuses something, picked out of its tools' output. vtysh reports a refused line
// of a file as `line N: …` on stderr (and the daemon's reason as a `%` line on stdout) and carries on
// with the next line; frr-reload.py logs `ERROR` lines, quoting vtysh's output as a Python bytes literal.
// The text is returned as FRR wrote it (passwords included); callers redact before showing it.

export interface Refusal {
  /** 1-based line of the file vtysh read. */
  line: number;
  message: string;
}

const MAX_LINES = 20;
const MAX_CHARS = 4000;

/** The `line N: …` reports of `vtysh -f`. */
export function vtyshRefusals(stdout: string, stderr: string): Refusal[] {
  const out: Refusal[] = [];
  for (const l of `${stderr}\n${stdout}`.split('\n')) {
    const m = /^line (\d+): (.*)$/.exec(l.trim());
    if (m) out.push({ line: Number(m[1]), message: (m[2] ?? '').trim() });
  }
  return out;
}

/** The daemons' reasons (`% …` lines); some are advice rather than refusals, so they only annotate. */
export function daemonMessages(stdout: string): string[] {
  return [...new Set(stdout.split('\n').map((l) => l.trim()))].filter((l) => l.startsWith('%'));
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+\s+/;

/** What frr-reload.py said went wrong: its ERROR/WARNING lines, vtysh's `line N:` and `%` lines. */
export function reloadScriptErrors(stdout: string, stderr: string): string[] {
  const text = `${stderr}\n${stdout}`
    .replace(ANSI, '')
    // vtysh's output is logged as b'line 29: % Unknown command: …\n'.
    .replace(/\\n/g, '\n')
    .replace(/\bb'/g, '');
  const lines = text
    .split('\n')
    .map((l) => l.replace(TIMESTAMP, '').trim().replace(/'$/, ''))
    .filter((l) => /^(ERROR|WARNING)\b/.test(l) || /^line \d+:/.test(l) || l.startsWith('%'));
  return [...new Set(lines)];
}

/** At most a screenful of lines and a few KB, saying how much was left out. */
export function bounded(lines: readonly string[]): string {
  const kept: string[] = [];
  let size = 0;
  for (const l of lines) {
    if (kept.length >= MAX_LINES || size + l.length > MAX_CHARS) break;
    kept.push(l);
    size += l.length + 1;
  }
  const more = lines.length - kept.length;
  return more > 0 ? `${kept.join('\n')}\n… (${more} more lines)` : kept.join('\n');
}

/** The last lines of a program's output, when it failed without saying anything recognisable. */
export function tail(text: string, lines = 5): string[] {
  return text
    .replace(ANSI, '')
    .trimEnd()
    .split('\n')
    .slice(-lines)
    .filter((l) => l.trim() !== '');
}
