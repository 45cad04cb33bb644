import { useMutation, useQueryClient } from '@tanstack/react-query';
import { staffSchema, type CreateStaffRequest } from '@ptd/contracts';
import { api } from '@/lib/api-client.ts';
import { staffQueryKey } from './list-staff.ts';

export function createStaff(body: CreateStaffRequest) {
  return api('/staff', { method: 'POST', body, schema: staffSchema });
}

export function useCreateStaff() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createStaff,
    // Its form shows the failure: under the fields, the rest in its alert.
    meta: { showsOwnError: true },
    onSuccess: () => client.invalidateQueries({ queryKey: staffQueryKey }),
  });
}
