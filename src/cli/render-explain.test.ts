import { describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { capture } from './test-io.ts';

const CONFLICTING = `
apiVersion: frrk8s.metallb.io/v1beta1
kind: FRRConfiguration
metadata: {name: other-asn, namespace: frr-k8s-system}
spec:
  bgp:
    routers:
      - asn: 65000
`;

describe('frrk8s render', () => {
  it('renders the samples for node-a: sessions, advertisement tags, retracted password', async () => {
    const io = capture();
    expect(await main(['render', '-f', 'config/samples', '--node', 'node-a'], io)).toBe(0);
    const text = io.stdout();
    expect(text).toContain('hostname node-a\n');
    expect(text).toContain(' neighbor 192.0.2.1 remote-as 64500\n');
    expect(text).toContain(' neighbor 192.0.2.1 password <retracted>\n');
    // Both service IPs go to the same neighbors with the same attributes: one class, one tag.
    const tagged = /network 198\.51\.100\.10\/32 route-map (frrk8s-tag-(\d+))\n/.exec(text);
    expect(tagged).not.toBeNull();
    expect(text).toContain(`network 198.51.100.11/32 route-map ${tagged![1]}\n`);
    expect(text).toMatch(
      new RegExp(`route-map 192\\.0\\.2\\.1-out permit \\d+\\n match tag ${tagged![2]}\\n`),
    );
    expect(io.stderr()).toBe('');
  });

  it('--show-secrets prints the password from the Secret', async () => {
    const io = capture();
    expect(await main(['render', '-f', 'config/samples', '--node', 'node-a', '--show-secrets'], io)).toBe(0);
    expect(io.stdout()).toContain(' neighbor 192.0.2.1 password s3cret-Peer-Key\n');
  });

  it('a node the objects do not select gets the header only', async () => {
    const io = capture();
    expect(await main(['render', '-f', 'config/samples', '--node', 'node-c'], io)).toBe(0);
    expect(io.stdout()).not.toContain('router bgp');
  });

  it('--node-labels selects objects by label', async () => {
    const io = capture();
    const args = [
      'render',
      '-f',
      'config/samples/receive-from-fabric.yaml',
      '--node',
      'x',
      '--node-labels',
      'topology.kubernetes.io/zone=fabric-b',
    ];
    expect(await main(args, io)).toBe(0);
    expect(io.stdout()).toContain('192.0.2.1-in-ipv4');
  });

  it('a conflict prints nothing on stdout, the problem on stderr, and exits 1', async () => {
    const io = capture(CONFLICTING);
    expect(await main(['render', '-f', 'config/samples', '-f', '-', '--node', 'node-a'], io)).toBe(1);
    expect(io.stdout()).toBe('');
    expect(io.stderr()).toMatch(
      /^error ROUTER_ASN_CONFLICT frr-k8s-system\/metallb-node-a spec\.bgp\.routers\[0\]\.asn: .*\(with frr-k8s-system\/other-asn spec\.bgp\.routers\[0\]\.asn\)$/m,
    );
  });

  it('--output json gives config, problems and per-object sources', async () => {
    const io = capture();
    expect(await main(['render', '-f', 'config/samples', '--node', 'node-a', '-o', 'json'], io)).toBe(0);
    const result = JSON.parse(io.stdout()) as {
      config: string;
      problems: unknown[];
      sources: { name: string; outcome: string }[];
    };
    expect(result.config).toContain('router bgp 64512');
    expect(result.problems).toEqual([]);
    expect(result.sources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'metallb-node-a', outcome: 'Applied' }),
        expect.objectContaining({ name: 'receive-from-fabric', outcome: 'Applied' }),
      ]),
    );
  });

  it('--always-block adds deny entries before the permits', async () => {
    const io = capture();
    expect(
      await main(
        ['render', '-f', 'config/samples', '--node', 'node-a', '--always-block', '10.96.0.0/12'],
        io,
      ),
    ).toBe(0);
    expect(io.stdout()).toContain('ip prefix-list frrk8s-always-block-ipv4 seq');
    expect(io.stdout()).toContain(
      'route-map 192.0.2.1-in deny 10\n match ip address prefix-list frrk8s-always-block-ipv4\n',
    );
  });

  it('needs --node', async () => {
    expect(await main(['render', '-f', 'config/samples'], capture())).toBe(2);
  });
});

describe('frrk8s explain', () => {
  it('annotates lines with the object and field they came from', async () => {
    const io = capture();
    expect(await main(['explain', '-f', 'config/samples', '--node', 'node-a'], io)).toBe(0);
    expect(io.stdout()).toMatch(
      /^ neighbor 192\.0\.2\.1 bfd profile fast +# frr-k8s-system\/metallb-node-a spec\.bgp\.routers\[0\]\.neighbors\[0\]\.bfdProfile$/m,
    );
  });

  it('--prefix says where a prefix goes and why not elsewhere', async () => {
    const io = capture();
    expect(
      await main(['explain', '-f', 'config/samples', '--node', 'node-a', '--prefix', '198.51.100.10/32'], io),
    ).toBe(0);
    const out = io.stdout();
    expect(out).toMatch(
      /^198\.51\.100\.10\/32 advertised to 192\.0\.2\.1: allowed by frr-k8s-system\/metallb-node-a .*communities 64500:100$/m,
    );
    expect(out).toMatch(
      /^198\.51\.100\.10\/32 NOT advertised to 2001:db8::1: the session does not carry ipv4 unicast$/m,
    );
  });

  it('--prefix with --peer reports receive filters and always-block', async () => {
    const accepted = capture();
    await main(
      [
        'explain',
        '-f',
        'config/samples',
        '--node',
        'node-a',
        '--prefix',
        '10.20.5.0/24',
        '--peer',
        '192.0.2.1',
      ],
      accepted,
    );
    expect(accepted.stdout()).toMatch(
      /^10\.20\.5\.0\/24 accepted from 192\.0\.2\.1: accepted by the filter of frr-k8s-system\/receive-from-fabric spec\.bgp\.routers\[0\]\.neighbors\[0\]\.toReceive\.allowed\.prefixes\[1\]$/m,
    );
    const tooLong = capture();
    await main(
      [
        'explain',
        '-f',
        'config/samples',
        '--node',
        'node-a',
        '--prefix',
        '10.20.5.0/25',
        '--peer',
        '192.0.2.1',
      ],
      tooLong,
    );
    expect(tooLong.stdout()).toContain(
      '10.20.5.0/25 NOT accepted from 192.0.2.1: none of the 2 receive filters matches it',
    );
    const blocked = capture();
    const args = [
      'explain',
      '-f',
      'config/samples',
      '--node',
      'node-a',
      '--prefix',
      '10.20.5.0/24',
      '--always-block',
      '10.0.0.0/8',
    ];
    await main(args, blocked);
    expect(blocked.stdout()).toContain(
      "NOT accepted from 192.0.2.1: denied by the daemon's --always-block 10.0.0.0/8",
    );
  });

  it('rejects a bad --prefix and --peer without --prefix as usage errors', async () => {
    expect(
      await main(['explain', '-f', 'config/samples', '--node', 'node-a', '--prefix', 'nope'], capture()),
    ).toBe(2);
    expect(
      await main(['explain', '-f', 'config/samples', '--node', 'node-a', '--peer', '192.0.2.1'], capture()),
    ).toBe(2);
  });
});
