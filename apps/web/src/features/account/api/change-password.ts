import { changePasswordResponseSchema, type ChangePasswordRequest } from '@ptd/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client.ts';

export const changePassword = (body: ChangePasswordRequest) =>
  api('/account/password', { method: 'POST', body, schema: changePasswordResponseSchema });

/** Your password; your other sessions end (their list is stale afterwards). */
export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    // Its form shows the failure: under the fields, the rest in its alert.
    meta: { showsOwnError: true },
    mutationFn: changePassword,
    onSuccess: () => client.invalidateQueries({ queryKey: ['sessions'] }),
  });
}
