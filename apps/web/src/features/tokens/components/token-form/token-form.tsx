import { Alert, Box, Button, Divider, Stack } from '@mui/material';
import type { Stream } from '@ptd/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import { FormAlert } from '@/components/form-alert.tsx';
import { ApiError } from '@/lib/api-client.ts';
import { useIdempotencyKey } from '@/lib/idempotency.ts';
import { useKeptAcrossSignIn } from '@/lib/kept-across-sign-in.ts';
import { applyServerIssues, SERVER_ERROR } from '@/lib/server-issues.ts';
import { serverNow } from '@/lib/server-clock.ts';
import { sessionQueryOptions, useSession } from '@/lib/auth/session.ts';
import { useCreateToken } from '@/features/tokens/api/create-token.ts';
import { ExpirySection } from './expiry-section.tsx';
import { tokenFormDefaults } from './form-defaults.ts';
import { tokenFormResolver } from './form-resolver.ts';
import { LabelsSection, RestrictionsSection } from './restrictions-section.tsx';
import { fieldForIssue } from './server-issues.ts';
import { TargetSection } from '@/components/target/target-section.tsx';
import { useStreamSearch } from '@/features/streams/api/stream-search.ts';
import { CreationOff, UpgradeNeeded } from './token-form-gate.tsx';
import type { CreatedToken, TokenFormInput, TokenFormOutput } from './types.ts';

const NOT_LOADED =
  'The dialog that shows the new token could not be loaded, so no token was created. Check the connection, then create the token again.';

export interface TokenFormProps {
  /** The stream the form is opened for: preselected as the target. */
  preselected?: Stream;
  /** Values to start from instead of the defaults ("Create a similar token"). */
  initialValues?: Partial<TokenFormInput>;
  /**
   * Resolves once what shows the new token is loaded (the show-once dialog's code): awaited
   * before the request, so a token never arrives with nothing to show it. If it fails, no
   * token is requested and the form says why.
   */
  beforeCreate?: () => Promise<unknown>;
  /** The token exists. It is handed over once; the form keeps no copy. */
  onCreated: (created: CreatedToken) => void;
  onCancel?: () => void;
  /** In a dialog, the buttons stay visible at the bottom while the fields scroll. */
  stickyActions?: boolean;
}

/**
 * The one secure-playback-token form (page, stream overview dialog, create-stream flow). The
 * contract's schema is the resolver, so the rules are the server's, checked as the user types.
 */
export function TokenForm({
  preselected,
  initialValues,
  beforeCreate,
  onCreated,
  onCancel,
  stickyActions = false,
}: TokenFormProps) {
  const session = useSession().data;
  const client = useQueryClient();
  const create = useCreateToken();
  const idempotency = useIdempotencyKey();
  const [refused, setRefused] = useState<'upgrade-needed' | 'read-only' | null>(null);
  const known = useRef(
    new Map<string, Stream>(preselected ? [[preselected.name, preselected]] : []),
  );
  const rememberStreams = useCallback((streams: Stream[]) => {
    for (const stream of streams) known.current.set(stream.name, stream);
  }, []);

  const resolver = useMemo(() => tokenFormResolver(serverNow), []);
  // What was typed before the session ended under the form comes back after signing in again
  // (the hook reads the form only when the session ends, long after `form` exists).
  const kept = useKeptAcrossSignIn<TokenFormInput>(
    session?.user.id,
    (): TokenFormInput => form.getValues(),
    'createToken',
  );
  const form = useForm<TokenFormInput, unknown, TokenFormOutput>({
    resolver,
    mode: 'onChange',
    defaultValues: kept ?? {
      ...tokenFormDefaults(preselected ? [preselected.name] : []),
      ...initialValues,
    },
  });

  const onError = (error: Error) => {
    if (
      error instanceof ApiError &&
      (error.code === 'secure-package-missing' || error.code === 'credential-read-only')
    ) {
      setRefused(error.code === 'secure-package-missing' ? 'upgrade-needed' : 'read-only');
      void client.invalidateQueries({ queryKey: sessionQueryOptions().queryKey });
      return;
    }
    const targetType = form.getValues('target.type');
    applyServerIssues(form, error, (path) => fieldForIssue(path, targetType));
  };

  // Two submits in one moment (a click and Enter) both pass validation before the button is
  // off: the second would be refused as a duplicate and its error would hide the token.
  const inFlight = useRef(false);
  const onSubmit = form.handleSubmit(async (body) => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      await beforeCreate?.();
    } catch {
      inFlight.current = false;
      form.setError(SERVER_ERROR, { type: 'server', message: NOT_LOADED });
      return;
    }
    create.mutate(
      { body, idempotencyKey: idempotency.keyFor(body) },
      {
        onSettled: () => {
          inFlight.current = false;
        },
        onSuccess: (response) => {
          idempotency.done();
          const target = response.record.target;
          const streams =
            target.type === 'streams'
              ? target.streams.flatMap((name) => known.current.get(name) ?? [])
              : [];
          onCreated({ response, streams, preferred: preselected });
          // The token now lives only with whoever shows it; drop the mutation's copy.
          create.reset();
        },
        onError,
      },
    );
  });

  // Also while what shows the token is still loading (a slow connection, right after opening).
  const busy = create.isPending || form.formState.isSubmitting;
  if (!session) return null;
  if (refused === 'upgrade-needed') {
    return <UpgradeNeeded organisationName={session.organisation.name} />;
  }
  if (refused === 'read-only') return <CreationOff />;

  return (
    <FormProvider {...form}>
      <Box component="form" noValidate onSubmit={onSubmit} aria-label="Secure playback token">
        {kept && (
          <Alert severity="info" sx={{ mb: 3 }}>
            What you had entered before signing in again is back. Check it, then create the token.
          </Alert>
        )}
        <Stack spacing={4} divider={<Divider flexItem />}>
          <TargetSection
            organisationName={session.organisation.name}
            preselected={preselected}
            onStreamsFound={rememberStreams}
            useStreamSearch={useStreamSearch}
          />
          <ExpirySection />
          <RestrictionsSection embedUrl={session.player.embedUrl} deviceIpv4={session.clientIpv4} />
          <LabelsSection />
        </Stack>
        <FormAlert message={form.formState.errors.root?.server?.message} sx={{ mt: 4 }} />
        <Box
          sx={{
            display: 'flex',
            justifyContent: 'flex-end',
            flexWrap: 'wrap',
            gap: 1,
            mt: 4,
            pt: 2,
            borderTop: 1,
            borderColor: 'divider',
            ...(stickyActions && {
              position: 'sticky',
              bottom: 0,
              bgcolor: 'background.paper',
              pb: 2,
              zIndex: 1,
            }),
          }}
        >
          {onCancel && (
            <Button onClick={onCancel} disabled={busy}>
              Cancel
            </Button>
          )}
          <Button type="submit" variant="contained" size="large" loading={busy} disabled={busy}>
            Create secure playback token
          </Button>
        </Box>
      </Box>
    </FormProvider>
  );
}
