// `frrk8s validate -f <file|dir|->...`: checks FRRConfigurations (with the Secrets and Nodes given
// beside them) exactly as the daemon and the webhook will, and prints every problem.
import { sortInputs } from '../core/inputs.ts';
import { hasErrors, sortProblems, type Problem } from '../core/problems.ts';
import { byText } from '../core/render/lines.ts';
import { selectForNode } from '../core/select.ts';
import { validateSet } from '../core/validate-set.ts';
import { readDocuments } from '../io/read-documents.ts';
import { secretsOf } from '../io/secrets.ts';
import { dropDuplicates } from './dedupe-inputs.ts';
import { EXIT, type CliIo } from './io.ts';
import { problemLine } from './printable.ts';

export interface ValidateOptions {
  filename: string[];
  namespace: string;
  output: 'text' | 'json';
}

export function runValidate(options: ValidateOptions, io: CliIo): number {
  const read = dropDuplicates(readDocuments(options.filename, io.stdin), options.namespace);
  const inputs = sortInputs(read.documents);
  const secrets = secretsOf(inputs.secrets, options.namespace);
  const { objects, problems: objectProblems } = validateSet(inputs.configurations, {
    namespace: options.namespace,
    secrets,
  });
  const problems: Problem[] = sortProblems([...read.problems, ...inputs.problems, ...objectProblems]);

  if (options.output === 'json') {
    const nodes = [...inputs.nodes]
      .sort((a, b) => byText(a.name, b.name))
      .map((node) => {
        const selection = selectForNode(
          objects.filter((o) => o.object).map((o) => ({ item: o, selector: o.object?.spec?.nodeSelector })),
          node,
        );
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
          nodes,
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
