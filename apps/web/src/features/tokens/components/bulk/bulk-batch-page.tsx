import DownloadIcon from '@mui/icons-material/Download';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  LinearProgress,
  Link,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { exportFileName, type BulkBatch } from '@ptd/contracts';
import { useEffect, useState } from 'react';
import { ForeignText } from '@/components/foreign-text.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { ConfirmDialog } from '@/components/confirm-dialog.tsx';
import { formatLocal, formatUtc } from '@/lib/format.ts';
import { doneAtThisPace } from '@/lib/pace.ts';
import { LoadingState } from '@/components/loading-state.tsx';
import { PageHeader } from '@/components/page-header.tsx';
import { RouterLink, useParams } from '@/lib/navigation.tsx';
import {
  useBatch,
  useBatchAction,
  useDownloadResults,
} from '@/features/tokens/api/token-batches.ts';
import { useStreamGroup } from '@/features/tokens/api/stream-groups.ts';
import { saveTextFile } from './save-file.ts';

const n = (value: number) => value.toLocaleString('en');

/** What the batch plays; a stream group by its streams' name once known, as the token list. */
function targetText(target: BulkBatch['target'], groupName: string | null | undefined) {
  if (target.type === 'group') return `stream group ${groupName ?? String(target.groupId)}`;
  if (target.type === 'organisation') return 'every stream of the organisation';
  const streams = (target.streams as string[] | undefined) ?? [];
  return streams.length === 1 ? `stream ${streams[0]}` : `${streams.length} streams`;
}

/**
 * The results file, after the batch's target and when it was created, named as every export
 * is: tokens-batch-dmoev-stage2-2026-11-30T0300Z.csv.
 */
function resultsFileName(batch: BulkBatch, groupName: string | null | undefined) {
  const { target } = batch;
  const parts =
    target.type === 'group'
      ? ['group', groupName ?? String(target.groupId)]
      : target.type === 'organisation'
        ? ['organisation']
        : ((target.streams as string[] | undefined) ?? []);
  return exportFileName('tokens-batch', Date.parse(batch.createdAt), parts);
}

function Progress({ batch }: { batch: BulkBatch }) {
  const { total, minted, minting, pending, failed, cancelled } = batch.counts;
  const done = minted + failed + cancelled;
  const value = total === 0 ? 100 : (done / total) * 100;
  const summary = [
    `${n(minted)} of ${n(total)} minted`,
    failed > 0 && `${n(failed)} failed`,
    cancelled > 0 && `${n(cancelled)} not minted (cancelled)`,
    // Cancelled while at the token service (pending: told by it to wait, then asked again): the
    // download waits for them.
    batch.state !== 'minting' &&
      minting + pending > 0 &&
      `${n(minting + pending)} still being issued`,
    batch.state === 'minting' && doneAtThisPace(batch.run, done, total),
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Stack spacing={1}>
      <LinearProgress
        variant="determinate"
        value={value}
        aria-label="Minting progress"
        sx={{ height: 8, borderRadius: 4 }}
      />
      <Typography role="status" aria-live="polite">
        {summary}
      </Typography>
    </Stack>
  );
}

