import SQLite from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  LEDGER_COLUMNS,
  SEED_STAFF,
  SeedTerms,
  ledgerRows,
  type SeedResult,
} from './seed-ledger.ts';

const TABLES = ['ledger', 'ledger_target', 'ledger_term'];
const CHUNK = 50_000;

/**
 * Inserts `rows` ledger rows (with their ledger_target rows and the text filters' dictionary)
 * straight into the BFF's SQLite database. The secondary indexes are dropped first and built
 * again at the end (one sorted build each instead of a million random inserts); commits come
 * every 50,000 rows, so the BFF's checkpoints keep the write-ahead log small.
 */
export function seedLedger(dataDir: string, rows = 100_000, nowMs = Date.now()): SeedResult {
  const started = performance.now();
  const db = new SQLite(join(dataDir, 'dashboard.sqlite'));
  // The BFF's checkpoint copies a large write-ahead log into the database holding the write
  // lock; on a loaded machine that can take longer than a request would ever wait.
  db.exec('PRAGMA busy_timeout = 120000');
  db.exec('PRAGMA cache_size = -1048576');
  db.exec('PRAGMA synchronous = OFF');
  db.exec('PRAGMA temp_store = MEMORY');

  const staffIds = (db.prepare('select id from staff').all() as { id: string }[]).map((s) => s.id);
  const insertStaff = db.prepare(
    `insert into staff (id, email, display_name, password_hash, role, disabled, created_at)
     values (?, ?, ?, 'not-a-hash', ?, 0, ?)`,
  );
  for (const staff of SEED_STAFF) {
    const id = randomUUID();
    insertStaff.run(id, staff.email, staff.displayName, staff.role, nowMs - 400 * 86_400_000);
    staffIds.push(id);
  }

  const indexes = db
    .prepare(
      `select name, sql from sqlite_master where type = 'index' and sql is not null
         and tbl_name in (${TABLES.map(() => '?').join(', ')})`,
    )
    .all(...TABLES) as Array<{ name: string; sql: string }>;
  for (const index of indexes) db.exec(`drop index "${index.name}"`);

  const insertLedger = db.prepare(
    `insert into ledger (${LEDGER_COLUMNS.join(', ')})
     values (${LEDGER_COLUMNS.map(() => '?').join(', ')})`,
  );
  const insertTarget = db.prepare(
    'insert into ledger_target (ledger_id, value, created_at) values (?, ?, ?)',
  );
  const terms = new SeedTerms();
  let targets = 0;
  let batch: ReturnType<typeof ledgerRows> extends Iterable<infer T> ? T[] : never = [];
  const flush = db.transaction(() => {
    for (const { row, targets: values } of batch) {
      insertLedger.run(...LEDGER_COLUMNS.map((column) => row[column] ?? null));
      for (const value of values) insertTarget.run(row.id, value, row.created_at);
      targets += values.length;
    }
  });
  for (const seeded of ledgerRows(rows, nowMs, staffIds)) {
    terms.add(seeded);
    batch.push(seeded);
    if (batch.length === CHUNK) {
      flush();
      batch = [];
    }
  }
  flush();

  const insertTerm = db.prepare(
    `insert into ledger_term (field, value, value_lc, seen_at) values (?, ?, ?, ?)
     on conflict (field, value) do update set seen_at = max(seen_at, excluded.seen_at)`,
  );
  db.transaction(() => {
    for (const term of terms.terms.values()) {
      insertTerm.run(term.field, term.value, term.value.toLowerCase(), term.seenAt);
    }
  })();
  for (const index of indexes) db.exec(index.sql);
  db.close();
  return { rows, targets, ms: performance.now() - started, staffIds };
}
