import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';

/** An audit entry as a test reads it: the stored row with its details parsed. */
export interface AuditEntry {
  action: string;
  actor_id: string | null;
  subject: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/**
 * The audit entries about `subject` (only `action`'s when given), oldest first, with their
 * details parsed; `fields` keeps only those, for a test that compares whole entries.
 */
export async function auditEntries<K extends keyof AuditEntry = keyof AuditEntry>(
  db: Kysely<Database>,
  where: { subject: string; action?: string },
  fields?: readonly K[],
): Promise<Array<Pick<AuditEntry, K>>> {
  let query = db
    .selectFrom('audit_log')
    .select(['action', 'actor_id', 'subject', 'ip', 'details'])
    .where('subject', '=', where.subject);
  if (where.action !== undefined) query = query.where('action', '=', where.action);
  const rows = await query.orderBy('at').orderBy('id').execute();
  return rows.map((row) => {
    const entry: AuditEntry = {
      ...row,
      details: JSON.parse(row.details) as Record<string, unknown>,
    };
    if (!fields) return entry;
    return Object.fromEntries(fields.map((field) => [field, entry[field]])) as Pick<AuditEntry, K>;
  });
}
