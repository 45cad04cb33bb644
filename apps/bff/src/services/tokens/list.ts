import type { TokenList, TokenListQuery } from '@ptd/contracts';
import { decodeCursor } from '../../db/repositories/ledger-cursor.ts';
import { toTokenRecord } from '../../db/repositories/ledger-record.ts';
import type { TokenServiceDeps } from './deps.ts';
import { resolveTokenSearch } from './resolve-search.ts';
import { matchOf } from './stream-filter.ts';
import type { StreamDirectory } from './stream-directory.ts';

/**
 * The token list. The text filters (tag, user, creator, stream) are turned into the exact
 * values they match, then the ledger is paged by those values' indexes.
 */
export async function listTokens(
  deps: Pick<TokenServiceDeps, 'repos'>,
  query: TokenListQuery,
  streams: StreamDirectory,
): Promise<TokenList> {
  const at = query.cursor === undefined ? undefined : decodeCursor(query.cursor, query);
  const { search, empty, stream } = await resolveTokenSearch(deps, query, streams);
  const extra = stream?.groupsUnavailable ? { streamGroupsUnavailable: true } : {};
  if (empty) {
    return {
      items: [],
      pageSize: query.pageSize,
      total: 0,
      totalCapped: false,
      offset: 0,
      nextCursor: null,
      prevCursor: null,
      ...extra,
    };
  }
  const page = await deps.repos.ledger.list(search, query.pageSize, at);
  return {
    items: page.rows.map((row) => {
      const record = toTokenRecord(row, page.nowMs);
      const match = stream && matchOf(record.target, stream);
      return match ? { ...record, match } : record;
    }),
    pageSize: query.pageSize,
    total: page.total,
    totalCapped: page.capped,
    offset: page.offset,
    nextCursor: page.nextCursor,
    prevCursor: page.prevCursor,
    ...extra,
  };
}
