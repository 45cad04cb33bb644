import AutorenewIcon from '@mui/icons-material/Autorenew';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import VisibilityIcon from '@mui/icons-material/Visibility';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import {
  Box,
  Button,
  Dialog,
  DialogContent,
  DialogTitle,
  IconButton,
  InputAdornment,
  ListItemText,
  MenuItem,
  Stack,
  TextField,
  Tooltip,
} from '@mui/material';
import { FormDialogActions } from '@/components/form-dialog-actions.tsx';
import { zodResolver } from '@hookform/resolvers/zod';
import {
  createStaffRequestSchema,
  foreignLabel,
  PASSWORD_MIN_LENGTH,
  ROLES,
  type CreateStaffRequest,
} from '@ptd/contracts';
import { useId, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { FormAlert } from '@/components/form-alert.tsx';
import { useNotifier } from '@/components/notifier.tsx';
import { ApiError } from '@/lib/api-client.ts';
import { applyServerIssues } from '@/lib/server-issues.ts';
import { monospace } from '@/lib/theme.ts';
import { useCreateStaff } from '../api/create-staff.ts';
import { generatePassword } from './generate-password.ts';
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from '@/lib/auth/roles.ts';

const FIELDS = ['displayName', 'email', 'role', 'password'] as const;

const EMPTY: CreateStaffRequest = { displayName: '', email: '', role: 'editor', password: '' };

export function AddStaffDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const titleId = useId();
  const { notify } = useNotifier();
  const create = useCreateStaff();
  const [showPassword, setShowPassword] = useState(false);
  const form = useForm({
    resolver: zodResolver(createStaffRequestSchema),
    defaultValues: EMPTY,
    mode: 'onSubmit',
  });
  const { errors } = form.formState;
  const password = form.watch('password');

  const close = () => {
    if (create.isPending) return;
    form.reset(EMPTY);
    setShowPassword(false);
    create.reset();
    onClose();
  };

  const onSubmit = form.handleSubmit((body) =>
    create.mutateAsync(body).then(
      (member) => {
        notify(
          `${foreignLabel(member.displayName)} can now sign in as ${ROLE_LABELS[member.role]}.`,
        );
        close();
      },
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 409 && error.code === 'email-taken') {
          form.setError('email', { message: `Email: ${error.message}` }, { shouldFocus: true });
          return;
        }
        applyServerIssues(form, error, FIELDS);
      },
    ),
  );

  const generate = () => {
    form.setValue('password', generatePassword(), { shouldValidate: true, shouldDirty: true });
    setShowPassword(true);
  };

  const copyPassword = async () => {
    try {
      await navigator.clipboard.writeText(form.getValues('password'));
      notify('Password copied.');
    } catch {
      notify('The password could not be copied. Select it and copy it by hand.', 'warning');
    }
  };

  return (
    <Dialog open={open} onClose={close} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <form noValidate onSubmit={onSubmit}>
        <DialogTitle id={titleId}>Add staff member</DialogTitle>
        <DialogContent>
          <Stack spacing={2.5} sx={{ pt: 1 }}>
            <FormAlert message={errors.root?.server?.message} />
            <TextField
              label="Name"
              autoFocus
              autoComplete="off"
              {...form.register('displayName')}
              error={Boolean(errors.displayName)}
              helperText={errors.displayName?.message}
            />
            <TextField
              label="Email"
              type="email"
              autoComplete="off"
              {...form.register('email')}
              error={Boolean(errors.email)}
              helperText={errors.email?.message}
            />
            <Controller
              control={form.control}
              name="role"
              render={({ field, fieldState }) => (
                <TextField
                  select
                  label="Role"
                  {...field}
                  error={Boolean(fieldState.error)}
                  helperText={fieldState.error?.message ?? ROLE_DESCRIPTIONS[field.value]}
                  slotProps={{
                    select: {
                      renderValue: (value) => ROLE_LABELS[value as keyof typeof ROLE_LABELS],
                    },
                  }}
                >
                  {ROLES.map((role) => (
                    <MenuItem key={role} value={role}>
                      <ListItemText
                        primary={ROLE_LABELS[role]}
                        secondary={ROLE_DESCRIPTIONS[role]}
                      />
                    </MenuItem>
                  ))}
                </TextField>
              )}
            />
            <Box>
              <Controller
                control={form.control}
                name="password"
                render={({ field: { ref, ...field } }) => (
                  <TextField
                    label="Initial password"
                    type={showPassword ? 'text' : 'password'}
                    autoComplete="new-password"
                    {...field}
                    // On the input: a refused password gets the focus, as the fields above do.
                    inputRef={ref}
                    error={Boolean(errors.password)}
                    helperText={
                      errors.password?.message ??
                      `At least ${PASSWORD_MIN_LENGTH} characters. Share it with the new staff member over a secure channel.`
                    }
                    slotProps={{
                      htmlInput: { spellCheck: false, style: { fontFamily: monospace } },
                      input: {
                        endAdornment: (
                          <InputAdornment position="end">
                            <Tooltip title={showPassword ? 'Hide password' : 'Show password'}>
                              <IconButton
                                aria-label={showPassword ? 'Hide password' : 'Show password'}
                                onClick={() => setShowPassword((shown) => !shown)}
                                edge="end"
                              >
                                {showPassword ? <VisibilityOffIcon /> : <VisibilityIcon />}
                              </IconButton>
                            </Tooltip>
                          </InputAdornment>
                        ),
                      },
                    }}
                  />
                )}
              />
              <Box sx={{ display: 'flex', gap: 1, mt: 1, flexWrap: 'wrap' }}>
                <Button size="small" startIcon={<AutorenewIcon />} onClick={generate}>
                  Generate password
                </Button>
                <Button
                  size="small"
                  startIcon={<ContentCopyIcon />}
                  onClick={copyPassword}
                  disabled={!password}
                >
                  Copy password
                </Button>
              </Box>
            </Box>
          </Stack>
        </DialogContent>
        <FormDialogActions
          submitLabel="Add staff member"
          pending={create.isPending}
          onCancel={close}
        />
      </form>
    </Dialog>
  );
}
