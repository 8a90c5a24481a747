import { describe, expect, it } from 'vitest';
import { parseCommunity } from './community.ts';

describe('parseCommunity', () => {
  it.each([
    ['65000:100', 'standard', '65000:100', [65000, 100]],
    ['0:0', 'standard', '0:0', [0, 0]],
    ['65535:65535', 'standard', '65535:65535', [65535, 65535]],
    ['065000:0100', 'standard', '65000:100', [65000, 100]],
    ['00:00', 'standard', '0:0', [0, 0]],
    ['large:64512:1:2', 'large', 'large:64512:1:2', [64512, 1, 2]],
    ['large:0:0:0', 'large', 'large:0:0:0', [0, 0, 0]],
    [
      'large:4294967295:4294967295:4294967295',
      'large',
      'large:4294967295:4294967295:4294967295',
      [4294967295, 4294967295, 4294967295],
    ],
    ['large:01:002:0003', 'large', 'large:1:2:3', [1, 2, 3]],
  ])('parses %s', (text, kind, canonical, values) => {
    expect(parseCommunity(text)).toEqual({ kind, text: canonical, values });
  });

  it.each([
    ['65536:1', 'first half above 65535'],
    ['1:65536', 'second half above 65535'],
    ['4294967295:1', 'a 32-bit value in a standard community'],
    ['large:4294967296:1:1', 'global administrator above 4294967295'],
    ['large:1:4294967296:1', 'local data 1 above 4294967295'],
    ['large:1:1:4294967296', 'local data 2 above 4294967295'],
    ['12345', 'legacy single number'],
    ['1:2:3', 'three parts without the large marker'],
    ['larg:1:2:3', 'bad marker'],
    ['LARGE:1:2:3', 'upper-case marker'],
    ['large:1:2', 'large with two values'],
    ['large:1:2:3:4', 'large with four values'],
    ['large:', 'large without values'],
    ['large:-1:1:1', 'negative large value'],
    ['', 'empty'],
    [':', 'colon only'],
    ['1:', 'missing second half'],
    [':1', 'missing first half'],
    ['-1:1', 'negative'],
    ['+1:1', 'explicit sign'],
    ['1.0:1', 'decimal point'],
    ['0x1:1', 'hex'],
    [' 1:1', 'leading space'],
    ['1:1 ', 'trailing space'],
    ['no-export', 'well-known name'],
    ['rt:1:1', 'extended community'],
    ['a:b', 'letters'],
    ['\uff11:\uff11', 'full-width digits'],
  ])('rejects %j (%s)', (text) => {
    expect(parseCommunity(text)).toBeUndefined();
  });
});
