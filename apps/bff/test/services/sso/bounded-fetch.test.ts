import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  boundedFetch,
  MAX_PROVIDER_ANSWER_BYTES,
  ProviderAnswerTooLarge,
} from '../../../src/services/sso/bounded-fetch.ts';
import { failureOf } from '../../../src/services/sso/failure.ts';

let server: Server;
let base: string;

beforeAll(async () => {
  // Chunked answers (no Content-Length) of the size the path names.
  server = createServer((req, res) => {
    const size = Number(req.url?.slice(1));
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = 'x'.repeat(16 * 1024);
    let sent = 0;
    const more = () => {
      while (sent < size) {
        const part = chunk.slice(0, Math.min(chunk.length, size - sent));
        sent += part.length;
        if (!res.write(part)) return void res.once('drain', more);
      }
      res.end();
    };
    more();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('reading the identity provider’s answers', () => {
  it('should read an answer up to the limit whole', async () => {
    const response = await boundedFetch(`${base}/${MAX_PROVIDER_ANSWER_BYTES}`, {
      method: 'GET',
      headers: {},
      redirect: 'manual',
      body: undefined,
    });
    expect(response.status).toBe(200);
    expect((await response.text()).length).toBe(MAX_PROVIDER_ANSWER_BYTES);
  });

  it('should stop reading an answer without Content-Length that grows past the limit', async () => {
    const url = `${base}/${10 * 1024 * 1024}`;
    await expect(
      boundedFetch(url, { method: 'GET', headers: {}, redirect: 'manual', body: undefined }),
    ).rejects.toThrow(new ProviderAnswerTooLarge(url));
  });

  it('should report it as the provider not working, naming the cause for the audit log', () => {
    const wrapped = new client.ClientError('something went wrong', {
      cause: new ProviderAnswerTooLarge('https://idp.example/keys'),
    });
    expect(failureOf(wrapped)).toEqual({
      code: 'provider-unavailable',
      cause: 'ProviderAnswerTooLarge',
    });
  });
});
