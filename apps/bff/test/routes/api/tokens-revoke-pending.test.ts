import type { CreateTokenResponse, TokenList, TokenRecord } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { tokenRequest } from '../../helpers/tokens.ts';
import { useTestApp } from '../../helpers/fixture.ts';

/** Past the longest a live revoke can take (300 + 500 ms, plus the margin). */
const PAST_LIVE_CALLS = 60_000;

const {
  t,
  proxy,
  clients: { admin },
} = useTestApp({
  upstream: 'faulty',
  env: { UPSTREAM_TIMEOUT_MS: '500', UPSTREAM_CONNECT_TIMEOUT_MS: '300' },
  clients: { admin: 'admin' },
});

// An explicit expiry in the emulator's (real) time: the app's clock is moved ahead below.
const revocable = async () =>
  (
    await admin.post(
      '/api/tokens',
      tokenRequest({ revocable: true, expiresAt: new Date(Date.now() + 3600_000).toISOString() }),
    )
  ).json<CreateTokenResponse>().record;

const settlements = async (subject: string) =>
  (
    await t.app.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'token.revocation-settled')
      .where('subject', '=', subject)
      .execute()
  ).map((row) => JSON.parse(row.details) as Record<string, unknown>);

describe('a revocation whose answer is lost', () => {
  it('should say "revocation pending", then settle it as revoked from the token service’s verify when staff open the token', async () => {
    const record = await revocable();
    proxy.fail('/api/v1/splay/revoke', 'lost-answer');
    const response = await admin.post(`/api/tokens/${record.id}/revoke`);
    expect(response.statusCode).toBe(502);
    expect(response.json().message).toMatch(/revocation pending/i);
    proxy.heal();

    const pending = (await admin.get(`/api/tokens/${record.id}`)).json<TokenRecord>();
    expect(pending.status).toBe('revocation-pending');
    const listed = (await admin.get('/api/tokens?status=revocation-pending')).json<TokenList>();
    expect(listed.items.map((item) => item.id)).toContain(record.id);

    t.clock.advance(PAST_LIVE_CALLS);
    const settled = (await admin.get(`/api/tokens/${record.id}`)).json<TokenRecord>();
    expect(settled).toMatchObject({
      status: 'revoked',
      revokedBy: { email: admin.session?.user.email },
      revocationRequestedAt: null,
    });
    expect(await settlements(record.id)).toEqual([
      expect.objectContaining({ outcome: 'revoked', jti: record.jti }),
    ]);
  });

  it('should clear a pending revocation the token service never received', async () => {
    const record = await revocable();
    proxy.fail('/api/v1/splay/revoke', 'hang');
    expect((await admin.post(`/api/tokens/${record.id}/revoke`)).statusCode).toBe(504);
    proxy.heal();
    expect((await admin.get(`/api/tokens/${record.id}`)).json().status).toBe('revocation-pending');

    t.clock.advance(PAST_LIVE_CALLS);
    const settled = (await admin.get(`/api/tokens/${record.id}`)).json<TokenRecord>();
    expect(settled).toMatchObject({ status: 'active', revokedAt: null });
    expect(await settlements(record.id)).toEqual([
      expect.objectContaining({ outcome: 'not-revoked' }),
    ]);
  });

  it('should let an admin try again while the revocation is pending', async () => {
    const record = await revocable();
    proxy.fail('/api/v1/splay/revoke', 'hang');
    await admin.post(`/api/tokens/${record.id}/revoke`);
    proxy.heal();
    const again = await admin.post(`/api/tokens/${record.id}/revoke`);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'revoked', revocationRequestedAt: null });
  });

  it('should keep the token active when the token service refuses the revoke with its own error body', async () => {
    const record = await revocable();
    proxy.fail('/api/v1/splay/revoke', 'status-500');
    expect((await admin.post(`/api/tokens/${record.id}/revoke`)).statusCode).toBe(502);
    expect((await admin.get(`/api/tokens/${record.id}`)).json()).toMatchObject({
      status: 'active',
      revocationRequestedAt: null,
    });
  });
});
