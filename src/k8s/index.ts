// Kubernetes side of the daemon: what it reads (ClusterSource) and how it reports (StatusSink).
export { createClusterSource } from './cluster-source.ts';
export type { ClusterSourceOptions } from './cluster-source.ts';
export { createStatusSink } from './status-sink.ts';
export type { StatusSinkOptions } from './status-sink.ts';
export type { BackoffOptions } from './backoff.ts';
export type { ClusterSource, ClusterView, ObjectRef, StatusSink } from './port.ts';
