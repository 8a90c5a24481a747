// Every string under spec.bgp is written into FRR configuration in some form, so none may carry a
// newline, a comment starter or a control character. This pass is type-agnostic: it runs even when
// the object does not match the schema, so an injection attempt is always reported.
import { hasUnsafeCharacters } from '../names.ts';
import type { Reporter } from './reporter.ts';

// Nothing the API defines is nested this deep under spec.bgp; deeper values can only sit in unknown
// fields (reported by the schema and never rendered). The bound keeps hostile nesting off the stack.
const MAX_DEPTH = 100;

/** `seen` makes shared subtrees (YAML aliases) walked once and cycles finite. */
function walk(value: unknown, path: string, reporter: Reporter, seen: WeakSet<object>, depth: number): void {
  if (typeof value === 'string') {
    if (hasUnsafeCharacters(value)) {
      reporter.report(
        'UNSAFE_CHARACTERS',
        path,
        'contains a newline, "!", "#" or a control character, which could end or add an FRR command',
      );
    }
    return;
  }
  if (!value || typeof value !== 'object' || depth > MAX_DEPTH || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${path}[${i}]`, reporter, seen, depth + 1));
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    walk(child, `${path}.${key}`, reporter, seen, depth + 1);
    // A key is rendered nowhere, but a crafted key must not slip through unnoticed either.
    if (hasUnsafeCharacters(key))
      reporter.report('UNSAFE_CHARACTERS', `${path}.${key}`, 'field name is unsafe');
  }
}

export function checkUnsafeStrings(spec: unknown, reporter: Reporter): void {
  if (spec && typeof spec === 'object' && 'bgp' in spec)
    walk(spec.bgp, 'spec.bgp', reporter, new WeakSet(), 0);
}
