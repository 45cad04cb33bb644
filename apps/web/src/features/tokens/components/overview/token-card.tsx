import { Box, CardActions, CardContent, Typography } from '@mui/material';
import type { TokenListItem } from '@ptd/contracts';
import { DetailGrid, DetailRow } from '@/components/detail-list.tsx';
import { ForeignText } from '@/components/foreign-text.tsx';
import { describeCreator } from '@/lib/describe-creator.ts';
import { MatchReason } from './match-reason.tsx';
import { DateCell, TargetText, dash, describeKind } from './token-display.tsx';
import { TokenStatusChip } from '@/components/token-status-chip.tsx';
import { RowActions, type RowActionHandlers } from './row-actions.tsx';

/** One ledger row as a card, for phones. */
export function TokenCard({ record, ...actions }: RowActionHandlers & { record: TokenListItem }) {
  return (
    <>
      <CardContent sx={{ pb: 1 }}>
        <Box
          sx={{
            display: 'flex',
            justifyContent: 'space-between',
            alignItems: 'center',
            gap: 1,
            mb: 1,
          }}
        >
          <TokenStatusChip status={record.status} />
          <Typography variant="caption" color="text.secondary">
            <ForeignText value={describeKind(record)} />
          </Typography>
        </Box>
        <Box sx={{ fontWeight: 600, mb: 1 }}>
          <TargetText target={record.target} />
          <MatchReason record={record} />
        </Box>
        <DetailGrid labelWidth="auto">
          <DetailRow label="Tag">{dash(record.tag)}</DetailRow>
          <DetailRow label="User">{dash(record.user)}</DetailRow>
          <DetailRow label="Created by">{describeCreator(record)}</DetailRow>
          <DetailRow label="Created">
            <DateCell value={record.createdAt} />
          </DetailRow>
          <DetailRow label="Expires">
            <DateCell value={record.expiresAt} />
          </DetailRow>
        </DetailGrid>
      </CardContent>
      <CardActions sx={{ justifyContent: 'flex-end', px: 2, pb: 1.5 }}>
        <RowActions record={record} {...actions} />
      </CardActions>
    </>
  );
}
