// `frrk8s render`: the FRR configuration one node would run, computed offline from manifests.
import { runPipeline } from '../core/pipeline.ts';
import { formatProblem, hasErrors, sortProblems } from '../core/problems.ts';
import { EXIT, type CliIo } from './io.ts';
import { loadSnapshot, type NodeScopedOptions } from './snapshot-from-files.ts';

export interface RenderOptions extends NodeScopedOptions {
  output: 'text' | 'json';
}

export function runRender(options: RenderOptions, io: CliIo): number {
  const { snapshot, inputProblems } = loadSnapshot(options, io);
  const result = runPipeline(snapshot);
  const problems = sortProblems([...inputProblems, ...result.problems]);
  if (options.output === 'json') {
    io.out(
      JSON.stringify({ config: result.text ?? null, problems, sources: result.outcomes }, null, 2) + '\n',
    );
  } else {
    if (result.text !== undefined) io.out(result.text);
    for (const p of problems) io.err(formatProblem(p) + '\n');
  }
  return hasErrors(problems) ? EXIT.problems : EXIT.ok;
}
