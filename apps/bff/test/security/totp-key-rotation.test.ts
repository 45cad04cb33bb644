import type { TwoFactorEnrolment } from '@ptd/contracts';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from '../helpers/app.ts';
import { Client, staffClient } from '../helpers/client.ts';
import { enrolTwoFactor, signInWithCode, totpCode } from '../helpers/credentials.ts';
import { useTestDataDir } from '../helpers/data-dirs.ts';
import { useTestUpstream } from '../helpers/fixture.ts';

const [OLD, NEW] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];

const { emulator } = useTestUpstream();
const data = useTestDataDir('bff-totp-rotation-');

const start = (ledgerKey: string): Promise<TestApp> =>
  createTestApp({
    upstreamUrl: emulator.url,
    dataDir: data.dir,
    keepDataDir: true,
    env: { LEDGER_KEY: ledgerKey },
  });

describe('LEDGER_KEY rotation and two-factor secrets', () => {
  it('should re-seal TOTP secrets (enrolled and being enrolled), so codes still work under the new key alone', async () => {
    const before = await start(OLD);
    const enrolled = await staffClient(before.app, 'editor', 'rotated-2fa@example.com');
    const { secret } = await enrolTwoFactor(enrolled, before.clock);
    const halfway = await staffClient(before.app, 'viewer', 'halfway-2fa@example.com');
    const started = await halfway.post('/api/account/two-factor/enrolment');
    const pendingSecret = started.json<TwoFactorEnrolment>().secret;
    const offset = before.clock.now() - Date.now();
    await before.close();

    const during = await start(`${NEW},${OLD}`);
    expect(during.logs).toContainEqual(
      expect.objectContaining({
        msg: 'stored secrets sealed under the first LEDGER_KEY',
        resealed: 2,
      }),
    );
    expect(during.rawLogs()).not.toContain(secret);
    await during.close();

    const after = await start(NEW);
    try {
      after.clock.advance(offset + 30_000);
      const code = totpCode(secret, after.clock.now());
      const signedIn = await signInWithCode(
        new Client(after.app),
        'rotated-2fa@example.com',
        PASSWORD,
        code,
      );
      expect(signedIn.statusCode).toBe(200);
      const member = new Client(after.app);
      expect((await member.signIn('halfway-2fa@example.com', PASSWORD)).statusCode).toBe(200);
      const confirmed = await member.post('/api/account/two-factor/confirm', {
        code: totpCode(pendingSecret, after.clock.now()),
      });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
    } finally {
      await after.close();
    }
  });
});
