import {
  Alert,
  FormControl,
  FormControlLabel,
  FormHelperText,
  FormLabel,
  Radio,
  RadioGroup,
} from '@mui/material';
import type { Stream, TokenRequestInput } from '@ptd/contracts';
import { useRef, type ReactNode } from 'react';
import { Controller, useFormContext, useWatch, type FieldError } from 'react-hook-form';
import { FormSection } from '@/components/form-section.tsx';
import { GroupPicker } from './group-picker.tsx';
import { StreamPicker } from './stream-picker.tsx';
import type { UseStreamSearch } from './stream-search.ts';
import { ForeignText } from '@/components/foreign-text.tsx';

/** Any form with a token's target: the token form, a playback policy, a bulk batch's options. */
type TargetForm = Pick<TokenRequestInput, 'target'>;
type TargetType = TargetForm['target']['type'];

interface TargetErrors {
  type?: FieldError;
  streams?: FieldError;
  groupId?: FieldError;
  message?: string;
}

interface TargetSectionProps {
  organisationName: string;
  preselected?: Stream;
  onStreamsFound: (streams: Stream[]) => void;
  /** Wording for other forms with the same target (e.g. a playback policy). */
  title?: string;
  description?: string;
  organisationWarning?: ReactNode;
  /** The streams feature's search, for the pickers. */
  useStreamSearch: UseStreamSearch;
}

/** Stream(s), a stream group, or the entire organisation. */
export function TargetSection({
  organisationName,
  preselected,
  onStreamsFound,
  title = 'What the token plays',
  description = 'Choose the narrowest target that works: a token can only ever open what it names.',
  organisationWarning,
  useStreamSearch,
}: TargetSectionProps) {
  const { control, setValue, getValues, formState } = useFormContext<TargetForm>();
  const type = useWatch({ control, name: 'target.type' });
  const errors = formState.errors.target as TargetErrors | undefined;
  // Switching the target and back keeps what was chosen before.
  const remembered = useRef({
    streams: preselected ? [preselected.name] : ([] as string[]),
    groupId: preselected?.groupId ?? '',
  });

  const switchTo = (next: TargetType) => {
    const current = getValues('target');
    if (current.type === 'streams') remembered.current.streams = current.streams;
    if (current.type === 'group') remembered.current.groupId = current.groupId;
    const target: TargetForm['target'] =
      next === 'streams'
        ? { type: 'streams', streams: remembered.current.streams }
        : next === 'group'
          ? { type: 'group', groupId: remembered.current.groupId }
          : { type: 'organisation' };
    setValue('target', target, { shouldDirty: true, shouldValidate: formState.isSubmitted });
  };

  return (
    <FormSection title={title} description={description}>
      <FormControl error={Boolean(errors?.type)}>
        <FormLabel id="token-target-label">Target</FormLabel>
        <RadioGroup
          row
          aria-labelledby="token-target-label"
          value={type}
          onChange={(event) => switchTo(event.target.value as TargetType)}
        >
          <FormControlLabel value="streams" control={<Radio />} label="Stream(s)" />
          <FormControlLabel value="group" control={<Radio />} label="Stream group" />
          <FormControlLabel value="organisation" control={<Radio />} label="Entire organisation" />
        </RadioGroup>
        {errors?.type && <FormHelperText>{errors.type.message}</FormHelperText>}
      </FormControl>

      {type === 'streams' && (
        <Controller
          control={control}
          name="target.streams"
          render={({ field, fieldState }) => (
            <StreamPicker
              value={field.value ?? []}
              onChange={field.onChange}
              onBlur={field.onBlur}
              inputRef={field.ref}
              error={fieldState.error?.message ?? errors?.message}
              onFound={onStreamsFound}
              useStreamSearch={useStreamSearch}
            />
          )}
        />
      )}
      {type === 'group' && (
        <Controller
          control={control}
          name="target.groupId"
          render={({ field, fieldState }) => (
            <GroupPicker
              value={field.value ?? ''}
              onChange={field.onChange}
              onBlur={field.onBlur}
              inputRef={field.ref}
              error={fieldState.error?.message ?? errors?.message}
              useStreamSearch={useStreamSearch}
            />
          )}
        />
      )}
      {type === 'organisation' && (
        <Alert severity="warning" role="status">
          {organisationWarning ?? (
            <>
              This token opens{' '}
              <strong>
                every stream of <ForeignText value={organisationName} />
              </strong>
              , including streams created later. Anyone who gets hold of it can watch all of them
              until it expires. Prefer a stream or group token; if you need this one, keep it
              short-lived and revocable.
            </>
          )}
        </Alert>
      )}
    </FormSection>
  );
}
