// The one iBGP/eBGP decision that validation's warnings and the renderer's eBGP-only lines share.
import { describe, expect, it } from 'vitest';
import type { RemoteAs } from './ir.ts';
import { isEbgp } from './peering.ts';

describe('isEbgp', () => {
  it.each<[string, RemoteAs, boolean]>([
    ['a peer in another AS', 64513, true],
    ['a peer in the router’s AS', 64512, false],
    ['dynamicASN external', 'external', true],
    ['dynamicASN internal', 'internal', false],
  ])('%s → %s', (_, remoteAs, ebgp) => {
    expect(isEbgp(remoteAs, 64512)).toBe(ebgp);
  });
});
