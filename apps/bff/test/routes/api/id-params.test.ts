import type { AddressInfo } from 'node:net';
import { request as httpRequest } from 'node:http';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '../../helpers/client.ts';
import { createToken } from '../../helpers/tokens.ts';
import { useTestApp } from '../../helpers/fixture.ts';

const CUP_FINAL_ID = 'a1000000-0000-4000-8000-000000000001';
const UNKNOWN_UUID = 'b1000000-0000-4000-8000-000000000001';
const UNKNOWN_V7 = '019ab5c2-0f4e-7c3a-9d2e-5b1f0a7c3e21';

let base: URL;
/** Every path the emulator was asked for, as it arrived. */
const upstreamPaths: string[] = [];

const {
  t,
  emulator,
  clients: { viewer, admin },
} = useTestApp({ clients: { viewer: 'viewer', admin: 'admin' } });
beforeAll(async () => {
  emulator.app.server.on('request', (req: { url?: string }) => upstreamPaths.push(req.url ?? ''));
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = new URL(`http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`);
});
beforeEach(() => {
  upstreamPaths.length = 0;
});

/**
 * A request over real HTTP with the path exactly as written: fetch and inject would resolve
 * `%2e%2e` before sending, as a browser's address bar does, but a script need not.
 */
function rawGet(client: Client, path: string) {
  return new Promise<{ status: number; body: { code?: string; message?: string } }>(
    (resolve, reject) => {
      const req = httpRequest(
        { host: base.hostname, port: base.port, path, headers: { cookie: client.cookie ?? '' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as object }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    },
  );
}

describe('stream ids', () => {
  it.each([
    '%2e%2e',
    '%2E%2E',
    '..',
    '.',
    '%2e',
    '..%2forganisation',
    '%2e%2e%2f%2e%2e%2forganisation',
    '%2forganisation',
    'x%3fquantity%3d1',
    'x%23fragment',
    '%252e%252e',
    'x%5c..%5corganisation',
    `${CUP_FINAL_ID}%2f..`,
    `${CUP_FINAL_ID}x`,
  ])('should answer /api/streams/%s without calling bintu', async (id) => {
    const response = await rawGet(viewer, `/api/streams/${id}`);
    expect([400, 404]).toContain(response.status);
    expect(upstreamPaths).toEqual([]);
  });

  it('should name the parameter when a stream id is malformed', async () => {
    const response = await rawGet(viewer, '/api/streams/%2e%2e');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'invalid-request' });
    expect(response.body.message).toMatch(/^id: /);
  });

  it('should ask bintu for a well-formed stream id at exactly its own path', async () => {
    expect((await rawGet(viewer, `/api/streams/${CUP_FINAL_ID}`)).status).toBe(200);
    expect((await rawGet(viewer, `/api/streams/${UNKNOWN_UUID}`)).status).toBe(404);
    expect(upstreamPaths).toEqual([`/stream/${CUP_FINAL_ID}`, `/stream/${UNKNOWN_UUID}`]);
  });
});

describe('the dashboard’s own ids', () => {
  const MALFORMED = [
    'nope',
    `${UNKNOWN_UUID}x`,
    UNKNOWN_UUID.replaceAll('-', ''),
    UNKNOWN_UUID.toUpperCase(),
  ];

  it.each([
    ['GET', '/api/tokens/%s'],
    ['POST', '/api/tokens/%s/revoke'],
    ['GET', '/api/policies/%s'],
    ['PUT', '/api/policies/%s'],
    ['POST', '/api/policies/%s/enable'],
    ['POST', '/api/policies/%s/disable'],
    ['PATCH', '/api/staff/%s'],
  ] as const)(
    'should answer %s %s with a malformed id by a 400 naming it',
    async (method, path) => {
      for (const id of MALFORMED) {
        const response = await admin.request(method, path.replace('%s', encodeURIComponent(id)), {
          body: method === 'GET' ? undefined : {},
        });
        expect(response.statusCode, `${id}: ${response.body}`).toBe(400);
        expect(response.json()).toMatchObject({ code: 'invalid-request' });
        expect(response.json<{ message: string }>().message).toMatch(/^id: /);
      }
    },
  );

  it('should still answer 404 for a well-formed id that is not there', async () => {
    expect((await admin.get(`/api/tokens/${UNKNOWN_V7}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/tokens/${UNKNOWN_UUID}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/policies/${UNKNOWN_UUID}`)).statusCode).toBe(404);
    expect((await admin.patch(`/api/staff/${UNKNOWN_UUID}`, { role: 'viewer' })).statusCode).toBe(
      404,
    );
  });

  it('should accept the ids the dashboard hands out', async () => {
    const created = await createToken(admin, { revocable: true });
    expect((await admin.get(`/api/tokens/${created.record.id}`)).statusCode).toBe(200);
    expect((await admin.post(`/api/tokens/${created.record.id}/revoke`)).statusCode).toBe(200);
    const self = admin.session?.user.id ?? '';
    expect((await admin.patch(`/api/staff/${self}`, { role: 'admin' })).statusCode).toBe(200);
  });
});
