import { AUTH_HEADER_TOKEN } from '@ptd/contracts';
import { createServer } from 'node:http';
import { request } from 'undici';
import { createAgent } from '../../../apps/bff/src/upstream/transport.ts';

/**
 * The floor the BFF is compared with: a bare node:http handler that forwards the request body
 * to the token service with the BFF's HTTP client (undici, the BFF's own keep-alive pool
 * settings) and answers with what came back. No session, no validation, no ledger, no logs.
 */
const port = Number(process.env.RELAY_PORT);
const upstream = new URL('/api/v1/splay', process.env.RELAY_UPSTREAM);
const credential = process.env.RELAY_CREDENTIAL ?? '';
const agent = createAgent({ connectTimeoutMs: 3000, responseTimeoutMs: 10_000 });

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    request(upstream, {
      dispatcher: agent,
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        [AUTH_HEADER_TOKEN]: credential,
      },
      body: Buffer.concat(chunks),
    })
      .then(async (answer) => {
        const text = await answer.body.text();
        res
          .writeHead(answer.statusCode, {
            'content-type': 'application/json',
            'cache-control': 'no-store',
          })
          .end(text);
      })
      .catch(() => res.writeHead(502).end());
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
