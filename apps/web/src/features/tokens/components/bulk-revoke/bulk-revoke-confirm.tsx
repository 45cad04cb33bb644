import { Alert, Box, CircularProgress, TextField, Typography } from '@mui/material';
import type { BulkRevocationPreview } from '@ptd/contracts';
import { BulkRevokeSample } from './bulk-revoke-sample.tsx';

interface Props {
  preview: BulkRevocationPreview | undefined;
  loading: boolean;
  typed: string;
  onTyped: (text: string) => void;
  /** Why the last attempt to start was refused (e.g. the count changed meanwhile). */
  refusal: string | null;
}

/** The count, who is covered, a sample, and the count typed back before anything happens. */
export function BulkRevokeConfirm({ preview, loading, typed, onTyped, refusal }: Props) {
  if (loading || !preview) {
    return (
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, py: 4 }}>
        <CircularProgress size={24} aria-label="Counting matching tokens" />
        <Typography color="text.secondary">Counting the matching tokens…</Typography>
      </Box>
    );
  }
  const count = preview.count;
  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      {refusal && <Alert severity="warning">{refusal}</Alert>}
      <Typography>
        {count === 0 ? (
          'No active revocable token matches these filters: there is nothing to revoke.'
        ) : (
          <>
            <strong>
              {count.toLocaleString()} active revocable {count === 1 ? 'token' : 'tokens'}
            </strong>{' '}
            {count === 1 ? 'matches' : 'match'} the current filters. Revoking is permanent: each
            stops working on every edge, and viewers watching with it are disconnected.
          </>
        )}
      </Typography>
      {preview.ownOnly && (
        <Alert severity="info">
          As an editor you revoke only the tokens you created: others’ tokens that match are left as
          they are.
        </Alert>
      )}
      {count > 0 && (preview.widerTargets ?? 0) > 0 && (
        // A stream filter also matches the group and organisation tokens that play the stream.
        <Alert severity="warning">
          {preview.widerTargets?.toLocaleString()} of them{' '}
          {preview.widerTargets === 1 ? 'is' : 'are'} for a stream group or the entire organisation:
          revoked, {preview.widerTargets === 1 ? 'it stops' : 'they stop'} playing every stream{' '}
          {preview.widerTargets === 1 ? 'it opens' : 'they open'}, not only the streams filtered.
          Narrow the filters (a tag, a user ID) if {preview.widerTargets === 1 ? 'it' : 'they'}{' '}
          should keep playing.
        </Alert>
      )}
      {preview.notRevocable > 0 && (
        <Typography variant="body2" color="text.secondary">
          {preview.notRevocable.toLocaleString()} other active{' '}
          {preview.notRevocable === 1 ? 'token matches but was' : 'tokens match but were'} not
          created as revocable and stay valid until they expire.
        </Typography>
      )}
      {count > 0 && <BulkRevokeSample sample={preview.sample} count={count} />}
      {count > 0 && (
        <TextField
          label={`Type ${count} to confirm`}
          value={typed}
          onChange={(event) => onTyped(event.target.value)}
          autoComplete="off"
          slotProps={{ htmlInput: { inputMode: 'numeric' } }}
        />
      )}
    </Box>
  );
}
