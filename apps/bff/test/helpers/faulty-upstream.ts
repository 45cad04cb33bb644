import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An upstream refusal whose `message` is chosen by the test (e.g. one that echoes a credential),
 * in the envelope of the service the path belongs to: the token service's
 * `{success:false, errorCode, message}` or bintu's `{error:{code, message}}`.
 */
export interface LeakyFault {
  status: 400 | 403 | 500;
  message: string;
  errorCode?: number;
}

export type Fault =
  'hang' | 'slow' | 'status-500' | 'malformed-json' | 'html-502' | 'reset' | { leak: LeakyFault };

/** Codes a refusal with that status typically carries, per service. */
const LEAK_CODES = {
  token: { 400: 1000, 403: 2012, 500: 500 },
  bintu: { 400: 1004, 403: 9999, 500: 500 },
} as const;

function leakyBody(path: string, fault: LeakyFault) {
  const service = path.startsWith('/api/v1/splay') ? 'token' : 'bintu';
  const errorCode = fault.errorCode ?? LEAK_CODES[service][fault.status];
  return service === 'token'
    ? { success: false, errorCode, message: fault.message }
    : { error: { code: errorCode, message: fault.message } };
}

/**
 * A small upstream in front of the emulator. Requests pass through to the emulator unless a
 * fault is set for their path; then it hangs (timeout), passes through after 300 ms (slow),
 * answers 500, answers 200 with a broken JSON body, answers an HTML 502, drops the connection,
 * or refuses with a message of the test's choosing (`{ leak }`).
 */
export async function startFaultyUpstream(emulatorUrl: string) {
  const faults = new Map<string, Fault>();
  const hanging = new Set<ServerResponse>();
  const target = new URL(emulatorUrl);

  function forward(req: IncomingMessage, res: ServerResponse) {
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
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const fault = faults.get(path);
    if (!fault) return forward(req, res);
    if (fault === 'slow') return void setTimeout(() => forward(req, res), 300);
    req.resume();
    if (typeof fault === 'object') {
      res.writeHead(fault.leak.status, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(leakyBody(path, fault.leak)));
    }
    if (fault === 'hang') {
      hanging.add(res);
      return;
    }
    if (fault === 'reset') return req.socket.destroy();
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
