import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { endSessionsResponseSchema, staffSessionListSchema } from '@ptd/contracts';
import { z } from 'zod';
import { api } from '@/lib/api-client.ts';
import { staffQueryKey } from './list-staff.ts';

const path = (staffId: string) => `/staff/${encodeURIComponent(staffId)}/sessions`;
const sessionsKey = (staffId: string) => [...staffQueryKey, staffId, 'sessions'] as const;

export const staffSessionsQueryOptions = (staffId: string) =>
  queryOptions({
    queryKey: sessionsKey(staffId),
    queryFn: ({ signal }) => api(path(staffId), { schema: staffSessionListSchema, signal }),
  });

/** A staff member's signed-in sessions (admins only). */
export const useStaffSessions = (staffId: string | null) =>
  useQuery({ ...staffSessionsQueryOptions(staffId ?? ''), enabled: staffId !== null });

/** Signs a staff member out of one session. */
export function useEndStaffSession(staffId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string) =>
      api(`${path(staffId)}/${encodeURIComponent(sessionId)}`, {
        method: 'DELETE',
        schema: z.unknown(),
      }),
    // The sessions dialog says why, next to its buttons.
    meta: { showsOwnError: true },
    onSettled: () => client.invalidateQueries({ queryKey: sessionsKey(staffId) }),
  });
}

/** Signs a staff member out everywhere. */
export function useEndAllStaffSessions(staffId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api(`${path(staffId)}/end-all`, { method: 'POST', schema: endSessionsResponseSchema }),
    meta: { showsOwnError: true },
    onSettled: () => client.invalidateQueries({ queryKey: sessionsKey(staffId) }),
  });
}
