import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { auditListSchema, type auditListQuerySchema } from '@ptd/contracts';
import type { z } from 'zod';
import { api } from '@/lib/api-client.ts';

export type AuditListQuery = z.infer<typeof auditListQuerySchema>;

/** Every audit query starts with this key. */
export const auditQueryKey = ['audit'] as const;

export function listAudit(filters: AuditListQuery, signal?: AbortSignal) {
  return api('/audit', { query: { ...filters }, schema: auditListSchema, signal });
}

export const auditListQueryOptions = (filters: AuditListQuery) =>
  queryOptions({
    queryKey: [...auditQueryKey, 'list', filters] as const,
    queryFn: ({ signal }) => listAudit(filters, signal),
    placeholderData: keepPreviousData,
  });

/** One page of the audit log, newest first. */
export const useAuditList = (filters: AuditListQuery) => useQuery(auditListQueryOptions(filters));
