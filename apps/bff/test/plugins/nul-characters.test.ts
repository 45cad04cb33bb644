import type { CreateTokenResponse } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/fixture.ts';
import { requestToken } from '../helpers/policies.ts';
import { tokenRequest } from '../helpers/tokens.ts';

const {
  t,
  clients: { admin },
} = useTestApp({ upstream: 'embedded', clients: { admin: 'admin' } });

describe('a NUL character in a request (PostgreSQL stores none)', () => {
  it('should refuse it in a query with a 400 naming the field, on either database', async () => {
    for (const field of ['tag', 'user', 'stream', 'createdBy', 'policy']) {
      const response = await admin.get(`/api/tokens?${field}=a%00b`);
      expect(response.statusCode, field).toBe(400);
      expect(response.json(), field).toEqual({
        code: 'invalid-request',
        message: `${field}: remove the NUL character (\\u0000).`,
        issues: [{ path: field, message: `${field}: remove the NUL character (\\u0000).` }],
      });
    }
    expect((await admin.get('/api/audit?actor=a%00b')).statusCode).toBe(400);
    // HEAD, which Fastify answers from the GET route, is refused the same way.
    const head = await t.app.inject({
      method: 'HEAD',
      url: '/api/tokens?tag=a%00b',
      headers: { cookie: admin.cookie ?? '' },
    });
    expect(head.statusCode).toBe(400);
  });

  it('should refuse it in a JSON body', async () => {
    const response = await requestToken(t.app, { body: { policy: 'a\u0000b' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().issues).toEqual([
      { path: 'policy', message: 'policy: remove the NUL character (\\u0000).' },
    ]);
  });

  it('should refuse it before anything else, for signed-out callers too', async () => {
    const response = await t.app.inject({ url: '/api/tokens?tag=a%00b' });
    expect(response.statusCode).toBe(400);
    expect((await t.app.inject({ url: '/examples/viewer?policy=a%00b' })).statusCode).toBe(400);
  });
});

describe('a lone UTF-16 surrogate in a request (text without a UTF-8 form)', () => {
  const surrogate = (field: string) =>
    `${field}: remove the broken character (a lone UTF-16 surrogate, \\ud800 to \\udfff).`;

  it('should refuse it in a JSON body, naming the field, and mint nothing', async () => {
    for (const tag of ['a\ud800', '\udfff b', '\udc00\ud800']) {
      const response = await admin.post('/api/tokens', tokenRequest({ tag }));
      expect(response.statusCode, JSON.stringify(tag)).toBe(400);
      expect(response.json()).toEqual({
        code: 'invalid-request',
        message: surrogate('tag'),
        issues: [{ path: 'tag', message: surrogate('tag') }],
      });
    }
    const streams = await admin.post('/api/streams', { tags: ['ok', 'x\ud83c'] });
    expect(streams.statusCode).toBe(400);
    expect(streams.json()).toMatchObject({ message: surrogate('tags.1') });
    const rows = await t.app.db.selectFrom('ledger').select('tag').execute();
    expect(rows.filter((row) => row.tag?.startsWith('a') || row.tag?.endsWith(' b'))).toEqual([]);
  });

  it('should refuse it in a key and on the public endpoint, before the policy is looked up', async () => {
    const key = await admin.post('/api/tokens/inspect', { token: 'x', ['k\ud800']: 1 });
    expect(key.statusCode).toBe(400);
    expect(key.json()).toMatchObject({ message: surrogate('k\ud800') });
    const viewer = await requestToken(t.app, { body: { policy: '\ud800' } });
    expect(viewer.statusCode).toBe(400);
    expect(viewer.json()).toMatchObject({ message: surrogate('policy') });
  });

  it('should take a character outside the BMP, whose surrogates come in a pair', async () => {
    const response = await admin.post('/api/tokens', tokenRequest({ tag: 'final 🎫' }));
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<CreateTokenResponse>().record.tag).toBe('final 🎫');
  });
});
