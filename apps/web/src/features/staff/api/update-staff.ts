import { useMutation, useQueryClient } from '@tanstack/react-query';
import { staffSchema, type Staff, type UpdateStaffRequest } from '@ptd/contracts';
import { api } from '@/lib/api-client.ts';
import { staffListQueryOptions, staffQueryKey } from './list-staff.ts';

export function updateStaff({ id, changes }: { id: string; changes: UpdateStaffRequest }) {
  return api(`/staff/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: changes,
    schema: staffSchema,
  });
}

/** Changes a role or disables / enables an account. */
export function useUpdateStaff() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: updateStaff,
    onSuccess: async (updated) => {
      client.setQueryData(staffListQueryOptions().queryKey, (list: Staff[] | undefined) =>
        list?.map((member) => (member.id === updated.id ? updated : member)),
      );
      await client.invalidateQueries({ queryKey: staffQueryKey });
    },
  });
}
