import { resetLinkInfoSchema, type SetPasswordRequest } from '@ptd/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { api } from '@/lib/api-client.ts';

/** Whose set-password link this is; the secret goes in a POST body, never a URL. */
export const useResetLinkInfo = (token: string) =>
  useQuery({
    queryKey: ['password-reset', 'check'],
    queryFn: () =>
      api('/password-reset/check', {
        method: 'POST',
        body: { token },
        schema: resetLinkInfoSchema,
      }),
    enabled: token !== '',
    // The page says why the link cannot be used, in place of the form.
    meta: { showsOwnError: true },
    retry: false,
    staleTime: Infinity,
    gcTime: 0,
  });

export const useSetPassword = () =>
  useMutation({
    // Its form shows the failure: under the fields, the rest in its alert.
    meta: { showsOwnError: true },
    mutationFn: (body: SetPasswordRequest) =>
      api('/password-reset', { method: 'POST', body, schema: z.unknown() }),
  });
