import { zodResolver } from '@hookform/resolvers/zod';
import {
  Box,
  Dialog,
  DialogContent,
  DialogTitle,
  Divider,
  Stack,
  TextField,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import { ForeignText } from '@/components/foreign-text.tsx';
import { FormDialogActions } from '@/components/form-dialog-actions.tsx';
import {
  createPolicyRequestSchema,
  POLICY_LIMITS,
  TOKEN_LIMITS,
  type PlaybackPolicy,
  type PolicyRequest,
  type PolicyRequestInput,
  controlCharactersNote,
  foreignLabel,
} from '@ptd/contracts';
import { useId, useMemo } from 'react';
import { Controller, FormProvider, useForm, useWatch } from 'react-hook-form';
import { FormSection } from '@/components/form-section.tsx';
import { FormAlert } from '@/components/form-alert.tsx';
import { SwitchField } from '@/components/switch-field.tsx';
import { useNotifier } from '@/components/notifier.tsx';
import { applyServerIssues } from '@/lib/server-issues.ts';
import { useIdempotencyKey } from '@/lib/idempotency.ts';
import { useSession } from '@/lib/auth/session.ts';
import { TargetSection } from '@/components/target/target-section.tsx';
import { useStreamSearch } from '@/features/streams/api/stream-search.ts';
import { useSavePolicy } from '../api/save-policy.ts';
import { AllowedOriginsField } from './allowed-origins-field.tsx';
import { IdentitySection } from './identity-section.tsx';
import { describeLifetime } from './policy-labels.ts';
import { NEW_POLICY, formValuesOf, policyFieldFor } from './policy-form-values.ts';

interface PolicyDialogProps {
  open: boolean;
  /** The policy to edit; null creates one. */
  policy: PlaybackPolicy | null;
  onClose: () => void;
}

/** Create or edit a policy; the contract's schema is the resolver, as on the server. */
export function PolicyDialog({ open, policy, onClose }: PolicyDialogProps) {
  // A fresh form per opened policy: nothing typed for one leaks into another.
  return open ? (
    <PolicyFormDialog key={policy?.id ?? 'new'} policy={policy} onClose={onClose} />
  ) : null;
}

function PolicyFormDialog({ policy, onClose }: Omit<PolicyDialogProps, 'open'>) {
  const titleId = useId();
  const session = useSession().data;
  const fullScreen = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const { notify } = useNotifier();
  const save = useSavePolicy();
  const idempotency = useIdempotencyKey();
  const secretSet = policy?.identity.mode === 'secret' && policy.identity.secretSet;
  const resolver = useMemo(
    () => zodResolver(createPolicyRequestSchema({ secretRequired: !secretSet })),
    [secretSet],
  );
  const form = useForm<PolicyRequestInput, unknown, PolicyRequest>({
    resolver,
    mode: 'onTouched',
    defaultValues: policy ? formValuesOf(policy) : NEW_POLICY,
  });
  const { errors, isDirty } = form.formState;
  const [bindIp, lifetime, name, tag] = useWatch({
    control: form.control,
    name: ['bindIp', 'lifetimeMinutes', 'name', 'tag'],
  });
  // A name or tag saved before the rules for labels reads reversed in the box: say why.
  const nameNote = controlCharactersNote(name);
  const tagNote = controlCharactersNote(tag ?? undefined);

  const close = () => {
    if (!save.isPending) onClose();
  };
  // Escape (also meant for a list that has already closed) or a click beside the dialog does
  // not throw away what was typed: with changes, only Cancel closes it.
  const dismiss = () => {
    if (!isDirty) close();
  };

  const onSubmit = form.handleSubmit((body) =>
    save.mutate(
      { id: policy?.id, body, idempotencyKey: policy ? undefined : idempotency.keyFor(body) },
      {
        onSuccess: (saved) => {
          idempotency.done();
          const name = foreignLabel(saved.name);
          notify(policy ? `Policy “${name}” saved.` : `Policy “${name}” created.`);
          onClose();
        },
        onError: (error) => applyServerIssues(form, error, policyFieldFor),
      },
    ),
  );

  const lifetimeHint =
    typeof lifetime === 'number' && Number.isInteger(lifetime) && lifetime > 0
      ? `= ${describeLifetime(lifetime)}. `
      : '';

  return (
    <Dialog
      open
      onClose={dismiss}
      aria-labelledby={titleId}
      maxWidth="md"
      fullWidth
      fullScreen={fullScreen}
      scroll="paper"
    >
      <FormProvider {...form}>
        <Box
          component="form"
          noValidate
          onSubmit={onSubmit}
          sx={{ display: 'contents' }}
          aria-labelledby={titleId}
        >
          <DialogTitle id={titleId}>
            {policy ? (
              <>
                Edit “<ForeignText value={policy.name} />”
              </>
            ) : (
              'New playback policy'
            )}
          </DialogTitle>
          <DialogContent dividers>
            <FormAlert message={errors.root?.server?.message} sx={{ mb: 3 }} />
            <Stack spacing={4} divider={<Divider flexItem />}>
              <FormSection title="Policy">
                <TextField
                  {...form.register('name')}
                  label="Name"
                  required
                  autoFocus
                  autoComplete="off"
                  error={Boolean(errors.name ?? nameNote)}
                  helperText={
                    errors.name?.message ??
                    nameNote ??
                    'For staff, e.g. “Cup final on shop.example.com”.'
                  }
                  slotProps={{ htmlInput: { maxLength: POLICY_LIMITS.nameMaxLength } }}
                />
                <SwitchField<PolicyRequestInput>
                  name="enabled"
                  label="Enabled: viewers can get tokens"
                />
              </FormSection>

              <TargetSection
                organisationName={session?.organisation.name ?? 'your organisation'}
                onStreamsFound={() => undefined}
                useStreamSearch={useStreamSearch}
                title="What viewers’ tokens play"
                description="Each viewer’s token names this target. Choose the narrowest one that works."
                organisationWarning={
                  <>
                    Every token of this policy opens{' '}
                    <strong>
                      every stream of{' '}
                      <ForeignText value={session?.organisation.name ?? 'the organisation'} />
                    </strong>
                    , including streams created later. Prefer a stream group.
                  </>
                }
              />

              <FormSection
                title="Viewers’ tokens"
                description="Short-lived tokens are the point: a copied token stops working soon."
              >
                <TextField
                  {...form.register('lifetimeMinutes', { valueAsNumber: true })}
                  label="Token lifetime (minutes)"
                  type="number"
                  required
                  error={Boolean(errors.lifetimeMinutes)}
                  helperText={
                    errors.lifetimeMinutes?.message ??
                    `${lifetimeHint}From ${POLICY_LIMITS.minLifetimeMinutes} minutes to 24 hours (${POLICY_LIMITS.maxLifetimeMinutes}).`
                  }
                  slotProps={{
                    htmlInput: {
                      min: POLICY_LIMITS.minLifetimeMinutes,
                      max: POLICY_LIMITS.maxLifetimeMinutes,
                      step: 1,
                    },
                  }}
                  sx={{ maxWidth: 320 }}
                />
                <SwitchField<PolicyRequestInput>
                  name="revocable"
                  label="Revocable: staff can revoke a viewer’s token (nanoStream caps these at 24 hours)"
                />
                <SwitchField<PolicyRequestInput>
                  name="forceDisconnect"
                  label="Force disconnect: cut viewers off when their token expires"
                />
                <TextField
                  {...form.register('tag')}
                  label="Tag (optional)"
                  autoComplete="off"
                  error={Boolean(errors.tag ?? tagNote)}
                  helperText={
                    errors.tag?.message ?? tagNote ?? 'Written into every token, e.g. an event.'
                  }
                  slotProps={{ htmlInput: { maxLength: TOKEN_LIMITS.tagMaxLength } }}
                  sx={{ maxWidth: 420 }}
                />
              </FormSection>

              <FormSection
                title="Where viewers watch"
                description="Only pages of these origins get tokens. The token’s domain is the host name of the page that asked for it, and its IP the viewer’s address."
              >
                <Controller
                  control={form.control}
                  name="allowedOrigins"
                  render={({ field, fieldState }) => (
                    <AllowedOriginsField
                      value={field.value ?? []}
                      onChange={field.onChange}
                      onBlur={field.onBlur}
                      inputRef={field.ref}
                      error={fieldState.error?.message ?? firstItemError(errors.allowedOrigins)}
                    />
                  )}
                />
                <SwitchField<PolicyRequestInput>
                  name="bindIp"
                  label="Bind each token to the viewer’s IPv4 address"
                />
                <SwitchField<PolicyRequestInput>
                  name="allowIpv6WithoutBinding"
                  disabled={!bindIp}
                  label="Serve IPv6 viewers with an unbound token (otherwise they are refused: nanoStream binds IPv4 only)"
                />
              </FormSection>

              <IdentitySection secretSet={Boolean(secretSet)} />
            </Stack>
          </DialogContent>
          <FormDialogActions
            submitLabel={policy ? 'Save changes' : 'Create policy'}
            pending={save.isPending}
            onCancel={close}
            dividers
          />
        </Box>
      </FormProvider>
    </Dialog>
  );
}

/** The message of the first refused host name, when the list itself has none. */
function firstItemError(error: unknown): string | undefined {
  if (!Array.isArray(error)) return undefined;
  return (error as Array<{ message?: string } | undefined>).find((item) => item?.message)?.message;
}
