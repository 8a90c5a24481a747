// Rendered configuration as lines that remember which object fields produced them, so `explain`
// can annotate every line and the plain text is just the lines joined.
import type { SourceRef } from '../problems.ts';

export interface Line {
  text: string;
  sources: readonly SourceRef[];
}

export const line = (text: string, sources: readonly SourceRef[] = []): Line => ({ text, sources });

/** Indents child lines by `depth` spaces, as FRR's own running-config does. */
export const indent = (lines: readonly Line[], depth = 1): Line[] =>
  lines.map((l) => ({ ...l, text: `${' '.repeat(depth)}${l.text}` }));

export const toText = (lines: readonly Line[]): string => lines.map((l) => `${l.text}\n`).join('');

/** Deterministic string order (code units), independent of locale. */
export const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Sources without repeats, in first-seen order (many prefixes of one object share a line). Merge
 * already folds equal sources into one object, so identity is enough here, and it is cheap on the
 * tens of thousands of sources a large class carries.
 */
export const dedupeSources = (sources: readonly SourceRef[]): SourceRef[] => [...new Set(sources)];
