import { fileStamp, type AuditEntry, type AuditFilter } from '@ptd/contracts';
import type { Readable } from 'node:stream';
import type { AuditAction } from '../../db/repositories/audit.ts';
import { actorEntry, type StaffActor } from '../actor.ts';
import type { TokenServiceDeps } from '../tokens/deps.ts';
import { csvStream, type CsvColumn, type CsvOutcome } from './csv.ts';

export type ExportDeps = Pick<TokenServiceDeps, 'repos' | 'now'>;

/**
 * Audits an export once its download ends, with what was asked for and how many rows went
 * out. A failed audit write is logged: the download has already gone.
 */
export const auditWhenDone =
  (deps: ExportDeps, actor: StaffActor, action: AuditAction, filter: unknown) =>
  ({ rows, complete }: CsvOutcome) => {
    const entry = actorEntry(actor, action, { details: { filter, rows, complete } });
    deps.repos.audit.record(entry).catch((error: unknown) => {
      actor.log.error({ err: (error as Error).message }, 'auditing an export failed');
    });
  };

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

/** The filters a file name is made of: `token-revoke-by-ana-from-2026-12-01T0000Z-to-…`. */
export function auditExportNameParts(filter: AuditFilter): string[] {
  const parts: string[] = [];
  if (filter.action) parts.push(filter.action);
  if (filter.actor) parts.push('by', filter.actor);
  if (filter.from) parts.push('from', fileStamp(Date.parse(filter.from)));
  if (filter.to) parts.push('to', fileStamp(Date.parse(filter.to)));
  return parts;
}

/** The filtered audit log as CSV, newest first; the export itself is audited when it ends. */
export function exportAudit(deps: ExportDeps, actor: StaffActor, filter: AuditFilter): Readable {
  return csvStream(
    deps.repos.audit.scan(filter),
    COLUMNS,
    auditWhenDone(deps, actor, 'export.audit', filter),
  );
}
