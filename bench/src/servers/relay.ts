import { AUTH_HEADER_TOKEN } from '@ptd/contracts';
import { createServer } from 'node:http';
import { createAgent } from '../../../apps/bff/src/upstream/transport.ts';

/**
 * The floor the BFF is compared with: a bare node:http handler that forwards the request body
 * to the token service with the BFF's HTTP client (an undici agent with the BFF's keep-alive
 * pool settings, called through `dispatch()` as the BFF calls it) and answers with what came
 * back. No session, no validation, no ledger, no logs, no JSON parsing: whatever any relay of
 * these requests must do, and nothing more.
 */
const port = Number(process.env.RELAY_PORT);
const upstream = new URL('/api/v1/splay', process.env.RELAY_UPSTREAM);
const credential = process.env.RELAY_CREDENTIAL ?? '';
const agent = createAgent({ connectTimeoutMs: 3000, responseTimeoutMs: 10_000 });

function forward(body: Buffer, answer: (status: number, text: string) => void) {
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

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    forward(Buffer.concat(chunks), (status, text) => {
      res
        .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(text);
    });
  });
});
server.keepAliveTimeout = 72_000;
server.listen(port, '127.0.0.1');
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void agent.close().finally(() => process.exit(0));
  });
}
