// Turns one parsed YAML document into the JSON value kubectl would send to the API server. kubectl
// reads YAML with go-yaml v2 (through sigs.k8s.io/yaml), which follows YAML 1.1: plain `yes`/`on`/`y`
// are booleans, `0100` is octal, `1_000` is 1000, merge keys (`<<`) are honoured, and scalar keys become
// strings. Reading the same way keeps `frrk8s validate` truthful about what the cluster will get
// (docs/adr/0001-read-manifests-as-kubectl.md). What kubectl cannot send (a mapping as a key, .nan)
// and what YAML readers disagree on (a merge overriding a key written before it) is refused.
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  visit,
  type Alias,
  type Document,
  type Node,
  type Scalar,
} from 'yaml';
import { InputError, type InputErrorCode } from './input-error.ts';

/** Deepest nesting read; real manifests stay under 20 levels. */
export const MAX_DEPTH = 200;
/** Most values that aliases may add to one command's input (a billion-laughs file adds billions). */
export const MAX_ALIAS_VALUES = 1_000_000;

/** Shared by every document of one command, so many small expansions cannot add up unbounded. */
export interface AliasBudget {
  used: number;
}

export type Locate = (offset: number | undefined) => string;

const TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const NULL = new Set(['', '~', 'null', 'Null', 'NULL']);
const NOT_FINITE = new Set(['.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']);
NOT_FINITE.add('-.inf').add('-.Inf').add('-.INF');
/** Go's strconv.ParseInt(s, 0, 64) syntax: 0x hex, 0o or leading-0 octal, 0b binary, decimal. */
const GO_INT = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

function goInt(text: string): number | undefined {
  const m = GO_INT.exec(text);
  if (!m) return undefined;
  const [, sign, digits] = m as unknown as [string, string, string];
  const lower = digits.toLowerCase();
  // BigInt reads 0x/0o/0b itself; a bare leading 0 means octal to Go.
  const magnitude = BigInt(/^0[0-7]+$/.test(lower) ? `0o${lower.slice(1)}` : lower);
  const value = sign === '-' ? -magnitude : magnitude;
  return value < INT64_MIN || value > UINT64_MAX ? undefined : Number(value);
}

/** A plain (unquoted, untagged) scalar as go-yaml v2 resolves it; timestamps stay strings there too. */
export function resolvePlainScalar(text: string): string | number | boolean | null {
  if (NULL.has(text)) return null;
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  if (NOT_FINITE.has(text)) return Number.NaN;
  const first = text[0] ?? '';
  if (first === '.' || first === '+' || first === '-' || (first >= '0' && first <= '9')) {
    // go-yaml drops every underscore before trying numbers.
    const plain = text.replace(/_/g, '');
    const int = first === '.' ? undefined : goInt(plain);
    if (int !== undefined) return int;
    if (YAML_FLOAT.test(first === '.' ? text : plain)) {
      const float = Number(first === '.' ? text : plain);
      // Go's ParseFloat fails on overflow, and go-yaml then keeps the text.
      if (Number.isFinite(float)) return float;
    }
  }
  return text;
}

const isMergeKey = (key: unknown): boolean =>
  isScalar(key) &&
  ((key.type === 'PLAIN' && !key.tag && key.source === '<<') || key.tag === 'tag:yaml.org,2002:merge');

