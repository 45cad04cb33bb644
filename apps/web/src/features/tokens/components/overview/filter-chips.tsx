import { Box, Chip, Link, Typography } from '@mui/material';
import { foreignLabel } from '@ptd/contracts';
import { ForeignText } from '@/components/foreign-text.tsx';
import { RouterLink } from '@/lib/navigation.tsx';

/** The exact Stream filter (`stream=<name>&streamMatch=exact`): set by the event overview's links. */
export function ExactStreamChip({ stream, onClear }: { stream: string; onClear: () => void }) {
  return (
    <Chip
      label={
        <>
          Stream: <ForeignText value={stream} /> (exact)
        </>
      }
      onDelete={onClear}
      aria-label={`Stream filter: ${foreignLabel(stream)} (exact)`}
      color="primary"
      variant="outlined"
      sx={{ alignSelf: 'flex-start', maxWidth: '100%' }}
    />
  );
}

/** The Batch filter (`batch=<id>`): set from a batch's page or a token's details, not typed. */
export function BatchFilterChip({
  batchId,
  canOpen,
  onClear,
}: {
  batchId: string;
  /** Editors and admins may open the batch's page; viewers only filter by it. */
  canOpen: boolean;
  onClear: () => void;
}) {
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, flexWrap: 'wrap' }}>
      <Chip
        // From the address: isolated, with a marker for any control character in it.
        label={
          <>
            Batch …<ForeignText value={batchId.slice(-8)} />
          </>
        }
        onDelete={onClear}
        aria-label={`Batch filter: ${foreignLabel(batchId)}`}
        color="primary"
        variant="outlined"
      />
      {canOpen && (
        <Typography variant="body2">
          <Link component={RouterLink} to={`/tokens/bulk/${batchId}`}>
            The batch’s page
          </Link>
        </Typography>
      )}
    </Box>
  );
}
