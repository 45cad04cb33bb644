import type { TokenExportQuery } from '@ptd/contracts';
import type { Readable } from 'node:stream';
import { toTokenRecord, type LedgerRowWithStaff } from '../../db/repositories/ledger-record.ts';
import type { StaffActor } from '../actor.ts';
import { resolveTokenSearch } from '../tokens/resolve-search.ts';
import type { StreamDirectory } from '../tokens/stream-directory.ts';
import { auditWhenDone, type ExportDeps } from './audit-export.ts';
import { csvStream, type CsvColumn } from './csv.ts';

/** Rows read from the database per page. */
const PAGE = 500;

type Row = ReturnType<typeof toTokenRecord> & {
  /** A group target's head stream (bintu, as the overview's stream filter reads it), if known. */
  groupName?: string | null;
};

/** Streams by name; a group by its head stream's name beside its id, when bintu named it. */
const targetCell = (r: Row) =>
  r.target.type === 'streams'
    ? r.target.streams.join(' ')
    : r.target.type === 'group'
      ? r.groupName
        ? `${r.groupName} (${r.target.groupId})`
        : r.target.groupId
      : 'every stream';

/** What the overview shows of a token, and never the token: no sealed value, no secret. */
const COLUMNS: CsvColumn<Row>[] = [
  { header: 'ID', value: (r) => r.id },
  { header: 'JWT ID (jti)', value: (r) => r.jti },
  { header: 'Status', value: (r) => r.status },
  // A token created in bulk is "bulk", as Playback tokens and the event overview call it.
  { header: 'Kind', value: (r) => (r.kind === 'staff' && r.batchId ? 'bulk' : r.kind) },
  { header: 'Batch ID', value: (r) => r.batchId ?? null },
  { header: 'Policy', value: (r) => r.policyName ?? r.policyId },
  { header: 'Target type', value: (r) => r.target.type },
  { header: 'Target', value: targetCell },
  { header: 'Tag', value: (r) => r.tag },
  { header: 'User ID', value: (r) => r.user },
  { header: 'Client IP', value: (r) => r.ip },
  { header: 'Referer domain', value: (r) => r.domain },
  { header: 'Revocable', value: (r) => r.revocable },
  { header: 'Force disconnect', value: (r) => r.forceDisconnect },
  { header: 'Created by', value: (r) => r.createdBy?.email ?? null },
  { header: 'Created at (UTC)', value: (r) => r.createdAt },
  { header: 'Valid from (UTC)', value: (r) => r.notBefore },
  { header: 'Expires at (UTC)', value: (r) => r.expiresAt },
  { header: 'Revoked at (UTC)', value: (r) => r.revokedAt },
  { header: 'Revoked by', value: (r) => r.revokedBy?.email ?? null },
];

/** The filters a file name is made of, in this order: `tag-vip`, and a status as itself. */
export function tokenExportNameParts(query: TokenExportQuery): string[] {
  const named = ['stream', 'tag', 'user', 'createdBy', 'policy', 'batch'] as const;
  const parts: string[] = [];
  for (const field of named) {
    const value = query[field];
    if (value !== undefined) parts.push(field === 'createdBy' ? 'by' : field, value);
  }
  if (query.status) parts.push(query.status);
  if (query.expiringWithin !== undefined) {
    const s = query.expiringWithin;
    const span =
      s % 86_400 === 0
        ? `${s / 86_400}d`
        : s % 3600 === 0
          ? `${s / 3600}h`
          : `${Math.round(s / 60)}min`;
    parts.push('expiring-within', span);
  }
  return parts;
}

async function* empty(): AsyncGenerator<LedgerRowWithStaff[]> {}

/**
 * The filtered overview as CSV, every page of it in its order, audited with the filter and
 * the number of rows once the download ends.
 */
export async function exportTokens(
  deps: ExportDeps,
  actor: StaffActor,
  query: TokenExportQuery,
  streams: StreamDirectory,
): Promise<Readable> {
  const { search, empty: none } = await resolveTokenSearch(deps, query, streams);
  const source = none ? empty() : deps.repos.ledger.scan(search, PAGE);
  const nowMs = deps.now();
  // Read once (at most a minute old); when bintu cannot be read, groups go by their id alone.
  const snapshot = await streams.get().catch(() => undefined);
  const groupName = (groupId: string) => snapshot?.heads.get(groupId)?.name ?? null;
  async function* records() {
    for await (const page of source) {
      yield page.map((row): Row => {
        const record = toTokenRecord(row, nowMs);
        return record.target.type === 'group'
          ? { ...record, groupName: groupName(record.target.groupId) }
          : record;
      });
    }
  }
  return csvStream(records(), COLUMNS, auditWhenDone(deps, actor, 'export.tokens', query));
}
