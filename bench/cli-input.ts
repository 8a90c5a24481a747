// Inputs for the CLI scaling benchmarks, written as manifest files the way a user hands them to
// `frrk8s render` / `frrk8s explain`: the two shapes the hardening probe found super-linear.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { FRRConfiguration } from '../api/v1beta1/index.ts';
import { serviceIps } from './metallb-input.ts';

export const CLI_SHAPES = ['shared-neighbor', 'scattered'] as const;
export type CliShape = (typeof CLI_SHAPES)[number];

export const BENCH_NODE = 'node-a';
const NAMESPACE = 'frr-k8s-system';
const NEIGHBOR = { address: '198.18.0.1', asn: 64500 }; // benchmarking range, not the lab link

const object = (name: string, prefixes: string[]): FRRConfiguration => ({
  apiVersion: 'frrk8s.metallb.io/v1beta1',
  kind: 'FRRConfiguration',
  metadata: { name, namespace: NAMESPACE },
  spec: {
    bgp: {
      routers: [
        {
          asn: 64512,
          prefixes,
          neighbors: [{ ...NEIGHBOR, toAdvertise: { allowed: { prefixes } } }],
        },
      ],
    },
  },
});

/**
 * `shared-neighbor`: `count` objects, each advertising its own /32 to the same neighbor (many actors,
 * one peer). `scattered`: one object advertising `count` scattered /32s to one neighbor, so no two
 * prefixes compact into one prefix-list entry and every prefix is its own rendered line.
 */
export function cliObjects(shape: CliShape, count: number): FRRConfiguration[] {
  const ips = serviceIps(count, 'scattered');
  if (shape === 'scattered') return [object('scattered', ips)];
  return ips.map((ip, i) => object(`actor-${String(i).padStart(6, '0')}`, [ip]));
}

/** Writes the objects as one multi-document YAML file in `dir` and returns its path. */
export function writeCliInput(dir: string, shape: CliShape, count: number): string {
  const file = join(dir, `${shape}-${count}.yaml`);
  writeFileSync(
    file,
    cliObjects(shape, count)
      .map((o) => stringify(o, { aliasDuplicateObjects: false }))
      .join('---\n'),
  );
  return file;
}
