import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../src/lib/secret.ts';
import { createNanostreamClient, type NanostreamClient } from '../../src/upstream/client.ts';

/** A bintu stand-in that records each path it is asked for and answers "not found". */
let server: Server;
const seen: string[] = [];
let client: NanostreamClient;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 4004, message: 'Stream not found' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // A base with a path of its own, as behind a gateway: nothing may climb out of it either.
  const base = `http://127.0.0.1:${port}/bintu`;
  client = createNanostreamClient(
    {
      tokenApiUrl: base,
      bintuApiUrl: base,
      credential: { kind: 'token', value: new Secret('bintu-test-token') },
    },
    { connectTimeoutMs: 1000, responseTimeoutMs: 1000 },
    Date.now,
  );
});
beforeEach(() => {
  seen.length = 0;
});
afterAll(async () => {
  await client.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('upstream paths', () => {
  it.each([
    '..',
    '.',
    '',
    'a/b',
    '../organisation',
    'a?quantity=1',
    'a#b',
    '%2e%2e',
    'a%2Fb',
    'a\\b',
  ])('should refuse the stream id %j without calling bintu', async (id) => {
    await expect(client.getStream(id)).rejects.toMatchObject({
      statusCode: 400,
      code: 'invalid-request',
    });
    expect(seen).toEqual([]);
  });

  it('should ask for a stream at its own path under the base', async () => {
    await expect(client.getStream('a1000000-0000-4000-8000-000000000001')).rejects.toMatchObject({
      statusCode: 404,
    });
    expect(seen).toEqual(['/bintu/stream/a1000000-0000-4000-8000-000000000001']);
  });

  it('should percent-encode what it passes on, so that it stays one segment', async () => {
    await client.getStream('Cup Final ä').catch(() => undefined);
    expect(seen).toEqual(['/bintu/stream/Cup%20Final%20%C3%A4']);
  });
});
