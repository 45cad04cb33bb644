import { queryOptions, useQuery } from '@tanstack/react-query';
import { staffSchema } from '@ptd/contracts';
import { z } from 'zod';
import { api } from '@/lib/api-client.ts';

/** Every staff query starts with this key. */
export const staffQueryKey = ['staff'] as const;

export function listStaff(signal?: AbortSignal) {
  return api('/staff', { schema: z.array(staffSchema), signal });
}

export const staffListQueryOptions = () =>
  queryOptions({
    queryKey: [...staffQueryKey, 'list'] as const,
    queryFn: ({ signal }) => listStaff(signal),
  });

/** All staff accounts (admins only; a short list without paging). */
export const useStaffList = ({ enabled = true } = {}) =>
  useQuery({ ...staffListQueryOptions(), enabled });
