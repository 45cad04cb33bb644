import type { TokenExportQuery, TokenRecord } from '@ptd/contracts';
import type { Readable } from 'node:stream';
import { toTokenRecord, type LedgerRowWithStaff } from '../../db/repositories/ledger-record.ts';
import type { StaffActor } from '../actor.ts';
import type { StreamGroupNames } from '../stream-groups/group-names.ts';
import { resolveTokenSearch } from '../tokens/resolve-search.ts';
import type { StreamDirectory, StreamSnapshot } from '../tokens/stream-directory.ts';
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
  const named = ['stream', 'targetType', 'tag', 'user', 'createdBy', 'policy', 'batch'] as const;
  const label = { createdBy: 'by', targetType: 'target' } as Partial<Record<string, string>>;
  const parts: string[] = [];
  for (const field of named) {
    const value = query[field];
    if (value !== undefined) parts.push(label[field] ?? field, value);
    if (field === 'stream' && value !== undefined && query.streamMatch === 'exact') {
      parts.push('exact');
    }
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
 * the number of rows once the download ends. A group is named by its head stream as the
 * screens name it: from the organisation's newest streams, else asked of bintu on its own
 * (`groupNames`, cached), so that an old group is named too.
 */
export async function exportTokens(
  deps: ExportDeps,
  actor: StaffActor,
  query: TokenExportQuery,
  streams: StreamDirectory,
  groupNames: StreamGroupNames,
): Promise<Readable> {
  const { search, empty: none } = await resolveTokenSearch(deps, query, streams);
  const source = none ? empty() : deps.repos.ledger.scan(search, PAGE);
  const nowMs = deps.now();
  // Read once (at most a minute old); when bintu cannot be read, groups go by their id alone.
  const snapshot = await streams.get().catch(() => undefined);
  async function* records() {
    for await (const page of source) {
      const rows = page.map((row) => toTokenRecord(row, nowMs));
      const names = await namesOf(rows, snapshot, groupNames);
      yield rows.map((record): Row =>
        record.target.type === 'group'
          ? { ...record, groupName: names.get(record.target.groupId) ?? null }
          : record,
      );
    }
  }
  return csvStream(records(), COLUMNS, auditWhenDone(deps, actor, 'export.tokens', query));
}

/**
 * The head stream's name of each group a page names: the snapshot's, and for the groups it
 * does not hold (older than its newest streams), bintu's answer for each; a group bintu
 * cannot name now stays without one (its id alone), and the export goes on.
 */
async function namesOf(
  rows: TokenRecord[],
  snapshot: StreamSnapshot | undefined,
  groupNames: StreamGroupNames,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const missing = new Set<string>();
  for (const row of rows) {
    if (row.target.type !== 'group') continue;
    const head = snapshot?.heads.get(row.target.groupId);
    if (head) names.set(row.target.groupId, head.name);
    else missing.add(row.target.groupId);
  }
  if (missing.size === 0) return names;
  const found = await groupNames([...missing]).catch(() => []);
  for (const group of found) if (group.name) names.set(group.groupId, group.name);
  return names;
}
