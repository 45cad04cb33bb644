import type { TokenTarget } from '@ptd/contracts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { LedgerRepository } from '../../src/db/repositories/ledger.ts';
import {
  LedgerWriteBehind,
  REFUSALS_SUMMARY,
  type WriteBehindLedger,
  type WriteBehindOptions,
} from '../../src/db/repositories/ledger-write-behind.ts';
import type { Database } from '../../src/db/schema.ts';
import { DatabaseOutage, NO_ANSWER_MESSAGE } from '../../src/db/unavailable.ts';
import { LOG_WINDOW_MS } from '../../src/lib/log-windows.ts';
import { POSTGRES_PARALLEL, WriteQueue } from '../../src/db/write-queue.ts';
import { attemptRow, issuedRow } from '../../src/services/tokens/attempt.ts';
import { whileCompletionRefused } from '../helpers/refuse-completion.ts';
import { dropTestDatabase, onPostgres, testDatabaseUrl } from '../helpers/database.ts';

const TARGET: TokenTarget = { type: 'group', groupId: 'a1000000-0000-4000-8000-000000000001' };

let dataDir: string;
let db: Kysely<Database>;
let writes: WriteQueue;
let ledger: LedgerRepository;
let logged: Array<{
  level: number;
  msg: string;
  rows?: number;
  held?: number;
  counts?: Record<string, number>;
}>;
let behind: LedgerWriteBehind | undefined;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'ptd-write-behind-'));
  db = await openDatabase({ dataDir, databaseUrl: await testDatabaseUrl(dataDir) });
  writes = new WriteQueue(db, onPostgres ? POSTGRES_PARALLEL : 1, onPostgres);
  ledger = new LedgerRepository(db, Date.now, writes);
  logged = [];
});
afterEach(async () => {
  await behind?.close(0);
  behind = undefined;
  await writes.close();
  await db.destroy();
  await rm(dataDir, { recursive: true, force: true });
  await dropTestDatabase(dataDir);
});

const logger = () =>
  pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line)) });

const writeBehind = (
  options: Partial<WriteBehindOptions> = {},
  target: WriteBehindLedger = ledger,
) => (behind = new LedgerWriteBehind(target, logger(), options));

let serial = 0;
/** A viewer token's row as the endpoint holds it: issued, with its jti. */
function viewerRow() {
  const now = Date.now();
  const row = attemptRow({ now: () => now } as Parameters<typeof attemptRow>[0], {
    kind: 'viewer',
    policy_id: 'policy-1',
    target: JSON.stringify(TARGET),
    issued_at: Math.floor(now / 1000),
    not_before: Math.floor(now / 1000),
    expires_at: Math.floor(now / 1000) + 1800,
    revocable: 0,
    force_disconnect: 0,
    ip: '203.0.113.7',
    domain: 'shop.example.com',
    viewer_user: null,
    tag: 'write-behind',
    created_by: null,
  });
  serial += 1;
  return issuedRow(row, { jti: `jti-${serial}-${row.id}`, claims: '{}', encrypted_token: null });
}

const written = async (ids: string[]) =>
  (await db.selectFrom('ledger').select('id').where('id', 'in', ids).execute()).length;

