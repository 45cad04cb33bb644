import {
  recoveryCodesSchema,
  twoFactorEnrolmentSchema,
  twoFactorStatusSchema,
} from '@ptd/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client.ts';

export const twoFactorQueryKey = ['account', 'two-factor'] as const;

export const twoFactorQueryOptions = () =>
  queryOptions({
    queryKey: [...twoFactorQueryKey, 'status'],
    queryFn: ({ signal }) => api('/account/two-factor', { schema: twoFactorStatusSchema, signal }),
  });

/** Whether you sign in with a code, and how many recovery codes are left. */
export const useTwoFactorStatus = () => useQuery(twoFactorQueryOptions());

/** A new secret and QR code to scan; asked for when you start setting it up. */
export const useStartEnrolment = () =>
  useMutation({
    mutationFn: () =>
      api('/account/two-factor/enrolment', { method: 'POST', schema: twoFactorEnrolmentSchema }),
  });

export function useConfirmEnrolment() {
  const client = useQueryClient();
  return useMutation({
    // Its form shows the failure: under the fields, the rest in its alert.
    meta: { showsOwnError: true },
    mutationFn: (code: string) =>
      api('/account/two-factor/confirm', {
        method: 'POST',
        body: { code },
        schema: recoveryCodesSchema,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: twoFactorQueryKey }),
  });
}
