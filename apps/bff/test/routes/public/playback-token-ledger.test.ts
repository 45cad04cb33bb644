import type { PlaybackPolicy } from '@ptd/contracts';
import { whileCompletionRefused } from '../../helpers/refuse-completion.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { staffClient } from '../../helpers/client.ts';
import type { Fault } from '../../helpers/faulty-upstream.ts';
import { SHOP, createPolicy, requestToken } from '../../helpers/policies.ts';
import { useTestApp } from '../../helpers/fixture.ts';

let policy: PlaybackPolicy;

const { t, proxy } = useTestApp({
  upstream: 'faulty',
  env: { UPSTREAM_TIMEOUT_MS: '500', UPSTREAM_CONNECT_TIMEOUT_MS: '300' },
});
beforeAll(async () => {
  policy = await createPolicy(await staffClient(t.app, 'editor'), { tag: 'viewer-ledger' });
});

const viewerRows = () =>
  t.app.db
    .selectFrom('ledger')
    .selectAll()
    .where('policy_id', '=', policy.id)
    .orderBy('created_at')
    .execute();

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

  it('should not hand a viewer a token that cannot be recorded', async () => {
    const response = await whileCompletionRefused(t.app.db, () =>
      requestToken(t.app, { policy: policy.id }),
    );
    expect(response.statusCode).toBeGreaterThanOrEqual(500);
    expect(response.json().jwtoken).toBeUndefined();
    expect((await viewerRows()).at(-1)?.state).toBe('never_delivered');
  });

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