const until = async (check: () => boolean | Promise<boolean>, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('LedgerWriteBehind', () => {
  it('should hold rows without writing them, then write them together once the linger is over', async () => {
    const rows = Array.from({ length: 5 }, viewerRow);
    const started = Date.now();
    const held = writeBehind({ lingerMs: 100 });
    for (const row of rows) held.add(row, TARGET);
    expect(held.pending).toBe(5);
    expect(await written(rows.map((r) => r.id))).toBe(0);
    await until(async () => (await written(rows.map((r) => r.id))) === 5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    await until(() => held.pending === 0);
    const stored = await ledger.byId(rows[0]!.id);
    expect(stored).toMatchObject({ kind: 'viewer', state: 'issued', jti: rows[0]!.jti });
  });

  it('should write a full batch at once, without waiting for the linger', async () => {
    const rows = Array.from({ length: 4 }, viewerRow);
    const held = writeBehind({ lingerMs: 60_000, batchRows: 4 });
    for (const row of rows) held.add(row, TARGET);
    await until(async () => (await written(rows.map((r) => r.id))) === 4, 2000);
  });

  it('should keep rows the database refuses and write them once it takes writes again', async () => {
    const rows = Array.from({ length: 3 }, viewerRow);
    const held = writeBehind({ lingerMs: 5, retryMs: 50 });
    await whileCompletionRefused(db, async () => {
      for (const row of rows) held.add(row, TARGET);
      await until(() =>
        logged.some((line) => line.msg.startsWith('writing viewer token rows failed')),
      );
      expect(held.pending).toBe(3);
      expect(await written(rows.map((r) => r.id))).toBe(0);
    });
    await until(async () => (await written(rows.map((r) => r.id))) === 3);
    await until(() => held.pending === 0);
    expect(JSON.stringify(logged)).not.toContain('eyJ');
  });

  it('should send every refused row again at once when another row is written', async () => {
    const refused = Array.from({ length: 3 }, viewerRow);
    // A back-off of a minute: only the row written after the refusal can bring them in soon.
    const held = writeBehind({ lingerMs: 5, retryMs: 60_000 });
    await whileCompletionRefused(db, async () => {
      for (const row of refused) held.add(row, TARGET);
      await until(() => logged.length > 0);
    });
    const next = viewerRow();
    held.add(next, TARGET);
    await until(async () => (await written([...refused, next].map((r) => r.id))) === 4, 2000);
    await until(() => held.pending === 0);
  });

  it('should try a refused row again at least every 2 s however long the database refused it', async () => {
    const row = viewerRow();
    // Tries at 0, 0.25, 0.75, 1.75 and 3.75 s, refused until 4.2 s: then at most 2 s more.
    const held = writeBehind({ lingerMs: 5, retryMs: 250 });
    let released = 0;
    await whileCompletionRefused(db, async () => {
      held.add(row, TARGET);
      await new Promise((resolve) => setTimeout(resolve, 4200));
      released = Date.now();
    });
    await until(async () => (await written([row.id])) === 1, 6000);
    expect(Date.now() - released).toBeLessThan(2500);
  });

  it('should write every held row before a clean shutdown returns', async () => {
    const rows = Array.from({ length: 7 }, viewerRow);
    const held = writeBehind({ lingerMs: 60_000 });
    for (const row of rows) held.add(row, TARGET);
    expect(await written(rows.map((r) => r.id))).toBe(0);
    await held.close();
    expect(await written(rows.map((r) => r.id))).toBe(7);
    expect(held.pending).toBe(0);
    expect(held.hasRoom).toBe(false);
  });

  it('should try refused rows again at shutdown without waiting out their back-off', async () => {
    const rows = Array.from({ length: 2 }, viewerRow);
    const held = writeBehind({ lingerMs: 5, retryMs: 60_000 });
    await whileCompletionRefused(db, async () => {
      for (const row of rows) held.add(row, TARGET);
      await until(() => logged.length > 0);
    });
    const started = Date.now();
    await held.close();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await written(rows.map((r) => r.id))).toBe(2);
  });

  it('should log how many rows were lost when the database refuses them through the shutdown grace', async () => {
    const held = writeBehind({ lingerMs: 5, retryMs: 20 });
    await whileCompletionRefused(db, async () => {
      held.add(viewerRow(), TARGET);
      held.add(viewerRow(), TARGET);
      await held.close(300);
    });
    expect(logged.at(-1)).toMatchObject({ level: 50, rows: 2 });
    expect(logged.at(-1)?.msg).toMatch(/could not be written before shutdown/);
  });

  it('should have no room once as many rows as it may hold are waiting, and room again once they are written', async () => {
    const held = writeBehind({ lingerMs: 5, retryMs: 50, maxHeld: 3 });
    await whileCompletionRefused(db, async () => {
      held.add(viewerRow(), TARGET);
      held.add(viewerRow(), TARGET);
      expect(held.hasRoom).toBe(true);
      held.add(viewerRow(), TARGET);
      expect(held.hasRoom).toBe(false);
      await until(() => logged.length > 0);
      expect(held.hasRoom).toBe(false);
    });
    // Room again as soon as fewer than three are held; all written a moment later.
    await until(() => held.hasRoom);
    await until(() => held.pending === 0);
    expect(held.hasRoom).toBe(true);
  });

  it('should count a row as written when a retry finds that its first write went through', async () => {
    const inserted = new Set<string>();
    let calls = 0;
    // The first commit succeeds but its answer is lost; the retry then meets its own row.
    const lossy: WriteBehindLedger = {
      insert: async (row) => {
        calls += 1;
        if (inserted.has(row.id as string)) throw new Error('duplicate key');
        inserted.add(row.id as string);
        if (calls === 1) throw new Error('connection lost after commit');
      },
      exists: async (id) => inserted.has(id),
    };
    const held = writeBehind({ lingerMs: 5, retryMs: 20 }, lossy);
    held.add(viewerRow(), TARGET);
    await until(() => held.pending === 0);
    expect(calls).toBe(2);
  });

  it('should log the first refusal of 10 s in full and the others as one line of counts', async () => {
    let now = 0;
    let refusals = 0;
    const refusing: WriteBehindLedger = {
      insert: async () => {
        refusals += 1;
        throw new Error('connection refused');
      },
      exists: async () => false,
    };
    const held = writeBehind({ lingerMs: 5, retryMs: 10, now: () => now }, refusing);
    for (let i = 0; i < 3; i += 1) held.add(viewerRow(), TARGET);
    await until(() => refusals >= 9);
    const first = (line: { msg: string }) =>
      line.msg.startsWith('writing viewer token rows failed');
    expect(logged.filter(first)).toEqual([expect.objectContaining({ level: 50, held: 3 })]);
    expect(logged.filter((line) => line.msg === REFUSALS_SUMMARY)).toEqual([]);

    now += LOG_WINDOW_MS;
    await until(() => logged.some((line) => line.msg === REFUSALS_SUMMARY));
    const summary = logged.find((line) => line.msg === REFUSALS_SUMMARY);
    expect(summary).toMatchObject({ level: 50, held: 3 });
    expect(summary?.counts?.rows).toBeGreaterThanOrEqual(8);
    await until(() => logged.filter(first).length === 2);
  });
});

describe('LedgerWriteBehind while the database is known down (the circuit breaker open)', () => {
  /** A ledger whose inserts go to the real one only while `answering`; else fail as silent. */
  function ledgerOnAnOff() {
    const state = { answering: false, inserts: 0 };
    const target: WriteBehindLedger = {
      insert: async (row, t) => {
        state.inserts += 1;
        if (!state.answering) {
          throw new Error(`${NO_ANSWER_MESSAGE} 2000 ms (DATABASE_QUERY_TIMEOUT_MS)`);
        }
        await ledger.insert(row, t);
      },
      exists: (id) => ledger.exists(id),
    };
    return { state, target };
  }

  it('should hold its rows without a write per tick, try them at the probe pace and drain once the database answers', async () => {
    const clock = { now: 0 };
    const outage = new DatabaseOutage(() => clock.now);
    const { state, target } = ledgerOnAnOff();
    const held = writeBehind({ lingerMs: 5, retryMs: 20, outage }, target);
    outage.failed(new Error(`${NO_ANSWER_MESSAGE} 2000 ms (DATABASE_QUERY_TIMEOUT_MS)`));
    const rows: ReturnType<typeof viewerRow>[] = [];
    for (let tick = 0; tick < 5; tick += 1) {
      const row = viewerRow();
      rows.push(row);
      held.add(row, TARGET);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    // Known down: each tick's batch would only wait out a statement bound.
    expect(state.inserts).toBe(0);
    expect(held.pending).toBe(5);
    // The breaker's pace: one try a second after the last failure, all rows in one batch.
    clock.now += 1_000;
    await until(() => state.inserts === 5);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(state.inserts).toBe(5);
    expect(outage.down).toBe(true);
    expect(held.pending).toBe(5);
    // The database answers again (another user's probe found it): every held row goes in.
    state.answering = true;
    outage.answered();
    await until(() => held.pending === 0);
    expect(await written(rows.map((r) => r.id))).toBe(5);
  });

  it('should probe the database itself, and end the outage when its rows are written', async () => {
    const clock = { now: 0 };
    const outage = new DatabaseOutage(() => clock.now);
    const { state, target } = ledgerOnAnOff();
    const held = writeBehind({ lingerMs: 5, outage }, target);
    outage.failed(new Error(`${NO_ANSWER_MESSAGE} 2000 ms (DATABASE_QUERY_TIMEOUT_MS)`));
    const row = viewerRow();
    held.add(row, TARGET);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(state.inserts).toBe(0);
    state.answering = true;
    clock.now += 1_000;
    await until(() => held.pending === 0);
    expect(outage.down).toBe(false);
    expect(await written([row.id])).toBe(1);
  });

  it('should log how many held rows are lost when the database stays down through the shutdown grace', async () => {
    const clock = { now: 0 };
    const outage = new DatabaseOutage(() => clock.now);
    const { state, target } = ledgerOnAnOff();
    const held = writeBehind({ lingerMs: 5, outage }, target);
    outage.failed(new Error(`${NO_ANSWER_MESSAGE} 2000 ms (DATABASE_QUERY_TIMEOUT_MS)`));
    for (let i = 0; i < 3; i += 1) held.add(viewerRow(), TARGET);
    await held.close(300);
    expect(state.inserts).toBe(0);
    expect(logged.filter((line) => line.level === 50).map((line) => line.rows)).toEqual([3]);
  });
});
