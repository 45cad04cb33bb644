import type { AuditEntry, AuditFilter } from '@ptd/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { auditEntry } from '../audit.ts';
import { csvStream, type CsvColumn } from './csv.ts';

/** The entries as the audit page shows them; details are facts only (never a secret). */
const COLUMNS: CsvColumn<AuditEntry>[] = [
  { header: 'Time (UTC)', value: (e) => e.at },
  { header: 'Action', value: (e) => e.action },
  { header: 'Actor', value: (e) => e.actor?.email ?? null },
  { header: 'Actor name', value: (e) => e.actor?.displayName ?? null },
  { header: 'Subject', value: (e) => e.subject },
  { header: 'IP address', value: (e) => e.ip },
  { header: 'Details', value: (e) => JSON.stringify(e.details) },
  { header: 'Entry ID', value: (e) => e.id },
];

/** The filtered audit log as CSV, newest first; the export itself is audited when it ends. */
export function exportAudit(
  app: FastifyInstance,
  request: FastifyRequest,
  filter: AuditFilter,
): Readable {
  return csvStream(app.repos.audit.scan(filter), COLUMNS, ({ rows, complete }) => {
    const entry = auditEntry(request, 'export.audit', { details: { filter, rows, complete } });
    app.repos.audit.record(entry).catch((error: unknown) => {
      request.log.error({ err: (error as Error).message }, 'auditing an export failed');
    });
  });
}
