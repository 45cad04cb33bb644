import { createServer } from 'node:net';

/**
 * A loopback port nothing listens on right now, for a process the caller starts next (the
 * port is free again the moment it is answered, so another process could take it first).
 */
export function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A loopback URL where nothing listens: connections are refused. */
export const refusedUrl = async () => `http://127.0.0.1:${await freePort()}`;
