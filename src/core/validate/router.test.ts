import { describe, expect, it } from 'vitest';
import type { ProblemCode } from '../problems.ts';
import {
  N0,
  R0,
  R1,
  R1N0,
  baseConfig,
  errorsOf,
  expectClean,
  expectProblem,
  minimalConfig,
  patched,
  src,
  validate,
} from './__fixtures__/builders.ts';

describe('router identity', () => {
  it.each<[ProblemCode, string, unknown]>([
    ['ROUTER_ASN_INVALID', `${R0}.asn`, 0],
    ['ROUTER_ASN_INVALID', `${R1}.asn`, 0],
    ['ROUTER_ID_NOT_IPV4', `${R0}.id`, '2001:db8::1'],
    ['ROUTER_ID_NOT_IPV4', `${R0}.id`, 'router-1'],
    ['ROUTER_ID_NOT_IPV4', `${R0}.id`, '192.0.2'],
    ['ROUTER_ID_NOT_IPV4', `${R0}.id`, '010.0.0.1'],
    ['ROUTER_ID_NOT_IPV4', `${R0}.id`, '192.0.2.1/32'],
    ['INVALID_NAME', `${R1}.vrf`, 'my vrf'],
    ['INVALID_NAME', `${R1}.vrf`, 'v'.repeat(16)],
    ['INVALID_NAME', `${R1}.vrf`, 'vrf/1'],
    ['INVALID_NAME', `${R1}.vrf`, 'vrf:1'],
    ['INVALID_NAME', `${R1}.vrf`, '-red'],
  ])('%s at %s for %j', (code, path, value) => {
    const p = expectProblem(validate(patched({ [path]: value })), code, path);
    expect(p.severity).toBe('error');
  });

  it.each<[string, unknown]>([
    [`${R0}.asn`, 1],
    [`${R0}.asn`, 4294967295],
    [`${R0}.id`, '10.0.0.1'],
    [`${R0}.id`, '0.0.0.1'],
    [`${R0}.id`, ''],
    [`${R0}.id`, undefined],
    [`${R1}.vrf`, 'v'.repeat(15)],
    [`${R1}.vrf`, 'vrf-1.2_x'],
  ])('accepts %s = %j', (path, value) => {
    expectClean(validate(patched({ [path]: value })), path);
  });
});

describe('router prefixes', () => {
  const extra = `${R0}.prefixes[3]`;

  it.each([
    '192.0.2.0',
    '192.0.2.0/33',
    '2001:db8::/129',
    'garbage',
    '',
    '10.0.0/8',
    '10.0.0.0/8 ',
    'fe80::/64%eth0',
  ])('INVALID_CIDR for %j', (value) => {
    expectProblem(validate(patched({ [extra]: value })), 'INVALID_CIDR', extra);
  });

  it('PREFIX_NOT_CANONICAL warns about host bits, and the network address is what counts', () => {
    const problems = validate(
      patched({ [extra]: '10.1.2.3/8', [`${N0}.toAdvertise.allowed.prefixes[2]`]: '10.0.0.0/8' }),
    );
    expect(problems).toEqual([
      expect.objectContaining({ code: 'PREFIX_NOT_CANONICAL', severity: 'warning', sources: [src(extra)] }),
    ]);
  });

  it('PREFIX_NOT_CANONICAL for IPv6', () => {
    const problems = validate(patched({ [extra]: '2001:db8:1::1/48' }));
    expect(problems).toEqual([
      expect.objectContaining({ code: 'PREFIX_NOT_CANONICAL', severity: 'warning', sources: [src(extra)] }),
    ]);
  });

  it.each(['192.0.2.0/24', '192.0.2.77/24', '2001:DB8:0::/64'])(
    'DUPLICATE_PREFIX warns about %s listed twice',
    (value) => {
      const problems = validate(patched({ [extra]: value }));
      const p = expectProblem(problems, 'DUPLICATE_PREFIX', extra);
      expect(p.severity).toBe('warning');
      expect(errorsOf(problems)).toEqual([]);
    },
  );

  it.each(['10.0.0.0/8', '0.0.0.0/0', '::/0', '192.0.2.1/32', '2001:db8:1::/48'])('accepts %s', (value) => {
    expectClean(validate(patched({ [extra]: value })), extra);
  });
});

