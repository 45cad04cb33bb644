import type { CreateTokenResponse, InspectResponse, TokenRecord } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { staffClient } from '../../helpers/client.ts';
import { createToken } from '../../helpers/tokens.ts';
import { useTestApp } from '../../helpers/fixture.ts';

// Long sessions: these tests move the clock by hours to age tokens, not sessions.
const {
  t,
  emulator,
  clients: { admin, editor },
} = useTestApp({
  env: { SESSION_IDLE_MINUTES: '1440', SESSION_ABSOLUTE_HOURS: '720' },
  clients: { admin: 'admin', editor: 'editor' },
});

/** Asks the emulator directly, bypassing the BFF. */
async function upstreamVerdict(token: string) {
  const response = await fetch(`${emulator.url}/api/v1/splay/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /api/tokens/:id/revoke', () => {
  it('should revoke a revocable token at the token service and record who and when', async () => {
    const created: CreateTokenResponse = await createToken(editor, { revocable: true });
    expect((await upstreamVerdict(created.token)).status).toBe(200);
    const response = await admin.post(`/api/tokens/${created.record.id}/revoke`);
    expect(response.statusCode).toBe(200);
    expect(response.json<TokenRecord>()).toMatchObject({
      status: 'revoked',
      revokedBy: { id: admin.session?.user.id },
    });
    expect(await upstreamVerdict(created.token)).toMatchObject({
      status: 403,
      body: { errorCode: 1002, message: 'jwt revoked' },
    });
    const inspected = (
      await editor.post('/api/tokens/inspect', { token: created.token })
    ).json<InspectResponse>();
    expect(inspected.verdict).toMatchObject({ valid: false, message: 'The token was revoked.' });
    const audit = await t.app.repos.audit.list({ page: 1, pageSize: 1, action: 'token.revoke' });
    expect(audit.items[0]).toMatchObject({
      subject: created.record.id,
      actor: { id: admin.session?.user.id },
    });
  });

  it('should refuse an editor another staff member’s token, and a viewer, with 403', async () => {
    const created = await createToken(admin, { revocable: true });
    expect((await editor.post(`/api/tokens/${created.record.id}/revoke`)).statusCode).toBe(403);
    const viewer = await staffClient(t.app, 'viewer');
    expect((await viewer.post(`/api/tokens/${created.record.id}/revoke`)).statusCode).toBe(403);
    expect((await upstreamVerdict(created.token)).status).toBe(200);
  });

  it('should refuse a token that was not created revocable with 409 not-revocable', async () => {
    const created = await createToken(editor);
    const response = await admin.post(`/api/tokens/${created.record.id}/revoke`);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'not-revocable' });
  });

  it('should refuse revoking twice with 409 already-revoked', async () => {
    const created = await createToken(editor, { revocable: true });
    expect((await admin.post(`/api/tokens/${created.record.id}/revoke`)).statusCode).toBe(200);
    const again = await admin.post(`/api/tokens/${created.record.id}/revoke`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'already-revoked' });
  });

  it('should refuse a token that expired more than 24 hours ago with 409', async () => {
    const created = await createToken(editor, {
      revocable: true,
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    t.clock.advance(26 * 3600_000);
    try {
      // A day later the admin signs in afresh.
      const late = await staffClient(t.app, 'admin');
      const response = await late.post(`/api/tokens/${created.record.id}/revoke`);
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ code: 'revoke-window-closed' });
    } finally {
      t.clock.advance(-26 * 3600_000);
    }
  });

  it('should answer 404 for an unknown token id', async () => {
    expect((await admin.post(`/api/tokens/${crypto.randomUUID()}/revoke`)).statusCode).toBe(404);
  });
});
