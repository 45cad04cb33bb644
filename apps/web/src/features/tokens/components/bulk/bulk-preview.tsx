import {
  Alert,
  AlertTitle,
  Box,
  Button,
  List,
  ListItem,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { BULK_ISSUES_SHOWN, type BulkIssue, type BulkRow } from '@ptd/contracts';
import type { ReactNode } from 'react';

const SAMPLE = 5;
/** Columns a phone leaves out: the row, its user id and client IP say enough there. */
const WIDE = { display: { xs: 'none', sm: 'table-cell' } } as const;
const WRAP = { overflowWrap: 'anywhere' } as const;

export interface PreviewResult {
  rows: BulkRow[];
  issues: BulkIssue[];
}

const n = (value: number) => value.toLocaleString('en');

/** How many rows have a problem of their own (row 0: the options). */
const rowsWithIssues = (issues: BulkIssue[]) =>
  new Set(issues.filter((i) => i.row > 0).map((i) => i.row)).size;

const downloadLabel = (count: number) =>
  count === 1
    ? 'Download the 1 row that needs fixing'
    : `Download the ${n(count)} rows that need fixing`;

const ACTIONS = { display: 'flex', gap: 1, flexWrap: 'wrap', mt: 1.5 } as const;

interface BulkPreviewProps {
  preview: PreviewResult;
  /** What the rows need besides fixing (a confirmation); instead of "all rows are fine". */
  caution?: ReactNode;
  /** Saves the rows that need fixing (those of this preview, or those left out) as a CSV. */
  onDownloadRowsToFix: () => void;
  /** Checks the list again without the rows that need fixing. */
  onLeaveOut: () => void;
  /** How many rows were left out of the list before it was checked; 0 for none. */
  leftOut: number;
}

/** What the batch will be: its first rows, and every problem by row and column. */
export function BulkPreview({
  preview,
  caution,
  onDownloadRowsToFix,
  onLeaveOut,
  leftOut,
}: BulkPreviewProps) {
  const { rows, issues } = preview;
  const badRows = rowsWithIssues(issues);
  const optionsWrong = issues.some((i) => i.row === 0);
  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      {issues.length > 0 ? (
        <Alert severity="error" role="alert" aria-labelledby="bulk-issues-title">
          <AlertTitle id="bulk-issues-title">
            {optionsWrong
              ? 'The options need fixing before any row can be checked'
              : `${n(badRows)} of ${n(rows.length)} rows need fixing; nothing was minted`}
          </AlertTitle>
          <List
            dense
            disablePadding
            aria-label="Problems by row"
            sx={{ maxHeight: 280, overflow: 'auto' }}
          >
            {issues.slice(0, BULK_ISSUES_SHOWN).map((issue) => (
              <ListItem key={`${issue.row}-${issue.column}`} disableGutters sx={{ py: 0.25 }}>
                {issue.message}
              </ListItem>
            ))}
          </List>
          {issues.length > BULK_ISSUES_SHOWN && (
            <Typography variant="body2">
              … and {n(issues.length - BULK_ISSUES_SHOWN)} more.
            </Typography>
          )}
          {!optionsWrong && (
            <Box sx={ACTIONS}>
              <Button variant="outlined" color="inherit" size="small" onClick={onDownloadRowsToFix}>
                {downloadLabel(badRows)}
              </Button>
              {/* With every row to fix, nothing would be left to mint. */}
              {badRows < rows.length && (
                <Button variant="outlined" color="inherit" size="small" onClick={onLeaveOut}>
                  {badRows === 1 ? 'Leave out this 1 row' : `Leave out these ${n(badRows)} rows`}
                </Button>
              )}
            </Box>
          )}
        </Alert>
      ) : (
        !caution && (
          <Alert severity="success" role="status">
            All {n(rows.length)} rows are fine. Nothing is minted until you start it below.
          </Alert>
        )
      )}
      {leftOut > 0 && issues.length === 0 && (
        <Alert severity="info" role="status">
          {leftOut === 1
            ? '1 row that needs fixing was left out of the list; it is not minted. Fix it in the file and check it as a list of its own;'
            : `${n(leftOut)} rows that need fixing were left out of the list; they are not minted. Fix them in the file and check them as a list of their own;`}{' '}
          the rows below are numbered without them.
          <Box sx={ACTIONS}>
            <Button variant="outlined" color="inherit" size="small" onClick={onDownloadRowsToFix}>
              {downloadLabel(leftOut)}
            </Button>
          </Box>
        </Alert>
      )}
      {caution}
      <TableContainer sx={{ border: 1, borderColor: 'divider', borderRadius: 1 }}>
        <Table size="small" aria-label="First rows">
          <TableHead>
            <TableRow>
              <TableCell>Row</TableCell>
              <TableCell>User id</TableCell>
              <TableCell sx={WIDE}>Tag</TableCell>
              <TableCell>Client IP</TableCell>
              <TableCell sx={WIDE}>Domain</TableCell>
              <TableCell sx={WIDE}>Expiry</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.slice(0, SAMPLE).map((row, i) => (
              <TableRow key={i}>
                <TableCell>{i + 1}</TableCell>
                <TableCell sx={WRAP}>{row.user ?? '—'}</TableCell>
                <TableCell sx={{ ...WIDE, ...WRAP }}>{row.tag ?? ''}</TableCell>
                <TableCell sx={WRAP}>{row.ip ?? ''}</TableCell>
                <TableCell sx={{ ...WIDE, ...WRAP }}>{row.domain ?? ''}</TableCell>
                <TableCell sx={WIDE}>{row.expiresAt ?? ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {rows.length > SAMPLE && (
        <Typography variant="body2" color="text.secondary">
          The first {SAMPLE} of {n(rows.length)} rows. Empty cells take the options above.
        </Typography>
      )}
    </Box>
  );
}