/** One batch: progress while it is minted, then its tokens once, and its failed rows. */
export function BulkBatchPage() {
  const { id = '' } = useParams<{ id: string }>();
  const batch = useBatch(id);
  const cancel = useBatchAction(id, 'cancel');
  const retry = useBatchAction(id, 'retry');
  const resume = useBatchAction(id, 'resume');
  const download = useDownloadResults(id);
  const [downloaded, setDownloaded] = useState(false);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [confirmResume, setConfirmResume] = useState(false);
  const target = batch.data?.target;
  const groupName = useStreamGroup(target?.type === 'group' ? String(target.groupId) : undefined)
    .data?.name;
  const stillMinting = batch.data?.state === 'minting';
  // Cancelled, the page loses the button the confirmation came from: focus goes to the page
  // (after the dialog has given it back to that button, now gone), not to nowhere.
  useEffect(() => {
    if (stillMinting || !confirmCancel) return;
    setConfirmCancel(false);
    document.getElementById('main-content')?.focus();
  }, [stillMinting, confirmCancel]);
  // Likewise once the cancelled rows are being minted: their button is gone.
  useEffect(() => {
    if (!stillMinting || !confirmResume) return;
    setConfirmResume(false);
    document.getElementById('main-content')?.focus();
  }, [stillMinting, confirmResume]);

  if (batch.isPending) return <LoadingState label="Loading the batch…" />;
  const data = batch.data;
  if (data === undefined) {
    return <LoadError onRetry={() => batch.refetch()}>{batch.error?.message}</LoadError>;
  }
  const minting = data.state === 'minting';
  // Until the one download (or the week's erasing): tokens minted later must reach the file.
  const fileOpen =
    !minting && data.resultsDownloadedAt === null && data.resultsExpiredAt === null && !downloaded;
  // Rows are minted as the batch's creator: none once that account may no longer create tokens.
  const mintable = fileOpen && data.creatorMayMint;
  const resumable = mintable && data.counts.cancelled > 0;
  const creatorGone =
    fileOpen && !data.creatorMayMint && data.counts.failed + data.counts.cancelled > 0;
  const onDownload = () =>
    download.mutate(undefined, {
      onSuccess: (csv) => {
        saveTextFile(resultsFileName(data, groupName), csv);
        setDownloaded(true);
        // The text is in the file now; the mutation keeps no copy.
        download.reset();
      },
    });

  return (
    <Stack spacing={3}>
      <PageHeader
        overline={
          <Link component={RouterLink} to="/tokens/bulk" variant="body2">
            Create in bulk
          </Link>
        }
        title={
          minting
            ? 'Minting tokens…'
            : data.state === 'cancelled'
              ? 'Batch cancelled'
              : 'Batch finished'
        }
        description={`${n(data.counts.total)} tokens for ${targetText(data.target, groupName)}.${minting ? ' Minting continues on the server if you leave or reload this page.' : ''}`}
        actions={
          minting ? (
            <Button
              variant="outlined"
              color="warning"
              onClick={() => setConfirmCancel(true)}
              loading={cancel.isPending}
            >
              Cancel the rest
            </Button>
          ) : (
            resumable && (
              <Button
                variant="outlined"
                onClick={() => setConfirmResume(true)}
                loading={resume.isPending}
              >
                Mint the cancelled rows
              </Button>
            )
          )
        }
      />
      <ConfirmDialog
        subject={confirmCancel && minting ? data.counts.pending : null}
        content={(pending) => ({
          title: 'Cancel the rest of this batch?',
          text: `The ${n(pending)} ${pending === 1 ? 'row' : 'rows'} not started yet will not be minted now; this page can mint them later, until the tokens are downloaded. The tokens already minted stay valid and are in the download.`,
          confirmLabel: 'Cancel the rest',
          cancelLabel: 'Keep minting',
        })}
        pending={cancel.isPending}
        onCancel={() => setConfirmCancel(false)}
        onConfirm={() => cancel.mutate()}
      />
      <ConfirmDialog
        subject={confirmResume && resumable ? data.counts.cancelled : null}
        content={(cancelled) => ({
          title: `Mint the ${n(cancelled)} cancelled ${cancelled === 1 ? 'row' : 'rows'}?`,
          text: `${cancelled === 1 ? 'It is' : 'They are'} minted now with the batch's options, each checked again: a row whose expiry has passed is not minted and says why. The new tokens join this batch's download.`,
          confirmLabel: 'Mint them',
          cancelLabel: 'Not now',
          destructive: false,
        })}
        pending={resume.isPending}
        onCancel={() => setConfirmResume(false)}
        onConfirm={() => resume.mutate(undefined, { onError: () => setConfirmResume(false) })}
      />
      {batch.isError && (
        // A poll failed (the server restarting, the connection gone): the batch goes on on the
        // server, so its last counts stay, said to be that, with Cancel and the download.
        <Alert severity="warning" role="status">
          {batch.error.message} The counts below are the last ones loaded: the batch goes on on the
          server, and this page catches up once it answers again.
        </Alert>
      )}
      <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 } }}>
        <Stack spacing={3}>
          <Progress batch={data} />
          {data.resultsAvailable && (
            <Alert severity="warning" role="note" aria-labelledby="download-once">
              <AlertTitle id="download-once">Download the tokens now: this works once</AlertTitle>
              The file holds every token with its user id, tag, web playout URL and expiry. The
              dashboard erases its copy as it hands the file over; a second download is not
              possible.
              {data.creatorMayMint &&
                data.counts.failed > 0 &&
                ' Retry the rows not minted first: tokens minted after the download cannot be added to the file.'}
              {data.creatorMayMint &&
                data.counts.failed === 0 &&
                data.counts.cancelled > 0 &&
                ' Mint the cancelled rows first if they are needed: tokens minted after the download cannot be added to the file.'}
              <Box sx={{ mt: 1.5 }}>
                <Button
                  variant="contained"
                  startIcon={<DownloadIcon />}
                  onClick={onDownload}
                  loading={download.isPending}
                >
                  Download tokens (CSV)
                </Button>
              </Box>
            </Alert>
          )}
          {creatorGone && (
            <Alert severity="info" role="status">
              This batch&apos;s tokens are minted as its creator, whose account may no longer create
              tokens: its rows not minted cannot be minted any more. Create a new batch for them.
            </Alert>
          )}
          {(downloaded || data.resultsDownloadedAt) && (
            <Alert severity="success" role="status">
              The tokens were downloaded
              {data.resultsDownloadedAt
                ? ` (${formatLocal(data.resultsDownloadedAt)}, ${formatUtc(data.resultsDownloadedAt)})`
                : ''}
              . The dashboard keeps no copy of them; Playback tokens lists them for revoking and
              tracing.
            </Alert>
          )}
          {data.resultsExpiredAt && (
            <Alert severity="info" role="status">
              The tokens were never downloaded and were erased a week after minting ended. Playback
              Tokens still lists them; create new ones for these viewers.
            </Alert>
          )}
          <Typography variant="body2">
            <Link component={RouterLink} to={`/tokens?batch=${id}`}>
              Show this batch in Playback tokens
            </Link>
          </Typography>
        </Stack>
      </Paper>
      {data.failedRows.length > 0 && (
        <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 } }}>
          <Stack spacing={2}>
            <Box
              sx={{ display: 'flex', justifyContent: 'space-between', gap: 2, flexWrap: 'wrap' }}
            >
              <Typography variant="h2">Rows not minted ({n(data.counts.failed)})</Typography>
              {mintable && (
                <Button variant="outlined" onClick={() => retry.mutate()} loading={retry.isPending}>
                  Retry failed rows
                </Button>
              )}
            </Box>
            <TableContainer>
              <Table size="small" aria-label="Rows not minted">
                <TableHead>
                  <TableRow>
                    <TableCell>Row</TableCell>
                    <TableCell>User id</TableCell>
                    <TableCell>Why</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {data.failedRows.map((row) => (
                    <TableRow key={row.row}>
                      <TableCell>{row.row}</TableCell>
                      <TableCell sx={{ overflowWrap: 'anywhere' }}>
                        {row.user && <ForeignText value={row.user} />}
                      </TableCell>
                      <TableCell>{row.reason}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
