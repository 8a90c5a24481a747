import { createServer } from 'node:net';

/**
 * A currently free TCP port on 127.0.0.1, chosen by the kernel. There is a window between closing
 * the probe socket and the real server binding it; callers that can see a bind failure retry.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => {
        if (addr && typeof addr === 'object') resolve(addr.port);
        else reject(new Error('could not read the probe socket address'));
      });
    });
  });
}
