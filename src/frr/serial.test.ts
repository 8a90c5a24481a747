import { describe, expect, it } from 'vitest';
import { serial } from './serial.ts';

describe('serial', () => {
  it('runs one task at a time, in call order, even when one fails', async () => {
    const run = serial();
    const log: string[] = [];
    let active = 0;
    const task =
      (name: string, fail = false) =>
      async (): Promise<string> => {
        active++;
        log.push(`start ${name} (${active} active)`);
        await new Promise((r) => setTimeout(r, 5));
        active--;
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([run(task('a')), run(task('b', true)), run(task('c'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual([
      'start a (1 active)',
      'end a',
      'start b (1 active)',
      'end b',
      'start c (1 active)',
      'end c',
    ]);
  });
});
