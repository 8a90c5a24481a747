// `frrk8s render`: the FRR configuration one node would run, computed offline from manifests.
import { runPipeline } from '../core/pipeline.ts';
import { hasErrors, refName, sortProblems } from '../core/problems.ts';
import { byText } from '../core/render/lines.ts';
import { EXIT, type CliIo } from './io.ts';
import { problemLine } from './printable.ts';
import { loadNodeSnapshot } from './node-snapshot.ts';
import type { NodeScopedOptions } from './snapshot-from-files.ts';

export interface RenderOptions extends NodeScopedOptions {
  output: 'text' | 'json';
}

export async function runRender(options: RenderOptions, io: CliIo): Promise<number> {
  const { snapshot, inputProblems } = await loadNodeSnapshot(options, io);
  const result = runPipeline(snapshot);
  const problems = sortProblems([...inputProblems, ...result.problems]);
  if (options.output === 'json') {
    // Sorted by object, so the output never depends on the order of the input files.
    const sources = [...result.outcomes].sort((a, b) => byText(refName(a), refName(b)));
    io.out(JSON.stringify({ config: result.text ?? null, problems, sources }, null, 2) + '\n');
  } else {
    if (result.text !== undefined) io.out(result.text);
    for (const p of problems) io.err(problemLine(p) + '\n');
  }
  return hasErrors(problems) ? EXIT.problems : EXIT.ok;
}
