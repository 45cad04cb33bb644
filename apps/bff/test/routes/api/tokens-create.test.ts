import { decodeToken, type CreateTokenResponse } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../helpers/app.ts';
import { Client, staffClient } from '../../helpers/client.ts';
import { CUP_FINAL, tokenRequest } from '../../helpers/tokens.ts';
import { CREDENTIALS } from '../../helpers/upstream.ts';
import { useTestApp } from '../../helpers/fixture.ts';

const {
  t,
  emulator,
  clients: { editor },
} = useTestApp({ clients: { editor: 'editor' } });

const ledgerCount = async (app = t.app) =>
  Number(
    (
      await app.db
        .selectFrom('ledger')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('POST /api/tokens', () => {
  it('should give ledger rows and their audit entries time-ordered ids (UUIDv7)', async () => {
    const first = (await editor.post('/api/tokens', tokenRequest())).json<CreateTokenResponse>();
    const second = (await editor.post('/api/tokens', tokenRequest())).json<CreateTokenResponse>();
    const v7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(first.record.id).toMatch(v7);
    expect(second.record.id > first.record.id).toBe(true);
    const audit = await t.app.db
      .selectFrom('audit_log')
      .select('id')
      .where('subject', '=', second.record.id)
      .executeTakeFirstOrThrow();
    expect(audit.id).toMatch(v7);
  });

  it('should mint a token, record it in the ledger and return both once', async () => {
    const before = await ledgerCount();
    const expiresAt = new Date(Date.now() + 3 * 3600_000).toISOString();
    const response = await editor.post(
      '/api/tokens',
      tokenRequest({
        expiresAt,
        tag: 'table 7',
        user: 'viewer-42',
        ip: '203.0.113.7',
        domain: 'https://www.example.com/watch',
      }),
    );
    expect(response.statusCode).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json<CreateTokenResponse>();
    expect(Object.keys(body).sort()).toEqual(['record', 'token']);
    const decoded = decodeToken(body.token);
    expect(decoded.ok && decoded.token.claims).toMatchObject({
      streams: [CUP_FINAL],
      tag: 'table 7',
      user: 'viewer-42',
      ip: '203.0.113.7',
      domain: 'www.example.com',
    });
    expect(body.record).toMatchObject({
      jti: decoded.ok ? decoded.token.claims.jti : 'x',
      kind: 'staff',
      target: { type: 'streams', streams: [CUP_FINAL] },
      tag: 'table 7',
      user: 'viewer-42',
      ip: '203.0.113.7',
      domain: 'www.example.com',
      status: 'active',
      revocable: false,
      createdBy: { email: editor.session?.user.email },
      expiresAt: new Date(Math.floor(Date.parse(expiresAt) / 1000) * 1000).toISOString(),
    });
    expect(JSON.stringify(body.record)).not.toContain(body.token);
    expect(await ledgerCount()).toBe(before + 1);
    const row = await t.app.db
      .selectFrom('ledger')
      .selectAll()
      .where('id', '=', body.record.id)
      .executeTakeFirstOrThrow();
    // A non-revocable token is never needed again, so no copy of it is kept.
    expect(row.encrypted_token).toBeNull();
  });

  it('should keep a revocable token only encrypted', async () => {
    const body = (
      await editor.post('/api/tokens', tokenRequest({ revocable: true }))
    ).json<CreateTokenResponse>();
    const row = await t.app.db
      .selectFrom('ledger')
      .selectAll()
      .where('id', '=', body.record.id)
      .executeTakeFirstOrThrow();
    expect(row.encrypted_token).toMatch(/^v1\./);
    expect(row.encrypted_token).not.toContain(body.token);
    expect(JSON.stringify(row)).not.toContain(body.token.split('.')[2]);
  });

  it('should accept a group and an organisation-wide target', async () => {
    const group = await editor.post('/api/tokens', {
      target: { type: 'group', groupId: 'a1000000-0000-4000-8000-000000000002' },
    });
    expect(group.statusCode).toBe(201);
    const org = await editor.post('/api/tokens', { target: { type: 'organisation' } });
    expect(org.statusCode).toBe(201);
    const claims = decodeToken(org.json<CreateTokenResponse>().token);
    expect(claims.ok && claims.token.claims.orgawide).toBe(true);
  });

  it('should let an admin create tokens and refuse a viewer with 403', async () => {
    const admin = await staffClient(t.app, 'admin');
    expect((await admin.post('/api/tokens', tokenRequest())).statusCode).toBe(201);
    const viewer = await staffClient(t.app, 'viewer');
    const refused = await viewer.post('/api/tokens', tokenRequest());
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'forbidden' });
  });

  it('should answer 400 with issues naming the field for a rule of the token form', async () => {
    const past = await editor.post(
      '/api/tokens',
      tokenRequest({ expiresAt: '2001-01-01T00:00:00Z' }),
    );
    expect(past.statusCode).toBe(400);
    expect(past.json()).toMatchObject({
      code: 'invalid-request',
      issues: [{ path: 'expiresAt', message: expect.stringMatching(/^Expiry:/) }],
    });

    const tooLong = await editor.post(
      '/api/tokens',
      tokenRequest({
        revocable: true,
        expiresAt: new Date(Date.now() + 48 * 3600_000).toISOString(),
      }),
    );
    expect(tooLong.json().issues[0]).toMatchObject({
      path: 'expiresAt',
      message: expect.stringContaining('24 hours'),
    });

    const ipv6 = await editor.post('/api/tokens', tokenRequest({ ip: '2001:db8::1' }));
    expect(ipv6.json().issues[0]).toMatchObject({
      path: 'ip',
      message: expect.stringContaining('IPv4'),
    });

    const noStreams = await editor.post('/api/tokens', {
      target: { type: 'streams', streams: [] },
    });
    expect(noStreams.json().issues[0]).toMatchObject({ path: 'target.streams' });
  });

  it('should reject unknown fields, also nested ones', async () => {
    const top = await editor.post('/api/tokens', { ...tokenRequest(), orgawide: true });
    expect(top.statusCode).toBe(400);
    expect(top.json().issues).toEqual([expect.objectContaining({ path: 'orgawide' })]);
    const nested = await editor.post('/api/tokens', { target: { type: 'organisation', extra: 1 } });
    expect(nested.statusCode).toBe(400);
  });

  it('should refuse a body over the size limit with 413', async () => {
    const response = await editor.post('/api/tokens', {
      ...tokenRequest(),
      tag: 'x'.repeat(70 * 1024),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'body-too-large' });
  });

  it('should map an upstream input refusal (errorCode 1000) to 400 naming the field, writing nothing', async () => {
    const before = await ledgerCount();
    const response = await editor.post(
      '/api/tokens',
      tokenRequest({ target: { type: 'streams', streams: ['DmEvt-Nope1'] } }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'invalid-request',
      message: expect.stringMatching(/^target\.streams: .*does not accept this streams value/),
      issues: [{ path: 'target.streams', message: expect.any(String) }],
      upstream: { errorCode: 1000 },
    });
    expect(await ledgerCount()).toBe(before);
    const audit = await t.app.repos.audit.list({
      page: 1,
      pageSize: 1,
      action: 'token.create-failed',
    });
    expect(audit.items[0]?.details).toMatchObject({ status: 400, code: 'invalid-request' });
  });
});

