// Sorts a bag of Kubernetes objects into what the pipeline reads: FRRConfigurations, Secrets and Nodes.
// Anything else is reported, not fatal, so a whole manifest directory can be checked at once.
import { API_VERSION } from '../../api/v1beta1/common.ts';
import { problem, type Problem } from './problems.ts';
import type { NodeInfo } from './select.ts';

export interface RawObject {
  origin: string;
  value: unknown;
}

export interface SortedInputs {
  configurations: RawObject[];
  secrets: RawObject[];
  nodes: NodeInfo[];
  problems: Problem[];
}

interface Head {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown; labels?: unknown };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function labelsOf(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(
    Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

export function sortInputs(objects: readonly RawObject[]): SortedInputs {
  const out: SortedInputs = { configurations: [], secrets: [], nodes: [], problems: [] };
  for (const obj of objects) {
    const head = (obj.value && typeof obj.value === 'object' ? obj.value : {}) as Head;
    const kind = str(head.kind);
    const apiVersion = str(head.apiVersion);
    if (kind === 'FRRConfiguration' && apiVersion === API_VERSION) {
      out.configurations.push(obj);
    } else if (kind === 'Secret' && apiVersion === 'v1') {
      out.secrets.push(obj);
    } else if (kind === 'Node' && apiVersion === 'v1') {
      out.nodes.push({ name: str(head.metadata?.name), labels: labelsOf(head.metadata?.labels) });
    } else {
      out.problems.push(
        problem(
          'UNKNOWN_KIND',
          `${obj.origin}: ${apiVersion || '<no apiVersion>'} ${kind || '<no kind>'} is not read by frrk8s; skipped`,
          {
            kind: kind || undefined,
            namespace: str(head.metadata?.namespace),
            name: str(head.metadata?.name),
            path: '',
          },
        ),
      );
    }
  }
  return out;
}
