import { describe, expect, it } from 'vitest';
import { useTestDataDirs } from '../helpers/data-dirs.ts';
import { ledgerRowAt } from '../helpers/ledger-rows.ts';
import { databaseAt, openMigrated } from '../helpers/migrations.ts';

const newDataDir = useTestDataDirs('ptd-migrate-');

const HOUR = 3_600_000;
const row = (id: string, createdAt: number, kind: 'staff' | 'viewer', policy: string | null) =>
  ledgerRowAt(id, createdAt, {
    kind,
    policy_id: policy,
    target: JSON.stringify({ type: 'streams', streams: ['DmEvt-Press'] }),
  });

describe('migration 017-ledger-rollups', () => {
  it('should count the tokens already in the ledger per hour, and recent viewer tokens per minute', async () => {
    const dataDir = await newDataDir();
    const old = await databaseAt(dataDir, '012-ledger-search-and-retention');
    const longAgo = Date.UTC(2026, 0, 10, 8, 15);
    const now = Date.now();
    const minute = now - (now % 60_000) - 60_000;
    await old
      .insertInto('ledger')
      .values([
        row('a', longAgo, 'staff', null),
        row('b', longAgo + 1000, 'viewer', 'pol-1'),
        row('c', longAgo + HOUR, 'staff', null),
        row('d', minute + 5, 'viewer', 'pol-1'),
        row('e', minute + 50, 'viewer', 'pol-1'),
      ])
      .execute();
    await old.destroy();

    const db = await openMigrated(dataDir);
    try {
      const hourly = await db
        .selectFrom('ledger_hourly')
        .selectAll()
        .where('hour', '<', now - 86_400_000)
        .orderBy('hour')
        .orderBy('kind')
        .execute();
      const hour = Date.UTC(2026, 0, 10, 8);
      expect(hourly.map((r) => ({ ...r, hour: Number(r.hour), tokens: Number(r.tokens) }))).toEqual(
        [
          { hour, kind: 'staff', policy_id: '', tokens: 1 },
          { hour, kind: 'viewer', policy_id: 'pol-1', tokens: 1 },
          { hour: hour + HOUR, kind: 'staff', policy_id: '', tokens: 1 },
        ],
      );
      const minutes = await db.selectFrom('ledger_minute').selectAll().execute();
      expect(
        minutes.map((r) => ({ ...r, minute: Number(r.minute), tokens: Number(r.tokens) })),
      ).toEqual([{ minute, kind: 'viewer', policy_id: 'pol-1', tokens: 2 }]);
    } finally {
      await db.destroy();
    }
  });
});
