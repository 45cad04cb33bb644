import { Alert, Box, Chip, Typography } from '@mui/material';
import { maxExpiry } from '@ptd/contracts';
import { useState } from 'react';
import { Controller, useFormContext, useWatch } from 'react-hook-form';
import { DateTimeField } from '@/components/date-time-field.tsx';
import { dayjs, formatLocal, formatUntil, formatUtc, localTimeZone } from '@/lib/format.ts';
import { meantAsNowOrLater, serverNow, useServerNow } from '@/lib/server-clock.ts';
import {
  DEFAULT_PRESET,
  DEFAULT_REVOCABLE_PRESET,
  EXPIRY_PRESETS,
  MAX_REVOCABLE_SECONDS,
  presetAllowed,
  presetOf,
  presetSeconds,
  type ExpiryPresetId,
} from './expiry-presets.ts';
import { FieldPair, FormSection } from '@/components/form-section.tsx';
import { SwitchField } from '@/components/switch-field.tsx';
import type { TokenFormInput } from './types.ts';

/** Local time, the UTC instant and how far away: the three ways people check an expiry. */
function MomentSummary({
  value,
  now,
  label,
  note,
  relative,
}: {
  value: string;
  now: number;
  label: string;
  note?: string;
  /** Instead of how far away it is ("in 14 days"). */
  relative?: string;
}) {
  const valid = dayjs(value).isValid();
  return (
    <Box
      aria-label={label}
      role="group"
      sx={{
        px: 1.5,
        py: 1,
        borderLeft: 3,
        borderColor: 'divider',
        minHeight: 40,
      }}
    >
      {valid ? (
        <>
          <Typography>
            {formatLocal(value)}{' '}
            <Typography component="span" variant="body2" color="text.secondary">
              ({localTimeZone()})
            </Typography>
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {formatUtc(value)}
          </Typography>
          <Typography variant="body2" sx={{ fontWeight: 600 }}>
            {relative ?? formatUntil(value, now)}
            {note && (
              <Typography component="span" variant="body2" color="text.secondary">
                {' '}
                · {note}
              </Typography>
            )}
          </Typography>
        </>
      ) : (
        <Typography variant="body2" color="text.secondary">
          Pick a date and time.
        </Typography>
      )}
    </Box>
  );
}

/** The not-before as it is sent: "now" on a fast clock is the server's now, and says so. */
function NotBeforeSummary({ picked, now }: { picked: string; now: number }) {
  const sent = meantAsNowOrLater(picked);
  return (
    <MomentSummary
      value={sent}
      now={now}
      label="Not before"
      relative={sent === picked ? undefined : 'Now, by the dashboard server’s clock'}
    />
  );
}

const SET = { shouldDirty: true } as const;

/**
 * Expiry (presets or a date), not-before, revocable and force disconnect. A preset is kept as
 * a duration (`expiresIn`) that the server counts from when it mints; a picked date is an
 * instant. "Now" is the server's (its clock, learnt with the session), so the caps the form
 * shows are the ones the server applies.
 */
