// The webhook's review of a CREATE, as the API server would send it, against a view holding `existing`
// and one Node labelled with its own hostname: what the upstream-case tables need per case.
import { newAdmitCache } from '../../core/admit.ts';
import { NS } from '../../core/__fixtures__/frr.ts';
import type { FRRConfiguration } from '../../../api/v1beta1/index.ts';
import { review, type AdmissionResponse } from '../review.ts';

export function reviewCreate(
  candidate: FRRConfiguration,
  existing: FRRConfiguration[],
  node: string,
): AdmissionResponse {
  return review(
    {
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: { uid: 'u', operation: 'CREATE', object: candidate },
    },
    {
      namespace: NS,
      configurations: existing,
      nodes: [{ name: node, labels: { 'kubernetes.io/hostname': node } }],
      secrets: new Map(),
      cache: newAdmitCache(),
    },
  ).response;
}
