// Building blocks shared by every v1beta1 kind. Each helper returns a plain JSON Schema fragment
// (TypeBox keeps the static type beside it) that is also valid as a Kubernetes structural schema.
import { Type, type TSchema } from '@sinclair/typebox';

export const GROUP = 'frrk8s.metallb.io';
export const VERSION = 'v1beta1';
export const API_VERSION = `${GROUP}/${VERSION}`;

/**
 * A string restricted to a fixed set. Kubernetes structural schemas know `enum` but not `const`/`anyOf`
 * of literals, so this is emitted as `{type: string, enum}` while keeping the literal union as its type.
 */
export const StringEnum = <const T extends readonly string[]>(
  values: T,
  description: string,
  extra: object = {},
) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description, ...extra });

/** An unsigned 32-bit integer, as Go's uint32 (the CRD keeps upstream's `format` marker). */
export const Uint32 = (description: string, format: 'int32' | 'int64' = 'int64') =>
  Type.Integer({ minimum: 0, maximum: 4294967295, format, description });

/**
 * A Go duration string as `metav1.Duration` accepts it ("180s", "1m30s", "500ms").
 * The API server stores any string; the format is checked by our validation (INVALID_DURATION).
 */
export const Duration = (description: string, extra: object = {}) => Type.String({ description, ...extra });

/** Standard Kubernetes label selector; `x-kubernetes-map-type: atomic` as upstream. */
export const LabelSelector = (description: string) =>
  Type.Object(
    {
      matchLabels: Type.Optional(
        Type.Record(Type.String(), Type.String(), {
          description:
            'Map of {key,value} pairs. A single {key,value} is equivalent to a matchExpressions element ' +
            'whose key field is "key", the operator is "In", and the values array contains only "value".',
        }),
      ),
      matchExpressions: Type.Optional(
        Type.Array(
          Type.Object(
            {
              key: Type.String({ description: 'The label key that the selector applies to.' }),
              operator: Type.String({
                description: "How the key relates to the values: 'In', 'NotIn', 'Exists' or 'DoesNotExist'.",
              }),
              values: Type.Optional(
                Type.Array(Type.String(), {
                  description:
                    'Values for In and NotIn (must be non-empty); must be empty for Exists and DoesNotExist.',
                  'x-kubernetes-list-type': 'atomic',
                }),
              ),
            },
            { required: ['key', 'operator'] },
          ),
          {
            description: 'A list of label selector requirements. The requirements are ANDed.',
            'x-kubernetes-list-type': 'atomic',
          },
        ),
      ),
    },
    { description, 'x-kubernetes-map-type': 'atomic' },
  );

/** The subset of ObjectMeta our validation reads. The CRD itself declares metadata as a bare object. */
export const ObjectMeta = Type.Object(
  {
    name: Type.Optional(Type.String()),
    generateName: Type.Optional(Type.String()),
    namespace: Type.Optional(Type.String()),
    labels: Type.Optional(Type.Record(Type.String(), Type.String())),
    annotations: Type.Optional(Type.Record(Type.String(), Type.String())),
    generation: Type.Optional(Type.Integer()),
    resourceVersion: Type.Optional(Type.String()),
    uid: Type.Optional(Type.String()),
  },
  // Metadata belongs to the API server; fields we do not read are not "unknown".
  { additionalProperties: true },
);

/** `metav1.Condition`, the standard shape of status conditions. */
export const Condition = Type.Object(
  {
    type: Type.String({ description: 'Type of condition in CamelCase, e.g. "Ready".', maxLength: 316 }),
    status: StringEnum(['True', 'False', 'Unknown'], 'Status of the condition: True, False or Unknown.'),
    observedGeneration: Type.Optional(
      Type.Integer({ minimum: 0, format: 'int64', description: 'The generation the condition was set for.' }),
    ),
    lastTransitionTime: Type.String({
      format: 'date-time',
      description: 'Last time the condition changed from one status to another.',
    }),
    reason: Type.String({
      maxLength: 1024,
      description: 'A programmatic identifier (CamelCase) for the last transition.',
    }),
    message: Type.String({ maxLength: 32768, description: 'A human readable message about the transition.' }),
  },
  { required: ['type', 'status', 'lastTransitionTime', 'reason', 'message'] },
);

/** A schema for a whole object of one kind: apiVersion, kind, metadata, spec and status. */
export function objectSchema<Spec extends TSchema, Status extends TSchema>(
  spec: Spec,
  status: Status,
  description: string,
) {
  return Type.Object(
    {
      apiVersion: Type.Optional(
        Type.String({ description: 'APIVersion of this object: frrk8s.metallb.io/v1beta1.' }),
      ),
      kind: Type.Optional(Type.String({ description: 'Kind of this object.' })),
      metadata: Type.Optional(ObjectMeta),
      spec: Type.Optional(spec),
      status: Type.Optional(status),
    },
    { description },
  );
}
