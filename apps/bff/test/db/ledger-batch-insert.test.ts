import type { TokenTarget } from '@ptd/contracts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { LedgerRepository, type LedgerInsert } from '../../src/db/repositories/ledger.ts';
import { insertLedgerBatchPostgres } from '../../src/db/repositories/ledger-insert-postgres.ts';
import { rollupRows } from '../../src/db/repositories/ledger-rollups.ts';
import type { Database } from '../../src/db/schema.ts';
import { POSTGRES_PARALLEL, WriteQueue } from '../../src/db/write-queue.ts';
import { dropTestDatabase, onPostgres, testDatabaseUrl } from '../helpers/database.ts';

const STREAMS: TokenTarget = { type: 'streams', streams: ['cup-final-cam-1', 'cup-final-cam-2'] };
const MINUTE = 60_000;

let dataDir: string;
let db: Kysely<Database>;
let writes: WriteQueue;
let ledger: LedgerRepository;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'ptd-batch-insert-'));
  db = await openDatabase({ dataDir, databaseUrl: await testDatabaseUrl(dataDir) });
  writes = new WriteQueue(db, onPostgres ? POSTGRES_PARALLEL : 1, onPostgres);
  ledger = new LedgerRepository(db, Date.now, writes);
});
afterEach(async () => {
  await writes.close();
  await db.destroy();
  await rm(dataDir, { recursive: true, force: true });
  await dropTestDatabase(dataDir);
});

let serial = 0;
/** A row with every column set, as unlike the defaults as a row can be. */
function fullRow(createdAt: number, overrides: Partial<LedgerInsert> = {}): LedgerInsert {
  serial += 1;
  const id = `0${createdAt.toString(36)}-${String(serial).padStart(4, '0')}`;
  return {
    id,
    jti: `jti-${id}`,
    kind: 'viewer',
    policy_id: 'policy-batch',
    target: JSON.stringify(STREAMS),
    issued_at: Math.floor(createdAt / 1000),
    not_before: Math.floor(createdAt / 1000) + 5,
    expires_at: Math.floor(createdAt / 1000) + 1800,
    revocable: 1,
    force_disconnect: 1,
    ip: '203.0.113.9',
    domain: 'shop.example.com',
    viewer_user: 'viewer-7',
    tag: 'batch',
    claims: '{"jti":"x","quote":"it\'s {a,b} \\"c\\""}',
    created_by: null,
    created_at: createdAt,
    revoked_at: createdAt + 1,
    revoked_by: null,
    encrypted_token: `sealed,with{braces}"and quotes"\\${serial}`,
    state: 'issued',
    revocation_requested_at: null,
    revocation_requested_by: null,
    batch_id: null,
    batch_row: null,
    ...overrides,
  };
}

