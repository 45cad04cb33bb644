import SQLite from 'better-sqlite3';
import { chmodSync, closeSync, openSync } from 'node:fs';
import path from 'node:path';
import {
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  sql,
  type PostgresPool,
  type PostgresPoolClient,
  type SqliteDatabase,
} from 'kysely';
import pg from 'pg';
import { ensureDataDir } from '../lib/keys.ts';
import { startCheckpointer, type Checkpointer } from './checkpointer.ts';
import { onPostgres } from './dialect.ts';
import {
  isDatabaseUnavailable,
  NO_ANSWER_MESSAGE,
  NO_FREE_CONNECTION_MESSAGE,
} from './unavailable.ts';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';

export interface DbOptions {
  dataDir: string;
  /** `postgres://...`; SQLite in the data dir when absent. */
  databaseUrl?: string | undefined;
  /** PostgreSQL: the schema that holds every table of the dashboard, migrations' included. */
  schema?: string;
  /**
   * PostgreSQL: how long a query waits for a connection (a free one of the pool, or a new one
   * opened and signed in) before it fails as "database unavailable"; 5 s.
   */
  connectTimeoutMs?: number;
  /**
   * PostgreSQL: how long a statement sent on an open connection waits for the server's answer
   * before it fails as "database unavailable" and the connection is closed; 10 s. Migrations
   * and the start-up lock wait without a bound.
   */
  queryTimeoutMs?: number;
  /** Something worth an operator's attention that does not stop the app. */
  warn?: (message: string) => void;
  /** SQLite: how often the checkpoint process runs (see `startCheckpoints`); 1 s. */
  checkpointEveryMs?: number;
}

const INT8_OID = 20;

function sqlite(dataDir: string) {
  const file = path.join(dataDir, 'dashboard.sqlite');
  // Create the file ourselves first so it is never readable by others, even for a moment.
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  const database = new SQLite(file);
  // exec, not pragma(): pragma() leaves a prepared statement for the garbage collector, and
  // better-sqlite3 12 on Node 24 can abort when it finalizes one outside a JS context.
  database.exec('PRAGMA journal_mode = WAL');
  database.exec('PRAGMA busy_timeout = 5000');
  database.exec('PRAGMA synchronous = NORMAL');
  // One connection serves every request: let it keep 64 MiB of pages (default 2 MiB), so the
  // overview's filters and counts at 100,000+ rows read memory, not the file.
  database.exec('PRAGMA cache_size = -65536');
  database.exec('PRAGMA temp_store = MEMORY');
  const dialect = new SqliteDialect({ database: withStatementCache(database) });

  let checkpointer: Checkpointer | undefined;
  /**
   * After the migrations. In WAL mode SQLite copies the WAL into the database file (and syncs
   * it twice) every 1000 pages, inside whichever commit crossed the line: that request waited
   * for it (p99 at one connection 21 ms instead of 6), every request in flight waited with it,
   * and under load a page rewritten many times was copied many times. Instead, a process of
   * its own checkpoints on a timer (see checkpointer.ts) and this connection only appends to
   * the WAL. Until that process is ready, or if it fails, SQLite's own checkpoints do the work,
   * so the WAL stays bounded.
   */
  const startCheckpoints = (warn: (message: string) => void, everyMs: number) => {
    checkpointer = startCheckpointer({
      file,
      everyMs,
      onReady: () => {
        if (database.open) database.exec('PRAGMA wal_autocheckpoint = 0');
      },
      onFailure: (reason) => {
        if (!database.open) return;
        database.exec('PRAGMA wal_autocheckpoint = 1000');
        warn(`${reason}; SQLite checkpoints during commits again`);
      },
    });
  };
  /** Before closing: the last connection to close checkpoints and removes the WAL. */
  const stopCheckpoints = () => checkpointer?.stop();
  return { dialect, startCheckpoints, stopCheckpoints };
}

/** Distinct SQL texts kept prepared (the app issues a few dozen; `in (?, ?, …)` adds some). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver calls `prepare()` for every query, and SQLite parses and plans the
 * statement each time: about 7% of the BFF's CPU when creating tokens (profile of `pnpm
 * bench`). Keep prepared statements by SQL text instead. Safe because Kysely runs one query at
 * a time on the single connection; a changed schema makes SQLite re-prepare by itself.
 */