describe('POST /api/tokens against other credentials', () => {
  it('should answer 403 secure-package-missing for an organisation without the secure package', async () => {
    const starter = await createTestApp({
      upstreamUrl: emulator.url,
      env: { NANOSTREAM_BINTU_TOKEN: undefined, NANOSTREAM_API_KEY: CREDENTIALS.starterOrg.apiKey },
    });
    try {
      const client = await staffClient(starter.app, 'editor');
      expect(client.session?.organisation.securePackage).toBe(false);
      const response = await client.post(
        '/api/tokens',
        tokenRequest({ target: { type: 'streams', streams: ['StrtO-Wlcm1'] } }),
      );
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'secure-package-missing' });
      expect(await ledgerCount(starter.app)).toBe(0);
    } finally {
      await starter.close();
    }
  });

  it('should answer 403 when the configured bintu token is read-only (role refusal)', async () => {
    const readonly = await createTestApp({
      upstreamUrl: emulator.url,
      env: { NANOSTREAM_BINTU_TOKEN: CREDENTIALS.demoEvents.readonlyToken },
    });
    try {
      const client = await staffClient(readonly.app, 'admin');
      const response = await client.post('/api/tokens', tokenRequest());
      expect(response.statusCode).toBe(403);
      // Known from the start: refused without asking the token service.
      expect(response.json()).toMatchObject({ code: 'credential-read-only' });
      // Stream creation too: the credential's role is known, so bintu is not asked.
      const stream = await client.post('/api/streams', {});
      expect(stream.statusCode).toBe(403);
      expect(stream.json()).toMatchObject({ code: 'credential-read-only' });
    } finally {
      await readonly.close();
    }
  });

  it('should answer 502 upstream-auth when the configured credential is refused (not the fault of the user)', async () => {
    const wrong = await createTestApp({
      upstreamUrl: emulator.url,
      env: { NANOSTREAM_BINTU_TOKEN: 'emu-token-not-valid' },
    });
    try {
      const client = new Client(wrong.app);
      const signIn = await client.post('/api/session', {
        email: 'admin@example.com',
        password: 'admin password 123',
      });
      expect(signIn.statusCode).toBe(502);
      expect(signIn.json()).toMatchObject({ code: 'upstream-auth' });
      expect(JSON.stringify(signIn.json())).not.toContain('emu-token-not-valid');
    } finally {
      await wrong.close();
    }
  });

  it('should create tokens with an API key credential as well', async () => {
    const withKey = await createTestApp({
      upstreamUrl: emulator.url,
      env: { NANOSTREAM_BINTU_TOKEN: undefined, NANOSTREAM_API_KEY: CREDENTIALS.demoEvents.apiKey },
    });
    try {
      const client = await staffClient(withKey.app, 'editor');
      expect((await client.post('/api/tokens', tokenRequest())).statusCode).toBe(201);
    } finally {
      await withKey.close();
    }
  });
});
