import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
const tempDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'ptd-checkpoint-'));
  dirs.push(dir);
  return dir;
};
const size = async (file: string) => (await stat(file)).size;

describe('WAL checkpoints outside commits', () => {
  it('should checkpoint on its timer, not in a commit: commits only grow the WAL, the timer moves them into the database file', async () => {
    const dataDir = await tempDir();
    const db = await openDatabase({ dataDir });
    const file = path.join(dataDir, 'dashboard.sqlite');
    try {
      const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(
        db,
      );
      expect(rows[0]?.wal_autocheckpoint).toBe(0);
      // Let the timer catch up with the migrations, then measure from there.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const before = await size(file);
      // ~1,500 pages of audit rows, more than SQLite's own 1000-page checkpoint threshold.
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < 3000; i += 1) {
          await trx
            .insertInto('audit_log')
            .values({
              id: `a-${i}`,
              at: i,
              actor_id: null,
              action: 'session.sign-in',
              subject: null,
              ip: null,
              details: JSON.stringify({ padding: 'x'.repeat(1500) }),
            })
            .execute();
        }
      });
      expect(await size(`${file}-wal`)).toBeGreaterThan(4_000_000);
      expect(await size(file)).toBe(before);
      await expect
        .poll(() => size(file), { timeout: 5000, interval: 200 })
        .toBeGreaterThan(before + 4_000_000);
    } finally {
      await db.destroy();
    }
  });
});
