import { zodResolver } from '@hookform/resolvers/zod';
import {
  Autocomplete,
  Checkbox,
  Chip,
  Dialog,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  FormHelperText,
  Stack,
  TextField,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import { FormDialogActions } from '@/components/form-dialog-actions.tsx';
import { createStreamRequestSchema, type Stream } from '@ptd/contracts';
import { useId } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { FormAlert } from '@/components/form-alert.tsx';
import { SwitchField } from '@/components/switch-field.tsx';
import { applyServerIssues } from '@/lib/server-issues.ts';
import { useIdempotencyKey } from '@/lib/idempotency.ts';
import { useCreateStream } from '../api/create-stream.ts';

// "Secure right away" is the form's own question; the API only gets tags and abr.
const formSchema = createStreamRequestSchema.extend({ secureWithToken: z.boolean() });
type FormInput = z.input<typeof formSchema>;
type FormOutput = z.output<typeof formSchema>;

interface CreateStreamDialogProps {
  open: boolean;
  onClose: () => void;
  /** The user may create tokens (editor, admin). */
  canSecure: boolean;
  securePackage: boolean;
  onCreated: (stream: Stream, secureWithToken: boolean) => void;
}

/** A new stream with optional tags and ABR; optionally secured with a token right after. */
export function CreateStreamDialog(props: CreateStreamDialogProps) {
  const fullScreen = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const titleId = useId();
  return (
    <Dialog
      open={props.open}
      onClose={(_, reason) => reason !== 'backdropClick' && props.onClose()}
      aria-labelledby={titleId}
      fullScreen={fullScreen}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id={titleId}>Create stream</DialogTitle>
      {props.open && <CreateStreamForm {...props} />}
    </Dialog>
  );
}

function CreateStreamForm({
  onClose,
  canSecure,
  securePackage,
  onCreated,
}: CreateStreamDialogProps) {
  const create = useCreateStream();
  const idempotency = useIdempotencyKey();
  const form = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(formSchema),
    defaultValues: { tags: [], abr: false, secureWithToken: false },
  });

  const { control, handleSubmit, formState } = form;
  const onSubmit = handleSubmit(({ secureWithToken, ...body }) =>
    create.mutate(
      { body, idempotencyKey: idempotency.keyFor(body) },
      {
        onSuccess: (stream) => {
          idempotency.done();
          onCreated(stream, secureWithToken);
        },
        onError: (error) => applyServerIssues(form, error, ['tags', 'abr']),
      },
    ),
  );

  return (
    <form noValidate onSubmit={onSubmit}>
      <DialogContent sx={{ pt: 0 }}>
        <Stack spacing={3}>
          <FormAlert message={formState.errors.root?.server?.message} />
          <Controller
            control={control}
            name="tags"
            render={({ field, fieldState }) => (
              <Autocomplete
                multiple
                freeSolo
                autoSelect
                options={[]}
                value={field.value ?? []}
                onChange={(_, value) =>
                  field.onChange([...new Set(value.map((tag) => tag.trim()).filter(Boolean))])
                }
                renderValue={(value, getItemProps) =>
                  value.map((tag, index) => {
                    const { key, ...itemProps } = getItemProps({ index });
                    return <Chip key={key} label={tag} size="small" {...itemProps} />;
                  })
                }
                renderInput={(params) => (
                  <TextField
                    {...params}
                    name={field.name}
                    inputRef={field.ref}
                    onBlur={field.onBlur}
                    label="Tags (optional)"
                    error={!!fieldState.error}
                    helperText={
                      fieldState.error?.message ??
                      'Press Enter after each tag. Up to 10 tags, e.g. sports, premium.'
                    }
                  />
                )}
              />
            )}
          />
          <SwitchField
            control={control}
            name="abr"
            label="Adaptive bitrate (ABR)"
            helper="Creates a stream group with three renditions (480p, 360p, 240p), so viewers get the best quality their connection can carry."
          />
          {canSecure && (
            <Controller
              control={control}
              name="secureWithToken"
              render={({ field }) => (
                <div>
                  <FormControlLabel
                    disabled={!securePackage}
                    control={
                      <Checkbox
                        checked={field.value}
                        onChange={(event) => field.onChange(event.target.checked)}
                        inputRef={field.ref}
                      />
                    }
                    label="Secure with a playback token right away"
                  />
                  <FormHelperText sx={{ mt: 0 }}>
                    {securePackage
                      ? 'Once the stream exists, the secure playback token dialog opens for it.'
                      : 'Upgrade needed: this needs the Secure Playback package, which your organisation does not have. Ask nanocosmos to enable it.'}
                  </FormHelperText>
                </div>
              )}
            />
          )}
        </Stack>
      </DialogContent>
      <FormDialogActions
        submitLabel="Create stream"
        pending={create.isPending}
        onCancel={onClose}
      />
    </form>
  );
}
