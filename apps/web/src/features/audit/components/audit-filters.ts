import { auditFilterSchema, auditListQuerySchema } from '@ptd/contracts';
import dayjs from 'dayjs';
import { z } from 'zod';
import type { AuditListQuery } from '../api/list-audit.ts';

const localDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => dayjs(value).isValid())
  .optional();

/** The page's filters as the URL holds them: `from` and `to` are days in local time. */
export const auditPageFilterSchema = auditFilterSchema.extend({ from: localDay, to: localDay });
export const auditPageQuerySchema = auditListQuerySchema.extend({ from: localDay, to: localDay });
export type AuditPageQuery = z.output<typeof auditPageQuerySchema>;

/**
 * What the BFF is asked: the local days as instants, from the first millisecond of `from` to
 * the last of `to`, so that "to 30 Nov" includes the whole of that day where the person is.
 */
export function toAuditQuery({ from, to, ...rest }: AuditPageQuery): AuditListQuery {
  return {
    ...rest,
    from: from ? dayjs(from).startOf('day').toISOString() : undefined,
    to: to ? dayjs(to).endOf('day').toISOString() : undefined,
  };
}
