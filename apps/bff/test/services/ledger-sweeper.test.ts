import type { CreateTokenResponse, TokenRecord } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import {
  markAbandonedAttempts,
  settlePendingRevocations,
  sweepDeps,
} from '../../src/services/tokens/ledger-sweeper.ts';
import { liveCallLimitMs } from '../../src/services/tokens/live-call.ts';
import { tokenRequest } from '../helpers/tokens.ts';
import { useTestApp } from '../helpers/fixture.ts';

// A held mint must outlast the moves of the clock below without timing out for real.
const {
  t,
  proxy,
  clients: { admin },
} = useTestApp({
  upstream: 'faulty',
  env: { UPSTREAM_TIMEOUT_MS: '5000' },
  clients: { admin: 'admin' },
});

const rowTagged = (tag: string) =>
  t.app.db.selectFrom('ledger').selectAll().where('tag', '=', tag).executeTakeFirstOrThrow();

const auditCount = async (subject: string) =>
  (
    await t.app.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'token.never-delivered')
      .where('subject', '=', subject)
      .execute()
  ).length;

/** Starts a creation whose mint the proxy holds; resolves once the attempt is written. */
async function heldCreation(tag: string) {
  const held = proxy.hold('/api/v1/splay');
  const response = admin.post('/api/tokens', tokenRequest({ tag }));
  await held.arrived;
  return { held, response, row: await rowTagged(tag) };
}

describe('the ledger sweeper', () => {
  it('should leave a live attempt alone and mark it once, however many replicas sweep, after the longest live call', async () => {
    const { held, response, row } = await heldCreation('sweep-live');
    expect(await markAbandonedAttempts(sweepDeps(t.app))).toBe(0);
    expect((await rowTagged('sweep-live')).state).toBe('issuing');

    t.clock.advance(liveCallLimitMs(t.config) + 1);
    try {
      const marked = await Promise.all([
        markAbandonedAttempts(sweepDeps(t.app)),
        markAbandonedAttempts(sweepDeps(t.app)),
      ]);
      expect(marked[0] + marked[1]).toBe(1);
      expect(await auditCount(row.id)).toBe(1);

      // The late answer finds its row swept: the token reaches no one.
      held.release();
      const late = await response;
      expect(late.statusCode).toBe(503);
      expect(late.json<Partial<CreateTokenResponse>>().token).toBeUndefined();
      expect(await rowTagged('sweep-live')).toMatchObject({ state: 'never_delivered' });
      expect(await auditCount(row.id)).toBe(1);
    } finally {
      t.clock.advance(-liveCallLimitMs(t.config) - 1);
    }
  });

  it('should settle pending revocations from the token service on its rounds', async () => {
    const created = (
      await admin.post('/api/tokens', tokenRequest({ revocable: true }))
    ).json<CreateTokenResponse>();
    proxy.fail('/api/v1/splay/revoke', 'lost-answer');
    expect((await admin.post(`/api/tokens/${created.record.id}/revoke`)).statusCode).toBe(502);
    proxy.heal();

    expect(await settlePendingRevocations(sweepDeps(t.app))).toBe(0);
    t.clock.advance(liveCallLimitMs(t.config) + 1);
    try {
      expect(await settlePendingRevocations(sweepDeps(t.app))).toBe(1);
      const row = await t.app.repos.ledger.byId(created.record.id);
      expect(row).toMatchObject({ revocation_requested_at: null, revoked_by: expect.any(String) });
      const record = (await admin.get(`/api/tokens/${created.record.id}`)).json<TokenRecord>();
      expect(record.status).toBe('revoked');
    } finally {
      t.clock.advance(-liveCallLimitMs(t.config) - 1);
    }
  });
});
