import { describe, expect, it } from 'vitest';
import { boundMessage } from './event-message.ts';

describe('boundMessage', () => {
  it('leaves short messages alone', () => {
    expect(boundMessage('x'.repeat(1024))).toBe('x'.repeat(1024));
  });

  it('cuts long messages to 1 KiB of UTF-8 with an ellipsis', () => {
    const cut = boundMessage('x'.repeat(5000));
    expect(Buffer.byteLength(cut)).toBe(1024);
    expect(cut.endsWith('x…')).toBe(true);
  });

  it('never splits a multi-byte character', () => {
    for (const char of ['é', '€', '😀']) {
      for (let pad = 0; pad < 4; pad++) {
        const cut = boundMessage('a'.repeat(pad) + char.repeat(1000), 64);
        expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(64);
        expect(cut).not.toContain('\uFFFD');
        expect(cut.endsWith(`${char}…`)).toBe(true);
      }
    }
  });
});
