// The default VRF has two spellings in the API: an empty (or absent) `vrf`, and the name "default",
// which `imports[].vrf` uses and which FRR itself gives the default VRF. Both mean the one router
// rendered without `vrf`, wherever a VRF is named (routers and imports alike).
export const DEFAULT_VRF_NAME = 'default';

/** The VRF as the model keys it: '' for the default VRF, whichever way it was written. */
export const vrfOf = (text: string | undefined): string =>
  text === undefined || text === DEFAULT_VRF_NAME ? '' : text;

/** The VRF as people and FRR's `import vrf` read it. */
export const vrfLabel = (vrf: string): string => (vrf === '' ? DEFAULT_VRF_NAME : vrf);
