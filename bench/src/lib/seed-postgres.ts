import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  LEDGER_COLUMNS,
  SEED_STAFF,
  SeedTerms,
  ledgerRows,
  type SeedResult,
  type SeedRow,
} from './seed-ledger.ts';

const TABLES = ['ledger', 'ledger_target', 'ledger_term'];
const BATCH = 5_000;
const TYPES: Record<string, string> = {
  issued_at: 'int8',
  not_before: 'int8',
  expires_at: 'int8',
  created_at: 'int8',
  revoked_at: 'int8',
  revocable: 'int4',
  force_disconnect: 'int4',
};

/**
 * The same rows as the SQLite seed, into the BFF's PostgreSQL schema: secondary indexes dropped,
 * rows sent 5,000 at a time as arrays (`unnest`), indexes built again, then VACUUM ANALYZE (as
 * autovacuum would soon after such a load: statistics, and the visibility map that lets an
 * index answer alone).
 */
export async function seedLedgerPostgres(
  url: string,
  schema: string,
  rows = 100_000,
  nowMs = Date.now(),
): Promise<SeedResult> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    await client.query(`set maintenance_work_mem = '256MB'`);
    const staffIds = (await client.query<{ id: string }>('select id from staff')).rows.map(
      (s) => s.id,
    );
    for (const staff of SEED_STAFF) {
      const id = randomUUID();
      await client.query(
        `insert into staff (id, email, display_name, password_hash, role, disabled, created_at)
         values ($1, $2, $3, 'not-a-hash', $4, 0, $5)`,
        [id, staff.email, staff.displayName, staff.role, nowMs - 400 * 86_400_000],
      );
      staffIds.push(id);
    }
    const { rows: indexes } = await client.query<{ name: string; sql: string }>(
      `select indexname as name, indexdef as sql from pg_indexes
        where schemaname = $1 and tablename = any($2)
          and indexname not in (select conname from pg_constraint)`,
      [schema, TABLES],
    );
    for (const index of indexes) await client.query(`drop index "${index.name}"`);

    const terms = new SeedTerms();
    let targets = 0;
    let batch: SeedRow[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const columns = LEDGER_COLUMNS.map((column) => batch.map(({ row }) => row[column] ?? null));
      await client.query(
        `insert into ledger (${LEDGER_COLUMNS.join(', ')}) select * from unnest(${LEDGER_COLUMNS.map(
          (column, i) => `$${i + 1}::${TYPES[column] ?? 'text'}[]`,
        ).join(', ')})`,
        columns,
      );
      const pairs = batch.flatMap(({ row, targets: values }) =>
        values.map((value) => [row.id, value, row.created_at] as const),
      );
      await client.query(
        `insert into ledger_target (ledger_id, value, created_at)
         select * from unnest($1::text[], $2::text[], $3::int8[])`,
        [pairs.map((p) => p[0]), pairs.map((p) => p[1]), pairs.map((p) => p[2])],
      );
      targets += pairs.length;
      batch = [];
    };
    for (const seeded of ledgerRows(rows, nowMs, staffIds)) {
      terms.add(seeded);
      batch.push(seeded);
      if (batch.length === BATCH) await flush();
    }
    await flush();
    const all = [...terms.terms.values()];
    for (let i = 0; i < all.length; i += BATCH) {
      const part = all.slice(i, i + BATCH);
      await client.query(
        `insert into ledger_term (field, value, value_lc, seen_at)
         select * from unnest($1::text[], $2::text[], $3::text[], $4::int8[])
         on conflict (field, value) do update
           set seen_at = greatest(ledger_term.seen_at, excluded.seen_at)`,
        [
          part.map((t) => t.field),
          part.map((t) => t.value),
          part.map((t) => t.value.toLowerCase()),
          part.map((t) => t.seenAt),
        ],
      );
    }
    for (const index of indexes) await client.query(index.sql);
    await client.query('vacuum analyze');
    return { rows, targets, ms: performance.now() - started, staffIds };
  } finally {
    await client.end();
  }
}
