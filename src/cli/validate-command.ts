// `frrk8s validate -f <file|dir|->...` (or, without -f, the live cluster): checks FRRConfigurations (with
// the Secrets and Nodes given beside them) exactly as the daemon and the webhook will, and prints every
// problem. Each object is
// admitted against the others on every node in the input (or named by --node), as the webhook admits it.
import { admit, newAdmitCache } from '../core/admit.ts';
import { sortInputs } from '../core/inputs.ts';
import { hasErrors, refName, sortProblems, type Problem } from '../core/problems.ts';
import { byText } from '../core/render/lines.ts';
import { selectForNode, type NodeInfo } from '../core/select.ts';
import { validateSet } from '../core/validate-set.ts';
import { readDocuments } from '../io/read-documents.ts';
import { secretsOf } from '../io/secrets.ts';
import { dropDuplicates } from './dedupe-inputs.ts';
import { EXIT, type CliIo } from './io.ts';
import { readsCluster, type SourceFlags } from './live-source.ts';
import { checkNodeName } from './node-options.ts';
import { problemLine } from './printable.ts';
import { readCluster, type ValidateInputs } from './validate-from-cluster.ts';

export interface ValidateOptions extends SourceFlags {
  output: 'text' | 'json';
  /** Nodes to admit against besides the Node objects in the input (labels: the hostname only). */
  node?: string[];
}

/** The input's Nodes, plus each (checked) --node not among them, with the hostname label every node has. */
function nodesOf(fromInput: readonly NodeInfo[], named: readonly string[]): NodeInfo[] {
  const nodes = [...fromInput];
  for (const name of named) {
    if (!nodes.some((n) => n.name === name)) nodes.push({ name, labels: { 'kubernetes.io/hostname': name } });
  }
  return nodes;
}

const problemKey = (p: Problem): string =>
  [p.code, p.message, ...p.sources.map((s) => `${refName(s)} ${s.path}`)].join('\u0000');

/** Every object admitted against the others; a conflict found from both sides is reported once. */
function admissionProblems(
  configurations: readonly { value: unknown }[],
  nodes: readonly NodeInfo[],
  secrets: Parameters<typeof admit>[3],
  namespace: string,
  known: readonly Problem[],
): Problem[] {
  const seen = new Set(known.map(problemKey));
  const cache = newAdmitCache();
  const values = configurations.map((c) => c.value);
  const out: Problem[] = [];
  for (const value of values) {
    for (const p of admit(value, values, nodes, secrets, { namespace, cache })) {
      const key = problemKey(p);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(p);
    }
  }
  return out;
}

/** The manifests' FRRConfigurations, Nodes and Secrets, with the problems of the input itself. */
function readFiles(options: ValidateOptions, io: CliIo): ValidateInputs {
  const read = dropDuplicates(readDocuments(options.filename, io.stdin), options.namespace);
  const inputs = sortInputs(read.documents);
  return {
    configurations: inputs.configurations,
    nodes: inputs.nodes,
    secrets: secretsOf(inputs.secrets, options.namespace),
    problems: [...read.problems, ...inputs.problems],
  };
}

export async function runValidate(options: ValidateOptions, io: CliIo): Promise<number> {
  // A bad flag is a usage error even when the input is fine.
  const named = (options.node ?? []).map(checkNodeName);
  const inputs = readsCluster(options) ? await readCluster(options) : readFiles(options, io);
  const secrets = inputs.secrets;
  const { objects, problems: objectProblems } = validateSet(inputs.configurations, {
    namespace: options.namespace,
    secrets,
  });
  const nodes = nodesOf(inputs.nodes, named);
  const conflicts = admissionProblems(
    inputs.configurations,
    nodes,
    secrets,
    options.namespace,
    objectProblems,
  );
  const problems: Problem[] = sortProblems([...inputs.problems, ...objectProblems, ...conflicts]);

  if (options.output === 'json') {
    const candidates = objects
      .filter((o) => o.wellFormed)
      .map((o) => ({ item: o, selector: o.nodeSelector }));
    const perNode = [...nodes]
      .sort((a, b) => byText(a.name, b.name))
      .map((node) => {
        const selection = selectForNode(candidates, node);
        return {
          name: node.name,
          selected: selection.selected.map((o) => `${o.namespace}/${o.name}`).sort(byText),
          excluded: [
            ...selection.excluded.map((e) => ({ item: e.item, reason: e.reason })),
            // A selector that cannot be evaluated selects no node (the object is invalid everywhere).
            ...selection.invalid.map((i) => ({
              item: i.item,
              reason: `invalid nodeSelector: ${i.errors.map((e) => e.message).join('; ')}`,
            })),
          ]
            .map((e) => ({ object: `${e.item.namespace}/${e.item.name}`, reason: e.reason }))
            .sort((a, b) => byText(a.object, b.object)),
        };
      });
    io.out(
      JSON.stringify(
        {
          valid: !hasErrors(problems),
          // Sorted, so the output never depends on the order of the input files.
          objects: objects.map((o) => `${o.namespace}/${o.name}`).sort(byText),
          problems,
          nodes: perNode,
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    for (const p of problems) io.out(problemLine(p) + '\n');
  }
  return hasErrors(problems) ? EXIT.problems : EXIT.ok;
}
