// Problems are data: a stable code, a severity, a message for people, and the objects and field paths
// at fault. Tests and tools match on `code` and `sources`, never on the message text.

/** Every problem code with a one-line meaning; docs/validation.md is generated from this table. */
export const PROBLEM_CODES = {
  // Input documents (CLI)
  UNKNOWN_KIND: 'The document is not an FRRConfiguration, Secret or Node; it was skipped.',
  MISSING_NAME: 'The object has no metadata.name.',
  INVALID_OBJECT_NAME:
    'metadata.name is not a DNS subdomain (at most 253 lower-case alphanumerics, "-" or ".", starting and ending alphanumeric), so the API server refuses it.',
  INVALID_NAMESPACE_NAME:
    'metadata.namespace is not a DNS label (at most 63 lower-case alphanumerics or "-", starting and ending alphanumeric).',
  DUPLICATE_OBJECT: 'The same namespace/name appears twice in the input; the last one is used.',
  OUTSIDE_NAMESPACE: 'The object is not in the daemon namespace, so the daemon will not read it.',
  // Reading input (CLI): each stops the command with exit 2 and the file, line and column at fault
  INPUT_NOT_FOUND: 'A file or directory given with -f does not exist.',
  INPUT_UNREADABLE: 'A file or directory cannot be read (permissions, or not a file).',
  INPUT_BROKEN_LINK: 'A symbolic link points to nothing, or links form a loop.',
  INPUT_TOO_LARGE:
    'An input, or all inputs together, exceed the size the CLI reads (32 MiB each, 64 MiB in all).',
  YAML_SYNTAX: 'The text is not valid YAML or JSON (or a mapping repeats a key).',
  YAML_TOO_DEEP: 'Collections are nested deeper than the CLI reads (200 levels).',
  YAML_ALIAS_UNDEFINED: 'An alias (*name) refers to no anchor (&name) before it.',
  YAML_ALIAS_CYCLE: 'An alias refers to an anchor that contains the alias itself.',
  YAML_ALIAS_EXPANSION:
    'Aliases expand the input beyond 1,000,000 values (as a "billion laughs" file does); reusing an anchor is fine below that.',
  YAML_MERGE_INVALID:
    'A merge key (<<) is not given a mapping or a list of mappings, or it would override a key written before it (YAML readers disagree there).',
  YAML_NOT_JSON:
    'A value has no JSON form that kubectl could send: a mapping or list used as a key, or .nan / .inf.',
  // Reading the live cluster (CLI without -f): each stops the command with exit 2
  KUBECONFIG_UNREADABLE:
    'The kubeconfig (--kubeconfig, $KUBECONFIG or ~/.kube/config) cannot be read or parsed, has no current cluster, or --context names no context in it.',
  CLUSTER_UNREACHABLE:
    'The API server did not answer: connection refused, name or TLS failure, or no reply within the request timeout.',
  CLUSTER_UNAUTHORIZED: 'The API server refused the kubeconfig’s credentials (HTTP 401).',
  CLUSTER_FORBIDDEN:
    'RBAC does not allow a read the command needs; the message names the verb, the resource and the namespace.',
  CLUSTER_NAMESPACE_NOT_FOUND: 'The namespace given with -n does not exist in the cluster.',
  CLUSTER_NODE_NOT_FOUND: 'The cluster has no Node named --node; the message lists nodes with similar names.',
  CLUSTER_API_MISSING:
    'The cluster does not serve frrk8s.metallb.io/v1beta1 FRRConfigurations (the CRDs are not installed).',
  CLUSTER_REQUEST_FAILED:
    'The API server answered a read with another error (HTTP 5xx, a webhook or aggregation failure); the message has its reason.',
  // Schema
  SCHEMA_TYPE: 'A field has the wrong JSON type.',
  SCHEMA_REQUIRED: 'A required field is missing.',
  SCHEMA_ENUM: 'A field is not one of its allowed values.',
  SCHEMA_RANGE: 'A number is outside its allowed range.',
  SCHEMA_ITEMS: 'A list has too few or too many items.',
  SCHEMA_LENGTH: 'A string is too long.',
  SCHEMA_INVALID: 'The object does not match the schema in another way.',
  UNKNOWN_FIELD: 'A field is not part of the API (a typo?). The API server drops it silently.',
  // Strings that reach FRR
  UNSAFE_CHARACTERS:
    'A string that is written into FRR configuration contains a newline, "!", "#" or a control character.',
  INVALID_NAME: 'A VRF, interface or BFD profile name does not fit FRR and Linux naming rules.',
  INVALID_PASSWORD:
    'A BGP password is empty, too long (TCP-MD5 allows 80 characters) or contains whitespace.',
  // Routers
  ROUTER_ASN_INVALID: 'The router ASN is 0; FRR needs 1..4294967295.',
  ROUTER_ID_NOT_IPV4: 'The router id is not an IPv4 address (FRR requires an IPv4 router-id).',
  INVALID_CIDR: 'A prefix is not a valid CIDR.',
  PREFIX_NOT_CANONICAL: 'A prefix has host bits set; it is used as its network address.',
  DUPLICATE_PREFIX: 'A prefix is listed twice in the same list.',
  IMPORT_VRF_UNDECLARED: 'A router imports a VRF that has no router in the same object.',
  // Neighbors
  NEIGHBOR_ASN_MISSING: 'A neighbor sets neither asn nor dynamicASN.',
  NEIGHBOR_ASN_AMBIGUOUS: 'A neighbor sets both asn and dynamicASN.',
  NEIGHBOR_ADDRESS_MISSING: 'A neighbor sets neither address nor interface.',
  NEIGHBOR_ADDRESS_AMBIGUOUS: 'A neighbor sets both address and interface.',
  INTERFACE_NAME_IS_ADDRESS:
    'An unnumbered neighbor’s interface name reads as an IP address, so it could not be told apart from a neighbor with that address.',
  INVALID_IP: 'An address is not a valid IPv4 or IPv6 address.',
  IPV4_COMPATIBLE_ADDRESS:
    'An address or prefix is IPv4-compatible IPv6 (::a.b.c.d, or the same in hex): deprecated by RFC 4291, and FRR’s reload cannot keep it stable. Use the IPv4 address or ::ffff:a.b.c.d.',
  INVALID_SOURCE_ADDRESS: 'sourceaddress is neither an IP address nor an interface name.',
  PORT_INVALID: 'The port is 0.',
  LOCAL_ASN_IBGP:
    'localASN is set on an iBGP neighbor (its asn equals the router asn, or dynamicASN is internal).',
  LOCAL_ASN_EQUALS_ROUTER: 'localASN equals the router asn; FRR refuses a local-as equal to its own AS.',
  PASSWORD_AMBIGUOUS: 'A neighbor sets both password and passwordSecret.',
  PASSWORD_SECRET_NAMESPACE:
    'passwordSecret.namespace names a namespace other than the daemon’s; it is ignored and the Secret is read from the daemon namespace (as upstream does, and as MetalLB’s passthrough mode relies on).',
  PASSWORD_SECRET_NAME_MISSING: 'passwordSecret has no name.',
  SECRET_NOT_FOUND: 'The Secret named by passwordSecret does not exist (yet); the session waits for it.',
  SECRET_TYPE_MISMATCH: 'The Secret named by passwordSecret is not of type kubernetes.io/basic-auth.',
  SECRET_PASSWORD_MISSING: 'The Secret named by passwordSecret has no "password" key.',
  SECRET_PASSWORD_NOT_BASE64:
    'The "password" value in the data of the Secret named by passwordSecret is not valid base64 (the API server would refuse it).',
  BFD_PROFILE_UNKNOWN: 'A neighbor references a BFD profile not defined in the same object.',
  BFD_PROFILE_DUPLICATE: 'Two BFD profiles in one object have the same name.',
  DISABLE_MP_DEPRECATED: 'disableMP is deprecated and ignored.',
  GRACEFUL_RESTART_CHANGE:
    'An update turns graceful restart on or off for a neighbor; FRR resets that session to apply it (admission warning).',
  EBGP_MULTIHOP_IGNORED: 'ebgpMultiHop is set on an iBGP or unnumbered session, where FRR ignores it.',
  // Timers
  INVALID_DURATION: 'A duration is not a valid duration string such as "90s" or "1m30s".',
  TIMERS_INCOMPLETE: 'Only one of holdTime and keepaliveTime is set; both or none.',
  HOLD_TIME_RANGE: 'holdTime must be 0 or between 3s and 65535s.',
  KEEPALIVE_RANGE: 'keepaliveTime must be between 0 and 65535s.',
  KEEPALIVE_EXCEEDS_HOLD: 'keepaliveTime is larger than holdTime.',
  KEEPALIVE_CLAMPED: 'keepaliveTime is more than a third of holdTime; FRR runs the session with holdTime/3.',
  CONNECT_TIME_RANGE: 'connectTime must be between 1s and 65535s.',
  CONNECT_TIME_FRACTION: 'connectTime must be a whole number of seconds.',
  // Outbound policy
  ADVERTISED_PREFIX_NOT_DECLARED:
    'A prefix to advertise is not among the prefixes of this object’s router (or of the VRFs it imports).',
  PREFIX_FAMILY_MISMATCH: 'A prefix’s address family does not match the neighbor’s.',
  NEXT_HOP_INVALID: 'A next hop is not an address of its family.',
  NEXT_HOP_FAMILY_MISMATCH: 'A next hop is set for a family the neighbor does not carry.',
  LOCAL_PREF_PREFIX_NOT_ADVERTISED: 'withLocalPref names a prefix that is not advertised to the neighbor.',
  LOCAL_PREF_DUPLICATE: 'The same localPref value has two entries.',
  LOCAL_PREF_CONFLICT: 'One prefix has two different local preferences.',
  COMMUNITY_PREFIX_NOT_ADVERTISED: 'withCommunity names a prefix that is not advertised to the neighbor.',
  COMMUNITY_DUPLICATE: 'The same community has two entries.',
  INVALID_COMMUNITY: 'A community is not "AA:NN" (16-bit values) or "large:A:B:C" (32-bit values).',
  // Inbound policy
  RECEIVE_LENGTH_ORDER: 'A receive filter violates mask ≤ ge ≤ le.',
  RECEIVE_LENGTH_RANGE: 'A receive filter’s ge or le is longer than its family allows (32 or 128).',
  // EVPN
  INVALID_ROUTE_DISTINGUISHER: 'A route distinguisher is not ASN:NN or A.B.C.D:NN within the allowed ranges.',
  INVALID_ROUTE_TARGET:
    'A route target is not ASN:NN, A.B.C.D:NN or (import only) *:NN within the allowed ranges.',
  EVPN_L3VNI_WITH_NEIGHBORS:
    'An l3vni is set on a router that has neighbors; l3vni is only for routers without neighbors.',
  EVPN_DUPLICATE_VNI:
    'The same VNI is used twice (as l2vni or l3vni), in one object or across VRFs on a node.',
  // Merge conflicts: two objects selected for the same node disagree. Every source is cited.
  ROUTER_ASN_CONFLICT: 'Two objects give the router of one VRF different AS numbers.',
  ROUTER_ID_CONFLICT: 'Two objects give the router of one VRF different router IDs.',
  NEIGHBOR_ASN_CONFLICT: 'Two objects give one neighbor different remote AS numbers (or asn vs dynamicASN).',
  NEIGHBOR_PORT_CONFLICT:
    'Two objects write different ports for one neighbor (an object that leaves it unset accepts the other’s).',
  NEIGHBOR_SOURCE_ADDRESS_CONFLICT: 'Two objects give one neighbor different source addresses.',
  NEIGHBOR_PASSWORD_CONFLICT: 'Two objects give one neighbor different passwords.',
  NEIGHBOR_BFD_PROFILE_CONFLICT: 'Two objects give one neighbor different BFD profiles.',
  NEIGHBOR_EBGP_MULTIHOP_CONFLICT: 'One object sets ebgpMultiHop true and another false for one neighbor.',
  NEIGHBOR_FAMILY_CONFLICT: 'Two objects disagree on whether one neighbor is dual-stack.',
  NEIGHBOR_HOLD_TIME_CONFLICT:
    'Two objects write different hold times for one neighbor (an object that leaves it unset accepts the other’s).',
  NEIGHBOR_KEEPALIVE_CONFLICT:
    'Two objects write different keepalive times for one neighbor (an object that leaves it unset accepts the other’s).',
  NEIGHBOR_CONNECT_TIME_CONFLICT:
    'Two objects write different connect times for one neighbor (an object that leaves it unset accepts the other’s).',
  NEIGHBOR_LOCAL_ASN_CONFLICT: 'Two objects give one neighbor different local AS numbers.',
  NEIGHBOR_GRACEFUL_RESTART_CONFLICT:
    'One object enables graceful restart for a neighbor and another disables it.',
  NEXT_HOP_CONFLICT: 'Two objects set different next hops of one family for one neighbor.',
  BFD_PROFILE_CONFLICT: 'Two objects define a BFD profile with the same name and different values.',
  EVPN_ADVERTISE_VNIS_CONFLICT:
    'Two objects disagree on evpn.advertiseVNIs for one VRF (unset means Disabled).',
  EVPN_ADVERTISE_SVI_CONFLICT: 'Two objects disagree on evpn.advertiseSVI for one VRF.',
  EVPN_RD_CONFLICT: 'Two objects give one VNI different route distinguishers.',
  EVPN_ROUTE_TARGET_MIX: 'One object lists route targets for a VNI and another relies on automatic ones.',
  EVPN_L3VNI_CONFLICT: 'Two objects give one VRF different l3vni numbers.',
  EVPN_NEEDS_NEIGHBOR:
    'advertiseVNIs, advertiseSVI or l2vnis are set but the router has no neighbor with the evpn family.',
  SECRET_UNRESOLVED:
    'A neighbor’s passwordSecret cannot be resolved on this node, so the node keeps its last good configuration.',
  // Node selection
  NODE_SELECTOR_INVALID: 'The nodeSelector is not a valid label selector.',
  // The node
  INVALID_HOSTNAME:
    'The hostname FRR is given (the node name unless told otherwise) is empty, longer than 253 characters, or has whitespace, "!", "#" or a non-printable character.',
} as const;

