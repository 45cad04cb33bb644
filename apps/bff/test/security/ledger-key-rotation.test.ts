import type { CreateTokenResponse, PlaybackPolicy } from '@ptd/contracts';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../helpers/app.ts';
import { Client } from '../helpers/client.ts';
import { identityClaims, signWithSecret } from '../helpers/identity.ts';
import { createPolicy, requestToken } from '../helpers/policies.ts';
import { createToken, tokenRequest } from '../helpers/tokens.ts';
import { useTestDataDir } from '../helpers/data-dirs.ts';
import { useTestUpstream } from '../helpers/fixture.ts';

const SECRET = 'the shop signs its viewers with this 48 char secret';
const [OLD, NEW] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
const REPLAY = { headers: { 'idempotency-key': 'rotation-1' } };

const { emulator } = useTestUpstream();
const data = useTestDataDir('bff-rotation-');

/** The app on the same data directory with LEDGER_KEY set as given, and its admin. */
async function start(ledgerKey: string): Promise<{ t: TestApp; admin: Client }> {
  const t = await createTestApp({
    upstreamUrl: emulator.url,
    dataDir: data.dir,
    keepDataDir: true,
    env: { LEDGER_KEY: ledgerKey },
  });
  const admin = new Client(t.app);
  const signedIn = await admin.signIn(ADMIN.email, ADMIN.password);
  if (signedIn.statusCode !== 200) throw new Error(`sign-in failed: ${signedIn.body}`);
  return { t, admin };
}

const viewerToken = async (t: TestApp, policy: PlaybackPolicy) =>
  requestToken(t.app, {
    body: { policy: policy.id },
    headers: {
      authorization: `Bearer ${await signWithSecret(SECRET, identityClaims({ aud: 'playback' }))}`,
    },
  });

describe('LEDGER_KEY rotation', () => {
  it('should re-seal stored secrets under a new first key, so the old key can then be dropped', async () => {
    // Under the old key: a policy with an identity secret, a revocable token, a stored answer.
    const before = await start(OLD);
    const policy = await createPolicy(before.admin, {
      identity: { mode: 'secret', secret: SECRET, audience: 'playback' },
    });
    const revocable = await createToken(before.admin, {
      revocable: true,
      expiresAt: new Date(before.t.app.now() + 20 * 3_600_000).toISOString(),
    });
    const answered = await before.admin.post('/api/tokens', tokenRequest({ tag: 'once' }), REPLAY);
    expect(answered.statusCode).toBe(201);
    await before.t.close();

    // The new key first, the old one still listed: everything is sealed again under the new one
    // (the policy's secret, the revocable token, and the stored answer with its body's hash).
    const during = await start(`${NEW},${OLD}`);
    expect(during.t.logs).toContainEqual(
      expect.objectContaining({
        msg: 'stored secrets sealed under the first LEDGER_KEY',
        resealed: 4,
      }),
    );
    expect(during.t.rawLogs()).not.toContain(SECRET);
    await during.t.close();

    // The old key dropped: the policy still verifies viewers, the token can still be revoked,
    // and a retry still gets the remembered answer.
    const after = await start(NEW);
    try {
      const viewer = await viewerToken(after.t, policy);
      expect(viewer.statusCode).toBe(200);
      const replay = await after.admin.post('/api/tokens', tokenRequest({ tag: 'once' }), REPLAY);
      expect(replay.statusCode).toBe(201);
      expect(replay.json<CreateTokenResponse>().token).toBe(
        answered.json<CreateTokenResponse>().token,
      );
      const revoked = await after.admin.post(`/api/tokens/${revocable.record.id}/revoke`);
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json()).toMatchObject({ status: 'revoked' });
    } finally {
      await after.t.close();
    }
  });

  it('should warn, without failing to start, when a stored secret opens with none of the keys', async () => {
    const other = randomBytes(32).toString('base64');
    const { t } = await start(`${other},${randomBytes(32).toString('base64')}`);
    try {
      expect(t.logs).toContainEqual(
        expect.objectContaining({
          level: 40,
          unreadable: expect.any(Number) as number,
        }),
      );
    } finally {
      await t.close();
    }
  });
});
