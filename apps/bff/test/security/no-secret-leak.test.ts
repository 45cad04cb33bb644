import type { CreateTokenResponse } from '@ptd/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADMIN, createTestApp } from '../helpers/app.ts';
import { Client } from '../helpers/client.ts';
import { startFaultyUpstream } from '../helpers/faulty-upstream.ts';
import { CUP_FINAL_GROUP, createPolicy, requestToken } from '../helpers/policies.ts';
import { tokenRequest } from '../helpers/tokens.ts';
import { CREDENTIALS } from '../helpers/upstream.ts';
import { useTestUpstream } from '../helpers/fixture.ts';

const { emulator } = useTestUpstream();

const occurrences = (haystack: string, needle: string) => haystack.split(needle).length - 1;

/** Every file the BFF wrote (database, WAL, keys), but not the emulator's own data. */
async function dataFiles(dir: string): Promise<string> {
  const names = await readdir(dir, { withFileTypes: true });
  const parts = await Promise.all(
    names
      .filter((entry) => entry.isFile())
      .map((entry) => readFile(path.join(dir, entry.name)).then((b) => b.toString('latin1'))),
  );
  return parts.join('\n');
}

const credentials = [
  [
    'bintu token',
    { NANOSTREAM_BINTU_TOKEN: CREDENTIALS.demoEvents.adminToken },
    CREDENTIALS.demoEvents.adminToken,
  ],
  [
    'API key',
    { NANOSTREAM_BINTU_TOKEN: undefined, NANOSTREAM_API_KEY: CREDENTIALS.demoEvents.apiKey },
    CREDENTIALS.demoEvents.apiKey,
  ],
] as const;

describe('a full staff session never leaks the credential or the token', () => {
  it.each(credentials)(
    'should keep the configured %s out of every log line, response and header',
    async (_kind, env, credential) => {
      const t = await createTestApp({
        upstreamUrl: emulator.url,
        // The audit trail's lines too, as by default.
        env: { ...env, LOG_LEVEL: 'trace', AUDIT_LOG_LINES: 'true' },
      });
      const responses: LightMyRequestResponse[] = [];
      const client = new Client(t.app);
      const record = <T extends LightMyRequestResponse>(response: T) => {
        responses.push(response);
        return response;
      };
      let created: CreateTokenResponse;
      let createBody = '';
      try {
        record(await client.signIn(ADMIN.email, ADMIN.password));
        record(await client.get('/api/session'));
        record(await client.get('/api/organisation'));
        record(await client.get('/api/streams?search=cup'));
        record(await client.get('/api/streams/a1000000-0000-4000-8000-000000000001'));
        const createResponse = record(
          await client.post('/api/tokens', tokenRequest({ revocable: true, tag: 'leak-test' }), {
            headers: { 'idempotency-key': 'leak-1' },
          }),
        );
        expect(createResponse.statusCode).toBe(201);
        created = createResponse.json<CreateTokenResponse>();
        createBody = createResponse.body;
        // A replayed answer is the same create response, sent again on purpose.
        const replay = await client.post(
          '/api/tokens',
          tokenRequest({ revocable: true, tag: 'leak-test' }),
          { headers: { 'idempotency-key': 'leak-1' } },
        );
        expect(replay.json<CreateTokenResponse>().token).toBe(created.token);
        record(await client.get('/api/tokens'));
        record(await client.get(`/api/tokens/${created.record.id}`));
        record(await client.post('/api/tokens/inspect', { token: created.token }));
        record(await client.post(`/api/tokens/${created.record.id}/revoke`));
        record(await client.post('/api/tokens/inspect', { token: created.token }));
        record(await client.get('/api/staff'));
        record(await client.get('/api/audit?pageSize=100'));
        record(await client.post('/api/streams', { tags: ['leak'] }));
        record(await client.get('/api/openapi.json'));
        record(await client.get('/readyz'));
        record(await client.delete('/api/session'));
        for (const response of responses) expect(response.statusCode).toBeLessThan(300);

        // Closed first: the audit trail's last lines are written on the way out.
        await t.app.close();
        const logs = t.rawLogs();
        expect(logs).toContain('"msg":"audit"');
        expect(logs.length).toBeGreaterThan(1000);
        const bodies = responses.map((r) => r.body);
        const headers = responses.map((r) => JSON.stringify(r.headers));

        for (const text of [logs, ...bodies, ...headers])
          expect(occurrences(text, credential)).toBe(0);
        expect(occurrences(await dataFiles(t.dataDir), credential)).toBe(0);

        // The token: in exactly one response body (the create answer), nowhere else.
        const signature = created.token.split('.')[2] as string;
        expect(bodies.filter((body) => body.includes(created.token))).toEqual([createBody]);
        expect(bodies.filter((body) => body.includes(signature))).toHaveLength(1);
        for (const text of [logs, ...headers]) expect(text).not.toContain(signature);
        expect(await dataFiles(t.dataDir)).not.toContain(signature);
        // The CSRF token and cookie are redacted in logs too.
        expect(logs).not.toContain(client.session?.csrfToken ?? '-');
      } finally {
        await t.close();
      }
    },
  );
});

