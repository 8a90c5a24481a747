// FRRConfiguration: what one actor (MetalLB, a CNI, an admin) wants from a node's FRR.
// Field names, types, enums, bounds and defaults follow upstream frr-k8s v1beta1 exactly, so existing
// YAML and MetalLB's generated objects validate unchanged. Where we are stricter than upstream's CRD,
// the extra check lives in src/core/validate, not here, so the API server never rejects upstream YAML.
import { Type, type Static } from '@sinclair/typebox';
import { adminRules, CONNECT_TIME_RULES } from './cel-rules.ts';
import { Duration, LabelSelector, StringEnum, Uint32, objectSchema } from './common.ts';

const Cidr = (description: string) => Type.String({ format: 'cidr', description });
const CidrList = (description: string) => Type.Array(Type.String(), { description });

const RouteDistinguisher = Type.String({
  maxLength: 21,
  description:
    'Route distinguisher: exactly one colon; ASN2:NN (NN ≤ 4294967295), ASN4:NN (NN ≤ 65535) or A.B.C.D:NN (NN ≤ 65535).',
  'x-kubernetes-validations': adminRules('RD', false),
});
const ImportRouteTarget = Type.String({
  maxLength: 21,
  description: "Import route target: like a route distinguisher, and the global part may be '*' (*:NN).",
  'x-kubernetes-validations': adminRules('RT', true),
});
const ExportRouteTarget = Type.String({
  maxLength: 21,
  description: 'Export route target, formatted as an RD.',
  'x-kubernetes-validations': adminRules('RT', false),
});

export const CommunityPrefixes = Type.Object(
  {
    prefixes: Type.Array(Type.String(), {
      minItems: 1,
      format: 'cidr',
      description: 'Prefixes (among the advertised ones) to tag with the community.',
    }),
    community: Type.Optional(
      Type.String({
        description: 'The community: standard "AA:NN" (16-bit each) or large "large:A:B:C" (32-bit each).',
      }),
    ),
  },
  { required: ['prefixes'], description: 'Prefixes to advertise with a BGP community.' },
);

export const LocalPrefPrefixes = Type.Object(
  {
    prefixes: Type.Array(Type.String(), {
      minItems: 1,
      format: 'cidr',
      description: 'Prefixes (among the advertised ones) to send with this local preference.',
    }),
    // int64, not upstream's int32: a maximum of 4294967295 with format int32 is refused by Kubernetes
    // 1.36 (upstream hit this on ASNs and moved them to int64 in v0.0.25).
    localPref: Type.Optional(Uint32('The local preference sent with the prefixes (iBGP only).')),
  },
  { required: ['prefixes'], description: 'Prefixes to advertise with a local preference.' },
);

export const AllowedOutPrefixes = Type.Object(
  {
    prefixes: Type.Optional(
      CidrList(
        'Prefixes to advertise; each must be among this object’s router prefixes or its imported VRFs’.',
      ),
    ),
    mode: Type.Optional(
      StringEnum(
        ['all', 'filtered'],
        'all: advertise every prefix of this object’s router; filtered: only `prefixes`.',
        {
          default: 'filtered',
        },
      ),
    ),
  },
  { description: 'Which prefixes to advertise to the neighbor.' },
);

export const NextHop = Type.Object(
  {
    ipv4: Type.Optional(
      Type.String({ format: 'ipv4', description: 'Next hop set on advertised IPv4 routes.' }),
    ),
    ipv6: Type.Optional(
      Type.String({ format: 'ipv6', description: 'Global next hop set on advertised IPv6 routes.' }),
    ),
  },
  { description: 'Next hops to set on advertised routes, per family.' },
);

export const Advertise = Type.Object(
  {
    allowed: Type.Optional(AllowedOutPrefixes),
    nextHop: Type.Optional(NextHop),
    withLocalPref: Type.Optional(
      Type.Array(LocalPrefPrefixes, {
        description: 'Local preferences for subsets of the advertised prefixes.',
      }),
    ),
    withCommunity: Type.Optional(
      Type.Array(CommunityPrefixes, { description: 'Communities for subsets of the advertised prefixes.' }),
    ),
  },
  { description: 'Outbound policy: what is advertised to the neighbor and with which attributes.' },
);

