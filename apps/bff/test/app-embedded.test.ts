import type { Session } from '@ptd/contracts';
import { EMBED_PATH } from '@ptd/contracts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Client } from './helpers/client.ts';
import { useTestApp } from './helpers/fixture.ts';
import { tokenRequest } from './helpers/tokens.ts';

// No NANOSTREAM_* and no ADMIN_*: the zero-configuration start.
const { t, restart } = useTestApp({
  upstream: 'embedded',
  env: { ADMIN_EMAIL: undefined, ADMIN_PASSWORD: undefined },
});

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
    const again = await restart();
    expect(again.app.adminBootstrap).toMatchObject({
      outcome: 'existing-staff',
      generatedPassword: null,
    });

    const adminEnv = {
      ADMIN_EMAIL: 'admin@dashboard.local',
      ADMIN_PASSWORD: 'a brand new password',
    };
    const reset = await restart({ env: adminEnv });
    expect(reset.app.adminBootstrap.outcome).toBe('reset');
    expect(
      (await new Client(reset.app).signIn('admin@dashboard.local', 'a brand new password'))
        .statusCode,
    ).toBe(200);
    await restart({ env: adminEnv });
    expect(t.app.adminBootstrap.outcome).toBe('unchanged');
  });
});

describe('embedded mode with PLAYER_* set', () => {
  const { t: custom } = useTestApp({
    upstream: 'embedded',
    env: {
      PLAYER_EMBED_URL: 'https://player.example.com/embed.html',
      PLAYER_RTMP_URL: 'rtmp://edge.example.com/live',
    },
  });

  it('should let PLAYER_* variables override the player config', () => {
    expect(custom.app.upstreamInfo.player).toMatchObject({
      embedUrl: 'https://player.example.com/embed.html',
      rtmpUrl: 'rtmp://edge.example.com/live',
    });
  });
});