function withStatementCache(database: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        statement = database.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

export const DEFAULT_SCHEMA = 'public';

/** PostgreSQL's connection wait when not configured (DATABASE_CONNECT_TIMEOUT_MS' default). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/** PostgreSQL's wait for a statement's answer when not configured (DATABASE_QUERY_TIMEOUT_MS). */
export const DEFAULT_QUERY_TIMEOUT_MS = 10_000;

/**
 * How long the server keeps a transaction that waits for its next statement: one whose
 * connection was given up on (a statement without an answer, above) while the network dropped
 * every packet is rolled back then, and its row locks freed, instead of when the server's own
 * TCP gives up on the connection (hours). The BFF sends a transaction's statements back to back.
 */
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

/**
 * How much longer than DATABASE_QUERY_TIMEOUT_MS the server lets a bounded statement run
 * (`statement_timeout`). The client gives up first and closes the connection, but the server
 * does not notice that while the statement waits (on a row or table lock another connection
 * holds, say): without its own bound the statement would hold its locks and its place in the
 * lock queue until it got what it waited for, then run for nobody.
 */
const SERVER_STATEMENT_MARGIN_MS = 1_000;

/** The server's `statement_timeout` for statements bounded by `queryTimeoutMs`. */
export const serverStatementTimeoutMs = (queryTimeoutMs: number) =>
  queryTimeoutMs + SERVER_STATEMENT_MARGIN_MS;

/** Each connection's `statement_timeout` as last set (0: none), for `boundedPool`. */
const statementTimeouts = new WeakMap<pg.PoolClient, number>();

/**
 * What a pool's connections wait for (both of its `boundedPool`s): those with a statement sent
 * and not answered yet, and when the server last answered one of them. A statement that found
 * no free connection tells a busy database from a silent one by them.
 */
interface PoolWaits {
  unanswered: Set<pg.PoolClient>;
  lastAnswerAt: number;
}
const poolWaits = new WeakMap<pg.Pool, PoolWaits>();
function waitsOf(pool: pg.Pool): PoolWaits {
  let waits = poolWaits.get(pool);
  if (!waits) poolWaits.set(pool, (waits = { unanswered: new Set(), lastAnswerAt: 0 }));
  return waits;
}

/**
 * The pool as Kysely sees it, with every statement bounded by `timeoutMs` (none when
 * undefined). A statement without an answer by then fails, and its connection is never used
 * again: later statements on it (a transaction's rollback) fail at once, and it goes back to the
 * pool as broken, which closes it. Without this the statement waits until the operating system
 * gives up on the connection, 11–15 minutes when the server's host is gone, and pg would hand
 * the connection out again with the unanswered statement still ahead of the next one's.
 *
 * The server bounds the same statements (`serverTimeoutMs`, its `statement_timeout`), and none
 * of the unbounded ones: both pools share the connections, so a connection is set to its
 * pool's value when it is handed out with the other's (once per switch, outside any
 * transaction: only migrations and the start-up lock use the unbounded pool, at start).
 */
function boundedPool(
  pool: pg.Pool,
  timeoutMs: number | undefined,
  serverTimeoutMs: number,
  end: () => Promise<void>,
): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const waits = waitsOf(pool);
  const bounded = (client: pg.PoolClient): PostgresPoolClient => {
    let broken: Error | undefined;
    const query = async (text: string, values: unknown[]) => {
      if (broken) throw broken;
      waits.unanswered.add(client);
      try {
        // A per-statement query_timeout (pg ≥ 8.12), not in @types/pg's QueryConfig.
        const result = await client.query({
          text,
          values,
          query_timeout: timeoutMs,
        } as pg.QueryConfig);
        waits.lastAnswerAt = Date.now();
        return result;
      } catch (error) {
        // A statement the server refused was answered too; a lost connection was not.
        if (!isDatabaseUnavailable(error)) waits.lastAnswerAt = Date.now();
        // pg's own words for its query_timeout.
        if (
          timeoutMs === undefined ||
          (error as Error | undefined)?.message !== 'Query read timeout'
        ) {
          throw error;
        }
        broken = new Error(
          `${NO_ANSWER_MESSAGE} ${timeoutMs} ms (DATABASE_QUERY_TIMEOUT_MS); its connection is closed`,
          { cause: error },
        );
        throw broken;
      } finally {
        waits.unanswered.delete(client);
      }
    };
    return {
      // Kysely streams through a cursor only when given one, which the BFF does not.
      query: ((text: string, values: readonly unknown[]) =>
        query(text, values as unknown[])) as unknown as PostgresPoolClient['query'],
      // pg-pool closes a client released with an error rather than keeping it.
      release: () => client.release(broken),
    };
  };
  return {
    async connect() {
      let client: pg.PoolClient;
      const waitStarted = Date.now();
      try {
        client = await pool.connect();
      } catch (error) {
        // pg-pool's words for a wait in its queue, every connection being in use: not the
        // server failing to answer (a connection it could not open ends "Connection terminated").
        if ((error as Error | undefined)?.message !== 'timeout exceeded when trying to connect') {
          throw error;
        }
        // Every connection waits for the answer to a statement, and the server answered none
        // for as long as this one waited: not load but a silent database (its host gone, the
        // network dropping packets), whose statements would only fail at their own bound.
        // Under load the server goes on answering, and connections held between statements
        // (a transaction's code) are no sign of silence.
        if (
          waits.unanswered.size >= (pool.options.max ?? Infinity) &&
          waits.lastAnswerAt < waitStarted
        ) {
          throw new Error(
            `${NO_ANSWER_MESSAGE} ${pool.options.connectionTimeoutMillis} ms (DATABASE_CONNECT_TIMEOUT_MS) on any of this process's ${pool.options.max} connections, each waiting for the answer to a statement`,
            { cause: error },
          );
        }
        throw new Error(
          `${NO_FREE_CONNECTION_MESSAGE} ${pool.options.connectionTimeoutMillis} ms (DATABASE_CONNECT_TIMEOUT_MS): all ${pool.options.max} of this process's connections were in use`,
          { cause: error },
        );
      }
      let wrapped = clients.get(client);
      if (!wrapped) clients.set(client, (wrapped = bounded(client)));
      if (statementTimeouts.get(client) !== serverTimeoutMs) {
        try {
          await wrapped.query(`set statement_timeout = ${serverTimeoutMs}`, []);
        } catch (error) {
          wrapped.release();
          throw error;
        }
      }
      statementTimeouts.set(client, serverTimeoutMs);
      return wrapped;
    },
    end,
  };
}