export const PrefixSelector = Type.Object(
  {
    prefix: Type.Optional(Cidr('The prefix to match.')),
    le: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 128, format: 'int32', description: 'Accept lengths ≤ le.' }),
    ),
    ge: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 128, format: 'int32', description: 'Accept lengths ≥ ge.' }),
    ),
  },
  { description: 'A prefix to accept, optionally with a range of prefix lengths (mask ≤ ge ≤ le).' },
);

export const AllowedInPrefixes = Type.Object(
  {
    prefixes: Type.Optional(
      Type.Array(PrefixSelector, { description: 'Prefixes to accept from the neighbor.' }),
    ),
    mode: Type.Optional(
      StringEnum(
        ['all', 'filtered'],
        'all: accept every route from the neighbor; filtered: only `prefixes`.',
        {
          default: 'filtered',
        },
      ),
    ),
  },
  { description: 'Which routes to accept from the neighbor.' },
);

export const Receive = Type.Object(
  { allowed: Type.Optional(AllowedInPrefixes) },
  { description: 'Inbound policy. With nothing set, nothing is accepted.' },
);

export const SecretReference = Type.Object(
  {
    name: Type.Optional(Type.String({ description: 'Name of the Secret.' })),
    namespace: Type.Optional(
      Type.String({ description: 'Namespace of the Secret. Must be empty or the daemon’s own namespace.' }),
    ),
  },
  {
    description: 'A Secret of type kubernetes.io/basic-auth holding the password under the key `password`.',
    'x-kubernetes-map-type': 'atomic',
  },
);

export const Neighbor = Type.Object(
  {
    asn: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 4294967295,
        format: 'int64',
        description: 'The remote AS number of the neighbor. Exactly one of asn and dynamicASN must be set.',
      }),
    ),
    dynamicASN: Type.Optional(
      StringEnum(
        ['internal', 'external'],
        'Peer with any internal (iBGP) or external (eBGP) AS instead of a fixed asn.',
      ),
    ),
    sourceaddress: Type.Optional(
      Type.String({ description: 'Local address or interface to source the session from (update-source).' }),
    ),
    address: Type.Optional(
      Type.String({
        description: 'IP address of the neighbor. Exactly one of address and interface must be set.',
      }),
    ),
    interface: Type.Optional(
      Type.String({
        description: 'Interface for unnumbered (link-local) peering; both unicast families are enabled.',
      }),
    ),
    port: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 16384, description: 'TCP port of the neighbor. Defaults to 179.' }),
    ),
    password: Type.Optional(
      Type.String({ description: 'Cleartext TCP-MD5 password. Prefer passwordSecret; never both.' }),
    ),
    passwordSecret: Type.Optional(SecretReference),
    holdTime: Type.Optional(
      Duration('BGP hold time (0 or ≥ 3s). Must be set with keepaliveTime. Default 180s.'),
    ),
    keepaliveTime: Type.Optional(
      Duration('BGP keepalive interval, at most holdTime. Must be set with holdTime. Default 60s.'),
    ),
    connectTime: Type.Optional(
      Duration('Connect retry timer, 1..65535 whole seconds. Default 60s.', {
        'x-kubernetes-validations': CONNECT_TIME_RULES,
      }),
    ),
    ebgpMultiHop: Type.Optional(
      Type.Boolean({ description: 'The neighbor is more than one hop away (eBGP).' }),
    ),
    bfdProfile: Type.Optional(
      Type.String({ description: 'Name of a BFD profile of this same object to run BFD with the neighbor.' }),
    ),
    enableGracefulRestart: Type.Optional(
      Type.Boolean({
        description: 'Enable BGP graceful restart with the neighbor (applies on session reset).',
      }),
    ),
    toAdvertise: Type.Optional(Advertise),
    toReceive: Type.Optional(Receive),
    disableMP: Type.Optional(
      Type.Boolean({ default: false, description: 'Deprecated and ignored; kept for compatibility.' }),
    ),
    dualStackAddressFamily: Type.Optional(
      Type.Boolean({
        default: false,
        description:
          'Activate the session for both IPv4 and IPv6 unicast, whatever the neighbor address family.',
      }),
    ),
    localASN: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 4294967295,
        format: 'int64',
        description: 'Local AS to present to this neighbor (local-as … no-prepend replace-as). Not for iBGP.',
      }),
    ),
    addressFamilies: Type.Optional(
      Type.Array(StringEnum(['unicast', 'evpn'], 'An address family: unicast or evpn.'), {
        maxItems: 2,
        default: ['unicast'],
        description: 'Address families to activate with the neighbor.',
      }),
    ),
  },
  { description: 'A BGP neighbor of the router.' },
);

