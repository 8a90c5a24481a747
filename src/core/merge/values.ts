// The three ways two objects' values for one field combine. Each returns the merged value, or
// records a conflict citing every source on both sides and keeps the first value so merging can go on.
// The first argument is the accumulator (owned, see owned.ts) and may be updated in place; the second
// comes from a fragment and is never modified.
import type { Sourced } from '../ir.ts';
import { problem, refName, type Problem, type ProblemCode, type SourceRef } from '../problems.ts';
import { appendUnique, ownSourced } from './owned.ts';

export interface Conflicts {
  problems: Problem[];
}

export interface FieldSpec<T> {
  code: ProblemCode;
  /** What the field is, for the message ("remote AS of neighbor 192.0.2.1 in VRF default"). */
  what: string;
  /** How to show a value in messages; secrets must pass `() => '<retracted>'`. */
  show?: (value: T) => string;
  equal?: (a: T, b: T) => boolean;
}

const where = (sources: readonly SourceRef[]): string =>
  sources.map((s) => `${refName(s)} ${s.path}`).join(', ');

function conflict<T>(a: Sourced<T>, b: Sourced<T>, spec: FieldSpec<T>, out: Conflicts): Sourced<T> {
  const show = spec.show ?? ((v: T) => JSON.stringify(v));
  const side = (s: Sourced<T>) =>
    `${show(s.value)}${s.explicit ? '' : ' (default)'} from ${where(s.sources)}`;
  out.problems.push(
    problem(spec.code, `${spec.what}: ${side(a)} conflicts with ${side(b)}`, ...a.sources, ...b.sources),
  );
  return a;
}

const same = <T>(a: Sourced<T>, b: Sourced<T>, spec: FieldSpec<T>): boolean =>
  spec.equal ? spec.equal(a.value, b.value) : a.value === b.value;

function combineInto<T>(a: Sourced<T>, b: Sourced<T>): Sourced<T> {
  // Keep only the sources that actually wrote the value, unless nobody did.
  if (!a.explicit && b.explicit) {
    a.sources = [];
    a.explicit = true;
  }
  if (b.explicit || !a.explicit) appendUnique(a.sources, b.sources);
  return a;
}

/** Unset means the default: the effective values must be equal (port, timers, remote AS). */
export function mergeExact<T>(a: Sourced<T>, b: Sourced<T>, spec: FieldSpec<T>, out: Conflicts): Sourced<T> {
  return same(a, b, spec) ? combineInto(a, b) : conflict(a, b, spec, out);
}

/** Unset defers to whatever the other object wrote; two written values must agree. */
export function mergeDeferring<T>(
  a: Sourced<T>,
  b: Sourced<T>,
  spec: FieldSpec<T>,
  out: Conflicts,
): Sourced<T>;
export function mergeDeferring<T>(
  a: Sourced<T> | undefined,
  b: Sourced<T> | undefined,
  spec: FieldSpec<T>,
  out: Conflicts,
): Sourced<T> | undefined;
export function mergeDeferring<T>(
  a: Sourced<T> | undefined,
  b: Sourced<T> | undefined,
  spec: FieldSpec<T>,
  out: Conflicts,
): Sourced<T> | undefined {
  if (!a || !a.explicit) return b && (b.explicit || !a) ? ownSourced(b) : a;
  if (!b || !b.explicit) return a;
  return same(a, b, spec) ? combineInto(a, b) : conflict(a, b, spec, out);
}

/** Set union into `a`; sources of equal members accumulate. */
export function mergeSourceMaps<K>(
  a: Map<K, SourceRef[]>,
  b: ReadonlyMap<K, readonly SourceRef[]>,
): Map<K, SourceRef[]> {
  for (const [k, sources] of b) {
    const mine = a.get(k);
    if (mine) appendUnique(mine, sources);
    else a.set(k, appendUnique([], sources));
  }
  return a;
}

/** Union into `a` of keyed values that cannot disagree (the key is the value). */
export function mergeSourcedMaps<K, T>(
  a: Map<K, Sourced<T>>,
  b: ReadonlyMap<K, Sourced<T>>,
): Map<K, Sourced<T>> {
  for (const [k, v] of b) {
    const mine = a.get(k);
    a.set(k, mine ? combineInto(mine, v) : ownSourced(v));
  }
  return a;
}
