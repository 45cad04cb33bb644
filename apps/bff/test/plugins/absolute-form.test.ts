import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { sendRaw, type RawResponse } from '../fuzz/socket.ts';
import { useTestApp } from '../helpers/fixture.ts';

let port: number;

const {
  t,
  clients: { admin },
} = useTestApp({ clients: { admin: 'admin' } });
beforeAll(async () => {
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.server.address() as AddressInfo).port;
});

/**
 * A request line with an absolute-form target (`DELETE http://host/api/session HTTP/1.1`), as
 * HTTP/1.1 allows: the router finds the same route as for `/api/session`.
 */
async function absolute(method: string, path: string, headers: string[] = []) {
  const lines = [
    `${method} http://dashboard.example${path} HTTP/1.1`,
    `host: 127.0.0.1:${port}`,
    'connection: close',
    `cookie: ${admin.cookie ?? ''}`,
    ...headers,
  ];
  const [response] = await sendRaw(port, {
    bytes: Buffer.from(`${lines.join('\r\n')}\r\n\r\n`),
    method,
    end: false,
    timeoutMs: 5000,
  });
  if (!response) throw new Error('no answer');
  return response;
}

const json = (response: RawResponse) => JSON.parse(response.body) as Record<string, unknown>;

describe('requests whose target is an absolute URL', () => {
  it('should refuse a state-changing /api request without the CSRF token', async () => {
    const response = await absolute('DELETE', '/api/session');
    expect(response.status).toBe(403);
    expect(json(response)).toMatchObject({ code: 'csrf' });
  });

  it('should know the signed-in staff member, as for an ordinary target', async () => {
    const response = await absolute('GET', '/api/session');
    expect(response.status).toBe(200);
    expect(json(response)).toMatchObject({ user: { role: 'admin' } });
  });

  it('should sign out with the CSRF token', async () => {
    const response = await absolute('DELETE', '/api/session', [
      `x-csrf-token: ${admin.csrf ?? ''}`,
      'content-length: 0',
    ]);
    expect(response.status).toBe(204);
  });
});
