// Per-object work of the pipeline — reading the selector, validating, normalizing — done once per
// object version and kept, so a reconcile costs what changed, not what exists. The cache is a plain
// value the caller owns and passes in (the daemon keeps one for its life, the webhook one per process,
// the CLI a fresh one per run): core stays free of I/O and of hidden state.
//
// An object version is its uid + resourceVersion (what the API server guarantees to change with the
// object); an object without them (read from a file) is keyed by its content. Validation reads Secrets
// (passwordSecret), so an entry remembers the Secrets it looked at and is redone when one of them
// changed. An entry keeps what validation parsed, never a copy of the object, and once the fragment is
// made from that parsed form (which already holds the password) only the fragment: one form of each
// object's content at a time (the webhook keeps thousands).
import { normalize, type Fragment } from './normalize.ts';
import { refName } from './problems.ts';
import { recordingSecrets } from './recording-secrets.ts';
import { selectorErrors, type LabelSelector } from './select.ts';
import type { SecretInfo } from './validate/context.ts';
import type { ParsedConfiguration } from './validate/parsed.ts';
import { validateObject, type ValidatedObject } from './validate-set.ts';

export interface ObjectCacheStats {
  /** Objects validated (schema and semantic checks) since the cache was made. */
  validations: number;
  /** Objects turned into fragments since the cache was made. */
  normalizations: number;
}

export interface ObjectCache {
  readonly entries: Map<string, CachedObject>;
  /**
   * The entry of an object value already seen. Informers hand out the same (never mutated) object until
   * it changes, so a run finds most entries without building their key.
   */
  readonly byValue: WeakMap<object, CachedObject>;
  readonly stats: ObjectCacheStats;
  /** Bumped by each run; entries not touched by the latest run are dropped at its end. */
  run: number;
}

/** What is known of one object version. Content work is filled in only when a node needs it. */
export interface CachedObject {
  readonly key: string;
  /** The daemon namespace the work was done for (part of the key: it changes validation). */
  readonly daemonNamespace: string;
  readonly value: unknown;
  readonly namespace: string;
  readonly name: string;
  /** namespace/name, as problems cite it. */
  readonly ref: string;
  /**
   * The object's nodeSelector, when it can be evaluated. Undefined `selector` with `selectorUsable`
   * means "every node"; an unusable selector (wrong shape or invalid terms) makes the object Invalid
   * on every node, so it is validated wherever it is seen.
   */
  readonly selector: LabelSelector | undefined;
  readonly selectorUsable: boolean;
  lastRun: number;
  content?: ContentWork;
}

/** What validation found, without its parsed form (which the cache keeps only until merged). */
export type Validation = Omit<ValidatedObject, 'parsed'>;

interface ContentWork {
  validated: Validation;
  /** What an object without errors merges as: its parsed form until first merged, then its fragment. */
  mergeable?: { parsed: ParsedConfiguration } | { fragment: Fragment };
  /** The Secrets validation read, by name, as they were (undefined: missing). */
  secretsRead: Map<string, SecretInfo | undefined>;
}

export const newObjectCache = (): ObjectCache => ({
  entries: new Map(),
  byValue: new WeakMap(),
  stats: { validations: 0, normalizations: 0 },
  run: 0,
});

interface Meta {
  uid?: unknown;
  resourceVersion?: unknown;
  name?: unknown;
  namespace?: unknown;
}

const metaOf = (value: unknown): Meta | undefined => {
  const m = (value as { metadata?: unknown } | null | undefined)?.metadata;
  return m && typeof m === 'object' ? m : undefined;
};

/** uid@resourceVersion for an object read from the API server, its content otherwise. */
export function objectVersionKey(namespace: string, value: unknown): string {
  const m = metaOf(value);
  if (typeof m?.uid === 'string' && m.uid && typeof m.resourceVersion === 'string' && m.resourceVersion)
    return `${namespace}\u0000v\u0000${m.uid}\u0000${m.resourceVersion}`;
  return `${namespace}\u0000c\u0000${JSON.stringify(value) ?? String(value)}`;
}

const isStringRecord = (v: unknown): v is Record<string, string> =>
  !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');

const isExpression = (v: unknown): boolean => {
  const e = v as { key?: unknown; operator?: unknown; values?: unknown } | null;
  return (
    !!e &&
    typeof e === 'object' &&
    typeof e.key === 'string' &&
    typeof e.operator === 'string' &&
    (e.values === undefined || (Array.isArray(e.values) && e.values.every((x) => typeof x === 'string')))
  );
};

