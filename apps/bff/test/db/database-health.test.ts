import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { DatabaseHealthRepository } from '../../src/db/repositories/database-health.ts';
import { useTestDataDirs } from '../helpers/data-dirs.ts';
import { testDatabaseUrl } from '../helpers/database.ts';

const newDataDir = useTestDataDirs('ptd-health-');

describe('DatabaseHealthRepository', () => {
  it('should answer while the database is open, and fail once it is gone', async () => {
    const dataDir = await newDataDir();
    const db = await openDatabase({ dataDir, databaseUrl: await testDatabaseUrl(dataDir) });
    const health = new DatabaseHealthRepository(db);
    await expect(health.ping()).resolves.toBeUndefined();
    await db.destroy();
    await expect(health.ping()).rejects.toThrow();
  });
});
