import { Box, Chip, Link, Typography } from '@mui/material';
import { RouterLink } from '@/lib/navigation.tsx';

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
        label={`Batch …${batchId.slice(-8)}`}
        onDelete={onClear}
        aria-label={`Batch filter: ${batchId}`}
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
