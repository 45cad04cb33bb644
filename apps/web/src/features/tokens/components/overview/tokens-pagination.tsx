import type { TokenList } from '@ptd/contracts';
import { ListPagination } from '@/components/list-page/list-pagination.tsx';

interface Props {
  list: TokenList;
  compact: boolean;
  /** `undefined`: the first page. */
  onCursor: (cursor: string | undefined) => void;
  onPageSize: (pageSize: number) => void;
}

const count = new Intl.NumberFormat('en');

/**
 * Newest, previous and next page by cursor: a ledger of millions is searched with filters, not
 * by jumping to page 4,000, and a cursor page stays put while new tokens arrive above it.
 * "1–25 of 10,000+": counts stop at a cap.
 */
export function TokensPagination({ list, compact, onCursor, onPageSize }: Props) {
  const { pageSize, offset, items, nextCursor, prevCursor } = list;
  // With a page before it, never "page 0", so that Previous and Newest stay enabled even when
  // new tokens arrived above the first page this list showed.
  const page = prevCursor ? Math.max(1, Math.round(offset / pageSize)) : 0;
  const from = items.length === 0 ? 0 : offset + 1;
  const to = offset + items.length;
  const total = `${count.format(Math.max(list.total, to))}${list.totalCapped ? '+' : ''}`;
  return (
    <ListPagination
      count={nextCursor ? -1 : page * pageSize + items.length}
      page={page}
      pageSize={pageSize}
      compact={compact}
      labelDisplayedRows={() => `${count.format(from)}–${count.format(to)} of ${total}`}
      showFirstButton
      onPage={(next) => {
        if (next === 0) onCursor(undefined);
        else if (next > page) onCursor(nextCursor ?? undefined);
        else onCursor(prevCursor ?? undefined);
      }}
      onPageSize={onPageSize}
    />
  );
}
