import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import type { BulkRevocation, TokenFilter } from '@ptd/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog.tsx';
import { FormAlert } from '@/components/form-alert.tsx';
import { tokenListsQueryKey } from '@/features/tokens/api/list-tokens.ts';
import { describeError } from '@/lib/api-client.ts';
import { useIdempotencyKey } from '@/lib/idempotency.ts';
import {
  useBulkRevocation,
  useBulkRevocationPreview,
  useRetryBulkRevocation,
  useStartBulkRevocation,
  useStopBulkRevocation,
  isCountChanged,
} from '@/features/tokens/api/bulk-revocations.ts';
import { BulkRevokeConfirm } from './bulk-revoke-confirm.tsx';
import { BulkRevokeProgress } from './bulk-revoke-progress.tsx';

const tokens = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'token' : 'tokens'}`;

/**
 * What stopping leaves, as the server last counted it: the tokens whose revoke was not sent
 * yet stay valid; the revokes already sent finish, and may still succeed.
 */
function stopQuestion(job: BulkRevocation) {
  const notSent = Math.max(job.pending - job.sent, 0);
  const valid = `The ${tokens(notSent)} not yet sent to nanoStream Cloud will stay valid`;
  if (job.sent === 0) return `${valid}; those already revoked stay revoked.`;
  const sent =
    job.sent === 1
      ? 'The 1 revoke already sent finishes and may still succeed'
      : `The ${job.sent.toLocaleString()} revokes already sent finish and may still succeed`;
  return `${valid}. ${sent}; those already revoked stay revoked.`;
}

interface Props {
  open: boolean;
  filter: TokenFilter;
  /** The job being followed (kept in the URL, so that a reload shows it again). */
  jobId: string | null;
  onStarted: (jobId: string) => void;
  onClose: () => void;
}

/**
 * "Revoke matching…": the count and a sample, the count typed back, then the job's progress
 * with Stop revoking (asked first), and its summary, with a retry of what failed. The server
 * does the work; this only follows it.
 */
export function BulkRevokeDialog({ open, filter, jobId, onStarted, onClose }: Props) {
  const titleId = useId();
  const fullScreen = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const preview = useBulkRevocationPreview(filter, open && jobId === null);
  const job = useBulkRevocation(open ? jobId : null);
  const start = useStartBulkRevocation();
  const retry = useRetryBulkRevocation();
  const stop = useStopBulkRevocation();
  const [askStop, setAskStop] = useState(false);
  const closeButton = useRef<HTMLButtonElement>(null);
  const idempotency = useIdempotencyKey();
  const [typed, setTyped] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);

  const count = preview.data?.count ?? 0;
  const confirmed = count > 0 && typed.trim() === String(count);

  const revoke = () => {
    // The tokens counted when the confirmation was read, not those created since.
    const body = {
      filter,
      expectedCount: count,
      asOf: preview.data?.asOf ?? new Date().toISOString(),
    };
    start.mutate(
      { body, idempotencyKey: idempotency.keyFor(body) },
      {
        onSuccess: (started) => {
          idempotency.done();
          setTyped('');
          setRefusal(null);
          onStarted(started.id);
        },
        onError: (error) => {
          if (!isCountChanged(error)) return;
          setTyped('');
          setRefusal(error.message);
          void preview.refetch();
        },
      },
    );
  };

  const close = () => {
    setTyped('');
    setRefusal(null);
    start.reset();
    retry.reset();
    stop.reset();
    setAskStop(false);
    onClose();
  };

  // A start or retry that failed (a changed count is said above the count instead).
  const failure =
    start.error && !isCountChanged(start.error) ? start.error : (retry.error ?? stop.error);

  const current = job.data;
  const client = useQueryClient();
  const finished = current !== undefined && current.state !== 'running';
  // Once the job has settled every token, the overview behind the dialog shows it.
  useEffect(() => {
    if (finished) void client.invalidateQueries({ queryKey: tokenListsQueryKey });
  }, [finished, current?.revoked, client]);
  // A stopped job's rest was left on purpose: it is neither stopped again nor retried.
  const stoppable = current !== undefined && current.state !== 'done' && current.stoppedAt === null;
  const retryable =
    current &&
    current.state !== 'running' &&
    current.stoppedAt === null &&
    current.failed + current.pending > 0;
  // Stopped, the dialog loses the button the question came from: focus goes to Close (after
  // the question has given it back to that button, now gone), not to nowhere.
  useEffect(() => {
    if (stoppable || !askStop) return;
    setAskStop(false);
    closeButton.current?.focus();
  }, [stoppable, askStop]);

  return (
    <Dialog
      open={open}
      onClose={() => !start.isPending && close()}
      aria-labelledby={titleId}
      maxWidth="md"
      fullWidth
      fullScreen={fullScreen}
    >
      <DialogTitle id={titleId}>
        {jobId === null ? 'Revoke matching tokens?' : 'Revoke by filter'}
      </DialogTitle>
      <DialogContent>
        {jobId === null ? (
          <BulkRevokeConfirm
            preview={preview.data}
            loading={preview.isPending}
            typed={typed}
            onTyped={setTyped}
            refusal={refusal}
          />
        ) : current ? (
          <BulkRevokeProgress job={current} />
        ) : null}
      </DialogContent>
      {/* Next to the buttons, not in the content that scrolls: Retry and Cancel stay in reach. */}
      <FormAlert message={failure ? describeError(failure) : null} sx={{ mx: 3, mt: 1 }} />
      <DialogActions sx={{ px: 3, pb: 2, flexWrap: 'wrap', gap: 1 }}>
        <Button
          ref={closeButton}
          onClick={close}
          disabled={start.isPending}
          autoFocus={jobId === null}
        >
          {jobId === null ? 'Cancel' : 'Close'}
        </Button>
        {jobId === null && count > 0 && (
          <Button
            variant="contained"
            color="error"
            disabled={!confirmed}
            loading={start.isPending}
            onClick={revoke}
          >
            Revoke {count.toLocaleString()} {count === 1 ? 'token' : 'tokens'}
          </Button>
        )}
        {stoppable && (
          <Button
            variant="outlined"
            color="warning"
            loading={stop.isPending}
            onClick={() => setAskStop(true)}
          >
            Stop revoking
          </Button>
        )}
        {retryable && (
          <Button
            variant="contained"
            color="error"
            loading={retry.isPending}
            onClick={() => retry.mutate(current.id)}
          >
            Retry {(current.failed + current.pending).toLocaleString()} not revoked
          </Button>
        )}
      </DialogActions>
      <ConfirmDialog
        subject={askStop && stoppable ? current : null}
        content={(job) => ({
          title: 'Stop revoking?',
          text: stopQuestion(job),
          confirmLabel: 'Stop revoking',
          cancelLabel: 'Keep revoking',
          destructive: false,
        })}
        pending={stop.isPending}
        onCancel={() => setAskStop(false)}
        onConfirm={(job) => stop.mutate(job.id, { onError: () => setAskStop(false) })}
      />
    </Dialog>
  );
}
