import type { TokenList, TokenRecord } from '@ptd/contracts';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { whileCompletionRefused } from '../../helpers/refuse-completion.ts';
import { useTestApp } from '../../helpers/fixture.ts';
import { auditEntries } from '../../helpers/audit.ts';
import { CUP_FINAL, tokenRequest } from '../../helpers/tokens.ts';

const {
  t,
  proxy,
  restart,
  clients: { admin },
} = useTestApp({
  upstream: 'faulty',
  env: { UPSTREAM_TIMEOUT_MS: '500', UPSTREAM_CONNECT_TIMEOUT_MS: '300' },
  clients: { admin: 'admin' },
});

const withKey = (key: string) => ({ headers: { 'idempotency-key': key } });

const rowsTagged = (tag: string) =>
  t.app.db.selectFrom('ledger').selectAll().where('tag', '=', tag).execute();

describe('a token whose answer never reaches the dashboard', () => {
  it('should record it as never delivered when the answer is lost after minting', async () => {
    proxy.fail('/api/v1/splay', 'lost-answer');
    const response = await admin.post('/api/tokens', tokenRequest({ tag: 'lost-answer' }));
    expect(response.statusCode).toBe(502);
    expect(response.json().message).toMatch(/never delivered/i);
    expect(response.body).not.toMatch(/eyJ/);

    const rows = await rowsTagged('lost-answer');
    expect(rows).toHaveLength(1);
    const record = (await admin.get(`/api/tokens/${rows[0]!.id}`)).json<TokenRecord>();
    expect(record).toMatchObject({
      status: 'never-delivered',
      jti: null,
      kind: 'staff',
      target: { type: 'streams', streams: [CUP_FINAL] },
      createdBy: { email: admin.session?.user.email },
    });
    const listed = (
      await admin.get('/api/tokens?status=never-delivered&tag=lost-answer')
    ).json<TokenList>();
    expect(listed.items.map((item) => item.id)).toEqual([rows[0]!.id]);
    const [entry] = await auditEntries(t.app.db, {
      subject: rows[0]!.id,
      action: 'token.never-delivered',
    });
    expect(entry?.details).toMatchObject({ reason: 'no-answer', code: 'upstream-unreachable' });
  });

  it('should not hand out a token it cannot record, and account for it once the database is back', async () => {
    // Minting works; the completion (ledger row and its audit entry) cannot be written.
    await sql`ALTER TABLE audit_log RENAME TO audit_log_away`.execute(t.app.db);
    let response;
    try {
      response = await admin.post(
        '/api/tokens',
        tokenRequest({ tag: 'unrecorded' }),
        withKey('unrecorded-1'),
      );
    } finally {
      await sql`ALTER TABLE audit_log_away RENAME TO audit_log`.execute(t.app.db);
    }
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'token-not-recorded' });
    expect(response.json().token).toBeUndefined();
    expect(response.body).not.toMatch(/eyJ/);
    const [row] = await rowsTagged('unrecorded');
    expect(row?.state).toBe('issuing');

    // A later start of the BFF (the clock past the longest live call) accounts for it.
    await restart({ meanwhile: () => t.clock.advance(60_000) });
    const record = (await admin.get(`/api/tokens/${row!.id}`)).json<TokenRecord>();
    expect(record.status).toBe('never-delivered');
    const [entry] = await auditEntries(t.app.db, {
      subject: row!.id,
      action: 'token.never-delivered',
    });
    expect(entry).toMatchObject({ actor_id: null, details: { reason: 'abandoned' } });
  });

  it('should mark a minted token never delivered at once when only its completion fails, and mint anew on retry', async () => {
    const response = await whileCompletionRefused(t.app.db, () =>
      admin.post('/api/tokens', tokenRequest({ tag: 'completion-fails' }), withKey('completion-1')),
    );
    expect(response.statusCode).toBe(503);
    expect(response.json().message).toMatch(/not handed out/i);
    const [row] = await rowsTagged('completion-fails');
    expect(row?.state).toBe('never_delivered');
    const [entry] = await auditEntries(t.app.db, {
      subject: row!.id,
      action: 'token.never-delivered',
    });
    expect(entry?.details).toMatchObject({ reason: 'not-recorded' });
    expect(t.rawLogs()).not.toMatch(/eyJ[\w-]+\.eyJ/);

    const retry = await admin.post(
      '/api/tokens',
      tokenRequest({ tag: 'completion-fails' }),
      withKey('completion-1'),
    );
    expect(retry.statusCode).toBe(201);
    expect(await rowsTagged('completion-fails')).toHaveLength(2);
  });

  it('should remove the attempt when the token service says no token was minted', async () => {
    proxy.fail('/api/v1/splay', 'status-500');
    const response = await admin.post('/api/tokens', tokenRequest({ tag: 'refused' }));
    expect(response.statusCode).toBe(502);
    expect(await rowsTagged('refused')).toHaveLength(0);
    const failed = await t.app.repos.audit.list({
      page: 1,
      pageSize: 1,
      action: 'token.create-failed',
    });
    expect(failed.items[0]?.details).toMatchObject({ status: 502, code: 'upstream-refused' });
  });

  it('should leave no row when the call never left: the token service refused the connection', async () => {
    await proxy.refuse();
    try {
      const response = await admin.post('/api/tokens', tokenRequest({ tag: 'never-sent' }));
      expect(response.statusCode).toBe(502);
      expect(response.json()).toMatchObject({ code: 'upstream-unreachable' });
    } finally {
      await proxy.accept();
    }
    expect(await rowsTagged('never-sent')).toHaveLength(0);
  });
});
