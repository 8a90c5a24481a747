// BGPSessionState: one object per (node, VRF, peer), written by the node's daemon from FRR's own view.
import { Type, type Static } from '@sinclair/typebox';
import { objectSchema } from './common.ts';

export const BGPSessionStateStatus = Type.Object(
  {
    bgpStatus: Type.Optional(
      Type.String({
        description: 'BGP FSM state from FRR: Idle, Connect, Active, OpenSent, OpenConfirm, Established.',
      }),
    ),
    bfdStatus: Type.Optional(
      Type.String({ description: 'BFD state from FRR (Up, Down, …), or N/A without BFD.' }),
    ),
    node: Type.Optional(Type.String({ description: 'The node whose FRR holds the session.' })),
    peer: Type.Optional(
      Type.String({ description: 'Neighbor address, or the interface for unnumbered peering.' }),
    ),
    vrf: Type.Optional(Type.String({ description: 'VRF of the session; empty for the default VRF.' })),
    establishedSince: Type.Optional(
      Type.String({ format: 'date-time', description: 'When the session last became Established.' }),
    ),
    prefixesReceived: Type.Optional(
      Type.Integer({ minimum: 0, format: 'int64', description: 'Prefixes accepted from the peer.' }),
    ),
    prefixesSent: Type.Optional(
      Type.Integer({ minimum: 0, format: 'int64', description: 'Prefixes sent to the peer.' }),
    ),
    lastError: Type.Optional(
      Type.String({ description: 'Why the session last went down or was reset, in FRR’s words.' }),
    ),
    lastNotification: Type.Optional(
      Type.String({
        description: 'The last BGP NOTIFICATION sent or received, as code/subcode in words.',
      }),
    ),
    bfdFlaps: Type.Optional(
      Type.Integer({
        minimum: 0,
        format: 'int64',
        description: 'Times the BFD session went down since FRR’s bfdd started.',
      }),
    ),
  },
  { description: 'The state of one BGP session as FRR sees it.' },
);

export const BGPSessionState = objectSchema(
  Type.Object({}, { description: 'Empty: BGPSessionState is status only.' }),
  BGPSessionStateStatus,
  'BGPSessionState exposes the state of one BGP session of the FRR instance on a node.',
);

export type BGPSessionState = Static<typeof BGPSessionState>;
export type BGPSessionStateStatus = Static<typeof BGPSessionStateStatus>;
