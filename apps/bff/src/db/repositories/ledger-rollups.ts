import type { Transaction } from 'kysely';
import type { Database, LedgerTable } from '../schema.ts';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** The live chart looks back hours; minute rows older than this are only in `ledger_hourly`. */
export const MINUTE_ROLLUP_KEEP_MS = 2 * 86_400_000;

interface Counted {
  kind: LedgerTable['kind'];
  policy_id?: string | null;
  created_at: number;
}

/**
 * Keeps `ledger_hourly` and `ledger_minute` (migration 017) in step with the ledger, inside the
 * transaction that writes or discards the row: the counts never say more or less than the
 * ledger holds (retention aside, which removes rows but not their issue).
 */
export async function countInRollups(trx: Transaction<Database>, row: Counted, delta: 1 | -1) {
  const createdAt = Number(row.created_at);
  const key = { kind: row.kind, policy_id: row.policy_id ?? '', tokens: delta };
  await trx
    .insertInto('ledger_hourly')
    .values({ hour: createdAt - (createdAt % HOUR_MS), ...key })
    .onConflict((oc) =>
      oc
        .columns(['hour', 'kind', 'policy_id'])
        .doUpdateSet((eb) => ({ tokens: eb('ledger_hourly.tokens', '+', delta) })),
    )
    .execute();
  if (row.kind !== 'viewer') return;
  await trx
    .insertInto('ledger_minute')
    .values({ minute: createdAt - (createdAt % MINUTE_MS), ...key })
    .onConflict((oc) =>
      oc
        .columns(['minute', 'kind', 'policy_id'])
        .doUpdateSet((eb) => ({ tokens: eb('ledger_minute.tokens', '+', delta) })),
    )
    .execute();
}

/** Drops minute counts past the live chart's reach (retention's hourly run). */
export async function pruneMinuteRollup(trx: Transaction<Database>, nowMs: number) {
  await trx
    .deleteFrom('ledger_minute')
    .where('minute', '<', nowMs - MINUTE_ROLLUP_KEEP_MS)
    .execute();
}