function postgres(
  connectionString: string,
  schema: string,
  connectTimeoutMs: number,
  queryTimeoutMs: number,
  warn: (message: string) => void,
) {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    // Without a bound, a query waits for ever for a connection to an address that takes the
    // connection but never answers (a failover that moved the name to a host not serving yet,
    // a black-holing firewall), and every request behind it with it: it fails instead, as an
    // unavailable database (503 with Retry-After), and the next one tries again.
    connectionTimeoutMillis: connectTimeoutMs,
    // A server that vanished without a word (a host gone, a network cut) is found on idle
    // connections by TCP keep-alive, instead of the first query on them waiting for it.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    // Keep-alive does not help a statement already sent (the operating system retransmits it
    // for minutes, or a middlebox answers for the lost host): each statement has its own bound
    // (`boundedPool`), and the server ends a transaction left waiting by one it gave up on.
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    // Every connection starts with the bounded statements' server-side bound (`boundedPool`).
    statement_timeout: serverStatementTimeoutMs(queryTimeoutMs),
    // Our tables live in one named schema, whatever the server's default search_path says
    // (a schema named after the user would otherwise win, and another application's tables
    // could answer for ours).
    options: `-c search_path=${pg.escapeIdentifier(schema)}`,
    // bigint columns hold epoch times well inside 2^53: read them as numbers, not strings.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server ends (a restart, a failover, an administrator) is reported
  // on the pool; with no listener that is an uncaught exception that ends the BFF. The pool has
  // already dropped the connection and opens a new one when it is needed.
  pool.on('error', () => warn('a database connection was lost; it is replaced'));
  // pg-pool's end() resolves once it has asked each connection to close, not once they have:
  // keep count, so that closing the database waits for the last one (a test then drops its
  // database without a connection still going away).
  const open = new Set<pg.PoolClient>();
  pool.on('connect', (client) => {
    open.add(client);
    statementTimeouts.set(client, serverStatementTimeoutMs(queryTimeoutMs));
    client.once('end', () => open.delete(client));
    // A connection in use when the server ends it (a restart, a failover) reports that on the
    // client too, and the pool listens only while the client is idle: without a listener of its
    // own that is an uncaught exception that ends the BFF. The query in flight fails by itself,
    // and the pool drops the connection when it comes back.
    client.on('error', () => {});
  });
  // Once, whichever of the two dialects (or `openDatabase`'s destroy) asks first.
  let ending: Promise<void> | undefined;
  const end = () => (ending ??= pool.end());
  const closed = async () => {
    const deadline = Date.now() + 2000;
    while (open.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  return {
    dialect: new PostgresDialect({
      pool: boundedPool(pool, queryTimeoutMs, serverStatementTimeoutMs(queryTimeoutMs), end),
    }),
    // Migrations (an index built over the ledger) and the start-up lock (held while another
    // replica migrates) may take minutes on a server that answers: no bound for them.
    unbounded: new PostgresDialect({ pool: boundedPool(pool, undefined, 0, end) }),
    end,
    closed,
  };
}

/** The same pool without the statement bound, for migrations and the start-up lock. */
const unboundedTwin = new WeakMap<Kysely<Database>, Kysely<Database>>();

/** Any number, the same in every replica: the key of the start-up advisory lock. */
const STARTUP_LOCK = 7_212_604_031;

/**
 * Runs `work` while no other replica runs its own start-up work on the same PostgreSQL
 * database: replicas started together would otherwise race to create the migration tables, the
 * first admin or a re-sealed secret (a session-level advisory lock, held on a connection of its
 * own while `work` uses the pool). SQLite serves one process, so there `work` simply runs.
 */
export async function withStartupLock<T>(db: Kysely<Database>, work: () => Promise<T>) {
  if (!onPostgres(db)) return work();
  return (unboundedTwin.get(db) ?? db).connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${STARTUP_LOCK})`.execute(connection);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${STARTUP_LOCK})`.execute(connection);
    }
  });
}

