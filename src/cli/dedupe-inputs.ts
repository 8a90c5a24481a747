// One rule for every kind the CLI reads (FRRConfiguration, Secret, Node): when the input holds the
// same object twice, the last one is used — as `kubectl apply` of both would leave it — and each
// repeat is warned about with the files and lines of both copies.
import { API_VERSION } from '../../api/v1beta1/common.ts';
import { problem, refName, type Problem } from '../core/problems.ts';
import type { InputDocument } from '../io/read-documents.ts';

interface Head {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown };
}

const NAMESPACED: Record<string, string> = { FRRConfiguration: API_VERSION, Secret: 'v1' };
const CLUSTER_SCOPED: Record<string, string> = { Node: 'v1' };

/** kind, namespace and name of an object the CLI reads, or undefined for anything else. */
function identity(doc: InputDocument, namespace: string) {
  const head = (doc.value && typeof doc.value === 'object' ? doc.value : {}) as Head;
  const kind = typeof head.kind === 'string' ? head.kind : '';
  const name = head.metadata?.name;
  if (typeof name !== 'string' || name === '') return undefined;
  if (NAMESPACED[kind] !== undefined && NAMESPACED[kind] === head.apiVersion) {
    const ns = head.metadata?.namespace;
    return { kind, namespace: typeof ns === 'string' ? ns : namespace, name };
  }
  if (CLUSTER_SCOPED[kind] !== undefined && CLUSTER_SCOPED[kind] === head.apiVersion)
    return { kind, namespace: '', name };
  return undefined;
}

/** The documents with earlier copies of a repeated object removed, and a warning per repeat. */
export function dropDuplicates(
  documents: readonly InputDocument[],
  namespace: string,
): { documents: InputDocument[]; problems: Problem[] } {
  const last = new Map<string, InputDocument>();
  const replaced = new Set<InputDocument>();
  const problems: Problem[] = [];
  for (const doc of documents) {
    const id = identity(doc, namespace);
    if (!id) continue;
    const key = `${id.kind}\u0000${id.namespace}\u0000${id.name}`;
    const earlier = last.get(key);
    if (earlier) {
      replaced.add(earlier);
      problems.push(
        problem(
          'DUPLICATE_OBJECT',
          `${id.kind} ${refName(id)} appears more than once (${earlier.origin} and ${doc.origin}); the last one is used`,
          { kind: id.kind, namespace: id.namespace, name: id.name, path: '' },
        ),
      );
    }
    last.set(key, doc);
  }
  return { documents: documents.filter((doc) => !replaced.has(doc)), problems };
}
