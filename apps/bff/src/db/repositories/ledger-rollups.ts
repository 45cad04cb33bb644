import { sql, type Kysely, type QueryCreator } from 'kysely';
import { byText } from '../../lib/order.ts';
import type { Database, LedgerTable, RollupKind } from '../schema.ts';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** The live chart looks back hours; minute rows older than this are only in `ledger_hourly`. */
export const MINUTE_ROLLUP_KEEP_MS = 2 * 86_400_000;

interface Counted {
  kind: LedgerTable['kind'];
  policy_id?: string | null;
  batch_id?: string | null;
  created_at: number;
}

export interface RollupRow {
  kind: RollupKind;
  policy_id: string;
  tokens: number;
}

/** Staff tokens minted in a batch ("Create in bulk") are counted as bulk. */
export const rollupKind = (row: Counted): RollupKind => (row.batch_id ? 'bulk' : row.kind);

/**
 * The counts a set of ledger rows adds (`delta` 1) or takes away (-1), one row per bucket, kind
 * and policy: an upsert may change a row only once per statement.
 */
export function rollupRows(rows: Counted[], delta: 1 | -1) {
  const hourly = new Map<string, RollupRow & { hour: number }>();
  const minute = new Map<string, RollupRow & { minute: number }>();
  for (const row of rows) {
    const createdAt = Number(row.created_at);
    const kind = rollupKind(row);
    const policy = row.policy_id ?? '';
    const hour = createdAt - (createdAt % HOUR_MS);
    const hourKey = `${hour}\u0000${kind}\u0000${policy}`;
    const seen = hourly.get(hourKey);
    if (seen) seen.tokens += delta;
    else hourly.set(hourKey, { hour, kind, policy_id: policy, tokens: delta });
    if (kind !== 'viewer') continue;
    const at = createdAt - (createdAt % MINUTE_MS);
    const minuteKey = `${at}\u0000${policy}`;
    const counted = minute.get(minuteKey);
    if (counted) counted.tokens += delta;
    else minute.set(minuteKey, { minute: at, kind, policy_id: policy, tokens: delta });
  }
  // In one order whatever the rows' order: two transactions that update the same count rows
  // lock them in the same order, so neither waits for a row the other holds while holding one
  // it needs (a deadlock; replicas and parallel batches write the same counts at once).
  return {
    hourly: [...hourly.values()].sort((a, b) => a.hour - b.hour || byKindAndPolicy(a, b)),
    minute: [...minute.values()].sort((a, b) => a.minute - b.minute || byKindAndPolicy(a, b)),
  };
}

const byKindAndPolicy = (a: RollupRow, b: RollupRow) =>
  byText(a.kind, b.kind) || byText(a.policy_id, b.policy_id);

/** The upsert of hourly counts (a plain batch on PostgreSQL has its own: ledger-insert-postgres.ts). */
const upsertHourly = (db: QueryCreator<Database>, rows: Array<RollupRow & { hour: number }>) =>
  db
    .insertInto('ledger_hourly')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['hour', 'kind', 'policy_id'])
        .doUpdateSet({ tokens: sql`ledger_hourly.tokens + excluded.tokens` }),
    );

const upsertMinute = (db: QueryCreator<Database>, rows: Array<RollupRow & { minute: number }>) =>
  db
    .insertInto('ledger_minute')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['minute', 'kind', 'policy_id'])
        .doUpdateSet({ tokens: sql`ledger_minute.tokens + excluded.tokens` }),
    );

/**
 * Keeps `ledger_hourly` and `ledger_minute` (migration 017) in step with the ledger, inside the
 * transaction that writes or discards the rows: the counts never say more or less than the
 * ledger holds (retention aside, which removes rows but not their issue).
 */
export async function countInRollups(trx: Kysely<Database>, rows: Counted[], delta: 1 | -1) {
  const { hourly, minute } = rollupRows(rows, delta);
  if (hourly.length > 0) await upsertHourly(trx, hourly).execute();
  if (minute.length > 0) await upsertMinute(trx, minute).execute();
}

/** Drops minute counts past the live chart's reach (retention's hourly run). */
export async function pruneMinuteRollup(trx: Kysely<Database>, nowMs: number) {
  await trx
    .deleteFrom('ledger_minute')
    .where('minute', '<', nowMs - MINUTE_ROLLUP_KEEP_MS)
    .execute();
}
