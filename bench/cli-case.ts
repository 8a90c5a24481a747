// One CLI benchmark case, run in a child process of bench/cli-suite.ts so a case that does not finish
// can be stopped, and every case starts from the same cold state (no memo or heap left by another).
// Times `main` itself — the real command path from argv to the last byte written — not Node's start-up.
import { main } from '../src/cli/main.ts';

let bytes = 0;
let stderr = '';
const started = performance.now();
const exit = await main(process.argv.slice(2), {
  out: (text) => (bytes += text.length),
  err: (text) => (stderr += text),
  stdin: () => '',
});
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ ms, exit, bytes, stderr: stderr.slice(0, 500) })}\n`);
