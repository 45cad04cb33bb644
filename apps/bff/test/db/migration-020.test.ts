import type { AuditEntry } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { AuditRepository } from '../../src/db/repositories/audit.ts';
import { WriteQueue } from '../../src/db/write-queue.ts';
import { useTestDataDirs } from '../helpers/data-dirs.ts';
import { databaseAt, openMigrated } from '../helpers/migrations.ts';

const newDataDir = useTestDataDirs('ptd-migrate-');
const at = Date.UTC(2026, 10, 20, 18, 0);

describe('migration 020-audit-log-lines', () => {
  it('should count the entries from before as in the log already, and log only the new ones', async () => {
    const dataDir = await newDataDir();
    const old = await databaseAt(dataDir, '019-session-proof');
    await old
      .insertInto('audit_log')
      .values(
        ['0001', '0002'].map((id, i) => ({
          id,
          at: at + i,
          actor_id: null,
          action: 'ledger.retention',
          subject: null,
          ip: null,
          details: '{}',
        })),
      )
      .execute();
    await old.destroy();

    const db = await openMigrated(dataDir);
    try {
      const rows = await db.selectFrom('audit_log').select(['id', 'logged_at']).execute();
      expect(rows.map((r) => [r.id, Number(r.logged_at)])).toEqual([
        ['0001', at],
        ['0002', at + 1],
      ]);
      const audit = new AuditRepository(db, () => at + 60_000, new WriteQueue(db));
      await audit.record({ action: 'ledger.retention', actorId: null, details: { removed: 3 } });
      const written: AuditEntry[] = [];
      expect(await audit.logPending((entries) => written.push(...entries), 10)).toBe(1);
      expect(written).toMatchObject([{ action: 'ledger.retention', details: { removed: 3 } }]);
      expect(await audit.logPending((entries) => written.push(...entries), 10)).toBe(0);
    } finally {
      await db.destroy();
    }
  });
});
