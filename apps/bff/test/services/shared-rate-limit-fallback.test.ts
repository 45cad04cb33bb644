import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';
import { RateLimitWindowsRepository } from '../../src/db/repositories/rate-limit-windows.ts';
import type { Database } from '../../src/db/schema.ts';
import { DatabaseOutage, NO_ANSWER_MESSAGE } from '../../src/db/unavailable.ts';
import { sharedRateLimitStore } from '../../src/services/shared-rate-limit-store.ts';

type Incr = (
  key: string,
  callback: (error: Error | null, result?: { current: number }) => void,
  timeWindow: number,
  max: number,
) => void;

/** The shared store with a database that does not answer: every count is made in memory. */
function storeWithoutDatabase() {
  const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
    code: 'ECONNREFUSED',
  });
  const windows = { hit: () => Promise.reject(down) } as unknown as RateLimitWindowsRepository;
  const Store = sharedRateLimitStore(windows);
  const store = new Store({}) as unknown as { incr: Incr };
  return (key: string) =>
    new Promise<number>((resolve, reject) =>
      store.incr(
        key,
        (error, result) => (error ? reject(error) : resolve(result!.current)),
        60_000,
        20,
      ),
    );
}

const key = (n: number) => `2001:db8:${(n >> 16).toString(16)}:${(n & 0xffff).toString(16)}::/64`;

describe('the shared rate-limit store while the database does not answer', () => {
  it('should cost as little per request with 10,000 addresses counted as with fewer', async () => {
    let count = storeWithoutDatabase();
    const perRequest = async (from: number, to: number) => {
      const start = performance.now();
      for (let n = from; n < to; n += 1) await count(key(n));
      return (performance.now() - start) / (to - from);
    };
    // The best of three fresh stores each: a busy machine slows a run, never speeds one up.
    const below: number[] = [];
    const beyond: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      count = storeWithoutDatabase();
      below.push(await perRequest(0, 10_000));
      beyond.push(await perRequest(10_000, 20_000));
    }
    // Each new address beyond the bound used to scan all 10,000 (16-32 times as long).
    expect(Math.min(...beyond) / Math.min(...below)).toBeLessThan(5);
    // The newest counts are kept.
    expect(await count(key(19_999))).toBe(2);
  });
});

describe('the shared rate-limit store when the database stops answering', () => {
  /** A database whose every count waits until the test answers it. */
  function storeWithSlowDatabase() {
    const sent: { key: string; answer: (hits: number) => void; fail: () => void }[] = [];
    const windows = {
      hit: (key: string) =>
        new Promise((resolve, reject) =>
          sent.push({
            key,
            answer: (hits) => resolve({ hits, ttlMs: 60_000 }),
            fail: () =>
              reject(new Error(`${NO_ANSWER_MESSAGE} 2000 ms (DATABASE_QUERY_TIMEOUT_MS)`)),
          }),
        ),
    } as unknown as RateLimitWindowsRepository;
    const clock = { now: 0 };
    const outage = new DatabaseOutage(() => clock.now);
    const fallbacks: unknown[] = [];
    const Store = sharedRateLimitStore(windows, (error) => fallbacks.push(error), outage);
    const store = new Store({}) as unknown as { incr: Incr };
    const answers: string[] = [];
    const count = (key: string) =>
      store.incr(
        key,
        (error, result) => answers.push(error ? `${key} failed` : `${key} ${result!.current}`),
        60_000,
        20,
      );
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    return { sent, clock, outage, fallbacks, answers, count, settle };
  }

  it('should count in memory at once after the first count without an answer, every count waiting with it included', async () => {
    const { sent, outage, fallbacks, answers, count, settle } = storeWithSlowDatabase();
    count('a');
    count('b');
    await settle();
    expect(sent.map((s) => s.key)).toEqual(['a', 'b']);
    expect(answers).toEqual([]);
    // The first count's bound ends: the one sent after it does not wait out its own.
    sent[0]!.fail();
    await settle();
    expect(answers).toEqual(['a 1', 'b 1']);
    expect(outage.down).toBe(true);
    // Known down: answered from memory without asking the database.
    count('a');
    count('c');
    expect(answers.slice(2)).toEqual(['a 2', 'c 1']);
    expect(sent).toHaveLength(2);
    expect(fallbacks).toHaveLength(4);
    // The database's late answer to the second count changes nothing already answered.
    sent[1]!.fail();
    await settle();
    expect(answers).toHaveLength(4);
  });

  it('should send one count a second to the database meanwhile, and count there again once it answers', async () => {
    const { sent, clock, outage, answers, count, settle } = storeWithSlowDatabase();
    count('a');
    await settle();
    sent[0]!.fail();
    await settle();
    clock.now += 999;
    count('a');
    await settle();
    expect(sent).toHaveLength(1);
    // A second after the failure, one count also goes to the database, without being waited for.
    clock.now += 1;
    count('a');
    count('b');
    await settle();
    expect(answers).toEqual(['a 1', 'a 2', 'a 3', 'b 1']);
    expect(sent.map((s) => s.key)).toEqual(['a', 'a']);
    // Still no answer: one probe at a time, and the next a second after it failed.
    clock.now += 5_000;
    count('b');
    await settle();
    expect(sent).toHaveLength(2);
    sent[1]!.fail();
    await settle();
    count('b');
    await settle();
    expect(sent).toHaveLength(2);
    clock.now += 1_000;
    count('c');
    await settle();
    expect(sent).toHaveLength(3);
    // It answers: the next counts are shared again, and wait for the database.
    sent[2]!.answer(1);
    await settle();
    expect(outage.down).toBe(false);
    const before = answers.length;
    count('d');
    await settle();
    expect(answers).toHaveLength(before);
    expect(sent.map((s) => s.key).at(-1)).toBe('d');
    sent[3]!.answer(7);
    await settle();
    expect(answers.at(-1)).toBe('d 7');
  });
});

