import type { ReactNode } from 'react';
import { ListEmptyState, type ListEmptyStateProps } from './list-empty-state.tsx';
import { NumberedPagination } from './list-pagination.tsx';
import { ListPanel, type ListPanelProps } from './list-panel.tsx';

interface NumberedListPanelProps<T extends { total: number }> {
  query: ListPanelProps<T>['query'];
  labels: ListPanelProps<T>['labels'];
  /** The page's `useListParams`: where the list is, and its filters for the empty state. */
  params: {
    query: { page: number; pageSize: number };
    update: (changes: { page?: number; pageSize?: number }) => void;
    hasFilters: boolean;
    clearFilters: () => void;
  };
  /** Phones get the short pagination labels. */
  compact: boolean;
  /** What the list says when it has no rows: none yet, or none that match the filters. */
  empty: Omit<ListEmptyStateProps, 'filtered' | 'onClear'>;
  /** The rows of the current page. */
  children: (data: T) => ReactNode;
}

/** A list paged by number (`page` in the URL, a total from the server): rows, then the pages. */
export function NumberedListPanel<T extends { total: number }>({
  query,
  labels,
  params,
  compact,
  empty,
  children,
}: NumberedListPanelProps<T>) {
  return (
    <ListPanel
      query={query}
      labels={labels}
      isEmpty={(data) => data.total === 0}
      empty={
        <ListEmptyState filtered={params.hasFilters} onClear={params.clearFilters} {...empty} />
      }
    >
      {(data) => (
        <>
          {children(data)}
          <NumberedPagination
            total={data.total}
            page={params.query.page}
            pageSize={params.query.pageSize}
            compact={compact}
            onChange={params.update}
          />
        </>
      )}
    </ListPanel>
  );
}
