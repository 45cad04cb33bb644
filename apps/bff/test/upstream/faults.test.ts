import { beforeEach, describe, expect, it, vi } from 'vitest';
import { READY_CHECK_REUSE_MS } from '../../src/routes/health.ts';
import { createTestApp } from '../helpers/app.ts';
import { staffClient } from '../helpers/client.ts';
import { refusedUrl } from '@ptd/node-testing';
import type { Fault } from '../helpers/faulty-upstream.ts';
import { tokenRequest } from '../helpers/tokens.ts';
import { useTestApp } from '../helpers/fixture.ts';

const {
  t,
  emulator,
  proxy,
  clients: { admin },
} = useTestApp({
  upstream: 'faulty',
  env: { UPSTREAM_TIMEOUT_MS: '300', UPSTREAM_CONNECT_TIMEOUT_MS: '300' },
  clients: { admin: 'admin' },
});

const ledgerCount = async (app = t.app) =>
  Number(
    (
      await app.db
        .selectFrom('ledger')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const cases: Array<[Fault, number, string]> = [
  ['hang', 504, 'upstream-timeout'],
  ['status-500', 502, 'upstream-refused'],
  ['html-502', 502, 'upstream-refused'],
  ['malformed-json', 502, 'upstream-malformed'],
  ['reset', 502, 'upstream-unreachable'],
];

/** Only the token service's own error body says that it minted nothing. */
const neverDelivered = (fault: Fault) => (fault === 'status-500' ? 0 : 1);

const neverDeliveredCount = async () =>
  Number(
    (
      await t.app.db
        .selectFrom('ledger')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('state', '=', 'never_delivered')
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('token service faults on POST /api/tokens', () => {
  it.each(cases)(
    'should answer a %s token service with %i %s and record only a token it may have minted, as never delivered',
    async (fault, status, code) => {
      proxy.fail('/api/v1/splay', fault);
      const before = await ledgerCount();
      const beforeNeverDelivered = await neverDeliveredCount();
      const response = await admin.post('/api/tokens', tokenRequest());
      expect(response.statusCode).toBe(status);
      expect(response.json()).toMatchObject({ code, message: expect.any(String) });
      expect(await ledgerCount()).toBe(before + neverDelivered(fault));
      expect(await neverDeliveredCount()).toBe(beforeNeverDelivered + neverDelivered(fault));
      const failed = await t.app.repos.audit.list({
        page: 1,
        pageSize: 1,
        action: 'token.create-failed',
      });
      expect(failed.items[0]?.details).toMatchObject({ status, code });
    },
  );

  it('should pass on the upstream errorCode of a 5xx refusal but not its text', async () => {
    proxy.fail('/api/v1/splay', 'status-500');
    const response = await admin.post('/api/tokens', tokenRequest());
    expect(response.json()).toEqual({
      code: 'upstream-refused',
      message: expect.stringContaining('(HTTP 500, code 500)'),
      upstream: { errorCode: 500 },
    });
  });

  it('should answer 502 upstream-unreachable when the connection is refused', async () => {
    const refused = await createTestApp({
      upstreamUrl: emulator.url,
      env: { NANOSTREAM_TOKEN_API_URL: await refusedUrl() },
    });
    try {
      const editor = await staffClient(refused.app, 'editor');
      const response = await editor.post('/api/tokens', tokenRequest());
      expect(response.statusCode).toBe(502);
      expect(response.json()).toMatchObject({ code: 'upstream-unreachable' });
      // A refused connection means the request never left: nothing can have been minted, so
      // no attempt is kept (unlike a reset or a timeout after sending).
      expect(await ledgerCount(refused.app)).toBe(0);
      const ready = await (await staffClient(refused.app, 'admin')).get('/readyz');
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({
        status: 'not-ready',
        checks: { database: 'ok', upstream: 'failing', ledgerWrites: 'ok' },
        viewerRowsWaiting: 0,
        // bintu still answers: it told the credential's role.
        credentialRole: 'nanoAdmin',
      });
    } finally {
      await refused.close();
    }
  });

  it('should answer 502 upstream-unreachable when the host name does not resolve', async () => {
    const dns = await createTestApp({
      upstreamUrl: emulator.url,
      env: { NANOSTREAM_TOKEN_API_URL: 'http://upstream.invalid' },
    });
    try {
      const editor = await staffClient(dns.app, 'editor');
      const response = await editor.post('/api/tokens', tokenRequest());
      expect(response.statusCode).toBe(502);
      expect(response.json()).toMatchObject({ code: 'upstream-unreachable' });
    } finally {
      await dns.close();
    }
  });
});

describe('faults on the other upstream calls', () => {
  it.each(cases)('should answer a %s bintu stream list with %i %s', async (fault, status, code) => {
    proxy.fail('/stream', fault);
    const response = await admin.get('/api/streams');
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ code });
  });

  it('should answer a timed-out revoke with 504 and mark the revocation pending', async () => {
    const created = (await admin.post('/api/tokens', tokenRequest({ revocable: true }))).json();
    proxy.fail('/api/v1/splay/revoke', 'hang');
    const response = await admin.post(`/api/tokens/${created.record.id}/revoke`);
    expect(response.statusCode).toBe(504);
    expect((await admin.get(`/api/tokens/${created.record.id}`)).json().status).toBe(
      'revocation-pending',
    );
    proxy.heal();
    expect((await admin.post(`/api/tokens/${created.record.id}/revoke`)).statusCode).toBe(200);
  });

  it('should answer a malformed verify answer in the inspector with 502', async () => {
    proxy.fail('/api/v1/splay/verify', 'malformed-json');
    const response = await admin.post('/api/tokens/inspect', { token: 'a.b.c' });
    expect(response.statusCode).toBe(502);
    expect(response.json()).toMatchObject({ code: 'upstream-malformed' });
  });

  it('should answer a stream creation timeout with 504', async () => {
    proxy.fail('/stream', 'hang');
    expect((await admin.post('/api/streams', {})).statusCode).toBe(504);
  });

  it.each(cases)(
    'should answer a %s organisation lookup with %i %s',
    async (fault, status, code) => {
      // Past the one-minute organisation cache, so the call really goes upstream.
      t.clock.advance(61_000);
      proxy.fail('/organisation', fault);
      const response = await admin.get('/api/organisation');
      expect(response.statusCode).toBe(status);
      expect(response.json()).toMatchObject({ code });
    },
  );
});

describe('GET /readyz', () => {
  // Each test's probe checks afresh (a check's answers serve probes for a moment after it).
  beforeEach(() => t.clock.advance(READY_CHECK_REUSE_MS));

  it('should answer anyone, and staff who are not admins, with the status alone', async () => {
    const editor = await staffClient(t.app, 'editor');
    for (const response of [
      await t.app.inject({ method: 'GET', url: '/readyz' }),
      await editor.get('/readyz'),
      // A cookie naming no session is anyone.
      await t.app.inject({ method: 'GET', url: '/readyz', headers: { cookie: 'ptd_session=x' } }),
    ]) {
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ready' });
      expect(response.headers['cache-control']).toBe('no-store');
    }
    const ping = vi
      .spyOn(t.app.repos.health, 'ping')
      .mockRejectedValueOnce(new Error('connection refused'));
    t.clock.advance(READY_CHECK_REUSE_MS);
    const failing = await t.app.inject({ method: 'GET', url: '/readyz' });
    ping.mockRestore();
    expect(failing.statusCode).toBe(503);
    expect(failing.json()).toEqual({ status: 'not-ready' });
  });

  it('should answer a signed-in admin with which check failed', async () => {
    const response = await admin.get('/readyz');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', upstream: 'ok', ledgerWrites: 'ok' },
      viewerRowsWaiting: 0,
      credentialRole: 'nanoAdmin',
    });
  });

  it('should answer an admin whose session cannot be read (the database down) as anyone', async () => {
    const lookup = vi
      .spyOn(t.app.repos.sessions, 'bySecretHash')
      .mockRejectedValueOnce(new Error('connection refused'));
    const response = await admin.get('/readyz');
    lookup.mockRestore();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready' });
  });

  it('should answer 503 when the upstream hangs', async () => {
    proxy.fail('/organisation', 'hang');
    const response = await admin.get('/readyz');
    expect(response.statusCode).toBe(503);
    expect(response.json().checks.upstream).toBe('failing');
  });

  it('should answer 503 naming the database when it does not answer', async () => {
    const ping = vi
      .spyOn(t.app.repos.health, 'ping')
      .mockRejectedValueOnce(new Error('connection refused'));
    const response = await admin.get('/readyz');
    ping.mockRestore();
    expect(response.statusCode).toBe(503);
    expect(response.json().checks).toEqual({
      database: 'failing',
      upstream: 'ok',
      ledgerWrites: 'ok',
    });
  });
});
