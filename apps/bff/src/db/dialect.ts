import { PostgresAdapter, type Kysely } from 'kysely';

/** True on PostgreSQL, false on SQLite (the only two dialects the BFF opens). */
export const onPostgres = <T>(db: Kysely<T>) => db.getExecutor().adapter instanceof PostgresAdapter;
