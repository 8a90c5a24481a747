import { describe, expect, it } from 'vitest';
import { bounded, daemonMessages, reloadScriptErrors, vtyshRefusals } from './refusals.ts';

describe('vtyshRefusals', () => {
  it('reads the `line N:` reports of vtysh -f (FRR 8.4.4 wording)', () => {
    const stderr =
      'line 3: Failure to communicate[13] to bgpd, line:   neighbor 192.0.2.99 activate\n' +
      'line 5: % Unknown command[28]: foo\n';
    expect(vtyshRefusals('% Specify remote-as or peer-group commands first\n', stderr)).toEqual([
      { line: 3, message: 'Failure to communicate[13] to bgpd, line:   neighbor 192.0.2.99 activate' },
      { line: 5, message: '% Unknown command[28]: foo' },
    ]);
  });

  it('finds nothing in a clean run', () => {
    expect(vtyshRefusals('', '')).toEqual([]);
  });
});

describe('daemonMessages', () => {
  it('keeps the `%` lines, once each', () => {
    expect(daemonMessages('% Specify remote-as\nBuilding\n% Specify remote-as\n')).toEqual([
      '% Specify remote-as',
    ]);
  });
});

describe('reloadScriptErrors', () => {
  it("unwraps vtysh's output quoted in frr-reload.py's ERROR log line", () => {
    const stderr =
      '2026-11-23 09:05:53,978  INFO: Called via "Namespace(...)"\n' +
      '2026-11-23 09:05:54,058 \u001b[91m  ERROR\u001b[0m: vtysh failed to process new configuration: ' +
      'vtysh (mark file) exited with status 2:\n' +
      "b'line 29: % Unknown command:  neighbor 192.0.2.1 no-such-thing\\n\\n'\n" +
      '2026-11-23 09:05:54,058  INFO: Loading Config object from vtysh show running\n';
    expect(reloadScriptErrors('', stderr)).toEqual([
      'ERROR: vtysh failed to process new configuration: vtysh (mark file) exited with status 2:',
      'line 29: % Unknown command:  neighbor 192.0.2.1 no-such-thing',
    ]);
  });

  it('leaves out INFO lines, which quote the configuration (passwords included)', () => {
    expect(reloadScriptErrors("INFO: content ['neighbor 1.2.3.4 password s3cret']", '')).toEqual([]);
  });
});

describe('bounded', () => {
  it('keeps at most 20 lines and says how many were left out', () => {
    const lines = Array.from({ length: 25 }, (_, i) => `line ${i}`);
    const text = bounded(lines);
    expect(text.split('\n')).toHaveLength(21);
    expect(text.endsWith('… (5 more lines)')).toBe(true);
  });

  it('keeps the size to a few KB', () => {
    expect(bounded(['x'.repeat(3000), 'y'.repeat(3000)]).length).toBeLessThan(4100);
  });
});
