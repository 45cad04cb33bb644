import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
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
  | 'hang'
  | 'status-500'
  | 'malformed-json'
  | 'html-502'
  | 'reset'
  | 'lost-answer'
  | 'trickle'
  | 'garbage'
  | 'too-many-requests'
  /** 429 with this Retry-After (none when null); 'too-many-requests' sends 1. */
  | { busy: { retryAfter: string | null } }
  | { leak: LeakyFault };

/** The running upstream `startFaultyUpstream` answers. */
export type FaultyUpstream = Awaited<ReturnType<typeof startFaultyUpstream>>;

/** Gap between two bytes of a trickled body: well under any response timeout the tests set. */
export const TRICKLE_GAP_MS = 50;

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

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A request the proxy passed on, whose answer it keeps until the test releases it. */
export interface Held {
  /** Resolves once the emulator has answered (e.g. minted the token). */
  arrived: Promise<void>;
  release(): void;
}

/**
 * A small upstream in front of the emulator. Requests pass through to the emulator unless a
 * fault is set for their path; then it hangs (timeout), answers 500, answers 200 with a broken
 * JSON body, answers an HTML 502, drops the connection, refuses with a message of the test's
 * choosing (`{ leak }`), or passes the request on and drops the connection instead of the answer
 * (lost-answer). 'trickle' passes through but sends the emulator's body one byte every
 * TRICKLE_GAP_MS (each gap within a per-chunk timeout); 'garbage' answers bytes that are not HTTP at all.
 * `hold(path)` passes the next such request on and keeps its answer until released.
 * `refuse()` closes the port, so connections are refused until `accept()` opens it again.
 */
export async function startFaultyUpstream(emulatorUrl: string) {
  const faults = new Map<string, Fault>();
  // `fail(path, fault, every)`: only every n-th request to the path meets the fault.
  const every = new Map<string, { n: number; seen: number }>();
  const holds = new Map<string, { arrived: () => void; released: Promise<void> }>();
  const hanging = new Set<ServerResponse>();
  /** Requests seen per path (query left off), faulty or not. */
  const received = new Map<string, number>();
  const target = new URL(emulatorUrl);

  /** The emulator's whole answer to `req`, not yet sent on. */
  function relay(req: IncomingMessage) {
    return new Promise<Answer>((resolve, reject) => {
      const proxied = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (upstream) => {
          const chunks: Buffer[] = [];
          upstream.on('data', (chunk: Buffer) => chunks.push(chunk));
          upstream.on('end', () =>
            resolve({
              status: upstream.statusCode ?? 502,
              headers: upstream.headers,
              body: Buffer.concat(chunks),
            }),
          );
          upstream.on('error', reject);
        },
      );
      proxied.on('error', reject);
      req.pipe(proxied);
    });
  }

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
    received.set(path, (received.get(path) ?? 0) + 1);
    const hold = holds.get(path);
    if (hold) {
      holds.delete(path);
      hanging.add(res);
      relay(req).then(
        async (answer) => {
          hold.arrived();
          await hold.released;
          res.writeHead(answer.status, answer.headers).end(answer.body);
        },
        () => res.destroy(),
      );
      return;
    }
    const share = every.get(path);
    const spared = share !== undefined && (share.seen++ % share.n) + 1 !== share.n;
    const fault = spared ? undefined : faults.get(path);
    if (!fault) return forward(req, res);
    if (fault === 'trickle') return forward(req, res, true);
    if (fault === 'lost-answer') {
      return void relay(req).then(
        () => req.socket.destroy(),
        () => res.destroy(),
      );
    }
    req.resume();
    if (typeof fault === 'object' && 'busy' in fault) {
      const { retryAfter } = fault.busy;
      res.writeHead(429, {
        'content-type': 'application/json',
        ...(retryAfter === null ? {} : { 'retry-after': retryAfter }),
      });
      return res.end(JSON.stringify({ success: false, errorCode: 429, message: 'Too many' }));
    }
    if (typeof fault === 'object') {
      res.writeHead(fault.leak.status, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(leakyBody(path, fault.leak)));
    }
    if (fault === 'hang') {
      hanging.add(res);
      return;
    }
    if (fault === 'reset') return req.socket.destroy();
    if (fault === 'garbage') {
      return void req.socket.end('\u0000\u00ffSPLAY?? not http at all\r\n\r\n');
    }
    if (fault === 'too-many-requests') {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
      return res.end(JSON.stringify({ success: false, errorCode: 429, message: 'Too many' }));
    }
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
    /** With `everyNth`, only every n-th request to the path meets the fault. */
    fail(path: string, fault: Fault, everyNth?: number) {
      faults.set(path, fault);
      if (everyNth === undefined) every.delete(path);
      else every.set(path, { n: everyNth, seen: 0 });
    },
    /** How many requests to `path` arrived so far. */
    received(path: string) {
      return received.get(path) ?? 0;
    },
    heal() {
      faults.clear();
      every.clear();
    },
    hold(path: string): Held {
      let arrived = () => {};
      let release = () => {};
      const arrival = new Promise<void>((resolve) => (arrived = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      holds.set(path, { arrived, released });
      return { arrived: arrival, release };
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
