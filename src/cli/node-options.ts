// The node-scoped flags (--node, --node-labels, --always-block) checked as the API server would check
// the same values. A bad value is a usage error (exit 2), never input to the pipeline: a node name
// ends up in FRR's `hostname` line, so `--node $'n1\nrouter bgp 666'` must not get that far.
import { isDnsSubdomain } from '../core/names.ts';
import { parseCidr } from '../core/net.ts';
import { labelKeyError, labelValueError } from '../core/select.ts';
import { UsageError } from './io.ts';

/** A Kubernetes node name: a DNS-1123 subdomain of at most 253 characters. */
export function checkNodeName(name: string): string {
  if (!isDnsSubdomain(name)) {
    throw new UsageError(
      `--node: "${name}" is not a node name (lowercase letters, digits, "-" and ".", at most 253 characters)`,
    );
  }
  return name;
}

/** `k=v,k2=v2` → labels; a malformed pair, key or value is a usage error. */
export function parseLabels(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of (text ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (eq <= 0 || labelKeyError(key) !== undefined || labelValueError(value) !== undefined)
      throw new UsageError(`--node-labels: "${pair}" is not key=value with a valid label key and value`);
    labels[key] = value;
  }
  return labels;
}

export const splitList = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** --always-block prefixes; one that is not a prefix, or has host bits set, is a usage error. */
export function parseAlwaysBlock(text: string | undefined): string[] {
  return splitList(text).map((item) => {
    const cidr = parseCidr(item);
    if (!cidr) throw new UsageError(`--always-block: "${item}" is not a prefix`);
    if (cidr.hostBitsSet)
      throw new UsageError(`--always-block: ${item} has host bits set; did you mean ${cidr.text}?`);
    return cidr.text;
  });
}