/** Sets a property without ever invoking a setter (a `__proto__` key stays a plain key). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

class Converter {
  /** Each alias's anchor: the last node with that anchor before the alias, as YAML defines it. */
  private readonly targets = new Map<Alias, Node | undefined>();
  /** Collections being converted (ancestors of the current node): an alias to one is a cycle. */
  private readonly open = new Set<Node>();
  /** The outermost alias being expanded, whose values count against the budget. */
  private expanding: Alias | undefined;

  private readonly locate: Locate;
  private readonly budget: AliasBudget;

  constructor(doc: Document, locate: Locate, budget: AliasBudget) {
    this.locate = locate;
    this.budget = budget;
    const last = new Map<string, Node>();
    visit(doc, {
      Node: (_key, node) => {
        if (isAlias(node)) this.targets.set(node, last.get(node.source));
        else if (node.anchor) last.set(node.anchor, node);
      },
    });
  }

  private fail(code: InputErrorCode, node: Node | null | undefined, message: string): never {
    throw new InputError(code, `${this.locate(node?.range?.[0])}: ${message}`);
  }

  private target(alias: Alias): Node {
    const node = this.targets.get(alias);
    if (!node)
      this.fail(
        'YAML_ALIAS_UNDEFINED',
        alias,
        `alias *${alias.source} has no anchor &${alias.source} before it`,
      );
    if (this.open.has(node))
      this.fail('YAML_ALIAS_CYCLE', alias, `alias *${alias.source} is inside its own anchor`);
    return node;
  }

  value(node: Node | null | undefined, depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail('YAML_TOO_DEEP', node, `nested more than ${MAX_DEPTH} levels deep`);
    if (this.expanding && ++this.budget.used > MAX_ALIAS_VALUES) {
      this.fail(
        'YAML_ALIAS_EXPANSION',
        this.expanding,
        `aliases expand the input beyond ${MAX_ALIAS_VALUES.toLocaleString('en')} values`,
      );
    }
    if (!node) return null;
    if (isAlias(node)) {
      const target = this.target(node);
      const outer = this.expanding;
      this.expanding ??= node;
      try {
        return this.value(target, depth);
      } finally {
        this.expanding = outer;
      }
    }
    if (isScalar(node)) return this.scalar(node);
    this.open.add(node);
    try {
      if (isSeq(node)) return node.items.map((item) => this.value(item as Node | null, depth + 1));
      if (isMap(node)) return this.map(node.items, node, depth);
      return this.fail('YAML_SYNTAX', node, 'unexpected node');
    } finally {
      this.open.delete(node);
    }
  }

  private scalar(node: Scalar): string | number | boolean | null {
    const value: unknown =
      node.type === 'PLAIN' && !node.tag && typeof node.source === 'string'
        ? resolvePlainScalar(node.source)
        : node.value;
    if (typeof value === 'number') {
      if (!Number.isFinite(value))
        this.fail('YAML_NOT_JSON', node, `${String(node.source)} has no JSON form`);
      return value;
    }
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'bigint') return Number(value);
    // A tag the core schema does not know keeps its text.
    return String(node.source);
  }

  private key(node: unknown): string {
    if (node === null || node === undefined) return 'null';
    let key = node as Node;
    if (isAlias(key)) key = this.target(key);
    if (!isScalar(key)) this.fail('YAML_NOT_JSON', node as Node, 'a mapping or list is used as a key');
    const value = this.scalar(key);
    return value === null ? 'null' : String(value);
  }

  /** Keys written in the mapping win over merged ones; of merged mappings, the earlier wins. */
  private map(items: readonly { key: unknown; value: unknown }[], node: Node, depth: number): unknown {
    const written = new Map<string, unknown>();
    const merged = new Map<string, unknown>();
    for (const item of items) {
      if (isMergeKey(item.key)) {
        for (const source of this.mergeSources(item.value as Node | null, depth)) {
          for (const [k, v] of Object.entries(source)) {
            if (written.has(k)) {
              this.fail(
                'YAML_MERGE_INVALID',
                item.key as Node,
                `<< would override "${k}", written before it`,
              );
            }
            if (!merged.has(k)) merged.set(k, v);
          }
        }
        continue;
      }
      const key = this.key(item.key);
      if (written.has(key))
        this.fail('YAML_SYNTAX', (item.key as Node | null) ?? node, `key "${key}" is repeated`);
      written.set(key, this.value(item.value as Node | null, depth + 1));
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of merged) if (!written.has(k)) define(out, k, v);
    for (const [k, v] of written) define(out, k, v);
    return out;
  }

  private mergeSources(value: Node | null, depth: number): Record<string, unknown>[] {
    const isMapping = (n: Node | null): boolean => !!n && (isMap(n) || (isAlias(n) && isMap(this.target(n))));
    const list = value && isSeq(value) ? (value.items as (Node | null)[]) : [value];
    if (!list.every(isMapping))
      this.fail('YAML_MERGE_INVALID', value, '<< needs a mapping or a list of mappings');
    return list.map((n) => this.value(n, depth + 1) as Record<string, unknown>);
  }
}

/** The JSON value of one document, as kubectl would send it. */
export function kubectlValue(doc: Document, locate: Locate, budget: AliasBudget): unknown {
  return new Converter(doc, locate, budget).value(doc.contents, 0);
}
