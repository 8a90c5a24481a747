// Rewrites a JSON Schema tree bottom-up. Both the CRD generator and the validator derive their
// dialect from the one TypeBox source through this, so the two can only differ where we say so.
export type JsonSchema = Record<string, unknown>;

const CHILD_MAPS = ['properties', 'patternProperties'] as const;
const CHILD_SCHEMAS = ['items', 'additionalProperties', 'not'] as const;
const CHILD_LISTS = ['allOf', 'anyOf', 'oneOf'] as const;

/** Returns a plain-JSON deep copy of `schema` with `visit` applied to every sub-schema, children first. */
export function mapSchema(
  schema: unknown,
  visit: (node: JsonSchema, path: string[]) => JsonSchema,
): JsonSchema {
  const walk = (node: JsonSchema, path: string[]): JsonSchema => {
    const out: JsonSchema = { ...node };
    for (const key of CHILD_MAPS) {
      const map = node[key] as Record<string, JsonSchema> | undefined;
      if (map) {
        out[key] = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, walk(v, [...path, k])]));
      }
    }
    for (const key of CHILD_SCHEMAS) {
      const child = node[key];
      if (child && typeof child === 'object') out[key] = walk(child as JsonSchema, [...path, '[]']);
    }
    for (const key of CHILD_LISTS) {
      const list = node[key] as JsonSchema[] | undefined;
      if (list) out[key] = list.map((s) => walk(s, path));
    }
    return visit(out, path);
  };
  // JSON round trip drops TypeBox's symbol-keyed metadata.
  return walk(JSON.parse(JSON.stringify(schema)) as JsonSchema, []);
}
