import { TablePagination, type TablePaginationProps } from '@mui/material';

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
      sx={{ borderTop: 1, borderColor: 'divider' }}
      {...rest}
    />
  );
}

/** A list paged by number, as its URL counts (`page=1` is the first): MUI counts from 0. */
export function NumberedPagination({
  total,
  page,
  pageSize,
  compact,
  onChange,
}: {
  total: number;
  page: number;
  pageSize: number;
  compact: boolean;
  onChange: (changes: { page?: number; pageSize?: number }) => void;
}) {
  return (
    <ListPagination
      count={total}
      page={Math.max(0, page - 1)}
      pageSize={pageSize}
      compact={compact}
      onPage={(next) => onChange({ page: next + 1 })}
      onPageSize={(size) => onChange({ pageSize: size })}
    />
  );
}
