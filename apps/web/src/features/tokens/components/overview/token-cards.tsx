import { Box, Card, CardActions, CardContent, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { MatchReason } from './match-reason.tsx';
import { DateCell, TargetText, dash, describeKind } from './token-display.tsx';
import { TokenStatusChip } from './token-status-chip.tsx';
import { RowActions, type TokenListViewProps } from './tokens-table.tsx';

/** The ledger as a list of cards, for phones. */
export function TokenCards({ items, onOpen, onRevoke, canRevoke, onSimilar }: TokenListViewProps) {
  return (
    <Stack component="ul" aria-label="Playback tokens" spacing={1.5} sx={{ p: 1.5, m: 0 }}>
      {items.map((record) => (
        <Card component="li" key={record.id} sx={{ listStyle: 'none' }}>
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
                {describeKind(record)}
              </Typography>
            </Box>
            <Box sx={{ fontWeight: 600, mb: 1 }}>
              <TargetText target={record.target} />
              <MatchReason record={record} />
            </Box>
            <Box
              component="dl"
              sx={{
                display: 'grid',
                gridTemplateColumns: 'auto minmax(0, 1fr)',
                columnGap: 2,
                rowGap: 0.75,
                m: 0,
              }}
            >
              <Field label="Tag">{dash(record.tag)}</Field>
              <Field label="User">{dash(record.user)}</Field>
              <Field label="Created by">
                {record.createdBy?.displayName ??
                  (record.kind === 'viewer' ? 'Viewer request' : 'Unknown')}
              </Field>
              <Field label="Created">
                <DateCell value={record.createdAt} />
              </Field>
              <Field label="Expires">
                <DateCell value={record.expiresAt} />
              </Field>
            </Box>
          </CardContent>
          <CardActions sx={{ justifyContent: 'flex-end', px: 2, pb: 1.5 }}>
            <RowActions
              record={record}
              onOpen={onOpen}
              onRevoke={onRevoke}
              canRevoke={canRevoke}
              onSimilar={onSimilar}
            />
          </CardActions>
        </Card>
      ))}
    </Stack>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <Typography component="dt" variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: 'anywhere' }}>
        {children}
      </Typography>
    </>
  );
}
