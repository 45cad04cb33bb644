import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** Whether the database answers at all, for the readiness probe. */
export class DatabaseHealthRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Resolves once the database has answered a trivial query; rejects with its error. */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }
}
