// `frrk8s --version` prints the version of package.json, from the source and from the build alike.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packageVersion } from './version.ts';

const expected = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

describe('frrk8s --version', () => {
  it('finds the package version from the source tree', () => {
    expect(packageVersion()).toBe(expected);
  });

  it('says unknown outside the package rather than another package’s version', () => {
    expect(packageVersion('/')).toBe('unknown');
  });

  it('is printed by the built command, exit 0', () => {
    const run = spawnSync('node', ['bin/frrk8s.js', '--version'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(expected);
  });
});
