import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface UpstreamCall {
  method: string;
  /** The request target exactly as it arrived, before any server would normalise it. */
  target: string;
}

/**
 * A pass-through proxy in front of the emulator that writes down every request the BFF makes,
 * so the suite can tell whether each one was built by the BFF's client or steered by a caller.
 */
export async function startRecordingUpstream(emulatorUrl: string) {
  const target = new URL(emulatorUrl);
  let calls: UpstreamCall[] = [];
  /** Per path, how many of its next requests are answered 500 instead of passed on. */
  const failing = new Map<string, number>();

  const server = createServer((req, res) => {
    calls.push({ method: req.method ?? '', target: req.url ?? '' });
    const path = (req.url ?? '').split('?')[0] ?? '';
    const left = failing.get(path) ?? 0;
    if (left > 0) {
      failing.set(path, left - 1);
      req.resume();
      res.writeHead(500, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    const proxied = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (upstream) => {
        res.writeHead(upstream.statusCode ?? 502, upstream.headers);
        upstream.pipe(res);
      },
    );
    proxied.on('error', () => res.destroy());
    req.pipe(proxied);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Answers the next `count` requests to `path` with a 500, as a token service in trouble. */
    failNext(path: string, count: number) {
      failing.set(path, count);
    },
    /** The calls since the last take. */
    take(): UpstreamCall[] {
      const taken = calls;
      calls = [];
      return taken;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type RecordingUpstream = Awaited<ReturnType<typeof startRecordingUpstream>>;
