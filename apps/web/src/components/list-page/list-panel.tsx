import { Box, LinearProgress, Paper } from '@mui/material';
import type { ReactNode } from 'react';
import { LoadError } from '../load-error.tsx';
import { LoadingState } from '../loading-state.tsx';

/** What a list page needs from its query (react-query's result, with `keepPreviousData`). */
export interface ListQuery<T> {
  data: T | undefined;
  isPending: boolean;
  isError: boolean;
  isFetching: boolean;
  refetch: () => unknown;
}

export interface ListPanelProps<T> {
  query: ListQuery<T>;
  /** e.g. `{ loading: 'Loading streams…', updating: 'Updating streams', failed: '…' }`. */
  labels: { loading: string; updating: string; failed: string };
  /** Something else on the page is saving: the bar shows too. */
  busy?: boolean;
  isEmpty?: (data: T) => boolean;
  /** Shown instead of the rows when `isEmpty` (see ListEmptyState). */
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}

/**
 * The frame of a list: a spinner for the first load, a retry when it failed, the empty state,
 * and otherwise the rows. While another page or filter loads the previous rows stay, under a
 * thin bar, so the table does not jump.
 */
export function ListPanel<T>({
  query,
  labels,
  busy = false,
  isEmpty,
  empty,
  children,
}: ListPanelProps<T>) {
  const { data } = query;
  return (
    <Paper variant="outlined" sx={{ position: 'relative', overflow: 'hidden' }}>
      {(busy || (query.isFetching && data !== undefined)) && (
        <LinearProgress
          aria-label={labels.updating}
          sx={{ position: 'absolute', top: 0, left: 0, right: 0 }}
        />
      )}
      {query.isPending ? (
        <LoadingState label={labels.loading} />
      ) : data === undefined ? (
        <Box sx={{ p: 3 }}>
          <LoadError onRetry={() => query.refetch()}>{labels.failed}</LoadError>
        </Box>
      ) : isEmpty?.(data) ? (
        empty
      ) : (
        children(data)
      )}
    </Paper>
  );
}
