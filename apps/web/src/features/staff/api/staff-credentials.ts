import { endSessionsResponseSchema, passwordResetLinkSchema } from '@ptd/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client.ts';
import { staffQueryKey } from './list-staff.ts';

const path = (staffId: string) => `/staff/${encodeURIComponent(staffId)}`;

/** A one-time set-password link for a staff member: shown once, never kept in a cache. */
export const useIssueResetLink = () =>
  useMutation({
    mutationFn: (staffId: string) =>
      api(`${path(staffId)}/password-reset`, { method: 'POST', schema: passwordResetLinkSchema }),
  });

/** Turns a staff member's two-factor sign-in off; they are signed out everywhere. */
export function useResetTwoFactor() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (staffId: string) =>
      api(`${path(staffId)}/two-factor/reset`, {
        method: 'POST',
        schema: endSessionsResponseSchema,
      }),
    onSettled: () => client.invalidateQueries({ queryKey: staffQueryKey }),
  });
}