export function ExpirySection() {
  const { control, setValue, getValues, trigger, formState } = useFormContext<TokenFormInput>();
  const revocable = useWatch({ control, name: 'revocable' }) ?? false;
  const expiresAt = useWatch({ control, name: 'expiresAt' });
  const expiresIn = useWatch({ control, name: 'expiresIn' });
  const notBefore = useWatch({ control, name: 'notBefore' });
  const now = useServerNow();
  const preset = presetOf(expiresIn);
  // Untouched expiries follow the revocable switch: 14 days, or 24 hours when revocable.
  const [isDefault, setIsDefault] = useState(true);
  const [note, setNote] = useState<string | null>(null);
  // What the expiry would be if the token were created now (a preset) or the picked instant.
  const shown =
    expiresAt ?? (expiresIn === undefined ? '' : new Date(now + expiresIn * 1000).toISOString());

  const setDuration = (seconds: number) => {
    setValue('expiresAt', undefined, SET);
    setValue('expiresIn', seconds, SET);
  };

  const choosePreset = (id: ExpiryPresetId) => {
    setDuration(presetSeconds(id));
    setIsDefault(false);
    setNote(null);
    void trigger(['expiresAt', 'expiresIn', 'notBefore']);
  };

  const onRevocableChange = (checked: boolean) => {
    setValue('revocable', checked, SET);
    const seconds = getValues('expiresIn');
    const picked = Date.parse(getValues('expiresAt') ?? '');
    const lifetime = seconds ?? (picked - serverNow()) / 1000;
    const tooLong = !(lifetime <= MAX_REVOCABLE_SECONDS);
    if (checked && (isDefault || tooLong)) {
      setDuration(presetSeconds(DEFAULT_REVOCABLE_PRESET));
      setIsDefault(true);
      setNote(
        'A revocable token is valid for at most 24 hours, so the expiry moved to 24 hours from now.',
      );
    } else if (!checked && isDefault) {
      setDuration(presetSeconds(DEFAULT_PRESET));
      setNote('Not revocable: the expiry is back to the default of 14 days from now.');
    } else {
      setNote(null);
    }
    void trigger(['expiresAt', 'expiresIn']);
  };

  const expiryError = formState.errors.expiresIn ?? formState.errors.expiresAt;

  return (
    <FormSection
      title="How long it is valid"
      description="Short lifetimes are safer: after expiry nobody can start watching with this token."
    >
      <Box>
        <Typography id="expiry-presets-label" variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          Valid for
        </Typography>
        <Box
          role="group"
          aria-labelledby="expiry-presets-label"
          sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }}
        >
          {EXPIRY_PRESETS.map((p) => {
            const selected = preset === p.id;
            return (
              <Chip
                key={p.id}
                component="button"
                type="button"
                label={p.label}
                color={selected ? 'primary' : 'default'}
                variant={selected ? 'filled' : 'outlined'}
                aria-pressed={selected}
                disabled={!presetAllowed(p.id, revocable)}
                onClick={() => choosePreset(p.id)}
              />
            );
          })}
        </Box>
      </Box>

      <FieldPair>
        <Controller
          control={control}
          name="expiresAt"
          render={({ field }) => (
            <DateTimeField
              label="Expires (your local time)"
              name={field.name}
              value={shown}
              onChange={(value) => {
                setIsDefault(false);
                setNote(null);
                setValue('expiresIn', undefined, SET);
                field.onChange(value);
                void trigger('expiresIn');
              }}
              onBlur={field.onBlur}
              inputRef={field.ref}
              min={now}
              max={maxExpiry(revocable, now)}
              required
              error={Boolean(expiryError)}
              helperText={
                expiryError?.message ??
                (revocable
                  ? 'At most 24 hours ahead for a revocable token.'
                  : 'At most 365 days ahead.')
              }
            />
          )}
        />
        <MomentSummary
          value={shown}
          now={now}
          label="Expiry"
          note={preset ? 'counted from when you create it' : undefined}
        />
      </FieldPair>
      {note && (
        <Alert severity="info" role="status" onClose={() => setNote(null)}>
          {note}
        </Alert>
      )}

      <SwitchField<TokenFormInput>
        name="revocable"
        label="Revocable"
        onToggle={onRevocableChange}
        helper="You (or an admin) can revoke it in Playback tokens; viewers using it are cut off. Valid for at most 24 hours."
      />
      <SwitchField<TokenFormInput>
        name="forceDisconnect"
        label="Force disconnect on expiry"
        helper="Viewers still watching are disconnected when the token expires. Otherwise running sessions continue and only new ones need a valid token."
      />

      <FieldPair>
        <Controller
          control={control}
          name="notBefore"
          render={({ field, fieldState }) => (
            <DateTimeField
              label="Not before (optional)"
              name={field.name}
              value={field.value}
              onChange={(value) => field.onChange(value === '' ? undefined : value)}
              onBlur={field.onBlur}
              inputRef={field.ref}
              max={shown && dayjs(shown).isValid() ? dayjs(shown).valueOf() : undefined}
              clearable
              error={Boolean(fieldState.error)}
              helperText={
                fieldState.error?.message ?? 'Leave empty to make the token valid right away.'
              }
            />
          )}
        />
        {notBefore ? <NotBeforeSummary picked={notBefore} now={now} /> : null}
      </FieldPair>
    </FormSection>
  );
}
