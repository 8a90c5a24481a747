// `npx tsx bench/admission.ts [--nodes 3000] [--requests 200]`: the admission benchmark alone (also
// part of `npm run bench`, as the `admission` suite).
import { parseArgs } from 'node:util';
import { runAdmissionSuite } from './admission-suite.ts';

const { values } = parseArgs({
  options: { nodes: { type: 'string', default: '3000' }, requests: { type: 'string', default: '200' } },
});
await runAdmissionSuite({ nodes: Number(values.nodes), requests: Number(values.requests) });
