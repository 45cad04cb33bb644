import { useQueries, useQuery } from '@tanstack/react-query';
import {
  STREAM_GROUPS_MAX_IDS,
  groupIdSchema,
  streamGroupsSchema,
  type StreamGroup,
} from '@ptd/contracts';
import { api } from '@/lib/api-client.ts';

/*
 * A page of tokens names many groups: each row asks for its own, and the asks of one render
 * go to the BFF as one request (`GET /api/stream-groups?ids=…`), cached per group here.
 */

type Waiter = { resolve: (group: StreamGroup) => void; reject: (error: unknown) => void };
let waiting = new Map<string, Waiter[]>();
let scheduled = false;

async function send(batch: Map<string, Waiter[]>) {
  const ids = [...batch.keys()];
  for (let start = 0; start < ids.length; start += STREAM_GROUPS_MAX_IDS) {
    const chunk = ids.slice(start, start + STREAM_GROUPS_MAX_IDS);
    try {
      const { items } = await api('/stream-groups', {
        query: { ids: chunk.join(',') },
        schema: streamGroupsSchema,
      });
      const byId = new Map(items.map((group) => [group.groupId, group]));
      for (const id of chunk) {
        const group = byId.get(id) ?? { groupId: id, name: null, streams: [] };
        for (const waiter of batch.get(id) ?? []) waiter.resolve(group);
      }
    } catch (error) {
      for (const id of chunk) for (const waiter of batch.get(id) ?? []) waiter.reject(error);
    }
  }
}

function lookUp(groupId: string): Promise<StreamGroup> {
  // A group id the BFF would refuse would fail the whole batch; it has no name anyway.
  if (!groupIdSchema.safeParse(groupId).success) {
    return Promise.resolve({ groupId, name: null, streams: [] });
  }
  return new Promise((resolve, reject) => {
    waiting.set(groupId, [...(waiting.get(groupId) ?? []), { resolve, reject }]);
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => {
      const batch = waiting;
      waiting = new Map();
      scheduled = false;
      void send(batch);
    }, 0);
  });
}

export const streamGroupQueryKey = (groupId: string) => ['stream-groups', groupId] as const;

const groupQuery = (groupId: string | undefined) => ({
  queryKey: streamGroupQueryKey(groupId ?? ''),
  queryFn: () => lookUp(groupId ?? ''),
  enabled: groupId !== undefined,
  // Names change rarely; the BFF caches them for minutes too.
  staleTime: 5 * 60_000,
  refetchOnWindowFocus: false,
});

/** The stream group's name and streams (bintu's), or null name while unknown. */
export const useStreamGroup = (groupId: string | undefined) => useQuery(groupQuery(groupId));

/** The names of several groups (one request, as for a page of tokens); unknown ones absent. */
export const useStreamGroupNames = (groupIds: string[]): ReadonlyMap<string, string> =>
  useQueries({
    queries: groupIds.map(groupQuery),
    combine: (results) =>
      new Map(
        results.flatMap((result) =>
          result.data?.name ? [[result.data.groupId, result.data.name] as const] : [],
        ),
      ),
  });