/** A JWT-shaped value no part of the app ever issues: it can only come from the upstream. */
const ECHOED_JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJlY2hvZWQtYnktdGhlLXVwc3RyZWFtIn0.' +
  'c2lnbmF0dXJlLW9mLWFuLWVjaG9lZC10b2tlbg';

describe('upstream refusals that echo the credential and a token', () => {
  it.each([500, 400, 403] as const)(
    'should keep an echoed credential and JWT of a %i refusal out of responses, audit rows and logs',
    async (status) => {
      const credential = CREDENTIALS.demoEvents.adminToken;
      const proxy = await startFaultyUpstream(emulator.url);
      const t = await createTestApp({ upstreamUrl: proxy.url, env: { LOG_LEVEL: 'trace' } });
      const leak = {
        status,
        message: `Parameter invalid: ip (key ${credential}, token ${ECHOED_JWT})`,
      };
      try {
        const admin = new Client(t.app);
        expect((await admin.signIn(ADMIN.email, ADMIN.password)).statusCode).toBe(200);
        const policy = await createPolicy(admin);
        const revocable = (
          await admin.post('/api/tokens', tokenRequest({ revocable: true }))
        ).json<CreateTokenResponse>();

        for (const path of ['/api/v1/splay', '/api/v1/splay/revoke', '/api/v1/splay/verify'])
          proxy.fail(path, { leak });
        for (const path of ['/stream', `/stream/${CUP_FINAL_GROUP}`]) proxy.fail(path, { leak });
        const responses = [
          await admin.post('/api/tokens', tokenRequest()),
          await admin.post(`/api/tokens/${revocable.record.id}/revoke`),
          await admin.post('/api/tokens/inspect', { token: revocable.token }),
          await admin.get('/api/streams'),
          await admin.get(`/api/streams/${CUP_FINAL_GROUP}`),
          await admin.post('/api/streams', { tags: ['leak'] }),
          await requestToken(t.app, { policy: policy.id }),
        ];
        // The token service itself refused (the organisation came from the cache).
        expect(responses[0]?.json()).toMatchObject({ upstream: { errorCode: expect.any(Number) } });
        // Past the organisation cache, so that lookup goes upstream too.
        proxy.fail('/organisation', { leak });
        t.clock.advance(61_000);
        responses.push(await admin.get('/api/organisation'));
        expect(responses.at(-1)?.statusCode).toBeGreaterThanOrEqual(400);

        const auditRows = JSON.stringify(
          await t.app.db.selectFrom('audit_log').selectAll().execute(),
        );
        expect(auditRows).toContain('token.create-failed');
        for (const text of [...responses.map((r) => r.body), auditRows, t.rawLogs()]) {
          expect(text).not.toContain(credential);
          expect(text).not.toContain(ECHOED_JWT.split('.')[1]);
          expect(text).not.toContain('Parameter invalid');
        }
      } finally {
        await t.close();
        await proxy.close();
      }
    },
  );
});

describe('log lines', () => {
  it('should redact the credential, also URL-encoded, and JWT-shaped text in any log line', async () => {
    const credential = CREDENTIALS.demoEvents.adminToken;
    const t = await createTestApp({ upstreamUrl: emulator.url });
    try {
      const client = new Client(t.app);
      await client.signIn(ADMIN.email, ADMIN.password);
      await client.get(`/api/tokens?user=${ECHOED_JWT}`);
      await client.get(`/api/tokens?tag=${encodeURIComponent(`${credential}/"x`)}`);
      await client.get(`/no-such-page/${ECHOED_JWT}?q=${credential}`);
      const logs = t.rawLogs();
      expect(logs).toContain('[redacted]');
      expect(logs).not.toContain(ECHOED_JWT.split('.')[2]);
      expect(logs).not.toContain(credential);
      // Every line is still one JSON object.
      for (const line of logs.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    } finally {
      await t.close();
    }
  });
});
