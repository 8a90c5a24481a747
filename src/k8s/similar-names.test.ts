import { describe, expect, it } from 'vitest';
import { editDistance, similarNames } from './similar-names.ts';

describe('similarNames', () => {
  it('measures edits', () => {
    expect(editDistance('node-a', 'node-a')).toBe(0);
    expect(editDistance('node-a', 'node-b')).toBe(1);
    expect(editDistance('nod-a', 'node-a')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests typos and names that contain the one asked, closest first', () => {
    const nodes = ['worker-1', 'worker-2', 'worker-12', 'control-plane', 'node-a', 'rack1-node-a'];
    expect(similarNames('worker-3', nodes)).toEqual(['worker-1', 'worker-2', 'worker-12']);
    expect(similarNames('node-a', nodes)).toEqual(['node-a', 'rack1-node-a']);
    expect(similarNames('gpu-7', nodes)).toEqual([]);
  });

  it('names at most max', () => {
    const nodes = Array.from({ length: 50 }, (_, i) => `n${i}`);
    expect(similarNames('n1', nodes, 5)).toHaveLength(5);
  });
});