export const Import = Type.Object(
  {
    vrf: Type.Optional(
      Type.String({ description: 'VRF to import routes from; "default" is the default VRF.' }),
    ),
  },
  { description: 'A VRF whose routes this router imports.' },
);

export const L2VNI = Type.Object(
  {
    vni: Type.Integer({ minimum: 1, maximum: 16777215, format: 'int32', description: 'The layer-2 VNI.' }),
    rd: Type.Optional(RouteDistinguisher),
    importRTs: Type.Optional(
      Type.Array(ImportRouteTarget, { maxItems: 100, description: 'Import route targets.' }),
    ),
    exportRTs: Type.Optional(
      Type.Array(ExportRouteTarget, { maxItems: 100, description: 'Export route targets.' }),
    ),
  },
  { required: ['vni'], description: 'A layer-2 VNI with its route distinguisher and route targets.' },
);

export const L3VNI = Type.Object(
  {
    vni: Type.Integer({
      minimum: 1,
      maximum: 16777215,
      format: 'int32',
      description: 'The layer-3 VNI of the VRF.',
    }),
    advertisePrefixes: Type.Array(
      StringEnum(['unicast'], 'Advertise the VRF’s unicast routes as EVPN type-5.'),
      {
        minItems: 1,
        maxItems: 1,
        description: 'Route types to advertise into EVPN.',
      },
    ),
    rd: Type.Optional(RouteDistinguisher),
    importRTs: Type.Optional(
      Type.Array(ImportRouteTarget, { maxItems: 100, description: 'Import route targets.' }),
    ),
    exportRTs: Type.Optional(
      Type.Array(ExportRouteTarget, { maxItems: 100, description: 'Export route targets.' }),
    ),
  },
  {
    required: ['vni', 'advertisePrefixes'],
    description: 'The layer-3 VNI of a VRF router (routers without neighbors).',
  },
);

export const EVPNConfig = Type.Object(
  {
    advertiseVNIs: Type.Optional(
      StringEnum(['Disabled', 'All'], 'All: advertise every locally configured VNI (advertise-all-vni).'),
    ),
    advertiseSVI: Type.Optional(
      Type.Boolean({ description: 'Advertise SVI MAC/IP routes (advertise-svi-ip).' }),
    ),
    l2vnis: Type.Optional(Type.Array(L2VNI, { maxItems: 10, description: 'Layer-2 VNIs.' })),
    l3vni: Type.Optional(L3VNI),
  },
  { description: 'EVPN settings of the router. Host networking (VXLAN, bridges, VRFs) is not managed.' },
);

export const Router = Type.Object(
  {
    asn: Type.Integer({
      minimum: 0,
      maximum: 4294967295,
      format: 'int64',
      description: 'The local AS number.',
    }),
    id: Type.Optional(Type.String({ description: 'BGP router ID, an IPv4 address.' })),
    vrf: Type.Optional(Type.String({ description: 'Host VRF of the router; empty for the default VRF.' })),
    neighbors: Type.Optional(Type.Array(Neighbor, { description: 'BGP neighbors of the router.' })),
    prefixes: Type.Optional(
      CidrList('Prefixes this router may advertise (network statements); neighbors choose among them.'),
    ),
    imports: Type.Optional(Type.Array(Import, { description: 'VRFs to import routes from.' })),
    evpn: Type.Optional(EVPNConfig),
  },
  {
    required: ['asn'],
    description: 'A BGP router: one per VRF on a node (objects for the same VRF are merged).',
  },
);

