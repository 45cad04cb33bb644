import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/schema.ts';
import { POSTGRES_PARALLEL, WriteQueue, type MergedWrite } from '../../src/db/write-queue.ts';
import { dropTestDatabase, onPostgres, testDatabaseUrl } from '../helpers/database.ts';

let dataDir: string;
let db: Kysely<Database>;
let queue: WriteQueue;
/** The database, counting the transactions opened on it. */
let counting: Kysely<Database>;
/** How many transactions the queue opened. */
let transactions: number;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'ptd-writes-'));
  db = await openDatabase({ dataDir, databaseUrl: await testDatabaseUrl(dataDir) });
  transactions = 0;
  counting = new Proxy(db, {
    get(target, property) {
      if (property === 'transaction') {
        return () => {
          transactions += 1;
          return target.transaction();
        };
      }
      // Kysely's own methods read private fields: call them on the database itself.
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
  queue = new WriteQueue(counting, onPostgres ? POSTGRES_PARALLEL : 1);
});
afterEach(async () => {
  await queue.close();
  await db.destroy();
  await rm(dataDir, { recursive: true, force: true });
  await dropTestDatabase(dataDir);
});

const audit = (id: string, action = 'session.sign-in') => ({
  id,
  at: 1,
  actor_id: null,
  action,
  subject: null,
  ip: null,
  details: '{}',
});
const insertAudit = (id: string) => (trx: Kysely<Database>) =>
  trx.insertInto('audit_log').values(audit(id)).execute();
const ids = async () =>
  (await db.selectFrom('audit_log').select('id').orderBy('id').execute()).map((r) => r.id);

describe('WriteQueue', () => {
  it('should commit the writes of one turn in one transaction, and settle each caller after it', async () => {
    const seenBySettledCaller: string[][] = [];
    const results = await Promise.all(
      ['a', 'b', 'c'].map((id) =>
        queue
          .run(async (trx) => {
            await insertAudit(id)(trx);
            return id.toUpperCase();
          })
          .then(async (value) => {
            // A caller that hears "written" finds every write of the batch committed.
            seenBySettledCaller.push(await ids());
            return value;
          }),
      ),
    );
    expect(results).toEqual(['A', 'B', 'C']);
    expect(transactions).toBe(1);
    expect(seenBySettledCaller).toEqual([
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
    ]);
  });

  it('should keep the other writes of a batch when one of them fails, and reject only that one', async () => {
    await queue.run(insertAudit('taken'));
    const outcomes = await Promise.allSettled([
      queue.run(insertAudit('x')),
      queue.run(insertAudit('taken')), // primary key violation
      queue.run(insertAudit('y')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/unique/i);
    expect(await ids()).toEqual(['taken', 'x', 'y']);
  });

  it('should undo all of a failing unit, not just its failing statement', async () => {
    const outcome = await Promise.allSettled([
      queue.run(insertAudit('ok')),
      queue.run(async (trx) => {
        await insertAudit('half')(trx);
        await insertAudit('half')(trx);
      }),
    ]);
    expect(outcome.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect(await ids()).toEqual(['ok']);
  });

  it('should answer every write of a batch at once when the database cannot be reached, without trying each again', async () => {
    const unreachable = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    let opened = 0;
    const down = new Proxy(db, {
      get(target, property) {
        if (property === 'transaction') {
          return () => ({
            execute: () => {
              opened += 1;
              return Promise.reject(unreachable);
            },
          });
        }
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
    const refusing = new WriteQueue(down);
    const answers = await Promise.allSettled(
      ['a', 'b', 'c', 'd'].map((id) => refusing.run(insertAudit(id))),
    );
    expect(answers.map((a) => a.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    expect((answers[0] as PromiseRejectedResult).reason).toBe(unreachable);
    // One try for the batch; before, one more for each write on its own (each a connection
    // timeout long when the address does not answer).
    expect(opened).toBe(1);
    await refusing.close();
  });

  it('should put a write that arrives while a batch runs into the next batch', async () => {
    let arrived: Promise<unknown> | undefined;
    await queue.run(async (trx) => {
      await insertAudit('1')(trx);
      arrived = queue.run(insertAudit('2'));
    });
    await arrived;
    expect(transactions).toBe(2);
    expect(await ids()).toEqual(['1', '2']);
  });

  // Each statement is a round trip there: one batch at a time capped all writes at its pace.
  it.skipIf(!onPostgres)(
    'should begin the next batch on PostgreSQL while one is still writing',
    async () => {
      let secondBegan!: () => void;
      const began = new Promise<void>((resolve) => (secondBegan = resolve));
      const first = queue.run(async (trx) => {
        await began;
        await insertAudit('first')(trx);
      });
      await new Promise((resolve) => setImmediate(resolve));
      const second = queue.run(async (trx) => {
        secondBegan();
        await insertAudit('second')(trx);
      });
      const late = new Promise((resolve) => setTimeout(() => resolve('one at a time'), 2000));
      expect(
        await Promise.race([Promise.all([first, second]).then(() => 'side by side'), late]),
      ).toBe('side by side');
      expect(await ids()).toEqual(['first', 'second']);
    },
  );

  // Replicas and parallel batches update the same count rows: PostgreSQL ends one of two
  // transactions that wait for each other's rows, and that one is run again.
  it.skipIf(!onPostgres)(
    'should run a transaction again when PostgreSQL ends it to break a deadlock',
    async () => {
      await Promise.all([queue.run(insertAudit('x')), queue.run(insertAudit('y'))]);
      const touch = (id: string, by: string) => (trx: Kysely<Database>) =>
        trx.updateTable('audit_log').set({ details: by }).where('id', '=', id).execute();
      let firstHolds!: () => void;
      let secondHolds!: () => void;
      const firstHeld = new Promise<void>((resolve) => (firstHolds = resolve));
      const secondHeld = new Promise<void>((resolve) => (secondHolds = resolve));
      // Each locks one row, then waits for the other's: a deadlock, in two parallel batches.
      const first = queue.run(async (trx) => {
        await touch('x', 'first')(trx);
        firstHolds();
        await secondHeld;
        await touch('y', 'first')(trx);
        return 'first written';
      });
      await new Promise((resolve) => setImmediate(resolve));
      const second = queue.run(async (trx) => {
        await touch('y', 'second')(trx);
        secondHolds();
        await firstHeld;
        await touch('x', 'second')(trx);
        return 'second written';
      });
      expect(await Promise.allSettled([first, second])).toEqual([
        { status: 'fulfilled', value: 'first written' },
        { status: 'fulfilled', value: 'second written' },
      ]);
      // The one run again ran after the other committed: its writes are the last of both rows.
      const rows = await db
        .selectFrom('audit_log')
        .select(['id', 'details'])
        .orderBy('id')
        .execute();
      expect(new Set(rows.map((row) => row.details)).size).toBe(1);
    },
  );

  it('should make a merged write once for all its items of a batch, answering each in order', async () => {
    const calls: string[][] = [];
    const insertAll: MergedWrite<string, string> = async (trx, items) => {
      calls.push(items);
      await trx
        .insertInto('audit_log')
        .values(items.map((id) => audit(id)))
        .execute();
      return items.map((id) => `wrote ${id}`);
    };
    const answers = await Promise.all([
      queue.runMerged(insertAll, 'm1'),
      queue.run(insertAudit('plain')),
      queue.runMerged(insertAll, 'm2'),
    ]);
    expect([answers[0], answers[2]]).toEqual(['wrote m1', 'wrote m2']);
    expect(calls).toEqual([['m1', 'm2']]);
    expect(await ids()).toEqual(['m1', 'm2', 'plain']);

    // One bad item: the batch is undone and each item written on its own, so only it fails.
    const outcome = await Promise.allSettled([
      queue.runMerged(insertAll, 'm3'),
      queue.runMerged(insertAll, 'm1'),
    ]);
    expect(outcome.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect(await ids()).toEqual(['m1', 'm2', 'm3', 'plain']);
  });

  it.skipIf(!onPostgres)(
    'should run writes that are one statement each without BEGIN and COMMIT on PostgreSQL',
    async () => {
      const direct = new WriteQueue(counting, POSTGRES_PARALLEL, true);
      const insertAll: MergedWrite<string, string> = Object.assign(
        async (trx: Kysely<Database>, items: string[]) => {
          await trx
            .insertInto('audit_log')
            .values(items.map((id) => audit(id)))
            .execute();
          return items.map((id) => `wrote ${id}`);
        },
        { oneStatement: (items: string[]) => !items.includes('two statements') },
      );
      expect(
        await Promise.all([direct.runMerged(insertAll, 'a1'), direct.runMerged(insertAll, 'a2')]),
      ).toEqual(['wrote a1', 'wrote a2']);
      expect(transactions).toBe(0);
      // A batch holding anything else keeps its transaction.
      await Promise.all([direct.runMerged(insertAll, 'a3'), direct.run(insertAudit('plain'))]);
      expect(transactions).toBe(1);
      // A failing statement: each item again on its own, so only its own caller hears of it.
      const outcome = await Promise.allSettled([
        direct.runMerged(insertAll, 'a4'),
        direct.runMerged(insertAll, 'a1'),
      ]);
      expect(outcome.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
      expect(await ids()).toEqual(['a1', 'a2', 'a3', 'a4', 'plain']);
      await direct.close();
    },
  );

  it('should commit every batch in flight before it closes', async () => {
    let finishSlow!: () => void;
    const slowFinished = new Promise<void>((resolve) => (finishSlow = resolve));
    const slow = queue.run(async (trx) => {
      await slowFinished;
      await insertAudit('slow')(trx);
    });
    await new Promise((resolve) => setImmediate(resolve));
    const quick = queue.run(insertAudit('quick'));
    // The batch is still writing when close() is asked; it finishes only afterwards.
    const closing = queue.close();
    finishSlow();
    await closing;
    await Promise.all([slow, quick]);
    expect(await ids()).toEqual(['quick', 'slow']);
  });

  it('should refuse writes once closed', async () => {
    await queue.close();
    await expect(queue.run(insertAudit('late'))).rejects.toThrow(/closed/);
  });
});
