// FRRNodeState: cluster-scoped, one per node (name = node name). The three upstream strings keep their
// meaning; everything we add sits beside them so tools written for upstream keep working.
import { Type, type Static } from '@sinclair/typebox';
import { Condition, StringEnum, objectSchema } from './common.ts';

export const ConfigurationOutcome = Type.Object(
  {
    namespace: Type.String({ description: 'Namespace of the FRRConfiguration.' }),
    name: Type.String({ description: 'Name of the FRRConfiguration.' }),
    generation: Type.Optional(
      Type.Integer({
        minimum: 0,
        format: 'int64',
        description: 'metadata.generation this outcome is about.',
      }),
    ),
    outcome: StringEnum(
      ['Applied', 'NotSelected', 'Invalid', 'Conflict', 'Pending', 'Ignored'],
      'What happened to the object on this node (NotSelected is only reported by `frrk8s explain`, never stored).',
    ),
    reason: Type.Optional(
      Type.String({ description: 'Why, in one line (e.g. the selector term that did not match).' }),
    ),
    problems: Type.Optional(
      Type.Array(
        Type.Object(
          {
            code: Type.String({ description: 'Stable problem code, e.g. NEIGHBOR_ASN_CONFLICT.' }),
            severity: StringEnum(['error', 'warning'], 'error blocks the node; warning does not.'),
            path: Type.Optional(Type.String({ description: 'Field path inside this object.' })),
            message: Type.String({ description: 'Human readable explanation.' }),
            with: Type.Optional(
              Type.Array(Type.String(), {
                description: 'Other objects (namespace/name) involved, e.g. in a conflict.',
              }),
            ),
          },
          { required: ['code', 'severity', 'message'] },
        ),
        { description: 'Problems found in this object on this node.' },
      ),
    ),
  },
  {
    required: ['namespace', 'name', 'outcome'],
    description: 'The outcome of one FRRConfiguration on this node.',
  },
);

export const FRRNodeStateStatus = Type.Object(
  {
    runningConfig: Type.Optional(
      Type.String({ description: 'FRR running configuration after the last reload (passwords retracted).' }),
    ),
    lastConversionResult: Type.Optional(
      Type.String({
        description: '"success", or "failed: …" when the objects could not be turned into FRR configuration.',
      }),
    ),
    lastReloadResult: Type.Optional(
      Type.String({ description: '"success", or FRR’s error when the last reload failed.' }),
    ),
    conditions: Type.Optional(
      Type.Array(Condition, {
        description:
          'Ready, ConfigValid, Reloaded, BGPSessionsEstablished and Degraded conditions of this node.',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['type'],
      }),
    ),
    sessions: Type.Optional(
      Type.Object(
        {
          total: Type.Integer({ minimum: 0, description: 'BGP sessions configured in FRR.' }),
          established: Type.Integer({ minimum: 0, description: 'Of those, the Established ones.' }),
        },
        {
          description:
            'How many of the node’s BGP sessions are up (see the BGPSessionsEstablished condition).',
        },
      ),
    ),
    configurations: Type.Optional(
      Type.Array(ConfigurationOutcome, {
        description:
          'What happened on this node to each FRRConfiguration that selects it (or whose nodeSelector is invalid). Objects that do not select the node are not listed: `frrk8s explain --node` says why.',
      }),
    ),
  },
  { description: 'What the node’s daemon did with the configuration, and how FRR took it.' },
);

export const FRRNodeState = objectSchema(
  Type.Object({}, { description: 'Empty: FRRNodeState is status only.' }),
  FRRNodeStateStatus,
  'FRRNodeState reports the FRR configuration of one node and how the FRRConfigurations selecting it fared.',
);

export type FRRNodeState = Static<typeof FRRNodeState>;
export type FRRNodeStateStatus = Static<typeof FRRNodeStateStatus>;
export type ConfigurationOutcome = Static<typeof ConfigurationOutcome>;
