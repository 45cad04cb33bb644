import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { onPostgres } from './database.ts';

/**
 * Runs `work` while the database refuses to record a minted token, as a full disk would: the
 * update that gives an "attempt:" row its real jti (staff tokens), and the insert of a row
 * already issued (viewer tokens, recorded once). Triggers in the dialect of the run.
 */
export async function whileCompletionRefused<T>(db: Kysely<Database>, work: () => Promise<T>) {
  if (onPostgres) {
    await sql`create function refuse_completion() returns trigger language plpgsql as $$
      begin raise exception 'disk I/O error'; end $$`.execute(db);
    await sql`create trigger refuse_completion before update on ledger for each row
      when (OLD.jti like 'attempt:%' and NEW.jti not like 'attempt:%')
      execute function refuse_completion()`.execute(db);
    await sql`create trigger refuse_issued_insert before insert on ledger for each row
      when (NEW.state = 'issued') execute function refuse_completion()`.execute(db);
  } else {
    await sql`create trigger refuse_completion before update on ledger
      when OLD.jti like 'attempt:%' and NEW.jti not like 'attempt:%'
      begin select raise(abort, 'disk I/O error'); end`.execute(db);
    await sql`create trigger refuse_issued_insert before insert on ledger
      when NEW.state = 'issued'
      begin select raise(abort, 'disk I/O error'); end`.execute(db);
  }
  try {
    return await work();
  } finally {
    if (onPostgres) {
      await sql`drop trigger refuse_completion on ledger`.execute(db);
      await sql`drop trigger refuse_issued_insert on ledger`.execute(db);
      await sql`drop function refuse_completion()`.execute(db);
    } else {
      await sql`drop trigger refuse_completion`.execute(db);
      await sql`drop trigger refuse_issued_insert`.execute(db);
    }
  }
}
