// `npm run bench [-- cli|frr ...]`: the benchmarks, all of them by default.
//   cli  how `frrk8s render` and `frrk8s explain` scale with objects and prefixes (no FRR needed);
//   frr  what real FRR pays to load our rendering against upstream's shape (needs root and FRR);
//   scale  status writes, reconcile CPU, daemon RSS and FRRNodeState size at 3,000 Nodes (issue 11);
//   admission  webhook latency over HTTPS with 6,000 FRRConfigurations and 3,000 Nodes cached.
// Targets are ratios against a baseline measured in the same run, never absolute times (they depend
// on the machine), and nothing here fails on a ratio: the figures are for people to read.
import { parseArgs } from 'node:util';
import { CLI_SHAPES, type CliShape } from './cli-input.ts';
import { runCliSuite } from './cli-suite.ts';
import { BENCH_FRR_VERSIONS, runFrrSuite } from './frr-suite.ts';
import { runScaleSuite } from './scale-suite.ts';
import { runAdmissionSuite } from './admission-suite.ts';
import type { Layout } from './metallb-input.ts';
import { parseFrrVersion } from '../src/core/frr-version.ts';

const SUITES = ['cli', 'frr', 'admission', 'scale'] as const;
type Suite = (typeof SUITES)[number];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    peers: { type: 'string', default: '10' },
    services: { type: 'string', default: '1000,10000' },
    'baseline-up-to': { type: 'string', default: '1000' },
    layouts: { type: 'string', default: 'contiguous,scattered' },
    // The FRR releases the frr suite loads into: 8.4 is the machine's, 10.3 the image's (chrooted).
    frr: { type: 'string', default: '8.4' },
    shapes: { type: 'string', default: 'shared-neighbor,scattered' },
    timeout: { type: 'string', default: '120' },
    nodes: { type: 'string', default: '3000' },
    simulated: { type: 'string', default: '100' },
    'in-process': { type: 'boolean', default: false },
    // `;`-separated NODE_OPTIONS to measure the scale daemon with as well (V8 heap caps).
    'heap-caps': { type: 'string', default: '' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(
    'npm run bench -- [cli] [frr]\n' +
      '  cli: [--shapes shared-neighbor,scattered] [--timeout 120 (seconds per case)]\n' +
      '  frr: [--peers 10] [--services 1000,10000] [--layouts contiguous,scattered] [--baseline-up-to 1000]' +
      ' [--frr 8.4 (or 10.3, or 8.4,10.3)]' +
      '\n  scale: [--nodes 3000] [--simulated 100] [--in-process (no API server, no FRR)]' +
      " [--heap-caps='--max-semi-space-size=1;--max-semi-space-size=1 --max-old-space-size=160']",
  );
  process.exit(0);
}
const unknown = positionals.filter((p) => !(SUITES as readonly string[]).includes(p));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; known: ${SUITES.join(', ')}`);
  process.exit(2);
}
const shapes = values.shapes.split(',');
const badShape = shapes.find((s) => !(CLI_SHAPES as readonly string[]).includes(s));
if (badShape !== undefined) {
  console.error(`unknown --shapes ${badShape}; known: ${CLI_SHAPES.join(', ')}`);
  process.exit(2);
}
const frrVersions = values.frr.split(',').map((name) => {
  const version = (BENCH_FRR_VERSIONS as readonly string[]).includes(name)
    ? parseFrrVersion(name)
    : undefined;
  if (version === undefined) {
    console.error(`unknown --frr ${name}; known: ${BENCH_FRR_VERSIONS.join(', ')}`);
    process.exit(2);
  }
  return version;
});
const suites = new Set<Suite>(positionals.length > 0 ? (positionals as Suite[]) : SUITES);

if (suites.has('cli')) {
  runCliSuite({
    shapes: shapes as CliShape[],
    timeoutMs: Number(values.timeout) * 1000,
  });
}
if (suites.has('admission')) {
  await runAdmissionSuite({ nodes: 3000, requests: 200 });
}
if (suites.has('frr')) {
  const ran = await runFrrSuite({
    peers: Number(values.peers),
    services: values.services.split(',').map(Number),
    baselineUpTo: Number(values['baseline-up-to']),
    layouts: values.layouts.split(',') as Layout[],
    frr: frrVersions,
  });
  if (!ran) process.exit(1);
}
if (suites.has('scale')) {
  const ran = await runScaleSuite({
    nodes: Number(values.nodes),
    simulated: Number(values.simulated),
    inProcessOnly: values['in-process'],
    heapCaps: values['heap-caps'].split(';').filter((x) => x.trim() !== ''),
  });
  if (!ran) process.exit(1);
}
