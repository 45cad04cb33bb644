import {
  enrolledSignInSchema,
  pendingSignInSchema,
  sessionSchema,
  signInResponseSchema,
  twoFactorEnrolmentSchema,
} from '@ptd/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client.ts';

/** The steps after the password; only the lazily loaded step components use these. */

/** The step this browser's unfinished sign-in is at (after a reload). */
export const usePendingSignIn = (enabled: boolean) =>
  useQuery({
    queryKey: ['sign-in', 'pending'],
    queryFn: () => api('/session/pending', { schema: pendingSignInSchema }),
    enabled,
    retry: false,
    staleTime: 0,
  });

export const useSecondFactor = () =>
  useMutation({
    // Its form shows the failure: under the fields, the rest in its alert.
    meta: { showsOwnError: true },
    mutationFn: (code: string) =>
      api('/session/two-factor', { method: 'POST', body: { code }, schema: sessionSchema }),
  });

export const useFirstPassword = () =>
  useMutation({
    // Its form shows the failure: under the fields, the rest in its alert.
    meta: { showsOwnError: true },
    mutationFn: (newPassword: string) =>
      api('/session/password', {
        method: 'POST',
        body: { newPassword },
        schema: signInResponseSchema,
      }),
  });

/** A new secret and QR code for this sign-in's enrolment (made once per step). */
export const useSignInEnrolment = () =>
  useQuery({
    queryKey: ['sign-in', 'enrolment'],
    queryFn: () => api('/session/enrolment', { method: 'POST', schema: twoFactorEnrolmentSchema }),
    // The enrolment step shows the failure in its place, or starts the sign-in again.
    meta: { showsOwnError: true },
    retry: false,
    staleTime: Infinity,
    gcTime: 0,
  });

export const useConfirmSignInEnrolment = () =>
  useMutation({
    // Its form shows the failure: under the fields, the rest in its alert.
    meta: { showsOwnError: true },
    mutationFn: (code: string) =>
      api('/session/enrolment/confirm', {
        method: 'POST',
        body: { code },
        schema: enrolledSignInSchema,
      }),
  });
