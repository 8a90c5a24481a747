// Type-agnostic checks walk every string of spec.bgp, whatever field it sits in, so a rule holds for
// every field kind at once (and for fields added later).

// Nothing the API defines is nested this deep under spec.bgp; deeper values can only sit in unknown
// fields (reported by the schema and never rendered). The bound keeps hostile nesting off the stack.
const MAX_DEPTH = 100;

export type StringVisitor = (text: string, path: string, kind: 'value' | 'key') => void;

/** Calls `visit` for every string value and every key under `value`; shared subtrees are walked once. */
export function forEachString(value: unknown, path: string, visit: StringVisitor): void {
  walk(value, path, visit, new WeakSet(), 0);
}

/** `seen` makes shared subtrees (YAML aliases) walked once and cycles finite. */
function walk(
  value: unknown,
  path: string,
  visit: StringVisitor,
  seen: WeakSet<object>,
  depth: number,
): void {
  if (typeof value === 'string') {
    visit(value, path, 'value');
    return;
  }
  if (!value || typeof value !== 'object' || depth > MAX_DEPTH || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${path}[${i}]`, visit, seen, depth + 1));
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    walk(child, `${path}.${key}`, visit, seen, depth + 1);
    visit(key, `${path}.${key}`, 'key');
  }
}
