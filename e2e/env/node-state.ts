// Reading a node's FRRNodeState in tests: what the daemon says about the node, read from the API server.
import type { CustomObjectsApi } from '@kubernetes/client-node';
import type { FRRNodeState } from '../../api/v1beta1/frrnodestate.ts';
import { FRR_NODE_STATES, GROUP, VERSION } from '../../src/k8s/resources.ts';

/** The group and version of frrk8s's kinds, to spread into client-node's custom-object calls. */
export const FRRK8S_GROUP_VERSION = { group: GROUP, version: VERSION } as const;

export async function getNodeState(custom: CustomObjectsApi, node: string): Promise<FRRNodeState> {
  return (await custom.getClusterCustomObject({
    ...FRRK8S_GROUP_VERSION,
    plural: FRR_NODE_STATES,
    name: node,
  })) as FRRNodeState;
}
