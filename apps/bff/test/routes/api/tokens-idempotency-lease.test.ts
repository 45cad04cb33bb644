import type { CreateTokenResponse } from '@ptd/contracts';
import { describe, expect, it, vi } from 'vitest';
import { Idempotency } from '../../../src/services/idempotency.ts';
import { tokenRequest } from '../../helpers/tokens.ts';
import { useTestApp } from '../../helpers/fixture.ts';

// Long enough for a held mint to outlast a lease renewal.
const {
  t,
  proxy,
  clients: { editor },
} = useTestApp({
  upstream: 'faulty',
  env: { UPSTREAM_TIMEOUT_MS: '10000' },
  clients: { editor: 'editor' },
});

const withKey = (key: string) => ({ headers: { 'idempotency-key': key } });

const leaseOf = async (key: string) =>
  Number(
    (
      await t.app.db
        .selectFrom('idempotency')
        .select('expires_at')
        .where('key', '=', key)
        .executeTakeFirstOrThrow()
    ).expires_at,
  );

describe('Idempotency-Key claims after a crash', () => {
  it('should let a retry take over a claim whose process is gone once its short lease has run out', async () => {
    const body = tokenRequest({ tag: 'lease-crashed' });
    // Claimed by a process that then died: nobody renews, finishes or releases it.
    const gone = new Idempotency(t.app.repos.idempotency, t.app.ledgerKeys, t.app.now);
    const id = { staffId: editor.session!.user.id, scope: 'tokens.create', key: 'lease-crashed' };
    expect((await gone.begin(id, body)).kind).toBe('proceed');

    const blocked = await editor.post('/api/tokens', body, withKey('lease-crashed'));
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json()).toMatchObject({ code: 'idempotency-in-flight' });

    t.clock.advance(11_000);
    const retry = await editor.post('/api/tokens', body, withKey('lease-crashed'));
    expect(retry.statusCode).toBe(201);
    const replay = await editor.post('/api/tokens', body, withKey('lease-crashed'));
    expect(replay.json<CreateTokenResponse>().token).toBe(retry.json<CreateTokenResponse>().token);
  });

  it('should keep the claim of a request that is still running past its first lease', async () => {
    const body = tokenRequest({ tag: 'lease-live' });
    const held = proxy.hold('/api/v1/splay');
    const first = editor.post('/api/tokens', body, withKey('lease-live'));
    await held.arrived;
    const firstLease = await leaseOf('lease-live');

    // The live process renews its lease while the token service keeps it waiting.
    t.clock.advance(8_000);
    await vi.waitFor(async () => expect(await leaseOf('lease-live')).toBeGreaterThan(firstLease), {
      timeout: 8_000,
      interval: 100,
    });
    t.clock.advance(8_000);
    expect(t.app.now()).toBeGreaterThan(firstLease);
    const duplicate = await editor.post('/api/tokens', body, withKey('lease-live'));
    expect(duplicate.statusCode).toBe(409);

    held.release();
    const done = await first;
    expect(done.statusCode).toBe(201);
    const replay = await editor.post('/api/tokens', body, withKey('lease-live'));
    expect(replay.json<CreateTokenResponse>().token).toBe(done.json<CreateTokenResponse>().token);
  });
});
