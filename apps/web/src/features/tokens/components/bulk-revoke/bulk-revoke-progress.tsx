import {
  Alert,
  Box,
  LinearProgress,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@mui/material';
import type { BulkRevocation } from '@ptd/contracts';
import { DetailGrid, DetailRow } from '@/components/detail-list.tsx';
import { ForeignText } from '@/components/foreign-text.tsx';
import { doneAtThisPace } from '@/lib/pace.ts';
import { useTableTime } from '@/lib/table-time-zone.ts';
import { Expires, TagAndUser } from './bulk-revoke-sample.tsx';

/** Who stopped the job and when, in the zone the tables show. */
function StoppedBy({ job }: { job: BulkRevocation }) {
  const time = useTableTime();
  return (
    <>
      {job.stoppedBy ? <ForeignText value={job.stoppedBy.displayName} /> : 'a former staff member'}
      {job.stoppedAt && (
        <>
          {' '}
          at <time dateTime={job.stoppedAt}>{time.short(job.stoppedAt)}</time> (
          {time.otherLong(job.stoppedAt)})
        </>
      )}
    </>
  );
}

/** How far a revoke by filter has come, and once done, what became of every token. */
export function BulkRevokeProgress({ job }: { job: BulkRevocation }) {
  const settled = job.revoked + job.skipped + job.failed + job.stopped;
  const percent = job.total === 0 ? 100 : Math.round((settled / job.total) * 100);
  const running = job.state === 'running';
  const stopped = job.stoppedAt !== null;
  const pace = running && doneAtThisPace(job.run, settled, job.total);
  // Retried by someone else: it goes on as them, by their revoke rule (an editor's: their own).
  const retriedBy = job.runBy && job.runBy.id !== job.createdBy?.id ? job.runBy : null;
  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      {/* Interrupted too: the next runner to look ends it as stopped. */}
      {job.state !== 'done' && stopped ? (
        <Box>
          <Typography sx={{ mb: 1 }}>
            Stopping (stopped by <StoppedBy job={job} />
            ): the revokes already sent to nanoStream Cloud finish, and the rest stay valid.
          </Typography>
          <LinearProgress aria-label="Stopping" />
        </Box>
      ) : stopped ? (
        <Alert severity="info">
          Stopped by <StoppedBy job={job} />: {job.revoked.toLocaleString()}{' '}
          {job.revoked === 1 ? 'token was' : 'tokens were'} revoked, and{' '}
          {job.stopped.toLocaleString()} {job.stopped === 1 ? 'stays' : 'stay'} valid.
        </Alert>
      ) : running ? (
        <Box>
          <Typography sx={{ mb: 1 }}>
            Revoking… {settled.toLocaleString()} of {job.total.toLocaleString()} done
            {pace && ` · ${pace}`}. You can close this: it goes on on the server, and Playback
            tokens shows it again after a reload.
          </Typography>
          <LinearProgress variant="determinate" value={percent} aria-label="Revoking tokens" />
        </Box>
      ) : job.state === 'interrupted' ? (
        <Alert severity="warning">
          This revoke by filter stopped before it was done ({job.pending.toLocaleString()} not tried
          yet). The dashboard goes on with it by itself within seconds, and this shows it; Retry to
          go on now.
        </Alert>
      ) : job.failed === 0 ? (
        <Alert severity="success">Done: every token was dealt with.</Alert>
      ) : (
        <Alert severity="error">
          Done, but {job.failed.toLocaleString()} {job.failed === 1 ? 'token' : 'tokens'} could not
          be revoked. They are still active; retry them below.
        </Alert>
      )}
      <DetailGrid labelWidth="auto" size="medium" aria-label="Summary">
        <DetailRow label="Revoked">{job.revoked.toLocaleString()}</DetailRow>
        {stopped && (
          <DetailRow label="Not revoked: stopped">{job.stopped.toLocaleString()}</DetailRow>
        )}
        <DetailRow label="Already expired / not revocable">
          {job.skipped.toLocaleString()}
        </DetailRow>
        <DetailRow label="Failed">{job.failed.toLocaleString()}</DetailRow>
        {retriedBy && (
          <DetailRow label="Retried by">
            <ForeignText value={retriedBy.displayName} />
          </DetailRow>
        )}
      </DetailGrid>
      {job.failures.length > 0 && !running && (
        <Box>
          <Typography variant="h3" component="h3" sx={{ mb: 0.5 }}>
            Not revoked
          </Typography>
          <List dense aria-label="Tokens not revoked" sx={{ maxHeight: 220, overflowY: 'auto' }}>
            {job.failures.map((failure) => (
              <ListItem key={failure.tokenId} disableGutters>
                <ListItemText
                  primary={
                    <>
                      <TagAndUser tag={failure.tag} user={failure.user} /> ·{' '}
                      <Expires value={failure.expiresAt} />
                    </>
                  }
                  secondary={failure.message}
                />
              </ListItem>
            ))}
          </List>
        </Box>
      )}
    </Box>
  );
}