describe('imports', () => {
  it('lets a router advertise the prefixes of the VRF it imports ("default" is the VRF-less router)', () => {
    expectClean(validate(baseConfig()), `${R1N0}.toAdvertise.allowed.prefixes[1]`);
  });

  it('without the import, the imported prefix is not advertisable', () => {
    const problems = validate(patched({ [`${R1}.imports`]: undefined }));
    expectProblem(problems, 'ADVERTISED_PREFIX_NOT_DECLARED', `${R1N0}.toAdvertise.allowed.prefixes[1]`);
  });

  it('imports a named VRF declared in the same object', () => {
    const input = patched({
      [`${R1}.imports[1]`]: { vrf: 'blue' },
      [`${R1N0}.toAdvertise.allowed.prefixes[2]`]: '100.64.0.0/16',
    });
    expectClean(validate(input), `${R1}.imports[1].vrf`);
  });

  it('a VRF that is not imported lends no prefixes', () => {
    const problems = validate(patched({ [`${R1N0}.toAdvertise.allowed.prefixes[2]`]: '100.64.0.0/16' }));
    expectProblem(problems, 'ADVERTISED_PREFIX_NOT_DECLARED', `${R1N0}.toAdvertise.allowed.prefixes[2]`);
  });

  it('imports do not flow backwards: the default router cannot advertise what red declares', () => {
    const problems = validate(patched({ [`${N0}.toAdvertise.allowed.prefixes[2]`]: '203.0.113.0/24' }));
    expectProblem(problems, 'ADVERTISED_PREFIX_NOT_DECLARED', `${N0}.toAdvertise.allowed.prefixes[2]`);
  });

  it.each(['green', 'default-x'])(
    'IMPORT_VRF_UNDECLARED for VRF %s without a router in this object',
    (vrf) => {
      const problems = validate(patched({ [`${R1}.imports[1]`]: { vrf } }));
      expectProblem(problems, 'IMPORT_VRF_UNDECLARED', `${R1}.imports[1].vrf`);
    },
  );

  it('IMPORT_VRF_UNDECLARED for "default" when the object has no default-VRF router', () => {
    const input = patched({
      'spec.bgp.routers': [
        { asn: 64512, vrf: 'red', imports: [{ vrf: 'default' }] },
        { asn: 64512, vrf: 'blue' },
      ],
    });
    expectProblem(validate(input), 'IMPORT_VRF_UNDECLARED', 'spec.bgp.routers[0].imports[0].vrf');
  });

  it.each([
    ['bad name', 'a space'],
    ['v'.repeat(16), 'too long'],
    ['', 'empty'],
  ])('INVALID_NAME for the imported VRF %j (%s)', (vrf) => {
    expectProblem(
      validate(patched({ [`${R1}.imports[1]`]: { vrf } })),
      'INVALID_NAME',
      `${R1}.imports[1].vrf`,
    );
  });
});

describe('routers of the same VRF pool their prefixes', () => {
  it('a neighbor may advertise a prefix declared by another router of its VRF in the same object', () => {
    const input = patched(
      {
        'spec.bgp.routers[0].neighbors[0].toAdvertise': { allowed: { prefixes: ['10.0.0.0/8'] } },
        'spec.bgp.routers[1]': { asn: 64512, prefixes: ['10.0.0.0/8'] },
      },
      minimalConfig(),
    );
    expect(validate(input)).toEqual([]);
  });

  it('but not one declared by a router of another VRF', () => {
    const input = patched(
      {
        'spec.bgp.routers[0].neighbors[0].toAdvertise': { allowed: { prefixes: ['10.0.0.0/8'] } },
        'spec.bgp.routers[1]': { asn: 64512, vrf: 'red', prefixes: ['10.0.0.0/8'] },
      },
      minimalConfig(),
    );
    expectProblem(
      validate(input),
      'ADVERTISED_PREFIX_NOT_DECLARED',
      `${R0}.neighbors[0].toAdvertise.allowed.prefixes[0]`,
    );
  });

  it('a prefix declared by no router at all is not advertisable', () => {
    const input = patched(
      { 'spec.bgp.routers[0].neighbors[0].toAdvertise': { allowed: { prefixes: ['10.0.0.0/8'] } } },
      minimalConfig(),
    );
    expectProblem(
      validate(input),
      'ADVERTISED_PREFIX_NOT_DECLARED',
      `${R0}.neighbors[0].toAdvertise.allowed.prefixes[0]`,
    );
  });
});