export type ProblemCode = keyof typeof PROBLEM_CODES;
export type Severity = 'error' | 'warning';

/** Where a problem comes from: an object and a dotted field path inside it. */
export interface SourceRef {
  kind?: string;
  namespace: string;
  name: string;
  /** e.g. `spec.bgp.routers[0].neighbors[2].holdTime`; empty for the whole object. */
  path: string;
}

export interface Problem {
  code: ProblemCode;
  severity: Severity;
  message: string;
  /** The objects and fields at fault; a conflict cites every object involved. */
  sources: SourceRef[];
}

/** Codes that are warnings wherever they are raised; everything else is an error. */
const WARNING_CODES: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'UNKNOWN_KIND',
  'DUPLICATE_OBJECT',
  'OUTSIDE_NAMESPACE',
  'UNKNOWN_FIELD',
  'PREFIX_NOT_CANONICAL',
  'DUPLICATE_PREFIX',
  'DISABLE_MP_DEPRECATED',
  'GRACEFUL_RESTART_CHANGE',
  'SECRET_NOT_FOUND',
  'PASSWORD_SECRET_NAMESPACE',
  'KEEPALIVE_CLAMPED',
  'EBGP_MULTIHOP_IGNORED',
]);

export const severityOf = (code: ProblemCode): Severity => (WARNING_CODES.has(code) ? 'warning' : 'error');

export function problem(code: ProblemCode, message: string, ...sources: SourceRef[]): Problem {
  return { code, severity: severityOf(code), message, sources };
}

export const hasErrors = (problems: readonly Problem[]): boolean =>
  problems.some((p) => p.severity === 'error');

/** `namespace/name` of a source, as printed in messages and the CLI. */
export const refName = (s: { namespace: string; name: string }): string =>
  s.namespace ? `${s.namespace}/${s.name}` : s.name;

/** One line per problem: `error CODE namespace/name spec.path: message` (the CLI's text format). */
export function formatProblem(p: Problem): string {
  const [first, ...others] = p.sources;
  const where = first ? `${refName(first)}${first.path ? ` ${first.path}` : ''}` : '-';
  const also =
    others.length > 0 ? ` (with ${others.map((o) => `${refName(o)} ${o.path}`.trim()).join(', ')})` : '';
  return `${p.severity} ${p.code} ${where}: ${p.message}${also}`;
}

/** Stable order for output and comparison: by first source, then path, then code. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const key = (p: Problem) => {
    const s = p.sources[0];
    return `${s ? refName(s) : ''}\u0000${s?.path ?? ''}\u0000${p.code}`;
  };
  return [...problems].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
