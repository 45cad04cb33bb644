import type { ConfirmSessionRequest } from '@ptd/contracts';
import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { api } from '@/lib/api-client.ts';

/** Confirms it's you on this session (password, and code when the account has one). */
export const useConfirmIdentity = () =>
  useMutation({
    mutationFn: (body: ConfirmSessionRequest) =>
      api('/session/confirm', { method: 'POST', body, schema: z.undefined() }),
    meta: { showsOwnError: true },
  });
