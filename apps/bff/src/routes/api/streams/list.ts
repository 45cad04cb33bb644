import type { StreamList, StreamListQuery } from '@ptd/contracts';
import type { NanostreamClient } from '../../../upstream/client.ts';
import { matchesSearch, toStream } from './mapping.ts';

/** The largest page the bintu API serves. */
const UPSTREAM_PAGE = 150;
/** A name search reads at most this many streams (newest first) before it stops. */
export const SEARCH_SCAN_LIMIT = 1500;

/**
 * Lists streams. Paging, state and tag go straight to bintu. bintu has no name search, so a
 * search reads the (state/tag-filtered) list page by page, newest first, up to
 * SEARCH_SCAN_LIMIT streams, and pages the matches here.
 */
export async function listStreams(
  client: NanostreamClient,
  query: StreamListQuery,
): Promise<StreamList> {
  const tags = query.tag ? [query.tag] : undefined;
  if (!query.search) {
    const upstream = await client.listStreams({
      page: query.page,
      quantity: query.pageSize,
      state: query.state,
      tags,
    });
    return {
      page: query.page,
      pageSize: query.pageSize,
      total: upstream.total,
      items: upstream.data.map(toStream),
    };
  }
  const matches = [];
  for (let page = 1; (page - 1) * UPSTREAM_PAGE < SEARCH_SCAN_LIMIT; page += 1) {
    const upstream = await client.listStreams({
      page,
      quantity: UPSTREAM_PAGE,
      state: query.state,
      tags,
    });
    matches.push(
      ...upstream.data.map(toStream).filter((s) => matchesSearch(s, query.search as string)),
    );
    if (page * UPSTREAM_PAGE >= upstream.total || upstream.data.length === 0) break;
  }
  const start = (query.page - 1) * query.pageSize;
  return {
    page: query.page,
    pageSize: query.pageSize,
    total: matches.length,
    items: matches.slice(start, start + query.pageSize),
  };
}
