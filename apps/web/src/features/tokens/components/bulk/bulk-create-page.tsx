import { Alert, Box, Button, Divider, Paper, Stack, TextField, Typography } from '@mui/material';
import {
  exportFileName,
  TOKEN_LIMITS,
  validateBulkRows,
  type BulkIssue,
  type BulkRow,
} from '@ptd/contracts';
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { FormProvider, useForm, useWatch } from 'react-hook-form';
import { FormAlert } from '@/components/form-alert.tsx';
import { useIdlePreload } from '@/components/idle-warm-up.ts';
import { describeLoadFailure, LoadFailureBoundary } from '@/components/load-failure-boundary.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { LoadingState } from '@/components/loading-state.tsx';
import { lazyRetrying } from '@/lib/lazy-retrying.tsx';
import { FormSection } from '@/components/form-section.tsx';
import { PageHeader } from '@/components/page-header.tsx';
import { useIdempotencyKey } from '@/lib/idempotency.ts';
import { navigate } from '@/lib/navigation.tsx';
import { serverNow } from '@/lib/server-clock.ts';
import { applyServerIssues } from '@/lib/server-issues.ts';
import { useSession } from '@/lib/auth/session.ts';
import { useCreateBatch } from '@/features/tokens/api/token-batches.ts';
import { ExpirySection } from '../token-form/expiry-section.tsx';
import { tokenFormResolver } from '../token-form/form-resolver.ts';
import { fieldForIssue } from '../token-form/server-issues.ts';
import { RestrictionsSection } from '../token-form/restrictions-section.tsx';
import { TargetSection } from '@/components/target/target-section.tsx';
import { useStreamSearch } from '@/features/streams/api/stream-search.ts';
import { TokenFormGate } from '../token-form/token-form-gate.tsx';
import type { TokenFormInput, TokenFormOutput } from '../token-form/types.ts';
import { tokenFormDefaults } from '../token-form/form-defaults.ts';
import { toBatchOptions } from './bulk-options-form.ts';
import type { PreviewResult } from './bulk-preview.tsx';
import { BulkRowsSource, loadCsvReader, type RowsSource } from './bulk-rows-source.tsx';
import { nonPublicRows, type NonPublicRows } from './non-public-rows.ts';
import type * as CheckViews from './bulk-check-views.ts';
import { saveTextFile } from './save-file.ts';

let loadingViews: Promise<typeof CheckViews> | undefined;

/** The preview's code, loaded once; a failed load is tried again on the next call. */
function loadCheckViews() {
  loadingViews ??= import('./bulk-check-views.ts').catch((error: unknown) => {
    loadingViews = undefined;
    throw error;
  });
  return loadingViews;
}

/** Below the form: loaded apart, so that the form's code comes first. */
const RecentBatches = lazyRetrying(() =>
  import('./recent-batches.tsx').then((module) => module.RecentBatches),
);

const VIEWS_NOT_LOADED =
  'The preview could not be loaded. Check the connection, then check the rows again.';
const WRITER_NOT_LOADED =
  'The rows that need fixing could not be saved: the CSV writer did not load. Check the connection, then download them again.';

type Checked = PreviewResult & { nonPublic: NonPublicRows; checkedAt: number };

/**
 * Rows left out of the list for their problems: the list as it was first checked, with the
 * problems of every row left out numbered as in it (the file of those rows keeps its numbers),
 * the rows kept with their numbers there, and the options they were checked with.
 */
interface LeftOut {
  checked: Checked;
  kept: BulkRow[];
  keptNumbers: number[];
  optionsKey: string;
}

