import Database from 'better-sqlite3';
import { join } from 'node:path';

/**
 * Makes every live session of the app whose DATA_DIR is `dataDir` (SQLite) look as though its
 * person last proved themselves `ageMs` earlier than they did: what REAUTH_MINUTES of waiting
 * would do, without waiting and without moving the server's clock. The app reads `proved_at`
 * from the database on every request, so its next request sees the older proof.
 */
export function ageSessionProofs(dataDir: string, ageMs: number) {
  // The app keeps the file open in WAL mode; a second connection writes beside it, as its
  // checkpoint process does.
  const db = new Database(join(dataDir, 'dashboard.sqlite'), { fileMustExist: true });
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    const { changes } = db
      .prepare(
        'UPDATE staff_session SET proved_at = COALESCE(proved_at, created_at) - ? WHERE ended_at IS NULL',
      )
      .run(ageMs);
    if (changes === 0) throw new Error(`no live session in ${dataDir} to age`);
  } finally {
    db.close();
  }
}
