import type { StreamGroup } from '@ptd/contracts';
import { HttpError } from '../../lib/errors.ts';
import type { NanostreamClient } from '../../upstream/client.ts';

/** A group found stays for 5 minutes; one bintu does not know, for 1 (it may be created). */
const FOUND_TTL_MS = 5 * 60_000;
const MISSING_TTL_MS = 60_000;
/** Enough for a few pages of the overview; the oldest entry goes first. */
const MAX_ENTRIES = 2000;
/** bintu calls in flight for one request, so a page of new groups does not flood it. */
const CONCURRENCY = 6;

/** bintu's stream (and group) ids; other group ids a token may name cannot be looked up. */
const BINTU_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const unknown = (groupId: string): StreamGroup => ({ groupId, name: null, streams: [] });

/**
 * Stream groups by their streams' names. A group's id is its head stream's id (a plain stream,
 * or an ABR stream's parent), so one `GET /stream/{id}` names the group and its renditions.
 * Answers are cached per replica; failed lookups are not, and answer "unknown" for now, so that
 * a bintu hiccup leaves the ids on screen instead of failing the page that asked.
 */
export function streamGroupNames(client: NanostreamClient, now: () => number) {
  const cache = new Map<string, { value: StreamGroup; until: number }>();
  const inFlight = new Map<string, Promise<StreamGroup>>();

  const remember = (value: StreamGroup, ttl: number) => {
    cache.delete(value.groupId);
    cache.set(value.groupId, { value, until: now() + ttl });
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
    return value;
  };

  async function fetchGroup(groupId: string): Promise<StreamGroup> {
    try {
      const head = await client.getStream(groupId);
      const names = head.playout.h5live.map((entry) => entry.streamname);
      const name = head.ingest.rtmp.streamname;
      const streams = [name, ...names.filter((entry) => entry !== name)];
      return remember({ groupId, name, streams }, FOUND_TTL_MS);
    } catch (error) {
      if (error instanceof HttpError && error.statusCode === 404) {
        return remember(unknown(groupId), MISSING_TTL_MS);
      }
      return unknown(groupId);
    }
  }

  function lookUp(groupId: string): Promise<StreamGroup> {
    if (!BINTU_ID.test(groupId)) return Promise.resolve(unknown(groupId));
    const cached = cache.get(groupId);
    if (cached && cached.until > now()) return Promise.resolve(cached.value);
    let pending = inFlight.get(groupId);
    if (!pending) {
      pending = fetchGroup(groupId).finally(() => inFlight.delete(groupId));
      inFlight.set(groupId, pending);
    }
    return pending;
  }

  /** The groups in the order asked, at most CONCURRENCY bintu calls at a time. */
  return async function groupNames(groupIds: string[]): Promise<StreamGroup[]> {
    const results: StreamGroup[] = new Array(groupIds.length);
    let next = 0;
    const worker = async () => {
      while (next < groupIds.length) {
        const index = next++;
        results[index] = await lookUp(groupIds[index] as string);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, groupIds.length) }, worker));
    return results;
  };
}

export type StreamGroupNames = ReturnType<typeof streamGroupNames>;