export const BFDProfile = Type.Object(
  {
    name: Type.String({ description: 'Name of the profile, referenced by neighbors of this object.' }),
    receiveInterval: Type.Optional(
      Type.Integer({
        minimum: 10,
        maximum: 60000,
        format: 'int32',
        description: 'Minimum receive interval (ms).',
      }),
    ),
    transmitInterval: Type.Optional(
      Type.Integer({
        minimum: 10,
        maximum: 60000,
        format: 'int32',
        description: 'Minimum transmit interval (ms).',
      }),
    ),
    detectMultiplier: Type.Optional(
      Type.Integer({
        minimum: 2,
        maximum: 255,
        format: 'int32',
        description: 'Missed packets before the peer is down.',
      }),
    ),
    echoInterval: Type.Optional(
      Type.Integer({
        minimum: 10,
        maximum: 60000,
        format: 'int32',
        description: 'Echo transmit/receive interval (ms).',
      }),
    ),
    echoMode: Type.Optional(Type.Boolean({ description: 'Enable echo mode.' })),
    passiveMode: Type.Optional(Type.Boolean({ description: 'Wait for the peer to start the session.' })),
    minimumTtl: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 254,
        format: 'int32',
        description: 'Minimum TTL for multihop sessions.',
      }),
    ),
  },
  {
    required: ['name'],
    description: 'A BFD profile. Profiles are global by name on a node: same name, same values.',
  },
);

export const BGPConfig = Type.Object(
  {
    routers: Type.Optional(Type.Array(Router, { maxItems: 50, description: 'BGP routers, one per VRF.' })),
    bfdProfiles: Type.Optional(
      Type.Array(BFDProfile, { description: 'BFD profiles for this object’s neighbors.' }),
    ),
  },
  { description: 'BGP configuration.' },
);

export const RawConfig = Type.Object(
  {
    priority: Type.Optional(
      Type.Integer({
        description: 'Order of raw snippets: ascending priority, then object name. Last wins in FRR.',
      }),
    ),
    rawConfig: Type.Optional(
      Type.String({
        description: 'FRR configuration text appended verbatim. Unsupported; for experiments only.',
      }),
    ),
  },
  { description: 'Raw FRR configuration appended after the generated one.' },
);

export const FRRConfigurationSpec = Type.Object(
  {
    bgp: Type.Optional(BGPConfig),
    raw: Type.Optional(RawConfig),
    nodeSelector: Type.Optional(
      LabelSelector('Nodes this configuration applies to. Empty selects every node.'),
    ),
  },
  { description: 'The desired FRR configuration contributed by this object.' },
);

export const FRRConfigurationStatus = Type.Object(
  {},
  { description: 'Unused; per-node outcomes are in FRRNodeState.' },
);

export const FRRConfiguration = objectSchema(
  FRRConfigurationSpec,
  FRRConfigurationStatus,
  'FRRConfiguration is one actor’s contribution to the FRR configuration of the nodes it selects.',
);

export type FRRConfiguration = Static<typeof FRRConfiguration>;
export type FRRConfigurationSpec = Static<typeof FRRConfigurationSpec>;
export type Router = Static<typeof Router>;
export type Neighbor = Static<typeof Neighbor>;
export type BFDProfile = Static<typeof BFDProfile>;
export type Advertise = Static<typeof Advertise>;
export type Receive = Static<typeof Receive>;
export type PrefixSelector = Static<typeof PrefixSelector>;
export type EVPNConfig = Static<typeof EVPNConfig>;
export type L2VNI = Static<typeof L2VNI>;
export type L3VNI = Static<typeof L3VNI>;
