import type { CreateTokenResponse } from '@ptd/contracts';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../../helpers/app.ts';
import { staffClient } from '../../helpers/client.ts';
import { tokenRequest } from '../../helpers/tokens.ts';
import { useTestApp } from '../../helpers/fixture.ts';

const {
  t,
  proxy,
  clients: { editor },
} = useTestApp({
  upstream: 'faulty',
  env: { UPSTREAM_TIMEOUT_MS: '500' },
  clients: { editor: 'editor' },
});

const ledgerCount = async () =>
  Number(
    (
      await t.app.db
        .selectFrom('ledger')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const withKey = (key: string) => ({ headers: { 'idempotency-key': key } });

/** After the clock went back: a session last seen in the future is refused, keys are per staff. */
async function signInAgain() {
  const response = await editor.signIn(editor.session?.user.email ?? '', PASSWORD);
  expect(response.statusCode).toBe(200);
}

describe('Idempotency-Key on POST /api/tokens', () => {
  it('should answer a retry with the same key and body with the same token and write one ledger row', async () => {
    const before = await ledgerCount();
    // No expiresAt: the default expiry is computed per request, yet the retry must still match.
    const first = await editor.post(
      '/api/tokens',
      tokenRequest({ tag: 'retry' }),
      withKey('key-1'),
    );
    const second = await editor.post(
      '/api/tokens',
      tokenRequest({ tag: 'retry' }),
      withKey('key-1'),
    );
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json<CreateTokenResponse>()).toEqual(first.json<CreateTokenResponse>());
    expect(await ledgerCount()).toBe(before + 1);
  });

  it('should treat the same fields in another order as the same body', async () => {
    const a = await editor.post(
      '/api/tokens',
      { tag: 'order', target: { type: 'organisation' } },
      withKey('key-order'),
    );
    const b = await editor.post(
      '/api/tokens',
      { target: { type: 'organisation' }, tag: 'order' },
      withKey('key-order'),
    );
    expect(b.json<CreateTokenResponse>().token).toBe(a.json<CreateTokenResponse>().token);
  });

  it('should refuse the same key with a different body with 422', async () => {
    await editor.post('/api/tokens', tokenRequest({ tag: 'one' }), withKey('key-2'));
    const before = await ledgerCount();
    const other = await editor.post('/api/tokens', tokenRequest({ tag: 'two' }), withKey('key-2'));
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'idempotency-key-reused' });
    expect(await ledgerCount()).toBe(before);
  });

  it('should keep keys per staff member', async () => {
    const colleague = await staffClient(t.app, 'editor');
    const mine = await editor.post('/api/tokens', tokenRequest(), withKey('shared-key'));
    const theirs = await colleague.post('/api/tokens', tokenRequest(), withKey('shared-key'));
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json<CreateTokenResponse>().token).not.toBe(
      mine.json<CreateTokenResponse>().token,
    );
  });

  it('should answer 409 to a duplicate that arrives while the first is in flight, then replay', async () => {
    const before = await ledgerCount();
    // The first request is minted upstream but its answer is held until the duplicate is answered.
    const held = proxy.hold('/api/v1/splay');
    const pending = editor.post('/api/tokens', tokenRequest(), withKey('key-3'));
    await held.arrived;
    const duplicate = await editor.post('/api/tokens', tokenRequest(), withKey('key-3'));
    held.release();
    const first = await pending;
    expect(first.statusCode).toBe(201);
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'idempotency-in-flight' });
    expect(duplicate.headers['retry-after']).toBe('1');
    const retry = await editor.post('/api/tokens', tokenRequest(), withKey('key-3'));
    expect(retry.json<CreateTokenResponse>().token).toBe(first.json<CreateTokenResponse>().token);
    expect(await ledgerCount()).toBe(before + 1);
  });

  it('should release the key when the token service fails, so a retry can succeed', async () => {
    proxy.fail('/api/v1/splay', 'status-500');
    expect((await editor.post('/api/tokens', tokenRequest(), withKey('key-4'))).statusCode).toBe(
      502,
    );
    proxy.heal();
    expect((await editor.post('/api/tokens', tokenRequest(), withKey('key-4'))).statusCode).toBe(
      201,
    );
  });

  it('should mint again once the 10-minute replay window has passed', async () => {
    const first = await editor.post('/api/tokens', tokenRequest(), withKey('key-5'));
    t.clock.advance(11 * 60_000);
    const later = await editor.post('/api/tokens', tokenRequest(), withKey('key-5'));
    t.clock.advance(-11 * 60_000);
    await signInAgain();
    expect(later.statusCode).toBe(201);
    expect(later.json<CreateTokenResponse>().token).not.toBe(
      first.json<CreateTokenResponse>().token,
    );
  });

  it('should let a retry take over a key whose first attempt never finished, once its lease has run out', async () => {
    const first = await editor.post('/api/tokens', tokenRequest(), withKey('key-crashed'));
    // As if the process had died between claiming the key and storing the answer.
    await t.app.db
      .updateTable('idempotency')
      .set({
        state: 'pending',
        status_code: null,
        response: null,
        expires_at: t.app.now() + 10_000,
      })
      .where('key', '=', 'key-crashed')
      .execute();
    const blocked = await editor.post('/api/tokens', tokenRequest(), withKey('key-crashed'));
    expect(blocked.statusCode).toBe(409);
    const before = await ledgerCount();
    t.clock.advance(11_000);
    try {
      const retry = await editor.post('/api/tokens', tokenRequest(), withKey('key-crashed'));
      expect(retry.statusCode).toBe(201);
      expect(retry.json<CreateTokenResponse>().token).not.toBe(
        first.json<CreateTokenResponse>().token,
      );
      expect(await ledgerCount()).toBe(before + 1);
      const replay = await editor.post('/api/tokens', tokenRequest(), withKey('key-crashed'));
      expect(replay.json<CreateTokenResponse>().token).toBe(
        retry.json<CreateTokenResponse>().token,
      );
    } finally {
      t.clock.advance(-11_000);
      await signInAgain();
    }
  });

  it('should store the remembered answer encrypted, never the token in clear', async () => {
    const body = (
      await editor.post('/api/tokens', tokenRequest(), withKey('key-6'))
    ).json<CreateTokenResponse>();
    const rows = await t.app.db.selectFrom('idempotency').select('response').execute();
    expect(rows.some((r) => r.response?.includes(body.token.split('.')[1] ?? '-'))).toBe(false);
  });

  it('should refuse a malformed Idempotency-Key with 400', async () => {
    const response = await editor.post('/api/tokens', tokenRequest(), withKey('x'.repeat(200)));
    expect(response.statusCode).toBe(400);
    expect(response.json().issues[0].path).toBe('Idempotency-Key');
  });
});

