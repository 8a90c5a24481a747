// Everything the CLI prints that a user wrote (object names, field paths, unknown keys, file names,
// messages quoting values) goes through here, so that no input can add or forge an output line, hide
// text with terminal escapes or bidi overrides, or echo a megabyte-long name.
import { formatProblem, type Problem, type SourceRef } from '../core/problems.ts';

/** Longest user-derived string printed as is; longer ones are cut and say how much is missing. */
export const MAX_PRINTED = 1000;

// C0 and C1 controls, DEL, line/paragraph separators and bidi embedding/override/isolate marks.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const escape = (c: string): string => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `text` safe to print on one line: control characters escaped, at most `max` characters kept. */
export function printable(text: string, max = MAX_PRINTED): string {
  const cut = text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
  return cut.replace(UNSAFE, escape);
}

const printableSource = (s: SourceRef): SourceRef => ({
  ...s,
  namespace: printable(s.namespace),
  name: printable(s.name),
  path: printable(s.path),
});

/** One problem as one line of the validate format, every user-derived part made printable. */
export function problemLine(p: Problem): string {
  return formatProblem({ ...p, message: printable(p.message), sources: p.sources.map(printableSource) });
}
