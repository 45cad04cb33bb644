import type { Session } from '@ptd/contracts';
import { EMBED_PATH } from '@ptd/contracts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { Client } from './helpers/client.ts';
import { tokenRequest } from './helpers/tokens.ts';

let t: TestApp;
beforeAll(async () => {
  // No NANOSTREAM_* and no ADMIN_*: the zero-configuration start.
  t = await createTestApp({
    env: { ADMIN_EMAIL: undefined, ADMIN_PASSWORD: undefined },
    keepDataDir: true,
  });
});
afterAll(() => t.close());

describe('embedded mode (no upstream configured)', () => {
  it('should start the emulator in-process on a loopback port with its data in DATA_DIR/emulator', () => {
    expect(t.app.upstreamInfo.mode).toBe('embedded');
    expect(t.app.upstreamInfo.tokenApiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(path.join(t.dataDir, 'emulator'))).toBe(true);
  });

  it('should create a first admin with a generated password, handed over once and never logged', async () => {
    const { adminBootstrap } = t.app;
    expect(adminBootstrap.outcome).toBe('created');
    const password = adminBootstrap.generatedPassword?.reveal() ?? '';
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(t.rawLogs()).not.toContain(password);

    const client = new Client(t.app);
    const first = await client.signIn(adminBootstrap.email, password);
    // The generated password opens only the form for the admin's own (first-admin.test.ts).
    expect(first.json()).toMatchObject({ pending: 'change-password' });
    const response = await client.post('/api/session/password', {
      newPassword: 'the first admin’s own passphrase',
    });
    expect(response.statusCode).toBe(200);
    const session = response.json<Session>();
    client.adopt(session);
    expect(session.upstream).toBe('embedded');
    expect(session.organisation.name).toBe('Demo Events');
    expect(session.player.embedUrl).toBe(`${t.app.upstreamInfo.tokenApiUrl}${EMBED_PATH}`);
    expect(session.player.bintuApiUrl).toBe(t.app.upstreamInfo.tokenApiUrl);
    expect((await client.post('/api/tokens', tokenRequest())).statusCode).toBe(201);
  });

  it('should not create another admin on the next start, and reset one from ADMIN_EMAIL/ADMIN_PASSWORD', async () => {
    await t.close();
    const again = await createTestApp({
      dataDir: t.dataDir,
      env: { ADMIN_EMAIL: undefined, ADMIN_PASSWORD: undefined },
      keepDataDir: true,
    });
    expect(again.app.adminBootstrap).toMatchObject({
      outcome: 'existing-staff',
      generatedPassword: null,
    });
    await again.close();

    const reset = await createTestApp({
      dataDir: t.dataDir,
      env: { ADMIN_EMAIL: 'admin@dashboard.local', ADMIN_PASSWORD: 'a brand new password' },
      keepDataDir: true,
    });
    expect(reset.app.adminBootstrap.outcome).toBe('reset');
    expect(
      (await new Client(reset.app).signIn('admin@dashboard.local', 'a brand new password'))
        .statusCode,
    ).toBe(200);
    await reset.close();
    t = await createTestApp({
      dataDir: t.dataDir,
      env: { ADMIN_EMAIL: 'admin@dashboard.local', ADMIN_PASSWORD: 'a brand new password' },
    });
    expect(t.app.adminBootstrap.outcome).toBe('unchanged');
  });

  it('should let PLAYER_* variables override the player config', async () => {
    const custom = await createTestApp({
      env: {
        PLAYER_EMBED_URL: 'https://player.example.com/embed.html',
        PLAYER_RTMP_URL: 'rtmp://edge.example.com/live',
      },
    });
    try {
      expect(custom.app.upstreamInfo.player).toMatchObject({
        embedUrl: 'https://player.example.com/embed.html',
        rtmpUrl: 'rtmp://edge.example.com/live',
      });
    } finally {
      await custom.close();
    }
  });
});
