import { describe, expect, it } from 'vitest';
import { FRR_8_4 } from '../frr-version.ts';
import { renderHeader } from './header.ts';

const NHT = ['ip nht resolve-via-default', 'ipv6 nht resolve-via-default'];
const texts = (...args: Parameters<typeof renderHeader>): string[] =>
  renderHeader(...args).map((l) => l.text);

describe('header lines by FRR release', () => {
  it('asks FRR 8.4 to resolve next hops via the default route (off there by default)', () => {
    expect(texts('node-a', 'info', FRR_8_4)).toEqual(expect.arrayContaining(NHT));
    expect(texts('node-a', 'info')).toEqual(texts('node-a', 'info', FRR_8_4));
  });

  it('leaves it to FRR 10, whose traditional profile has it on and never shows it', () => {
    const lines = texts('node-a', 'info', { major: 10, minor: 3 });
    for (const l of NHT) expect(lines).not.toContain(l);
    expect(lines).toEqual(texts('node-a', 'info', FRR_8_4).filter((l) => !NHT.includes(l)));
  });
});
