// The generated CRD of a kind as tests read it: every sub-schema with its path (`.spec.bgp.routers[].asn`;
// `[]` stands for list items and map values alike), walked by the one schema walker (api/schema-walk.ts).
import type { KindInfo } from '../api/v1beta1/kinds.ts';
import { mapSchema, type JsonSchema } from '../api/schema-walk.ts';
import { crdFor } from './crd.ts';

export interface SchemaNode {
  path: string;
  node: JsonSchema;
}

export interface CrdNodes {
  crd: { spec: { versions: Record<string, unknown>[] } };
  schema: JsonSchema;
  /** Every sub-schema, the root (path '') included. */
  nodes: SchemaNode[];
  /** The sub-schema at exactly `path`; throws when there is none (a typo must not pass as "no rules"). */
  at: (path: string) => JsonSchema;
}

export function crdNodes(kind: KindInfo): CrdNodes {
  const crd = crdFor(kind) as unknown as CrdNodes['crd'] & {
    spec: { versions: { schema: { openAPIV3Schema: JsonSchema } }[] };
  };
  const schema = crd.spec.versions[0]!.schema.openAPIV3Schema;
  const nodes: SchemaNode[] = [];
  mapSchema(schema, (node, path) => {
    nodes.push({ path: path.map((k) => (k === '[]' ? k : `.${k}`)).join(''), node });
    return node;
  });
  const byPath = new Map(nodes.map((n) => [n.path, n.node]));
  return {
    crd,
    schema,
    nodes,
    at(path) {
      const node = byPath.get(path);
      if (!node) throw new Error(`the CRD of ${kind.kind} has no ${path}`);
      return node;
    },
  };
}
