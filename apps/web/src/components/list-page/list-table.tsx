import {
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  type SxProps,
  type TableCellProps,
  type Theme,
} from '@mui/material';
import type { MouseEvent, ReactNode } from 'react';
import { asForeignText } from '@/components/foreign-text.tsx';

export interface ListColumn<T> {
  /** The header cell: a label, a sort control, or a name only screen readers need. */
  header: ReactNode;
  /** Text returned as a string is shown as ForeignText: it cannot reorder the row. */
  cell: (item: T) => ReactNode;
  align?: TableCellProps['align'];
  /** The header's and every row's cell alike: widths, columns a phone has no room for. */
  sx?: SxProps<Theme>;
  /** The rows' cells only, on top of `sx`. */
  cellSx?: SxProps<Theme>;
  /** The header cell only, e.g. its `sortDirection`; its `sx` goes on top of `sx`. */
  headProps?: Omit<TableCellProps, 'children' | 'align'>;
}

interface ListTableProps<T extends { id: string }> {
  /** The table's accessible name (a page's CardList for phones takes the same). */
  label: string;
  /** One row each, keyed by its id. */
  items: readonly T[];
  columns: readonly ListColumn<T>[];
  size?: 'small' | 'medium';
  tableSx?: SxProps<Theme>;
  rowSx?: SxProps<Theme>;
  /** Makes the whole row a target (hover, pointer); its controls stop their own clicks. */
  onRowClick?: (item: T, event: MouseEvent<HTMLTableRowElement>) => void;
}

/** A list page's rows as a table (phones get a CardList where the page has one). */
export function ListTable<T extends { id: string }>({
  label,
  items,
  columns,
  size = 'small',
  tableSx,
  rowSx,
  onRowClick,
}: ListTableProps<T>) {
  return (
    <TableContainer>
      <Table size={size} aria-label={label} sx={tableSx}>
        <TableHead>
          <TableRow>
            {columns.map(({ header, align, sx, headProps }, index) => (
              <TableCell key={index} align={align} {...headProps} sx={merge(sx, headProps?.sx)}>
                {header}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((item) => (
            <TableRow
              key={item.id}
              hover={onRowClick !== undefined}
              onClick={
                onRowClick && ((event: MouseEvent<HTMLTableRowElement>) => onRowClick(item, event))
              }
              sx={merge(onRowClick && { cursor: 'pointer' }, rowSx)}
            >
              {columns.map(({ cell, align, sx, cellSx }, index) => (
                <TableCell key={index} align={align} sx={merge(sx, cellSx)}>
                  {asForeignText(cell(item))}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/** Several `sx` values as one (MUI applies an array's entries in order). */
function merge(...parts: Array<SxProps<Theme> | undefined>): SxProps<Theme> {
  return parts.flatMap((part) => (part === undefined ? [] : Array.isArray(part) ? part : [part]));
}
