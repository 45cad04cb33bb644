import type { TokenList, TokenListQuery } from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import type { ValueSet } from '../../db/repositories/ledger-conditions.ts';
import { decodeCursor } from '../../db/repositories/ledger-cursor.ts';
import { toTokenRecord } from '../../db/repositories/ledger-record.ts';
import type { LedgerSearch } from '../../db/repositories/ledger-search.ts';
import type { LedgerTermField } from '../../db/schema.ts';
import { resolveStreamFilter, matchOf } from './stream-filter.ts';
import type { StreamDirectory } from './stream-directory.ts';

const NOTHING: ValueSet = { values: [] };
const STAFF_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The token list (no stored value holds a NUL: PostgreSQL text cannot, so such a filter text
 * matches nothing and never reaches SQL). The text filters (tag, user, creator, stream) are turned into the exact
 * values they match, then the ledger is paged by those values' indexes.
 */
export async function listTokens(
  app: FastifyInstance,
  query: TokenListQuery,
  streams: StreamDirectory,
): Promise<TokenList> {
  const at = query.cursor === undefined ? undefined : decodeCursor(query.cursor, query);
  const ledger = app.repos.ledger;
  const values = async (field: LedgerTermField, text: string | undefined) => {
    if (text === undefined) return undefined;
    if (text.includes('\u0000')) return NOTHING;
    return ledger.terms.lookup(field, text);
  };
  const [tag, user, createdBy, stream] = await Promise.all([
    values('tag', query.tag),
    values('user', query.user),
    query.createdBy === undefined ? undefined : creators(app, query.createdBy),
    query.stream === undefined ? undefined : resolveStreamFilter(app, streams, query.stream),
  ]);
  const search: LedgerSearch = {
    status: query.status,
    policy: query.policy,
    batch: query.batch,
    tag,
    user,
    createdBy,
    targets: stream?.targets,
    sort: query.sort,
    order: query.order,
  };
  const empty = [tag, user, stream?.targets].some(
    (set) => set !== undefined && set.values.length === 0 && !set.overflow,
  );
  const extra = stream?.groupsUnavailable ? { streamGroupsUnavailable: true } : {};
  if (empty || createdBy?.length === 0) {
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
  const page = await ledger.list(search, query.pageSize, at);
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

/**
 * Staff by id, or by part of the email address or name (any case). Staff are few: they are
 * matched here rather than in SQL, whose lower() knows only ASCII in SQLite.
 */
async function creators(app: FastifyInstance, text: string): Promise<string[]> {
  const staff = await app.repos.ledger.staffNames();
  if (STAFF_ID.test(text) && staff.some((member) => member.id === text)) return [text];
  const needle = text.toLowerCase();
  return staff
    .filter(
      (member) =>
        member.email.toLowerCase().includes(needle) ||
        member.display_name.toLowerCase().includes(needle),
    )
    .map((member) => member.id);
}
