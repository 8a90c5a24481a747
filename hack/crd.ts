// Pure: one KindInfo → one CustomResourceDefinition object. hack/generate.ts writes the YAML;
// the staleness test regenerates in memory and compares.
import type { KindInfo } from '../api/v1beta1/kinds.ts';
import { GROUP, VERSION } from '../api/v1beta1/common.ts';
import { mapSchema, type JsonSchema } from '../api/schema-walk.ts';

/** Rewrites the TypeBox schema into a Kubernetes structural schema. */
export function structuralSchema(kind: KindInfo): JsonSchema {
  const schema = mapSchema(kind.schema, (node, path) => {
    // Records come out of TypeBox as patternProperties, which CRDs do not accept.
    const pattern = node.patternProperties as Record<string, JsonSchema> | undefined;
    if (pattern) {
      const [only] = Object.values(pattern);
      const { patternProperties: _drop, ...rest } = node;
      return { ...rest, additionalProperties: only };
    }
    // The API server owns metadata's schema; CRDs declare it as a bare object.
    if (path.length === 1 && path[0] === 'metadata') return { type: 'object' };
    return node;
  });
  return schema;
}

export function crdFor(kind: KindInfo): JsonSchema {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${kind.plural}.${GROUP}`,
      annotations: { 'frrk8s.metallb.io/generated-by': 'hack/generate.ts' },
    },
    spec: {
      group: GROUP,
      names: {
        kind: kind.kind,
        listKind: `${kind.kind}List`,
        plural: kind.plural,
        singular: kind.singular,
        ...(kind.shortNames.length > 0 ? { shortNames: kind.shortNames } : {}),
      },
      scope: kind.scope,
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: structuralSchema(kind) },
          subresources: { status: {} },
          additionalPrinterColumns: kind.printerColumns,
        },
      ],
    },
  };
}

export const crdFileName = (kind: KindInfo): string => `${GROUP}_${kind.plural}.yaml`;
