import { auditListQuerySchema } from '@ptd/contracts';
import dayjs from 'dayjs';
import type { AuditListQuery } from '../api/list-audit.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The page's filters as the URL holds them: `from` and `to` are days in local time. */
export interface AuditPageFilters extends Omit<AuditListQuery, 'from' | 'to'> {
  fromDay?: string | undefined;
  toDay?: string | undefined;
}

const day = (value: string | null) =>
  value !== null && DAY.test(value) && dayjs(value).isValid() ? value : undefined;

export function parseAuditFilters(params: URLSearchParams): AuditPageFilters {
  const shape = auditListQuerySchema.shape;
  const read = <K extends 'page' | 'pageSize' | 'action' | 'actor'>(key: K) => {
    const parsed = shape[key].safeParse(params.get(key) ?? undefined);
    return (parsed.success ? parsed.data : shape[key].parse(undefined)) as AuditListQuery[K];
  };
  return {
    page: read('page'),
    pageSize: read('pageSize'),
    action: read('action'),
    actor: read('actor'),
    fromDay: day(params.get('from')),
    toDay: day(params.get('to')),
  };
}

/**
 * What the BFF is asked: the local days as instants, from the first millisecond of `from` to
 * the last of `to`, so that "to 30 Nov" includes the whole of that day where the person is.
 */
export function toAuditQuery({ fromDay, toDay, ...rest }: AuditPageFilters): AuditListQuery {
  return {
    ...rest,
    from: fromDay ? dayjs(fromDay).startOf('day').toISOString() : undefined,
    to: toDay ? dayjs(toDay).endOf('day').toISOString() : undefined,
  };
}
