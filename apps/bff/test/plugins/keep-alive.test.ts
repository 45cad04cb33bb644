import type { AddressInfo } from 'node:net';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/fixture.ts';

const { t } = useTestApp({ upstream: 'embedded' });
let client: Client;
/** Connections the client opened so far: the same count after a request means it was reused. */
let connections = 0;

beforeAll(async () => {
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = t.app.server.address() as AddressInfo;
  client = new Client(`http://127.0.0.1:${port}`);
  client.on('connect', () => (connections += 1));
});
afterAll(() => client?.close());

/**
 * One request on the client's connection, then a GET: whether the GET went on the same
 * connection. `reset: false` keeps undici from closing after a HEAD on its own account (it does
 * by default, asking the server for `Connection: close`); browsers and nginx keep it open.
 */
async function reused(
  request: {
    method: 'GET' | 'HEAD' | 'POST';
    path: string;
    body?: string;
    headers?: Record<string, string>;
  },
  reset = false,
) {
  const before = connections;
  const answer = await client.request({ ...request, reset });
  await answer.body.text();
  const next = await client.request({ method: 'GET', path: '/healthz' });
  await next.body.text();
  expect(next.statusCode).toBe(200);
  return {
    status: answer.statusCode,
    connection: answer.headers.connection,
    same: connections === before,
  };
}

const json = (body: string, headers: Record<string, string> = {}) => ({
  method: 'POST' as const,
  path: '/playback-token',
  body,
  headers: { 'content-type': 'application/json', origin: 'https://shop.example.com', ...headers },
});

describe('keep-alive connections after refusals and HEAD', () => {
  it('should open one connection for a run of ordinary requests', async () => {
    await reused({ method: 'GET', path: '/healthz' });
    expect(await reused({ method: 'GET', path: '/healthz' })).toMatchObject({ same: true });
  });

  it.each([
    ['not JSON', '{"policy":', {}, 400],
    ['empty', '', {}, 400],
    ['with a __proto__ key', '{"__proto__":{"x":1}}', {}, 400],
    ['compressed', '{"policy":"p"}', { 'content-encoding': 'gzip' }, 415],
  ] as const)(
    'should keep the connection after refusing a JSON body read whole (%s)',
    async (_what, body, headers, status) => {
      const answer = await reused(json(body, headers));
      expect(answer).toMatchObject({ status, same: true });
      // No header at all: HTTP/1.1's default, the connection stays open.
      expect(answer.connection).not.toBe('close');
    },
  );

  it('should still close after such a refusal when the client asked to', async () => {
    expect(await reused(json('{"policy":'), true)).toEqual({
      status: 400,
      connection: 'close',
      same: false,
    });
  });

  it.each([
    ['/healthz', 200],
    ['/api/session', 401],
    ['/api/no-such-route', 404],
  ] as const)('should keep the connection after a HEAD request (%s)', async (path, status) => {
    expect(await reused({ method: 'HEAD', path })).toEqual({
      status,
      connection: 'keep-alive',
      same: true,
    });
  });

  it('should close the connection after refusing a body too large to read', async () => {
    expect(await reused(json(`{"policy":"${'p'.repeat(2_000_000)}"}`))).toEqual({
      status: 413,
      connection: 'close',
      same: false,
    });
  });
});
