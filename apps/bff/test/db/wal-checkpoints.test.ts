import { fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { CHECKPOINT_PROGRAM } from '../../src/db/checkpointer.ts';
import { openDatabase } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/schema.ts';
import { onPostgres } from '../helpers/database.ts';

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

const autocheckpoint = async (db: Kysely<Database>) =>
  (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db)).rows[0]
    ?.wal_autocheckpoint;

/** This process's children that run the checkpoint program (Linux /proc). */
const checkpointProcesses = () =>
  readdirSync('/proc/self/task')
    .flatMap((task) =>
      readFileSync(`/proc/self/task/${task}/children`, 'utf8').split(' ').filter(Boolean),
    )
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('checkpoint-process');
      } catch {
        return false;
      }
    });

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** ~1,500 pages of audit rows, more than SQLite's own 1000-page checkpoint threshold. */
const writeSixMegabytes = (db: Kysely<Database>, prefix: string) =>
  db.transaction().execute(async (trx) => {
    for (let i = 0; i < 3000; i += 1) {
      await trx
        .insertInto('audit_log')
        .values({
          id: `${prefix}-${i}`,
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

/**
 * How long a checkpoint process may take to start or to act: a Node process of its own, whose
 * start takes seconds when the machine's cores are all busy (CI's whole suite beside it).
 */
const PROCESS_WAIT = { timeout: 15_000 };

// SQLite only: PostgreSQL has no WAL file of ours to checkpoint.
describe.skipIf(onPostgres)(
  'WAL checkpoints in a process of their own (SQLite)',
  { timeout: 40_000 },
  () => {
    it('should leave commits to append to the WAL and let its process move them into the database file', async () => {
      const dataDir = await tempDir();
      // Long enough that no checkpoint can fall between the commit and the size check below.
      const db = await openDatabase({ dataDir, checkpointEveryMs: 2000 });
      const file = path.join(dataDir, 'dashboard.sqlite');
      try {
        await expect.poll(() => autocheckpoint(db), PROCESS_WAIT).toBe(0);
        const before = await size(file);
        await writeSixMegabytes(db, 'a');
        expect(await size(`${file}-wal`)).toBeGreaterThan(4_000_000);
        expect(await size(file)).toBe(before);
        await expect
          .poll(() => size(file), { ...PROCESS_WAIT, interval: 200 })
          .toBeGreaterThan(before + 4_000_000);
      } finally {
        await db.destroy();
      }
    });

    it('should give the process no credential and end it when the database is closed', async () => {
      const before = new Set(checkpointProcesses());
      const db = await openDatabase({ dataDir: await tempDir() });
      await expect.poll(() => autocheckpoint(db), PROCESS_WAIT).toBe(0);
      const [pid] = checkpointProcesses().filter((p) => !before.has(p));
      expect(pid).toBeDefined();
      const environment = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
      // Besides Node's own IPC channel variables, only what the process needs.
      const names = environment
        .map((entry) => entry.split('=')[0] as string)
        .filter((name) => !name.startsWith('NODE_CHANNEL_'));
      expect(names.sort()).toEqual(['PTD_CHECKPOINT_EVERY_MS', 'PTD_SQLITE_FILE']);
      await db.destroy();
      await expect.poll(() => alive(pid as number), PROCESS_WAIT).toBe(false);
    });

    it('should end a process that is still starting at once when the database is closed', async () => {
      const before = new Set(checkpointProcesses());
      const db = await openDatabase({ dataDir: await tempDir() });
      const started = checkpointProcesses().filter((p) => !before.has(p));
      expect(started).toHaveLength(1);
      const t0 = performance.now();
      await db.destroy();
      expect(performance.now() - t0).toBeLessThan(1000);
      for (const pid of started) expect(alive(pid)).toBe(false);
    });

    it('should end by itself when the app is gone before it has finished starting', async () => {
      // An empty file is an empty database to SQLite.
      const file = path.join(await tempDir(), 'dashboard.sqlite');
      writeFileSync(file, '');
      const child = fork(CHECKPOINT_PROGRAM, [], {
        execPath: process.execPath,
        execArgv: [],
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        env: { PTD_SQLITE_FILE: file, PTD_CHECKPOINT_EVERY_MS: '1000' },
      });
      // What an app killed right after starting it leaves: a closed channel, nothing said.
      child.disconnect();
      const exited = await Promise.race([
        once(child, 'exit'),
        new Promise((resolve) => setTimeout(() => resolve('still running'), 15_000)),
      ]);
      if (exited === 'still running') child.kill('SIGKILL');
      expect(exited).toEqual([0, null]);
    }, 20_000);

    it('should have SQLite checkpoint during commits again, with a warning, when the process dies', async () => {
      const dataDir = await tempDir();
      const warnings: string[] = [];
      const before = new Set(checkpointProcesses());
      const db = await openDatabase({
        dataDir,
        checkpointEveryMs: 60_000,
        warn: (message) => warnings.push(message),
      });
      const file = path.join(dataDir, 'dashboard.sqlite');
      try {
        await expect.poll(() => autocheckpoint(db), PROCESS_WAIT).toBe(0);
        const [pid] = checkpointProcesses().filter((p) => !before.has(p));
        process.kill(pid as number, 'SIGKILL');
        await expect.poll(() => autocheckpoint(db), PROCESS_WAIT).toBe(1000);
        expect(warnings).toEqual([
          'the checkpoint process exited (SIGKILL); SQLite checkpoints during commits again',
        ]);
        const sizeBefore = await size(file);
        await writeSixMegabytes(db, 'b');
        // The commit crossed 1000 pages and checkpointed by itself.
        expect(await size(file)).toBeGreaterThan(sizeBefore + 4_000_000);
      } finally {
        await db.destroy();
      }
    });
  },
);
