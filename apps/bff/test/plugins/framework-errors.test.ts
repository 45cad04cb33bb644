import type { LightMyRequestResponse } from 'fastify';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/fixture.ts';

const {
  t,
  clients: { editor },
} = useTestApp({ clients: { editor: 'editor' } });

/** Our error shape and nothing of Fastify's own (`error`, `statusCode`, `FST_…` codes). */
function expectOurShape(status: number, headers: Record<string, unknown>, text: string) {
  expect(String(headers['content-type'])).toMatch(/^application\/json/);
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(['code', 'message']);
  expect(body.code).not.toMatch(/^FST_/);
  expect(status).toBeGreaterThanOrEqual(400);
  expect(status).toBeLessThan(500);
  return body as { code: string; message: string };
}

const shapeOf = (response: LightMyRequestResponse) =>
  expectOurShape(response.statusCode, response.headers, response.body);

const postInspect = (payload: string, headers: Record<string, string> = {}) =>
  editor.post('/api/tokens/inspect', payload, {
    headers: { 'content-type': 'application/json', ...headers },
  });

/** Raw bytes over a socket: what no HTTP client library would send. */
async function rawRequest(head: string) {
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = t.app.server.address() as AddressInfo;
  const text = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(head));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
  const [top = '', body = ''] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = top.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.split(': ')[1]]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

describe("Fastify's own refusals, in our error shape", () => {
  it('should answer a URL with broken percent-encoding', async () => {
    const response = await editor.get('/api/tokens/%E0%A4%A');
    expect(response.statusCode).toBe(400);
    expect(shapeOf(response)).toEqual({
      code: 'invalid-request',
      message: 'path: the URL is not validly percent-encoded.',
    });
  });

  it('should answer a body shorter than its Content-Length', async () => {
    const response = await postInspect('{"token":"abc"}', { 'content-length': '40' });
    expect(response.statusCode).toBe(400);
    expect(shapeOf(response).message).toBe('The body does not match its Content-Length header.');
  });

  it('should answer a Content-Length that is not a number', async () => {
    const response = await rawRequest(
      'POST /api/tokens/inspect HTTP/1.1\r\nHost: localhost\r\n' +
        'Content-Type: application/json\r\nContent-Length: abc\r\n\r\n{}',
    );
    expect(response.status).toBe(400);
    expect(expectOurShape(response.status, response.headers, response.body).message).toBe(
      'The Content-Length header is not valid.',
    );
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'should answer the content type %s with 415',
    async (type) => {
      const response = await editor.post('/api/tokens/inspect', 'token=abc', {
        headers: { 'content-type': type },
      });
      expect(response.statusCode).toBe(415);
      expect(shapeOf(response).code).toBe('unsupported-media-type');
    },
  );

  it('should answer a malformed JSON body', async () => {
    const response = await postInspect('{"token":');
    expect(response.statusCode).toBe(400);
    expect(shapeOf(response).message).toBe('The body is not valid JSON.');
  });

  it('should say so when the body has a "__proto__" key, wherever it is', async () => {
    for (const payload of [
      '{"token":"abc","__proto__":{"admin":true}}',
      '{"token":"abc","nested":{"__proto__":{"admin":true}}}',
      '{"token":"abc","\\u005f_proto__":{"admin":true}}',
    ]) {
      const response = await postInspect(payload);
      expect(response.statusCode).toBe(400);
      expect(shapeOf(response)).toEqual({
        code: 'invalid-request',
        message: 'The body has a "__proto__" key, which is not allowed.',
      });
    }
  });

  it('should say so when the body has a "constructor.prototype" key', async () => {
    const response = await postInspect('{"token":"abc","constructor":{"prototype":{"a":1}}}');
    expect(response.statusCode).toBe(400);
    expect(shapeOf(response).message).toBe(
      'The body has a "constructor" key with a "prototype" inside, which is not allowed.',
    );
  });

  it('should still take a "constructor" key that is no prototype (the field is then unknown)', async () => {
    const response = await postInspect('{"token":"abc","constructor":"x"}');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ issues: [{ path: 'constructor' }] });
  });
});
