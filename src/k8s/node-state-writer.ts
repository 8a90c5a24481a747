// Writes FRRNodeState/<node>: creates it when missing (empty spec, as upstream does), then replaces its
// status through the status subresource — only when the status differs from the stored one, so an
// unchanged node causes no write and no new resourceVersion. The last object read or written is kept
// in memory, so a steady daemon costs one request per real change and none otherwise. Writes carry the
// resourceVersion they were based on: a 409 means someone else wrote in between, and the writer reads
// the object again and decides afresh (the stored status may already be the desired one).
import type { CustomObjectsApi } from '@kubernetes/client-node';
import type { FRRNodeStateStatus } from '../../api/v1beta1/frrnodestate.ts';
import type { Logger } from '../log.ts';
import { canonicalJson } from './canonical.ts';
import { httpStatus } from './errors.ts';
import { API_VERSION, COMPONENT, FRR_NODE_STATES, GROUP, VERSION } from './resources.ts';

interface NodeStateObject {
  metadata?: { name?: string; uid?: string; resourceVersion?: string };
  status?: unknown;
}

interface Stored {
  uid?: string;
  resourceVersion?: string;
  /** Canonical JSON of the stored status. */
  status: string;
  /** Canonical JSON of what we sent to reach `resourceVersion`, which may differ from `status` when the
   *  API server normalised it (pruning, defaulting): without it we would write the same thing forever. */
  sent?: string;
}

const MAX_ATTEMPTS = 5;
const KIND = 'FRRNodeState';

export class NodeStateWriter {
  private readonly api: CustomObjectsApi;
  private readonly logger: Logger;
  private readonly stored = new Map<string, Stored>();
  /** Writes for the same node run one after another: each decides from what the previous one left. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(api: CustomObjectsApi, logger: Logger) {
    this.api = api;
    this.logger = logger;
  }

  /** The uid of FRRNodeState/<node> once read or created (Events need it to show in kubectl describe). */
  uid(node: string): string | undefined {
    return this.stored.get(node)?.uid;
  }

  write(node: string, status: FRRNodeStateStatus): Promise<void> {
    const previous = this.queues.get(node) ?? Promise.resolve();
    const next = previous.then(() => this.writeNow(node, status));
    const tail = next.catch(() => undefined);
    this.queues.set(node, tail);
    void tail.then(() => {
      if (this.queues.get(node) === tail) this.queues.delete(node);
    });
    return next;
  }

  private async writeNow(node: string, status: FRRNodeStateStatus): Promise<void> {
    const desired = canonicalJson(status);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const current = this.stored.get(node) ?? (await this.readOrCreate(node));
      if (current.status === desired || current.sent === desired) return;
      try {
        const written = (await this.api.replaceClusterCustomObjectStatus({
          group: GROUP,
          version: VERSION,
          plural: FRR_NODE_STATES,
          name: node,
          body: {
            apiVersion: API_VERSION,
            kind: KIND,
            metadata: { name: node, resourceVersion: current.resourceVersion },
            status,
          },
          fieldManager: COMPONENT,
        })) as NodeStateObject;
        this.remember(node, written, desired);
        return;
      } catch (err) {
        const code = httpStatus(err);
        // 409: written by someone else since we read it. 404: deleted (the state cleaner, an admin).
        // Either way our copy is stale: read (or create) it again and decide again.
        if (code !== 409 && code !== 404) throw err;
        this.logger.debug({ node, code, attempt }, 'FRRNodeState changed under us; reading it again');
        this.stored.delete(node);
      }
    }
    throw new Error(`FRRNodeState/${node}: status still conflicting after ${MAX_ATTEMPTS} attempts`);
  }

  private async readOrCreate(node: string): Promise<Stored> {
    const ref = { group: GROUP, version: VERSION, plural: FRR_NODE_STATES };
    let obj: NodeStateObject;
    try {
      obj = (await this.api.getClusterCustomObject({ ...ref, name: node })) as NodeStateObject;
    } catch (err) {
      if (httpStatus(err) !== 404) throw err;
      try {
        obj = (await this.api.createClusterCustomObject({
          ...ref,
          body: { apiVersion: API_VERSION, kind: KIND, metadata: { name: node }, spec: {} },
          fieldManager: COMPONENT,
        })) as NodeStateObject;
        this.logger.info({ node }, 'created FRRNodeState');
      } catch (createErr) {
        // Created by someone else in between (a previous instance of this daemon): read that one.
        if (httpStatus(createErr) !== 409) throw createErr;
        obj = (await this.api.getClusterCustomObject({ ...ref, name: node })) as NodeStateObject;
      }
    }
    return this.remember(node, obj);
  }

  private remember(node: string, obj: NodeStateObject, sent?: string): Stored {
    const stored: Stored = {
      uid: obj.metadata?.uid,
      resourceVersion: obj.metadata?.resourceVersion,
      status: canonicalJson(obj.status ?? {}),
      sent,
    };
    this.stored.set(node, stored);
    return stored;
  }
}
