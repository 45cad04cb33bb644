import type { PlaybackPolicy } from '@ptd/contracts';
import { whileCompletionRefused } from '../../helpers/refuse-completion.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { staffClient } from '../../helpers/client.ts';
import type { Fault } from '../../helpers/faulty-upstream.ts';
import { SHOP, createPolicy, requestToken } from '../../helpers/policies.ts';
import { useTestApp } from '../../helpers/fixture.ts';

describe.each(['behind', 'committed'] as const)('VIEWER_LEDGER_WRITES=%s', (mode) => {
  let policy: PlaybackPolicy;

  const { t, proxy, restart } = useTestApp({
    upstream: 'faulty',
    env: {
      UPSTREAM_TIMEOUT_MS: '500',
      UPSTREAM_CONNECT_TIMEOUT_MS: '300',
      VIEWER_LEDGER_WRITES: mode,
    },
  });
  beforeAll(async () => {
    policy = await createPolicy(await staffClient(t.app, 'editor'), { tag: 'viewer-ledger' });
  });

  /** The policy's rows once every row held behind an answer is written. */
  const viewerRows = async () => {
    await t.app.repos.viewerRows.flush();
    return t.app.db
      .selectFrom('ledger')
      .selectAll()
      .where('policy_id', '=', policy.id)
      .orderBy('created_at')
      .execute();
  };

  describe('POST /playback-token when the token service may have minted', () => {
    const indefinite: Array<[Fault, number]> = [
      ['lost-answer', 502],
      ['hang', 504],
      ['malformed-json', 502],
    ];

    it.each(indefinite)(
      'should record a %s answer as a never delivered viewer token and answer %i',
      async (fault, status) => {
        const before = (await viewerRows()).length;
        proxy.fail('/api/v1/splay', fault);
        const response = await requestToken(t.app, { policy: policy.id });
        expect(response.statusCode).toBe(status);
        expect(response.json()).toMatchObject({ code: 'token-service-unavailable' });
        const rows = await viewerRows();
        expect(rows).toHaveLength(before + 1);
        expect(rows.at(-1)).toMatchObject({
          kind: 'viewer',
          state: 'never_delivered',
          domain: SHOP,
          ip: '203.0.113.7',
          tag: 'viewer-ledger',
          encrypted_token: null,
        });
        const audit = await t.app.db
          .selectFrom('audit_log')
          .selectAll()
          .where('action', '=', 'token.never-delivered')
          .where('subject', '=', rows.at(-1)!.id)
          .executeTakeFirstOrThrow();
        expect(audit.actor_id).toBeNull();
        expect(JSON.parse(audit.details)).toMatchObject({ reason: 'no-answer', kind: 'viewer' });
      },
    );

    it('should leave no row when the token service refuses with its own error body', async () => {
      const before = (await viewerRows()).length;
      proxy.fail('/api/v1/splay', 'status-500');
      expect((await requestToken(t.app, { policy: policy.id })).statusCode).toBe(502);
      expect(await viewerRows()).toHaveLength(before);
    });

    it.runIf(mode === 'committed')(
      'should not hand a viewer a token that cannot be recorded',
      async () => {
        const response = await whileCompletionRefused(t.app.db, () =>
          requestToken(t.app, { policy: policy.id }),
        );
        expect(response.statusCode).toBeGreaterThanOrEqual(500);
        expect(response.json().jwtoken).toBeUndefined();
        expect((await viewerRows()).at(-1)?.state).toBe('never_delivered');
      },
    );

    it.runIf(mode === 'behind')(
      'should hand the token out while the database refuses its row, and write the row once it takes writes again',
      async () => {
        const before = (await viewerRows()).length;
        const response = await whileCompletionRefused(t.app.db, async () => {
          const answer = await requestToken(t.app, { policy: policy.id });
          // Held, not written: the write was refused and waits for its next try.
          await new Promise((resolve) => setTimeout(resolve, 100));
          expect(t.app.repos.viewerRows.pending).toBe(1);
          return answer;
        });
        expect(response.statusCode).toBe(200);
        const jti = JSON.parse(
          Buffer.from(response.json().jwtoken.split('.')[1], 'base64url').toString(),
        ).jti;
        // The first retry comes half a second after the refusal.
        await expect
          .poll(async () => (await viewerRows()).length, { timeout: 5000, interval: 100 })
          .toBe(before + 1);
        expect((await viewerRows()).at(-1)).toMatchObject({ state: 'issued', jti });
      },
    );

    it.runIf(mode === 'behind')(
      'should write the rows held behind their answers before a clean shutdown ends',
      async () => {
        const before = (await viewerRows()).length;
        const answers = await Promise.all(
          Array.from({ length: 5 }, () =>
            requestToken(t.app, { policy: policy.id, settle: false }),
          ),
        );
        // Usually all five are still held here (answers take less than the 25 ms linger).
        expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200]);
        await restart();
        expect(await viewerRows()).toHaveLength(before + 5);
      },
    );

    it('should record a delivered viewer token as issued, with its jti', async () => {
      const response = await requestToken(t.app, { policy: policy.id });
      expect(response.statusCode).toBe(200);
      const row = (await viewerRows()).at(-1);
      expect(row?.state).toBe('issued');
      expect(row?.jti).not.toMatch(/^attempt:/);
      expect(row?.encrypted_token).toMatch(/^v1\./);
    });

    it("should write a viewer token once, after the token service answered, with the call's times", async () => {
      const before = (await viewerRows()).length;
      const held = proxy.hold('/api/v1/splay');
      const pending = requestToken(t.app, { policy: policy.id });
      await held.arrived;
      // Unlike a staff token, no attempt row while the call is open (decision 019).
      expect(await viewerRows()).toHaveLength(before);
      held.release();
      const response = await pending;
      expect(response.statusCode).toBe(200);
      const rows = await viewerRows();
      expect(rows).toHaveLength(before + 1);
      const row = rows.at(-1)!;
      expect(row.state).toBe('issued');
      expect(Number(row.expires_at)).toBe(response.json().exp);
    });

    it('should tell the viewer the policy cannot issue tokens when the token service refuses its target', async () => {
      const editor = await staffClient(t.app, 'editor');
      const gone = await createPolicy(editor, {
        name: 'Names a stream the organisation does not have',
        target: { type: 'streams', streams: ['No-Such-Stream'] },
      });
      const before = (await viewerRows()).length;
      const response = await requestToken(t.app, { policy: gone.id });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ code: 'policy-not-issuable' });
      expect(await viewerRows()).toHaveLength(before);
    });
  });
});

