import type { Kysely, Migration } from 'kysely';

/**
 * `ledger.batch_row`: the row of its bulk batch a token was minted for. A worker that stopped
 * between recording a token and storing its sealed value leaves the row `minting`; whoever takes
 * the batch over finds here whether that row's token was minted (and lost) or never delivered.
 * Existing tokens have none.
 */
export const ledgerBatchRow: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('ledger').addColumn('batch_row', 'integer').execute();
  },
};
