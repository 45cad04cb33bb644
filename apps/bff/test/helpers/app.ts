import type { FastifyInstance } from 'fastify';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { removeDir } from './data-dirs.ts';
import { testDatabaseUrl } from './database.ts';
import { CREDENTIALS } from './upstream.ts';

export const ADMIN = { email: 'admin@example.com', password: 'admin password 123' };
export const PASSWORD = 'staff password 123';

export interface TestClock {
  now(): number;
  advance(ms: number): void;
  set(ms: number): void;
}

/** Real time plus an offset the test moves: the emulator keeps real time meanwhile. */
export function testClock(): TestClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
    set: (ms) => {
      offset = ms - Date.now();
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  dataDir: string;
  clock: TestClock;
  /** Every log line the app wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  /** The raw log text, for leak scans. */
  rawLogs: () => string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Emulator URL (both token service and bintu) unless overridden in env. */
  upstreamUrl?: string;
  env?: Record<string, string | undefined>;
  dataDir?: string;
  /** Keep the data dir on close (to reopen it with another app). */
  keepDataDir?: boolean;
  clock?: TestClock;
  /** PostgreSQL: a new database with no schema, which the app migrates (see testDatabaseUrl). */
  blankDatabase?: boolean;
  /** argon2 at its real cost (19 MiB) instead of the suite's cheap one. */
  passwordHashCost?: Config['passwordHashCost'];
}

/** A BFF on a fresh temp DATA_DIR, in remote mode against `upstreamUrl`, with a fake clock. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'bff-test-')));
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    // The audit trail's lines come a second after what they record: tests that read the log
    // line by line would see them at random. Their own tests turn them on.
    AUDIT_LOG_LINES: 'false',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SIGN_IN_RATE_PER_MINUTE: '1000',
    SIGN_IN_FREE_FAILURES_PER_ACCOUNT_AND_ADDRESS: '1000',
    SIGN_IN_FREE_FAILURES_PER_ADDRESS: '1000',
    SIGN_IN_FREE_FAILURES_PER_ACCOUNT: '1000',
    TOKEN_CREATE_RATE_PER_MINUTE: '1000',
    PLAYBACK_TOKEN_RATE_PER_IP_PER_MINUTE: '1000',
    // The bff-pg project runs every test on PostgreSQL: a database per data directory.
    DATABASE_URL: await testDatabaseUrl(dataDir, { blank: options.blankDatabase }),
    ...(options.upstreamUrl
      ? {
          NANOSTREAM_TOKEN_API_URL: options.upstreamUrl,
          NANOSTREAM_BINTU_API_URL: options.upstreamUrl,
          NANOSTREAM_BINTU_TOKEN: CREDENTIALS.demoEvents.adminToken,
        }
      : {}),
    ...options.env,
  };
  const config: Config = {
    ...loadConfig(env),
    passwordHashCost: options.passwordHashCost ?? 'test',
  };
  const clock = options.clock ?? testClock();
  const lines: string[] = [];
  const app = await buildApp(config, {
    now: clock.now,
    logStream: { write: (line: string) => void lines.push(line) },
  });
  return {
    app,
    config,
    dataDir,
    clock,
    get logs() {
      return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    rawLogs: () => lines.join(''),
    close: async () => {
      await app.close();
      if (!options.keepDataDir) await removeDir(dataDir);
    },
  };
}
