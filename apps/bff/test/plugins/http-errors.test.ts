import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { sendRaw, type RawResponse } from '../fuzz/socket.ts';
import { useTestApp } from '../helpers/fixture.ts';

let port: number;

// API only, built SPA or not: the SPA's catch-all route would take an over-long path first.
const { t } = useTestApp({ env: { WEB_DIST_DIR: path.join(tmpdir(), 'no-web-build-here') } });
beforeAll(async () => {
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.server.address() as AddressInfo).port;
});

/** Raw bytes on a socket: these requests never get past Node's parser or Fastify's router. */
async function send(head: string): Promise<RawResponse> {
  const [response] = await sendRaw(port, {
    bytes: Buffer.from(`${head}\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n`, 'latin1'),
    method: 'GET',
    end: false,
    timeoutMs: 5000,
  });
  if (!response) throw new Error('no answer');
  return response;
}

const body = (response: RawResponse) => JSON.parse(response.body) as Record<string, unknown>;

describe('answers to requests that are not valid HTTP', () => {
  it('should answer a malformed request line with 400 in the error shape', async () => {
    const response = await send('GET /api/session HTTP/1.1 extra');
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(body(response)).toEqual({ code: 'bad-request', message: expect.any(String) });
  });

  it('should answer a header with a bare line feed with 400 in the error shape', async () => {
    const response = await send('GET /api/session HTTP/1.1\r\nx-test: a\nb');
    expect(response.status).toBe(400);
    expect(body(response)).toEqual({ code: 'bad-request', message: expect.any(String) });
  });

  it('should answer headers over the size limit with 431 in the error shape', async () => {
    const response = await send(`GET /api/session HTTP/1.1\r\nx-long: ${'v'.repeat(20_000)}`);
    expect(response.status).toBe(431);
    expect(body(response)).toEqual({ code: 'headers-too-large', message: expect.any(String) });
  });
});

describe('answers to paths the router cannot read', () => {
  it('should answer broken percent-encoding with 400 naming the path', async () => {
    const response = await send('GET /api/tokens/%ff HTTP/1.1');
    expect(response.status).toBe(400);
    expect(body(response)).toEqual({
      code: 'invalid-request',
      message: expect.stringMatching(/^path: /),
    });
    expect(response.body).not.toContain('%ff');
  });

  it('should answer an over-long path parameter with 414 naming the path', async () => {
    const response = await send(`GET /api/tokens/${'x'.repeat(500)} HTTP/1.1`);
    expect(response.status).toBe(414);
    expect(body(response)).toEqual({
      code: 'uri-too-long',
      message: expect.stringMatching(/^path: /),
    });
  });
});
