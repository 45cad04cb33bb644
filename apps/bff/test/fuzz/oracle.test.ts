import { SEED } from '@ptd/emulator';
import { describe, expect, it } from 'vitest';
import { check, type Exchange } from './oracle.ts';

/** An answer as the oracle sees it; by default a signed-in admin's successful GET. */
const exchange = (overrides: Partial<Exchange> = {}): Exchange => ({
  route: 'GET /api/tokens',
  method: 'GET',
  path: '/api/tokens',
  caller: 'admin',
  csrf: 'ok',
  origin: 'none',
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: '{"items":[]}',
  upstream: [],
  expectAnswer: true,
  ...overrides,
});
const reasons = (overrides: Partial<Exchange>) => check(exchange(overrides)).map((f) => f.reason);
const error = (status: number, body: unknown) => ({ status, body: JSON.stringify(body) });
const JWT = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLWJ5dGVz';

describe('the fuzz oracle', () => {
  it('should accept a plain success and an error in the error shape', () => {
    expect(reasons({})).toEqual([]);
    expect(reasons(error(404, { code: 'not-found', message: 'The token was not found.' }))).toEqual(
      [],
    );
  });

  it('should flag every 5xx, and an answer owed but never sent', () => {
    expect(reasons(error(500, { code: 'internal', message: 'Something went wrong.' }))).toEqual([
      'server-error',
    ]);
    expect(reasons({ status: null, body: '' })).toEqual(['no-answer']);
    expect(reasons({ status: null, body: '', expectAnswer: false })).toEqual([]);
  });

  it('should flag a 4xx that is not {code, message, issues?} as JSON', () => {
    expect(reasons(error(400, { error: 'Bad Request', statusCode: 400 }))).toEqual(['error-shape']);
    expect(
      reasons({ status: 400, headers: { 'content-type': 'text/html' }, body: '<h1>bad</h1>' }),
    ).toEqual(['error-shape']);
    expect(reasons(error(502, { code: 'x', message: 'y', upstream: { message: 'z' } }))).toEqual([
      'server-error',
      'upstream-text',
    ]);
    // The numeric code alone is ours to pass on.
    expect(
      reasons(error(400, { code: 'x', message: 'body: y', upstream: { errorCode: 1000 } })),
    ).toEqual([]);
  });

  it('should flag a validation 400 that does not name the field', () => {
    const invalid = (message: string, path = '') =>
      error(400, { code: 'invalid-request', message, issues: [{ path, message }] });
    expect(reasons(invalid('Invalid input: expected object, received null'))).toEqual([
      'field-not-named',
    ]);
    expect(reasons(invalid('Expiry: must be in the future.', 'expiresAt'))).toEqual([]);
    expect(reasons(invalid('asOf: asOf: the time the preview answered with.', 'asOf'))).toEqual([
      'field-named-twice',
    ]);
    expect(reasons(invalid('asOf: the time the preview answered with.', 'asOf'))).toEqual([]);
    expect(
      reasons(error(400, { code: 'invalid-request', message: 'The body is not valid JSON.' })),
    ).toEqual([]);
  });

  it('should flag the upstream credential and a JWT where no token belongs', () => {
    const credential = SEED.credentials.demoEvents.adminToken;
    expect(reasons({ body: `{"x":"${credential}"}` })).toEqual(['credential-leak']);
    expect(reasons({ headers: { 'x-debug': credential } })).toEqual(['credential-leak']);
    expect(reasons({ body: `{"token":"${JWT}"}` })).toEqual(['jwt-leak']);
    const created = { route: 'POST /api/tokens', method: 'POST', path: '/api/tokens', status: 201 };
    expect(reasons({ ...created, body: `{"token":"${JWT}"}` })).toEqual([]);
    expect(reasons({ ...created, ...error(400, { code: 'x', message: JWT }) })).toEqual([
      'jwt-leak',
    ]);
  });

  it('should flag a write that succeeds without the CSRF token or from another site', () => {
    const write = { route: 'POST /api/tokens', method: 'POST', path: '/api/tokens', status: 201 };
    expect(reasons({ ...write, csrf: 'none' })).toEqual(['csrf-bypass']);
    expect(reasons({ ...write, csrf: 'wrong' })).toEqual(['csrf-bypass']);
    expect(reasons({ ...write, origin: 'foreign' })).toEqual(['cross-site-2xx']);
    const signIn = { route: 'POST /api/session', method: 'POST', path: '/api/session' };
    expect(reasons({ ...signIn, csrf: 'none' })).toEqual([]);
  });

  it('should flag a signed-out 2xx under /api, the API docs too, except signing in and out', () => {
    expect(reasons({ caller: 'signed-out' })).toEqual(['signed-out-2xx']);
    expect(reasons({ caller: 'tampered' })).toEqual(['signed-out-2xx']);
    for (const key of ['POST /api/session', 'DELETE /api/session']) {
      const [method = '', path = ''] = key.split(' ');
      expect(reasons({ caller: 'signed-out', route: key, method, path }), key).toEqual([]);
    }
    for (const key of ['GET /api/openapi.json', 'GET /api/docs/json', 'GET /api/docs/']) {
      const [method = '', path = ''] = key.split(' ');
      expect(reasons({ caller: 'signed-out', route: key, method, path }), key).toEqual([
        'signed-out-2xx',
      ]);
    }
    expect(reasons({ caller: 'signed-out', route: 'GET /healthz', path: '/healthz' })).toEqual([]);
  });

  it('should flag an upstream request the BFF’s client would not build', () => {
    const calls = (...targets: string[]) =>
      reasons({ upstream: targets.map((target) => ({ method: 'GET', target })) });
    expect(calls('/organisation', '/stream?quantity=25&page=1', '/stream/DmEvt-CupFn')).toEqual([]);
    expect(calls('/stream/a%2Fb', '/stream/%252e%252e')).toEqual([]);
    for (const target of [
      '/',
      '/stream/',
      '/stream/..',
      '/stream/%2e%2E',
      '/admin',
      '/stream?x=1',
    ]) {
      expect(calls(target), target).toEqual(['upstream-path']);
    }
  });
});
