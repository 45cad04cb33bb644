import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/fixture.ts';
import { requestToken } from '../helpers/policies.ts';

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
