import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { AuditTable, Database, LedgerState, LedgerTable } from '../schema.ts';
import type { MergedWrite, WriteQueue } from '../write-queue.ts';
import { countInRollups } from './ledger-rollups.ts';

/**
 * A state as a literal in the SQL text, not a parameter: the partial indexes of migration 006
 * name the value, and PostgreSQL's generic plan of a prepared statement cannot prove that a
 * parameter equals it (SQLite matches either).
 */
export const inState = (state: LedgerState) => sql.lit<LedgerState>(state);

/** What the token service's answer adds to an attempt (jti, claims, real times, sealed token). */
export type Completion = Updateable<LedgerTable>;

export interface AbandonedAttempt {
  id: string;
  kind: 'staff' | 'viewer';
  target: string;
  policy_id: string | null;
  created_by: string | null;
}

/**
 * Every change of state is conditional (`where state = 'issuing'`), so that of two replicas, or
 * of a late answer and the sweeper, exactly one wins, and each audit entry is written in the
 * same transaction as the change it reports, only by the winner.
 */
export class LedgerAttempts {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly writes: WriteQueue,
  ) {}

  /** The answer arrived: the token is recorded, with its audit entry; false if already swept. */
  complete(id: string, completion: Completion, audit?: Insertable<AuditTable>) {
    return this.writes.runMerged(completeAll, { id, completion, audit });
  }

  /** The token service said it minted nothing: the attempt leaves no row. */
  discard(id: string) {
    return this.writes.run(async (trx) => {
      const deleted = await trx
        .deleteFrom('ledger')
        .where('id', '=', id)
        .where('state', '=', inState('issuing'))
        .returning(['kind', 'policy_id', 'batch_id', 'created_at'])
        .executeTakeFirst();
      if (!deleted) return false;
      await countInRollups(trx, [deleted], -1);
      await trx.deleteFrom('ledger_target').where('ledger_id', '=', id).execute();
      return true;
    });
  }

  /** Marks attempts that may have minted a token no one received; each audited. */
  neverDelivered(marks: Array<{ id: string; audit: Insertable<AuditTable> }>) {
    return this.writes.run(async (trx) => {
      let marked = 0;
      for (const { id, audit } of marks) {
        const result = await trx
          .updateTable('ledger')
          .set({ state: 'never_delivered' })
          .where('id', '=', id)
          .where('state', '=', inState('issuing'))
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) continue;
        await trx.insertInto('audit_log').values(audit).execute();
        marked += 1;
      }
      return marked;
    });
  }

  /** Attempts started before `cutoff` (ms) and still open, oldest first (ledger_issuing). */
  abandoned(cutoff: number, limit: number): Promise<AbandonedAttempt[]> {
    return this.db
      .selectFrom('ledger')
      .select(['id', 'kind', 'target', 'policy_id', 'created_by'])
      .where('state', '=', inState('issuing'))
      .where('created_at', '<=', cutoff)
      .orderBy('created_at')
      .limit(limit)
      .execute();
  }
}

interface PendingCompletion {
  id: string;
  completion: Completion;
  audit: Insertable<AuditTable> | undefined;
}

/** Columns a completion may set besides the state, in a fixed order, with their SQL types. */
const COMPLETION_COLUMNS = [
  ['jti', 'text'],
  ['claims', 'text'],
  ['encrypted_token', 'text'],
  ['issued_at', 'bigint'],
  ['not_before', 'bigint'],
  ['expires_at', 'bigint'],
] as const;

/**
 * The completions of one batch: one `update … from (rows)` per set of columns named (only
 * columns that change are named: each one named rewrites its indexes), then the audit entries
 * of the rows it changed. Conditional like every change of state: a swept row stays swept.
 */
const completeAll: MergedWrite<PendingCompletion, boolean> = Object.assign(
  (trx: Kysely<Database>, items: PendingCompletion[]) => completeRows(trx, items),
  {
    // One update when no audit entry comes with them and every row changes the same columns.
    oneStatement: (items: PendingCompletion[]) =>
      items.every(({ audit }) => audit === undefined) && bySignature(items).size === 1,
  },
);

function bySignature(items: PendingCompletion[]) {
  const groups = new Map<string, PendingCompletion[]>();
  for (const item of items) {
    const signature = COMPLETION_COLUMNS.filter(([c]) => item.completion[c] !== undefined)
      .map(([c]) => c)
      .join();
    const group = groups.get(signature);
    if (group) group.push(item);
    else groups.set(signature, [item]);
  }
  return groups;
}

async function completeRows(trx: Kysely<Database>, items: PendingCompletion[]) {
  const done = new Set<string>();
  for (const group of bySignature(items).values()) {
    const columns = COMPLETION_COLUMNS.filter(([c]) => group[0]!.completion[c] !== undefined);
    const rows = sql.join(
      group.map(
        ({ id, completion }) =>
          sql`select ${sql.join([
            sql`cast(${id} as text) as v_id`,
            ...columns.map(
              ([c, type]) =>
                sql`cast(${completion[c]} as ${sql.raw(type)}) as ${sql.ref(`v_${c}`)}`,
            ),
          ])}`,
      ),
      sql` union all `,
    );
    const assignments = sql.join([
      sql`state = ${inState('issued')}`,
      ...columns.map(([c]) => sql`${sql.ref(c)} = v.${sql.ref(`v_${c}`)}`),
    ]);
    const { rows: changed } = await sql<{ id: string }>`
      update ledger set ${assignments}
      from (${rows}) as v
      where ledger.id = v.v_id and ledger.state = ${inState('issuing')}
      returning id
    `.execute(trx);
    for (const row of changed) done.add(row.id);
  }
  const audits = items.flatMap(({ id, audit }) => (audit && done.has(id) ? [audit] : []));
  if (audits.length > 0) await trx.insertInto('audit_log').values(audits).execute();
  return items.map(({ id }) => done.has(id));
}