/** "Create in bulk": viewers from a CSV or numbered, one target and options, a preview, then minting. */
export function BulkCreatePage() {
  const session = useSession().data;
  const [source, setSource] = useState<RowsSource>(null);
  const [preview, setPreview] = useState<Checked | null>(null);
  const [leftOut, setLeftOut] = useState<LeftOut | null>(null);
  const [writerFailed, setWriterFailed] = useState(false);
  // The answer to "mint rows with a private or special client IP?", asked afresh by each check.
  const [ipsConfirmed, setIpsConfirmed] = useState(false);
  const [askedToConfirm, setAskedToConfirm] = useState(false);
  const confirmBox = useRef<HTMLInputElement>(null);
  const create = useCreateBatch();
  // The preview loads while the page is idle; "Check rows" waits for it if it is not there yet.
  const [views, setViews] = useState<typeof CheckViews | null>(null);
  const [viewsFailed, setViewsFailed] = useState(false);
  const viewsReady = useCallback(() => loadCheckViews().then(setViews), []);
  useIdlePreload(viewsReady);
  const idempotency = useIdempotencyKey();
  const resolver = useMemo(() => tokenFormResolver(serverNow), []);
  const form = useForm<TokenFormInput, unknown, TokenFormOutput>({
    resolver,
    mode: 'onChange',
    defaultValues: tokenFormDefaults(),
  });
  const values = useWatch({ control: form.control });

  // Any change to the rows or the options calls for a new preview.
  const onSource = useCallback((next: RowsSource) => {
    setSource(next);
    setPreview(null);
    setLeftOut(null);
  }, []);
  const optionsKey = JSON.stringify(values);
  const [previewedFor, setPreviewedFor] = useState<string | null>(null);
  const current = preview && previewedFor === optionsKey ? preview : null;
  // Other options make another batch: the rows left out for the last ones come back.
  const keptFor = leftOut && leftOut.optionsKey === optionsKey ? leftOut : null;
  useEffect(() => {
    if (leftOut && !keptFor) setLeftOut(null);
  }, [leftOut, keptFor]);

  const rows = source && 'rows' in source ? (keptFor?.kept ?? source.rows) : null;

  // The verdict is at the end of a long page: take the reader there.
  const previewHeading = useRef<HTMLHeadingElement>(null);
  const [checks, setChecks] = useState(0);
  useEffect(() => {
    if (checks === 0) return;
    previewHeading.current?.scrollIntoView?.({ block: 'start' });
    previewHeading.current?.focus({ preventScroll: true });
  }, [checks]);

  const check = async (rows: BulkRow[] | null) => {
    if (!rows) return;
    try {
      await viewsReady();
      setViewsFailed(false);
    } catch {
      setViewsFailed(true);
      return;
    }
    await form.trigger();
    const values = form.getValues();
    const options = toBatchOptions(values);
    const checked = validateBulkRows(options, rows, serverNow).issues;
    // The options' own private client IP is confirmed under its field, as in the token form;
    // until then it is a wrong option, and the rows wait for the options as they do for others.
    const unconfirmed = form.getFieldState('ipConfirmedFor').error?.message;
    const issues = unconfirmed
      ? [{ row: 0, column: 'ip', message: unconfirmed }, ...checked.filter((i) => i.row === 0)]
      : checked;
    const ip = values.ip?.trim() ?? '';
    const nonPublic = nonPublicRows(rows, ip, values.ipConfirmedFor === ip ? ip : undefined);
    setPreview({ rows, issues, nonPublic, checkedAt: serverNow() });
    setIpsConfirmed(false);
    setAskedToConfirm(false);
    setPreviewedFor(optionsKey);
    setChecks((n) => n + 1);
  };

  /** Problems of the list checked, numbered as in the list as first checked. */
  const numberedAsFirst = (issues: BulkIssue[]) =>
    keptFor
      ? issues.map((issue) => ({ ...issue, row: keptFor.keptNumbers[issue.row - 1] ?? issue.row }))
      : issues;

  /**
   * The list without the rows that need fixing, checked again at once. Leaving out again (a
   * check after the first found more, e.g. an expiry that has passed since) adds to the rows
   * left out before: the file of them holds them all.
   */
  const leaveOut = () => {
    if (!current) return;
    const first = keptFor?.checked ?? current;
    const numbers = keptFor?.keptNumbers ?? current.rows.map((_, i) => i + 1);
    const toFix = new Set(current.issues.map((issue) => issue.row));
    const keep = (_: unknown, i: number) => !toFix.has(i + 1);
    const kept = current.rows.filter(keep);
    const issues = keptFor ? [...first.issues, ...numberedAsFirst(current.issues)] : current.issues;
    setLeftOut({
      checked: { ...first, issues },
      kept,
      keptNumbers: numbers.filter(keep),
      optionsKey,
    });
    void check(kept);
  };

  /** The rows of this preview that need fixing, or else those left out, as a CSV. */
  const downloadRowsToFix = () => {
    const checked = current?.issues.length
      ? { ...(keptFor?.checked ?? current), issues: numberedAsFirst(current.issues) }
      : keptFor?.checked;
    if (!checked) return;
    loadCsvReader().then(
      (csv) => {
        setWriterFailed(false);
        saveTextFile(
          exportFileName('tokens-rows-to-fix', checked.checkedAt),
          csv.bulkRowsToFixCsv(checked.rows, checked.issues),
        );
      },
      () => setWriterFailed(true),
    );
  };

  const start = () => {
    if (!current || current.issues.length > 0) return;
    if (current.nonPublic.count > 0 && !ipsConfirmed) {
      setAskedToConfirm(true);
      confirmBox.current?.focus();
      return;
    }
    const body = { options: toBatchOptions(form.getValues()), rows: current.rows };
    create.mutate(
      { body, idempotencyKey: idempotency.keyFor(body) },
      {
        onSuccess: (batch) => {
          idempotency.done();
          navigate(`/tokens/bulk/${batch.id}`);
        },
        // `options.ip` is the options form's `ip`; a row's issue has no field: the alert says it.
        onError: (error) =>
          applyServerIssues(form, error, (path) =>
            path.startsWith('options.')
              ? fieldForIssue(path.slice('options.'.length), form.getValues('target.type'))
              : null,
          ),
      },
    );
  };

  if (!session) return null;
  return (
    <Stack spacing={3}>
      <PageHeader
        title="Create tokens in bulk"
        description="A token per viewer or guest, each with its user id, for one target and one set of options. Check the list first; the tokens are then minted on the server and offered once as a CSV download."
      />
      <TokenFormGate>
        <FormProvider {...form}>
          <Stack spacing={3}>
            <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 } }}>
              <FormSection title="Viewers" description="Who gets a token: one row each.">
                <BulkRowsSource onChange={onSource} />
                {source && 'error' in source && (
                  <Alert severity="error" role="alert" sx={{ mt: 2 }}>
                    {source.error}
                  </Alert>
                )}
              </FormSection>
            </Paper>
            <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 } }}>
              <Box
                component="form"
                noValidate
                aria-label="Options for every token"
                onSubmit={(e) => e.preventDefault()}
              >
                <Stack spacing={4} divider={<Divider flexItem />}>
                  <TargetSection
                    organisationName={session.organisation.name}
                    onStreamsFound={() => {}}
                    useStreamSearch={useStreamSearch}
                  />
                  <ExpirySection />
                  <RestrictionsSection
                    embedUrl={session.player.embedUrl}
                    deviceIpv4={session.clientIpv4}
                  />
                  <FormSection
                    title="Tag (optional)"
                    description="For every row without a tag of its own."
                  >
                    <TextField
                      {...form.register('tag')}
                      label="Tag"
                      placeholder="press"
                      autoComplete="off"
                      error={Boolean(form.formState.errors.tag)}
                      helperText={
                        form.formState.errors.tag?.message ?? 'e.g. the event or the list.'
                      }
                      slotProps={{ htmlInput: { maxLength: TOKEN_LIMITS.tagMaxLength } }}
                      sx={{ maxWidth: 360 }}
                    />
                  </FormSection>
                </Stack>
              </Box>
            </Paper>
            <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 } }}>
              <Stack spacing={2}>
                <Typography
                  variant="h2"
                  ref={previewHeading}
                  tabIndex={-1}
                  sx={{ outline: 0, scrollMarginTop: 88 }}
                >
                  Preview
                </Typography>
                {current && views ? (
                  <views.BulkPreview
                    preview={current}
                    onDownloadRowsToFix={downloadRowsToFix}
                    onLeaveOut={leaveOut}
                    leftOut={keptFor ? keptFor.checked.rows.length - keptFor.kept.length : 0}
                    caution={
                      current.nonPublic.count > 0 &&
                      !current.issues.some((issue) => issue.row === 0) && (
                        <views.BulkNonPublicIps
                          found={current.nonPublic}
                          total={current.rows.length}
                          confirmed={ipsConfirmed}
                          onConfirm={setIpsConfirmed}
                          showError={askedToConfirm && !ipsConfirmed}
                          checkboxRef={confirmBox}
                        />
                      )
                    }
                  />
                ) : (
                  <Typography color="text.secondary">
                    {rows
                      ? `${rows.length.toLocaleString('en')} rows ready to check.`
                      : 'Add the viewers above, then check the list.'}
                  </Typography>
                )}
                <FormAlert
                  message={
                    form.formState.errors.root?.server?.message ??
                    (viewsFailed ? VIEWS_NOT_LOADED : null) ??
                    (writerFailed ? WRITER_NOT_LOADED : null)
                  }
                />
                <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', justifyContent: 'flex-end' }}>
                  <Button variant="outlined" onClick={() => void check(rows)} disabled={!rows}>
                    Check rows
                  </Button>
                  <Button
                    variant="contained"
                    onClick={start}
                    loading={create.isPending}
                    disabled={!current || current.issues.length > 0 || create.isPending}
                  >
                    {current && current.issues.length === 0
                      ? `Mint ${current.rows.length.toLocaleString('en')} tokens`
                      : 'Mint tokens'}
                  </Button>
                </Box>
              </Stack>
            </Paper>
          </Stack>
        </FormProvider>
      </TokenFormGate>
      <LoadFailureBoundary
        fallback={(failure) => (
          <LoadError onRetry={failure.retry}>
            {describeLoadFailure('The recent batches', failure.cause).message}
          </LoadError>
        )}
      >
        <Suspense fallback={<LoadingState label="Loading recent batches…" />}>
          <RecentBatches showCreator={session.user.role === 'admin'} />
        </Suspense>
      </LoadFailureBoundary>
    </Stack>
  );
}
