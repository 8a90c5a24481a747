// SessionStateApi over client-node: the node's BGPSessionStates in the daemon namespace, each owned by
// the node's FRRNodeState (see docs/adr/0004-bgpsessionstate-owner-and-writes.md), so that they are garbage
// collected with it when the node's daemon goes away for good.
import type { CustomObjectsApi } from '@kubernetes/client-node';
import type { BGPSessionStateStatus } from '../../api/v1beta1/bgpsessionstate.ts';
import { NODE_LABEL } from '../runtime/session-status.ts';
import { API_VERSION, BGP_SESSION_STATES, COMPONENT, FRR_NODE_STATES, GROUP, VERSION } from './resources.ts';
import type { SessionStateApi, StoredSessionState } from './session-state-writer.ts';

const KIND = 'BGPSessionState';

export function customObjectsSessionApi(
  api: CustomObjectsApi,
  namespace: string,
  node: string,
): SessionStateApi {
  const ref = { group: GROUP, version: VERSION, namespace, plural: BGP_SESSION_STATES };
  let ownerUid: string | undefined;
  const owner = async (): Promise<string> => {
    if (ownerUid !== undefined) return ownerUid;
    const state = (await api.getClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: FRR_NODE_STATES,
      name: node,
    })) as { metadata?: { uid?: string } };
    const uid = state.metadata?.uid;
    if (uid === undefined) throw new Error(`FRRNodeState/${node} has no uid`);
    ownerUid = uid;
    return uid;
  };
  return {
    async list() {
      const list = (await api.listNamespacedCustomObject({
        ...ref,
        labelSelector: `${NODE_LABEL}=${node}`,
      })) as { items?: StoredSessionState[] };
      return list.items ?? [];
    },
    async create(labels) {
      const uid = await owner();
      return (await api.createNamespacedCustomObject({
        ...ref,
        body: {
          apiVersion: API_VERSION,
          kind: KIND,
          metadata: {
            generateName: `${node}-`,
            labels,
            ownerReferences: [{ apiVersion: API_VERSION, kind: 'FRRNodeState', name: node, uid }],
          },
          spec: {},
        },
        fieldManager: COMPONENT,
      })) as StoredSessionState;
    },
    async replaceStatus(name: string, resourceVersion: string | undefined, status: BGPSessionStateStatus) {
      return (await api.replaceNamespacedCustomObjectStatus({
        ...ref,
        name,
        body: { apiVersion: API_VERSION, kind: KIND, metadata: { name, resourceVersion }, status },
        fieldManager: COMPONENT,
      })) as StoredSessionState;
    },
    async get(name) {
      return (await api.getNamespacedCustomObject({ ...ref, name })) as StoredSessionState;
    },
    async delete(name) {
      await api.deleteNamespacedCustomObject({ ...ref, name });
    },
  };
}
