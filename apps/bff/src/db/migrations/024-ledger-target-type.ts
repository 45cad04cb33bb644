import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The target type filter (a stream, a stream group, the whole organisation): the first letter
 * of the type in the stored target JSON (`{"type":"streams"…`), then creation time, so that a
 * type's newest tokens are one backward range of this index and a count reads the index alone,
 * as for the other filters (decision 010). Each new row lands at the end of its type's range.
 */
export const ledgerTargetType: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create index ledger_target_type on ledger (substr(target, 10, 1), created_at, id)`.execute(
      db,
    );
  },
};