/** Opens the database for the configured dialect and brings its schema up to date. */
export async function openDatabase(options: DbOptions): Promise<Kysely<Database>> {
  if (!options.databaseUrl) await ensureDataDir(options.dataDir);
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const lite = options.databaseUrl ? undefined : sqlite(options.dataDir);
  const remote = lite
    ? undefined
    : postgres(
        options.databaseUrl as string,
        schema,
        options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
        options.warn ?? (() => {}),
      );
  const dialect = lite ? lite.dialect : (remote as NonNullable<typeof remote>).dialect;
  const db = new Kysely<Database>({ dialect });
  if (remote) {
    // Shares the pool: destroying `db` ends it for both.
    unboundedTwin.set(db, new Kysely<Database>({ dialect: remote.unbounded }));
    const destroy = db.destroy.bind(db);
    db.destroy = async () => {
      await destroy();
      // Kysely ends a pool only through a dialect that has handed out a connection: a database
      // closed before its first query (the migrations went through the twin) kept its
      // connections open until the server or the process ended them.
      await remote.end();
      await remote.closed();
    };
  }
  if (lite) {
    // The checkpoint process goes first, so that this connection is the last one to close.
    const destroy = db.destroy.bind(db);
    db.destroy = async () => {
      await lite.stopCheckpoints();
      await destroy();
    };
  }
  const migrating = unboundedTwin.get(db) ?? db;
  const { error } = await withStartupLock(db, async () => {
    if (!lite) await sql`create schema if not exists ${sql.id(schema)}`.execute(migrating);
    return new Migrator({
      db: migrating,
      provider: migrationProvider,
      // Named, so that migration tables of another application in another schema of the same
      // database are never taken for ours.
      ...(lite ? {} : { migrationTableSchema: schema }),
      // Numbers are handed out per branch, so one may land after a higher one has run (009
      // after 011); each migration stands alone, so running it late is safe.
      allowUnorderedMigrations: true,
    }).migrateToLatest();
  });
  if (error) {
    await db.destroy();
    throw new Error('Database migration failed', { cause: error });
  }
  lite?.startCheckpoints(options.warn ?? (() => {}), options.checkpointEveryMs ?? 1000);
  return db;
}