describe('a batch of viewer rows written together', () => {
  it('should store every column of every row, their targets and the overview counts', async () => {
    const hour = Date.UTC(2026, 10, 30, 15);
    // The first row brings new search terms (its own statements); the rest are one batch.
    await ledger.insert(fullRow(hour), STREAMS);
    const rows = [
      fullRow(hour + 2 * MINUTE),
      fullRow(hour + 2 * MINUTE + 10, { ip: null, viewer_user: null, encrypted_token: null }),
      fullRow(hour + 3 * MINUTE, { revocable: 0, revoked_at: null, not_before: 0 }),
    ];
    // Without `state`, as any caller may leave a generated column out: the default applies.
    const { state: _state, ...noState } = fullRow(hour + 3 * MINUTE + 1);
    await Promise.all([...rows, noState].map((row) => ledger.insert(row, STREAMS)));

    const stored = await db
      .selectFrom('ledger')
      .selectAll()
      .where(
        'id',
        'in',
        [...rows, noState].map((row) => row.id),
      )
      .orderBy('id')
      .execute();
    // With the type the database computes from the target (migration 024): streams.
    expect(stored).toEqual(
      [...rows, { ...noState, state: 'issued' }].map((row) => ({ ...row, target_type: 's' })),
    );

    const targets = await db
      .selectFrom('ledger_target')
      .select(['ledger_id', 'value', 'created_at'])
      .where('ledger_id', '=', rows[1]!.id)
      .orderBy('value')
      .execute();
    expect(targets).toEqual(
      STREAMS.type === 'streams'
        ? STREAMS.streams.map((value) => ({
            ledger_id: rows[1]!.id,
            value,
            created_at: rows[1]!.created_at,
          }))
        : [],
    );

    const hourly = await db.selectFrom('ledger_hourly').selectAll().execute();
    expect(hourly).toEqual([{ hour, kind: 'viewer', policy_id: 'policy-batch', tokens: 5 }]);
    const minutes = await db
      .selectFrom('ledger_minute')
      .select(['minute', 'tokens'])
      .orderBy('minute')
      .execute();
    expect(minutes).toEqual([
      { minute: hour, tokens: 1 },
      { minute: hour + 2 * MINUTE, tokens: 2 },
      { minute: hour + 3 * MINUTE, tokens: 2 },
    ]);
  });

  // Replicas at an event's start: one writes a batch as one statement, another a row with new
  // search terms statement by statement (`countInRollups`); both update the same count rows.
  it.runIf(onPostgres)(
    'should lock the hourly count before the minute count, as the statement-by-statement path does',
    async () => {
      const hour = Date.UTC(2026, 10, 30, 17);
      await ledger.insert(fullRow(hour), STREAMS);
      const counted = [{ kind: 'viewer' as const, policy_id: 'policy-batch', created_at: hour }];
      let holdsHourly!: () => void;
      const hourlyHeld = new Promise<void>((resolve) => (holdsHourly = resolve));
      let batchWaits!: () => void;
      const batchWaiting = new Promise<void>((resolve) => (batchWaits = resolve));
      // The other path holds the hourly count and, once the batch is under way, wants the minute
      // count: had the batch taken the minute count first, each would wait for the other.
      const other = db.transaction().execute(async (trx) => {
        const { hourly, minute } = rollupRows(counted, 1);
        await trx
          .insertInto('ledger_hourly')
          .values(hourly)
          .onConflict((oc) =>
            oc
              .columns(['hour', 'kind', 'policy_id'])
              .doUpdateSet({ tokens: sql`ledger_hourly.tokens + excluded.tokens` }),
          )
          .execute();
        holdsHourly();
        await batchWaiting;
        await trx
          .insertInto('ledger_minute')
          .values(minute)
          .onConflict((oc) =>
            oc
              .columns(['minute', 'kind', 'policy_id'])
              .doUpdateSet({ tokens: sql`ledger_minute.tokens + excluded.tokens` }),
          )
          .execute();
      });
      await hourlyHeld;
      // The batch's statement itself (the write queue would run it again after a deadlock).
      const rows = [fullRow(hour + 1), fullRow(hour + 2)];
      const batch = insertLedgerBatchPostgres(
        db,
        rows,
        rows.map((row) => ({
          ledger_id: row.id,
          value: 'cup-final-cam-1',
          created_at: row.created_at,
        })),
        rollupRows(rows, 1),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      batchWaits();
      expect(
        (await Promise.allSettled([other, batch])).map((outcome) =>
          outcome.status === 'rejected' ? String(outcome.reason) : outcome.status,
        ),
      ).toEqual(['fulfilled', 'fulfilled']);
      expect(
        await db.selectFrom('ledger_hourly').select('tokens').where('hour', '=', hour).execute(),
      ).toEqual([{ tokens: 4 }]);
      expect(
        await db.selectFrom('ledger_minute').select('tokens').where('minute', '=', hour).execute(),
      ).toEqual([{ tokens: 4 }]);
    },
  );

  it.runIf(onPostgres)(
    'should send PostgreSQL the same statement text whatever the number of rows',
    async () => {
      const hour = Date.UTC(2026, 10, 30, 16);
      await ledger.insert(fullRow(hour), STREAMS);
      const texts: string[] = [];
      const executor = db.getExecutor();
      const original = executor.executeQuery.bind(executor);
      const spy = vi.spyOn(executor, 'executeQuery').mockImplementation((query, ...rest) => {
        if (/insert into "?ledger"? ?\(/.test(query.sql)) texts.push(query.sql);
        return original(query, ...rest);
      });
      try {
        await Promise.all([1, 2].map((n) => ledger.insert(fullRow(hour + n), STREAMS)));
        await Promise.all([3, 4, 5, 6, 7].map((n) => ledger.insert(fullRow(hour + n), STREAMS)));
      } finally {
        spy.mockRestore();
      }
      expect(texts.length).toBeGreaterThanOrEqual(2);
      expect(new Set(texts).size).toBe(1);
    },
  );
});
