// Where the daemon's objects live in the API: group, version, plurals and watch paths, in one place.

export const GROUP = 'frrk8s.metallb.io';
export const VERSION = 'v1beta1';
export const API_VERSION = `${GROUP}/${VERSION}`;

export const FRR_CONFIGURATIONS = 'frrconfigurations';
export const FRR_NODE_STATES = 'frrnodestates';
export const FRRK8S_CONFIGURATIONS = 'frrk8sconfigurations';
export const BGP_SESSION_STATES = 'bgpsessionstates';

/** The only FRRK8sConfiguration the daemon reads. */
export const FRRK8S_CONFIGURATION_NAME = 'config';

/** Name of the daemon in Events (source.component and reportingComponent). */
export const COMPONENT = 'frrk8s';

export const customPath = (namespace: string, plural: string): string =>
  `/apis/${GROUP}/${VERSION}/namespaces/${namespace}/${plural}`;

export const corePath = (plural: string, namespace?: string): string =>
  namespace === undefined ? `/api/v1/${plural}` : `/api/v1/namespaces/${namespace}/${plural}`;
