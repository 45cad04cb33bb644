import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  'hang' | 'slow' | 'status-500' | 'malformed-json' | 'html-502' | 'reset' | 'trickle' | 'garbage';

/** Gap between two bytes of a trickled body: well under any response timeout the tests set. */
export const TRICKLE_GAP_MS = 50;

/**
 * A small upstream in front of the emulator. Requests pass through to the emulator unless a
 * fault is set for their path; then it hangs (timeout), passes through after 300 ms (slow),
 * answers 500, answers 200 with a broken JSON body, answers an HTML 502, or drops the connection.
 * 'trickle' passes through but sends the emulator's body one byte every TRICKLE_GAP_MS (each
 * gap within a per-chunk timeout); 'garbage' answers bytes that are not HTTP at all.
 * `refuse()` closes the port, so connections are refused until `accept()` opens it again.
 */
export async function startFaultyUpstream(emulatorUrl: string) {
  const faults = new Map<string, Fault>();
  const hanging = new Set<ServerResponse>();
  const target = new URL(emulatorUrl);

  function trickle(upstream: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    upstream.on('data', (chunk: Buffer) => chunks.push(chunk));
    upstream.on('end', () => {
      const body = Buffer.concat(chunks);
      res.writeHead(upstream.statusCode ?? 502, upstream.headers);
      res.flushHeaders();
      let sent = 0;
      const timer = setInterval(() => {
        if (res.destroyed || sent >= body.length) {
          clearInterval(timer);
          if (!res.destroyed) res.end();
          return;
        }
        res.write(body.subarray(sent, sent + 1));
        sent += 1;
      }, TRICKLE_GAP_MS);
    });
  }

  function forward(req: IncomingMessage, res: ServerResponse, slowBody = false) {
    const proxied = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (upstream) => {
        if (slowBody) return trickle(upstream, res);
        res.writeHead(upstream.statusCode ?? 502, upstream.headers);
        upstream.pipe(res);
      },
    );
    proxied.on('error', () => res.destroy());
    req.pipe(proxied);
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const fault = faults.get(path);
    if (!fault) return forward(req, res);
    if (fault === 'slow') return void setTimeout(() => forward(req, res), 300);
    if (fault === 'trickle') return forward(req, res, true);
    req.resume();
    if (fault === 'hang') {
      hanging.add(res);
      return;
    }
    if (fault === 'reset') return req.socket.destroy();
    if (fault === 'garbage')
      return void req.socket.end('\u0000\u00ffSPLAY?? not http at all\r\n\r\n');
    if (fault === 'status-500') {
      res.writeHead(500, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ success: false, errorCode: 500, message: 'Internal error' }));
    }
    if (fault === 'html-502') {
      res.writeHead(502, { 'content-type': 'text/html' });
      return res.end('<html><body>Bad gateway</body></html>');
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"success": true, "data": {"tok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Closes the port: every new connection is refused (and pooled ones are dropped). */
    async refuse() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    /** Opens the port again after `refuse()`. */
    async accept() {
      if (!server.listening) {
        await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      }
    },
    fail(path: string, fault: Fault) {
      faults.set(path, fault);
    },
    heal() {
      faults.clear();
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback URL where nothing listens: connections are refused. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