/** The nodeSelector as written, or `false` when its shape is not a label selector's. */
function readSelector(value: unknown): LabelSelector | undefined | false {
  const spec = (value as { spec?: unknown } | null | undefined)?.spec;
  if (spec === undefined) return undefined;
  if (!spec || typeof spec !== 'object') return false;
  const s = (spec as { nodeSelector?: unknown }).nodeSelector;
  if (s === undefined || s === null) return undefined;
  if (typeof s !== 'object' || Array.isArray(s)) return false;
  const { matchLabels, matchExpressions } = s as { matchLabels?: unknown; matchExpressions?: unknown };
  if (matchLabels !== undefined && !isStringRecord(matchLabels)) return false;
  if (
    matchExpressions !== undefined &&
    !(Array.isArray(matchExpressions) && matchExpressions.every(isExpression))
  )
    return false;
  return s;
}

/** The entry for this object version, made (selector only) on first sight. */
export function cachedObject(cache: ObjectCache, namespace: string, value: unknown): CachedObject {
  const seen = value !== null && typeof value === 'object' ? cache.byValue.get(value) : undefined;
  // A dropped entry may still be reachable by value (the WeakMap outlives it): only a kept one counts.
  if (seen && seen.daemonNamespace === namespace && cache.entries.get(seen.key) === seen) {
    seen.lastRun = cache.run;
    return seen;
  }
  const key = objectVersionKey(namespace, value);
  let entry = cache.entries.get(key);
  if (!entry) {
    const m = metaOf(value);
    const selector = readSelector(value);
    const ns = typeof m?.namespace === 'string' ? m.namespace : namespace;
    const name = typeof m?.name === 'string' ? m.name : '';
    entry = {
      key,
      daemonNamespace: namespace,
      value,
      namespace: ns,
      name,
      ref: refName({ namespace: ns, name }),
      selector: selector === false ? undefined : selector,
      selectorUsable: selector !== false && selectorErrors(selector).length === 0,
      lastRun: cache.run,
    };
    cache.entries.set(key, entry);
  }
  if (value !== null && typeof value === 'object') cache.byValue.set(value, entry);
  entry.lastRun = cache.run;
  return entry;
}

/** Starts a run: entries touched from now on are kept by `endRun`. */
export function beginRun(cache: ObjectCache): void {
  cache.run++;
}

/** Drops the versions the run did not see (deleted or replaced objects). */
export function endRun(cache: ObjectCache): void {
  for (const [key, entry] of cache.entries) if (entry.lastRun !== cache.run) cache.entries.delete(key);
}

const sameData = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
};

function sameSecret(a: SecretInfo | undefined, b: SecretInfo | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.type === b.type &&
    sameData(a.data, b.data) &&
    (a.undecodable ?? []).join('\u0000') === (b.undecodable ?? []).join('\u0000')
  );
}

function stillValid(work: ContentWork, secrets: ReadonlyMap<string, SecretInfo>): boolean {
  for (const [name, seen] of work.secretsRead) if (!sameSecret(secrets.get(name), seen)) return false;
  return true;
}

export interface WorkContext {
  /** The daemon namespace. */
  namespace: string;
  secrets: ReadonlyMap<string, SecretInfo>;
}

/** The entry's work, redone when a Secret it read has changed since. */
function contentOf(cache: ObjectCache, entry: CachedObject, ctx: WorkContext): ContentWork {
  if (entry.content && stillValid(entry.content, ctx.secrets)) return entry.content;
  const secretsRead = new Map<string, SecretInfo | undefined>();
  const secrets = recordingSecrets(ctx.secrets, secretsRead);
  cache.stats.validations++;
  const { parsed, ...validated } = validateObject(
    { value: entry.value },
    { namespace: ctx.namespace, secrets },
  );
  // Only objects of the daemon namespace are ever merged; another's parsed form would be kept for nothing.
  const mergeable = parsed && entry.namespace === ctx.namespace ? { mergeable: { parsed } } : {};
  entry.content = { validated, secretsRead, ...mergeable };
  return entry.content;
}

/** The object validated against these Secrets: from the cache when nothing it read has changed. */
export const validatedObject = (cache: ObjectCache, entry: CachedObject, ctx: WorkContext): Validation =>
  contentOf(cache, entry, ctx).validated;

/** The fragment of the object, or undefined when it has errors of its own (it is never merged then). */
export function fragmentOf(cache: ObjectCache, entry: CachedObject, ctx: WorkContext): Fragment | undefined {
  const work = contentOf(cache, entry, ctx);
  if (!work.mergeable) return undefined;
  if ('fragment' in work.mergeable) return work.mergeable.fragment;
  cache.stats.normalizations++;
  const fragment = normalize(work.mergeable.parsed);
  work.mergeable = { fragment };
  return fragment;
}