describe('VIEWER_LEDGER_WRITES=behind with as many rows held as it may hold', () => {
  let policy: PlaybackPolicy;
  const { t, proxy } = useTestApp({
    upstream: 'faulty',
    env: { VIEWER_LEDGER_MAX_HELD_ROWS: '2' },
  });
  beforeAll(async () => {
    policy = await createPolicy(await staffClient(t.app, 'editor'), { tag: 'held-full' });
  });

  it('should issue no token, and not ask the token service, until held rows are written', async () => {
    const ask = () => requestToken(t.app, { policy: policy.id, settle: false });
    await whileCompletionRefused(t.app.db, async () => {
      expect((await ask()).statusCode).toBe(200);
      expect((await ask()).statusCode).toBe(200);
      const asked = proxy.received('/api/v1/splay');
      const refused = await ask();
      expect(refused.statusCode).toBe(503);
      expect(refused.json()).toMatchObject({ code: 'token-service-unavailable' });
      expect(refused.json().jwtoken).toBeUndefined();
      expect(proxy.received('/api/v1/splay')).toBe(asked);
      // The replica says so to its load balancer, and to an admin why.
      expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
      const ready = await (await staffClient(t.app, 'admin')).get('/readyz');
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({
        status: 'not-ready',
        checks: { ledgerWrites: 'failing' },
        viewerRowsWaiting: 2,
      });
    });
    // Written on their next try: room again, and both rows are there.
    await expect.poll(() => t.app.repos.viewerRows.pending, { timeout: 5000 }).toBe(0);
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    expect((await ask()).statusCode).toBe(200);
    await t.app.repos.viewerRows.flush();
    const rows = await t.app.db
      .selectFrom('ledger')
      .select('state')
      .where('policy_id', '=', policy.id)
      .execute();
    expect(rows.map((row) => row.state)).toEqual(['issued', 'issued', 'issued']);
  });
});
