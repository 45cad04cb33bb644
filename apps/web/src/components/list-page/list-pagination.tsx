import { TablePagination, type TablePaginationProps } from '@mui/material';
import type { ReactNode } from 'react';
import { ListEmptyState, type ListEmptyStateProps } from './list-empty-state.tsx';
import { ListPanel, type ListPanelProps } from './list-panel.tsx';

type ListPaginationProps = {
  /** Zero-based, as MUI counts. */
  page: number;
  pageSize: number;
  /** -1 when the end is not known yet (cursor pages). */
  count: number;
  /** Phones get the short "Per page" label. */
  compact: boolean;
  onPage: (page: number) => void;
  onPageSize: (pageSize: number) => void;
} & Pick<TablePaginationProps, 'labelDisplayedRows' | 'showFirstButton'>;

const PAGE_SIZES = [10, 25, 50, 100];

/** Pages and rows per page under a list, the same on every list page. */
export function ListPagination({
  page,
  pageSize,
  count,
  compact,
  onPage,
  onPageSize,
  ...rest
}: ListPaginationProps) {
  return (
    <TablePagination
      component="div"
      count={count}
      page={page}
      rowsPerPage={pageSize}
      rowsPerPageOptions={PAGE_SIZES}
      labelRowsPerPage={compact ? 'Per page' : 'Rows per page'}
      onPageChange={(_, next) => onPage(next)}
      onRowsPerPageChange={(event) => onPageSize(Number(event.target.value))}
      sx={{
        borderTop: 1,
        borderColor: 'divider',
        // On a phone the page buttons wrap under the counts instead of running off the edge.
        ...(compact && {
          '& .MuiTablePagination-toolbar': { flexWrap: 'wrap', justifyContent: 'flex-end', pr: 2 },
          '& .MuiTablePagination-spacer': { display: 'none' },
        }),
      }}
      {...rest}
    />
  );
}

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
          {/* MUI counts pages from 0, the URL from 1 (`page=1` is the first). */}
          <ListPagination
            count={data.total}
            page={Math.max(0, params.query.page - 1)}
            pageSize={params.query.pageSize}
            compact={compact}
            onPage={(next) => params.update({ page: next + 1 })}
            onPageSize={(size) => params.update({ pageSize: size })}
          />
        </>
      )}
    </ListPanel>
  );
}
