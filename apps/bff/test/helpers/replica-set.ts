import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBffProcess, type BffProcess } from './bff-process.ts';
import { dropTestDatabase, testDatabaseUrl } from './database.ts';
import { startEmulatorProcess, type EmulatorProcess } from './emulator-process.ts';

export interface ReplicaSet {
  emulator: EmulatorProcess;
  replicas: BffProcess[];
  /** Names the shared test database (bareTestDb(databaseDir) opens it). */
  databaseDir: string;
  /**
   * Stops replica `index` with SIGTERM and, once it has exited, starts it again on the same
   * address and data directory, as an orchestrator's restart does. Resolves when it listens
   * again; `replicas[index]` is then the new process. Its exit code goes to `exits`.
   */
  restart(index: number): Promise<void>;
  /** The exit codes of the processes `restart` stopped, in order. */
  exits: (number | null)[];
  close(): Promise<void>;
}

const key = () => randomBytes(32).toString('base64');

/**
 * `count` BFF processes as replicas are deployed: each its own DATA_DIR, all on one
 * PostgreSQL database with the same SESSION_KEYS and LEDGER_KEY, started together, in
 * remote mode against one emulator process.
 */
export async function startReplicaSet(
  count: number,
  env: Record<string, string> = {},
  emulatorEnv: Record<string, string> = {},
): Promise<ReplicaSet> {
  const databaseDir = await mkdtemp(path.join(tmpdir(), 'ptd-replica-set-'));
  const databaseUrl = await testDatabaseUrl(databaseDir);
  if (!databaseUrl) throw new Error('replicas share a PostgreSQL database: run on bff-pg');
  const emulator = await startEmulatorProcess(emulatorEnv);
  const dataDirs = await Promise.all(
    Array.from({ length: count }, (_, i) => mkdtemp(path.join(tmpdir(), `ptd-replica-${i}-`))),
  );
  const shared = { DATABASE_URL: databaseUrl, SESSION_KEYS: key(), LEDGER_KEY: key(), ...env };
  const started = await Promise.allSettled(
    dataDirs.map((dataDir) => startBffProcess({ upstreamUrl: emulator.url, dataDir, env: shared })),
  );
  const replicas = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const close = async () => {
    await Promise.all(replicas.map((r) => r.kill('SIGTERM')));
    await emulator.close();
    // startBffProcess made each data directory a database of its own too (unused here).
    for (const dir of dataDirs) {
      await rm(dir, { recursive: true, force: true });
      await dropTestDatabase(dir);
    }
    await rm(databaseDir, { recursive: true, force: true });
    await dropTestDatabase(databaseDir);
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  const exits: (number | null)[] = [];
  const restart = async (index: number) => {
    const replica = replicas[index];
    const dataDir = dataDirs[index];
    if (!replica || !dataDir) throw new Error(`no replica ${index}`);
    await replica.kill('SIGTERM');
    exits.push(replica.child.exitCode);
    const { port } = new URL(replica.url);
    replicas[index] = await startBffProcess({
      upstreamUrl: emulator.url,
      dataDir,
      env: { ...shared, PORT: port },
    });
  };
  return { emulator, replicas, databaseDir, restart, exits, close };
}
