import { createServer as createHttpServer, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';

export type JwksFault =
  | 'status-500'
  /** A valid key set padded past 64 KB. */
  | 'oversized'
  /** Headers at once, then the body a byte every 500 ms: never done within the deadline. */
  | 'slow'
  | 'not-json'
  | { redirect: string }
  /** A chain of that many redirects on this server (`/hop/1`, `/hop/2`, …) to the key set. */
  | { redirects: number };

export interface JwksServer {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** The key set's URL. */
  url: string;
  /** GET requests answered, of any path. */
  requests(): number;
  /** What the server publishes from now on. */
  publish(jwks: unknown): void;
  fail(fault: JwksFault | null): void;
  close(): Promise<void>;
}

/** A customer's site publishing a key set over http on 127.0.0.1, with faults on demand. */
export async function startJwksServer(initial: unknown): Promise<JwksServer> {
  let jwks = initial;
  let fault: JwksFault | null = null;
  let count = 0;
  const dribbling = new Set<ServerResponse>();
  const server = createHttpServer((req, res) => {
    count += 1;
    const hop = Number(/^\/hop\/(\d+)$/.exec(req.url ?? '')?.[1] ?? 0);
    if (
      fault !== null &&
      typeof fault === 'object' &&
      'redirects' in fault &&
      hop < fault.redirects
    ) {
      res.writeHead(302, { location: `/hop/${hop + 1}` });
      return res.end();
    }
    if (fault === null || (typeof fault === 'object' && 'redirects' in fault)) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(jwks));
    }
    if (typeof fault === 'object') {
      res.writeHead(302, { location: fault.redirect });
      return res.end();
    }
    if (fault === 'status-500') {
      res.writeHead(500, { 'content-type': 'text/plain' });
      return res.end('down');
    }
    if (fault === 'not-json') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html>keys moved</html>');
    }
    if (fault === 'oversized') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ ...(jwks as object), padding: 'x'.repeat(70_000) }));
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    dribbling.add(res);
    const body = JSON.stringify(jwks);
    let sent = 0;
    const timer = setInterval(() => {
      if (sent >= body.length || res.destroyed) {
        clearInterval(timer);
        dribbling.delete(res);
        return void res.end();
      }
      res.write(body[sent]);
      sent += 1;
    }, 500);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}/.well-known/jwks.json`,
    requests: () => count,
    publish: (next) => {
      jwks = next;
    },
    fail: (next) => {
      fault = next;
    },
    close: async () => {
      for (const res of dribbling) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface ConnectionRecorder {
  port: number;
  /** TCP connections accepted so far, on 127.0.0.1 and ::1. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * A port that listens on 127.0.0.1 and ::1 and only counts who connects: a URL to it that the
 * BFF refuses must leave the count at zero.
 */
export async function startConnectionRecorder(): Promise<ConnectionRecorder> {
  let count = 0;
  const sockets = new Set<Socket>();
  const accept = (socket: Socket) => {
    count += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const v4 = createTcpServer(accept);
  await new Promise<void>((resolve) => v4.listen(0, '127.0.0.1', resolve));
  const { port } = v4.address() as AddressInfo;
  const v6 = createTcpServer(accept);
  await new Promise<void>((resolve, reject) => {
    v6.once('error', reject);
    v6.listen(port, '::1', resolve);
  });
  return {
    port,
    connections: () => count,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all(
        [v4, v6].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
      );
    },
  };
}
