import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIdentities, saveIdentities, unconfigured } from './daemon-state.ts';

describe('unconfigured', () => {
  it('is every daemon when nothing was recorded', () => {
    expect(unconfigured(undefined, { zebra: 'a', bgpd: 'b' })).toBe('all');
  });

  it('names the daemons that run as another process than the one configured', () => {
    const recorded = { zebra: 'z1', bgpd: 'b1', bfdd: 'f1', staticd: null };
    expect(unconfigured(recorded, { zebra: 'z1', bgpd: 'b1', bfdd: 'f1', staticd: null })).toEqual([]);
    // bgpd restarted; staticd started since; bfdd is down (nothing to configure until it is back).
    expect(unconfigured(recorded, { zebra: 'z1', bgpd: 'b2', bfdd: null, staticd: 's1' })).toEqual([
      'bgpd',
      'staticd',
    ]);
  });
});

describe('loadIdentities / saveIdentities', () => {
  it('round-trips, and reads a missing or broken record as none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'frrk8s-state-'));
    try {
      expect(loadIdentities(dir)).toBeUndefined();
      saveIdentities(dir, { bgpd: 'b1', zebra: null });
      expect(loadIdentities(dir)).toEqual({ bgpd: 'b1', zebra: null });
      writeFileSync(join(dir, 'daemons.json'), '{not json');
      expect(loadIdentities(dir)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
