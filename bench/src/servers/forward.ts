import { AUTH_HEADER_TOKEN } from '@ptd/contracts';
import { createServer, type IncomingMessage } from 'node:http';
import { createAgent } from '../../../apps/bff/src/upstream/transport.ts';

/**
 * What the bench's bare servers share: a `node:http` server on RELAY_PORT whose `answer`
 * gets each request's body, and the call to the token service (RELAY_UPSTREAM's
 * `/api/v1/splay`, with RELAY_CREDENTIAL) through the BFF's own undici agent, called with
 * `dispatch()` as the BFF calls it. No JSON parsing, no validation, no logs.
 */
const upstream = new URL('/api/v1/splay', process.env.RELAY_UPSTREAM);
const credential = process.env.RELAY_CREDENTIAL ?? '';
const agent = createAgent({ connectTimeoutMs: 3000, responseTimeoutMs: 10_000 });

export type Answer = (status: number, text: string) => void;

/** Sends `body` to the token service; `answer` gets its status and body text (502 on failure). */
export function forward(body: Buffer, answer: Answer) {
  let status = 502;
  const chunks: Buffer[] = [];
  agent.dispatch(
    {
      origin: upstream.origin,
      path: upstream.pathname,
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        [AUTH_HEADER_TOKEN]: credential,
      },
      body,
    },
    {
      // undici tells its handler APIs apart by this method.
      onRequestStart() {},
      onResponseStart(_controller, statusCode) {
        status = statusCode;
      },
      onResponseData(_controller, chunk) {
        chunks.push(chunk);
      },
      onResponseEnd() {
        answer(status, Buffer.concat(chunks).toString('utf8'));
      },
      onResponseError() {
        answer(502, '');
      },
    },
  );
}

/** Serves `/healthz` and hands every other request's body to `handle`; stops on a signal. */
export function serve(
  handle: (body: Buffer, answer: Answer, request: IncomingMessage) => void,
  onStop: () => Promise<void> = async () => undefined,
) {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      handle(
        Buffer.concat(chunks),
        (status, text) => {
          res
            .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
            .end(text);
        },
        req,
      );
    });
  });
  server.keepAliveTimeout = 72_000;
  server.listen(Number(process.env.RELAY_PORT), '127.0.0.1');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.close();
      void Promise.all([agent.close(), onStop()]).finally(() => process.exit(0));
    });
  }
}