describe('when the ledger cannot be written after minting', () => {
  it('should hand out no token, release the key and log no token', async () => {
    // The attempt is written; its completion (row and `token.create` entry) is not.
    await sql`ALTER TABLE audit_log RENAME TO audit_log_away`.execute(t.app.db);
    let response;
    try {
      response = await editor.post('/api/tokens', tokenRequest(), withKey('key-lw'));
    } finally {
      await sql`ALTER TABLE audit_log_away RENAME TO audit_log`.execute(t.app.db);
    }
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'token-not-recorded' });
    expect(response.body).not.toMatch(/eyJ/);
    const errors = t.logs.filter((line) => line.level === 50);
    expect(errors.map((line) => line.msg)).toEqual(
      expect.arrayContaining([
        'recording a minted token failed; it was not handed out',
        'marking an attempt never delivered failed; the sweeper will',
      ]),
    );
    expect(t.rawLogs()).not.toMatch(/eyJ[\w-]+\.eyJ/);
    // The key was released: a retry mints (and records) a token.
    const retry = await editor.post('/api/tokens', tokenRequest(), withKey('key-lw'));
    expect(retry.statusCode).toBe(201);
  });
});

describe('Idempotency-Key on POST /api/streams', () => {
  it('should create one stream for two identical requests', async () => {
    const first = await editor.post('/api/streams', { tags: ['idem'] }, withKey('stream-1'));
    const second = await editor.post('/api/streams', { tags: ['idem'] }, withKey('stream-1'));
    expect(first.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    const listed = await editor.get('/api/streams?tag=idem');
    expect(listed.json().total).toBe(1);
  });
});
