// `frrk8s … | head -1`: the reader goes away while the CLI still writes. The process must end quietly
// (no EPIPE stack trace) with the command's own exit code. Runs the real process through a real pipe.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const RUN_MAIN =
  "const { main } = await import('./src/cli/main.ts'); process.exitCode = await main(process.argv.slice(1));";

describe('a closed stdout', () => {
  it('ends quietly with the exit code of the command', () => {
    // 5,000 unknown kinds: about 600 kB of warnings on stdout, far more than a pipe buffers.
    const input = Array.from({ length: 5000 }, (_, i) => `kind: Thing\nmetadata: {name: t${i}}\n`).join(
      '---\n',
    );
    const script = `node --import tsx --input-type=module -e "${RUN_MAIN}" validate -f - | head -1; echo "exit=\${PIPESTATUS[0]}" >&2`;
    const run = spawnSync('bash', ['-c', script], { input, encoding: 'utf8', timeout: 60_000 });
    expect(run.stdout).toMatch(/^warning UNKNOWN_KIND /);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/EPIPE|^\s+at /m);
    expect(run.stderr.trim()).toBe('exit=0');
    // A child `node --import tsx` compiles the CLI first: seconds on a loaded 2-core machine.
  }, 60_000);
});
