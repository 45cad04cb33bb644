import { searchKey, targetTypesOfFilter, type TokenExportQuery } from '@ptd/contracts';
import type { ValueSet } from '../../db/repositories/ledger-conditions.ts';
import type { LedgerSearch } from '../../db/repositories/ledger-search.ts';
import type { LedgerTermField } from '../../db/schema.ts';
import type { TokenServiceDeps } from './deps.ts';
import { resolveStreamFilter, type StreamFilter } from './stream-filter.ts';
import type { StreamDirectory } from './stream-directory.ts';

const NOTHING: ValueSet = { values: [] };
const STAFF_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ResolvedSearch {
  search: LedgerSearch;
  /** A filter matched no value at all: nothing can match, no SQL needed. */
  empty: boolean;
  stream: StreamFilter | undefined;
}

/**
 * The overview's filters turned into the exact values they match (no stored value holds a
 * NUL: PostgreSQL text cannot, so such a filter text matches nothing and never reaches SQL).
 * The list, the CSV export and revoke by filter all read the ledger through this, so they
 * agree on what "matching" means.
 */
export async function resolveTokenSearch(
  deps: Pick<TokenServiceDeps, 'repos'>,
  query: Partial<TokenExportQuery>,
  streams: StreamDirectory,
): Promise<ResolvedSearch> {
  const ledger = deps.repos.ledger;
  const values = async (field: LedgerTermField, text: string | undefined) => {
    if (text === undefined) return undefined;
    if (text.includes('\u0000')) return NOTHING;
    return ledger.terms.lookup(field, text);
  };
  const [tag, user, createdBy, stream] = await Promise.all([
    values('tag', query.tag),
    values('user', query.user),
    query.createdBy === undefined ? undefined : creators(ledger, query.createdBy),
    query.stream === undefined
      ? undefined
      : resolveStreamFilter(deps, streams, query.stream, query.streamMatch === 'exact'),
  ]);
  const search: LedgerSearch = {
    status: query.status,
    policy: query.policy,
    batch: query.batch,
    tag,
    user,
    createdBy,
    targets: stream?.targets,
    targetTypes: query.targetType === undefined ? undefined : targetTypesOfFilter(query.targetType),
    expiringWithin: query.expiringWithin,
    sort: query.sort ?? 'createdAt',
    order: query.order ?? 'desc',
  };
  const empty =
    [tag, user, stream?.targets].some(
      (set) => set !== undefined && set.values.length === 0 && !set.overflow,
    ) || createdBy?.length === 0;
  return { search, empty, stream };
}

/**
 * Staff by id, or by part of the email address or name (by search key). Staff are few: they are
 * matched here rather than in SQL, whose lower() knows only ASCII in SQLite.
 */
async function creators(
  ledger: TokenServiceDeps['repos']['ledger'],
  text: string,
): Promise<string[]> {
  const staff = await ledger.staffNames();
  if (STAFF_ID.test(text) && staff.some((member) => member.id === text)) return [text];
  const needle = searchKey(text);
  return staff
    .filter(
      (member) =>
        searchKey(member.email).includes(needle) || searchKey(member.display_name).includes(needle),
    )
    .map((member) => member.id);
}
