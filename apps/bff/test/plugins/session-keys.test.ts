import { randomBytes } from 'node:crypto';
import { stat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADMIN, createTestApp } from '../helpers/app.ts';
import { Client } from '../helpers/client.ts';
import { onPostgres } from '../helpers/database.ts';
import { useTestUpstream } from '../helpers/fixture.ts';

const { emulator } = useTestUpstream();

const key = () => randomBytes(32).toString('base64');

describe('session keys', () => {
  it('should keep sessions valid across a key rotation: the old key still decrypts', async () => {
    const [oldKey, newKey] = [key(), key()];
    const first = await createTestApp({
      upstreamUrl: emulator.url,
      env: { SESSION_KEYS: oldKey },
      keepDataDir: true,
    });
    const client = new Client(first.app);
    await client.signIn(ADMIN.email, ADMIN.password);
    const oldCookie = client.cookie;
    await first.close();

    const rotated = await createTestApp({
      upstreamUrl: emulator.url,
      dataDir: first.dataDir,
      env: { SESSION_KEYS: `${newKey},${oldKey}` },
      keepDataDir: true,
    });
    const again = new Client(rotated.app);
    again.cookie = oldCookie;
    const response = await again.get('/api/session');
    expect(response.statusCode).toBe(200);
    // Re-encrypted with the new first key on the way out.
    expect(again.cookie).not.toBe(oldCookie);
    const reissued = again.cookie;
    await rotated.close();

    const dropped = await createTestApp({
      upstreamUrl: emulator.url,
      dataDir: first.dataDir,
      env: { SESSION_KEYS: newKey },
    });
    try {
      const stale = new Client(dropped.app);
      stale.cookie = oldCookie;
      expect((await stale.get('/api/session')).statusCode).toBe(401);
      stale.cookie = reissued;
      expect((await stale.get('/api/session')).statusCode).toBe(200);
    } finally {
      await dropped.close();
    }
  });

  it('should generate session.key and ledger.key into DATA_DIR with mode 0600 and reuse them', async () => {
    const t = await createTestApp({ upstreamUrl: emulator.url, keepDataDir: true });
    const sessionKey = await readFile(path.join(t.dataDir, 'session.key'), 'utf8');
    // The SQLite file too, when the test runs on SQLite.
    for (const file of ['session.key', 'ledger.key', ...(onPostgres ? [] : ['dashboard.sqlite'])]) {
      expect((await stat(path.join(t.dataDir, file))).mode & 0o777).toBe(0o600);
    }
    const client = new Client(t.app);
    await client.signIn(ADMIN.email, ADMIN.password);
    await t.close();

    const restarted = await createTestApp({ upstreamUrl: emulator.url, dataDir: t.dataDir });
    try {
      expect(await readFile(path.join(t.dataDir, 'session.key'), 'utf8')).toBe(sessionKey);
      const again = new Client(restarted.app);
      again.cookie = client.cookie;
      expect((await again.get('/api/session')).statusCode).toBe(200);
    } finally {
      await restarted.close();
    }
  });
});
