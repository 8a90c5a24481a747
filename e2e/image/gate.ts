// What the tests that run the container image need. Outside CI a missing piece skips them with a
// one-line hint; in CI it fails them (the tier must never pass by not running).
import { inCI } from '../env/index.ts';
import { which } from '../env/prereqs.ts';

export interface ImageGate {
  skip: boolean;
  assertReady(): void;
}

export function imageGate(what: string): ImageGate {
  const missing = [
    ...(process.getuid?.() === 0 ? [] : ['root']),
    ...['buildah', 'mmdebstrap', 'umoci', 'runc', 'ip'].filter((t) => which(t) === undefined),
  ];
  const message = `${what}: missing ${missing.join(', ')}; install with: sudo hack/install-prereqs.sh`;
  const skip = missing.length > 0 && !inCI();
  if (skip) console.warn(`[skipped] ${message}`);
  return {
    skip,
    assertReady() {
      if (missing.length > 0) throw new Error(message);
    },
  };
}
