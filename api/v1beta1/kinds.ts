// The registry of v1beta1 kinds: names, scope and printer columns. The CRD generator and the
// documentation generator read only this, so a new kind is one entry here.
import type { TObject } from '@sinclair/typebox';
import { BGPSessionState } from './bgpsessionstate.ts';
import { FRRConfiguration } from './frrconfiguration.ts';
import { FRRK8sConfiguration } from './frrk8sconfiguration.ts';
import { FRRNodeState } from './frrnodestate.ts';

export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'date' | 'boolean' | 'number';
  jsonPath: string;
  description: string;
  priority?: number;
}

export interface KindInfo {
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  scope: 'Namespaced' | 'Cluster';
  schema: TObject;
  printerColumns: PrinterColumn[];
}

const age: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description: 'Time since creation.',
};

export const KINDS: readonly KindInfo[] = [
  {
    kind: 'FRRConfiguration',
    plural: 'frrconfigurations',
    singular: 'frrconfiguration',
    shortNames: ['frrconf'],
    scope: 'Namespaced',
    schema: FRRConfiguration,
    printerColumns: [
      {
        name: 'Routers',
        type: 'string',
        jsonPath: '.spec.bgp.routers[*].asn',
        description: 'Local AS numbers of the routers.',
      },
      {
        name: 'Neighbors',
        type: 'string',
        jsonPath: '.spec.bgp.routers[*].neighbors[*].address',
        description: 'Neighbor addresses.',
      },
      {
        name: 'Raw',
        type: 'integer',
        jsonPath: '.spec.raw.priority',
        description: 'Priority of the raw snippet, if any.',
        priority: 1,
      },
      age,
    ],
  },
  {
    kind: 'FRRNodeState',
    plural: 'frrnodestates',
    singular: 'frrnodestate',
    shortNames: ['frrns'],
    scope: 'Cluster',
    schema: FRRNodeState,
    printerColumns: [
      {
        name: 'Ready',
        type: 'string',
        jsonPath: '.status.conditions[?(@.type=="Ready")].status',
        description: 'Whether the desired configuration is running in FRR.',
      },
      {
        name: 'Conversion',
        type: 'string',
        jsonPath: '.status.lastConversionResult',
        description: 'Result of turning the objects into FRR configuration.',
      },
      {
        name: 'Reload',
        type: 'string',
        jsonPath: '.status.lastReloadResult',
        description: 'Result of the last FRR reload.',
      },
      {
        name: 'Sessions',
        type: 'integer',
        jsonPath: '.status.sessions.total',
        description: 'BGP sessions configured in FRR.',
      },
      {
        name: 'Established',
        type: 'integer',
        jsonPath: '.status.sessions.established',
        description: 'BGP sessions Established.',
      },
      age,
    ],
  },
  {
    kind: 'BGPSessionState',
    plural: 'bgpsessionstates',
    singular: 'bgpsessionstate',
    shortNames: ['bgpss'],
    scope: 'Namespaced',
    schema: BGPSessionState,
    printerColumns: [
      { name: 'Node', type: 'string', jsonPath: '.status.node', description: 'Node of the session.' },
      { name: 'Peer', type: 'string', jsonPath: '.status.peer', description: 'Peer address or interface.' },
      { name: 'VRF', type: 'string', jsonPath: '.status.vrf', description: 'VRF of the session.' },
      { name: 'BGP', type: 'string', jsonPath: '.status.bgpStatus', description: 'BGP state.' },
      { name: 'BFD', type: 'string', jsonPath: '.status.bfdStatus', description: 'BFD state.' },
      {
        name: 'Sent',
        type: 'integer',
        jsonPath: '.status.prefixesSent',
        description: 'Prefixes sent to the peer.',
      },
      {
        name: 'Received',
        type: 'integer',
        jsonPath: '.status.prefixesReceived',
        description: 'Prefixes accepted from the peer.',
      },
      {
        name: 'Up Since',
        type: 'date',
        jsonPath: '.status.establishedSince',
        description: 'When the session last became Established.',
        priority: 1,
      },
      age,
    ],
  },
  {
    kind: 'FRRK8sConfiguration',
    plural: 'frrk8sconfigurations',
    singular: 'frrk8sconfiguration',
    shortNames: [],
    scope: 'Namespaced',
    schema: FRRK8sConfiguration,
    printerColumns: [
      { name: 'Log Level', type: 'string', jsonPath: '.spec.logLevel', description: 'Log level.' },
      age,
    ],
  },
];