/**
 * The rate-limit windows repository on a PostgreSQL stand-in whose every statement waits until
 * the test answers it: the batches it sends, one at a time, are in `statements`.
 */
function windowsOnSlowDatabase() {
  const statements: {
    parameters: readonly unknown[];
    answer: (rows: { key: string; hits: number; ttl: number }[]) => void;
    fail: () => void;
  }[] = [];
  const connection: DatabaseConnection = {
    executeQuery: <R>(query: CompiledQuery) =>
      new Promise<QueryResult<R>>((resolve, reject) =>
        statements.push({
          parameters: query.parameters,
          answer: (rows) => resolve({ rows: rows as R[] }),
          fail: () => reject(new Error(`${NO_ANSWER_MESSAGE} 2000 ms (DATABASE_QUERY_TIMEOUT_MS)`)),
        }),
      ),
    // eslint-disable-next-line require-yield -- never streamed
    async *streamQuery() {
      throw new Error('not streamed');
    },
  };
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: async () => {},
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    releaseConnection: async () => {},
    destroy: async () => {},
  };
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (kysely) => new PostgresIntrospector(kysely),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  return { windows: new RateLimitWindowsRepository(db), statements };
}

describe('the shared rate-limit store on batched counts when the database stops answering', () => {
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  function store() {
    const { windows, statements } = windowsOnSlowDatabase();
    const clock = { now: 0 };
    const outage = new DatabaseOutage(() => clock.now);
    const Store = sharedRateLimitStore(windows, () => {}, outage);
    const store = new Store({}) as unknown as { incr: Incr };
    const answers: string[] = [];
    const count = (key: string) =>
      store.incr(
        key,
        (error, result) => answers.push(error ? `${key} failed` : `${key} ${result!.current}`),
        60_000,
        20,
      );
    return { statements, clock, outage, answers, count };
  }

  it('should not send the counts queued behind the batch that found the database gone', async () => {
    const { statements, clock, outage, answers, count } = store();
    count('a');
    await settle();
    expect(statements).toHaveLength(1);
    // Queued while the first batch waits for its answer: the next batch.
    count('b');
    count('c');
    await settle();
    expect(statements).toHaveLength(1);
    statements[0]!.fail();
    await settle();
    await settle();
    expect(outage.down).toBe(true);
    expect(answers).toEqual(['a 1', 'b 1', 'c 1']);
    // Counted in memory already: the queued batch would only wait out a bound of its own.
    expect(statements).toHaveLength(1);
    // The probe, a second later, is the next statement.
    clock.now += 1_000;
    count('d');
    await settle();
    expect(statements).toHaveLength(2);
  });
});

describe('the probe of a database known down', () => {
  it('should count its request once, in memory, and only ask the database for the shared count', async () => {
    const { windows, statements } = windowsOnSlowDatabase();
    const clock = { now: 0 };
    const outage = new DatabaseOutage(() => clock.now);
    const Store = sharedRateLimitStore(windows, () => {}, outage);
    const store = new Store({}) as unknown as { incr: Incr };
    const answers: number[] = [];
    const count = (key: string) =>
      store.incr(key, (error, result) => answers.push(error ? -1 : result!.current), 60_000, 20);
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    count('a');
    await settle();
    statements[0]!.fail();
    await settle();
    clock.now += 1_000;
    count('a');
    await settle();
    // The probe: its request is counted in memory (the second of this replica's window)…
    expect(answers).toEqual([1, 2]);
    expect(statements).toHaveLength(2);
    // …and the statement adds nothing to the shared count: [keys, counts added, windows].
    expect(statements[1]!.parameters[1]).toEqual([0]);
    statements[1]!.answer([{ key: 'a', hits: 4, ttl: 30_000 }]);
    await settle();
    expect(outage.down).toBe(false);
  });
});
