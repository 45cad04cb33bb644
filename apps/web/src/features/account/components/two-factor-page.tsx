import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import PhonelinkLockIcon from '@mui/icons-material/PhonelinkLock';
import { Alert, Box, Button, Chip, Paper, Stack, Typography } from '@mui/material';
import type { TwoFactorStatus } from '@ptd/contracts';
import { useState } from 'react';
import { LoadError } from '@/components/load-error.tsx';
import { LoadingState } from '@/components/loading-state.tsx';
import { useNotifier } from '@/components/notifier.tsx';
import { PageHeader } from '@/components/page-header.tsx';
import { FormAlert } from '@/components/form-alert.tsx';
import { EnrolmentPanel } from '@/components/two-factor/enrolment-panel.tsx';
import { RecoveryCodesPanel } from '@/components/two-factor/recovery-codes-panel.tsx';
import { ApiError } from '@/lib/api-client.ts';
import { formatShort } from '@/lib/format.ts';
import { splitServerIssues } from '@/lib/server-issues.ts';
import { useConfirmEnrolment, useStartEnrolment, useTwoFactorStatus } from '../api/two-factor.ts';

/** "Two-factor sign-in" from the account menu: see whether it is on, and set it up. */
export function TwoFactorPage() {
  const status = useTwoFactorStatus();
  const start = useStartEnrolment();
  const confirm = useConfirmEnrolment();
  const { notify } = useNotifier();
  const [codeError, setCodeError] = useState<string>();
  const [formError, setFormError] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[]>();

  const confirmCode = (code: string) => {
    setFormError(null);
    confirm.mutate(code, {
      onSuccess: ({ recoveryCodes }) => {
        setCodes(recoveryCodes);
        start.reset();
      },
      onError: (error) => {
        if (error instanceof ApiError && error.code === 'invalid-code') {
          setCodeError(error.issues?.[0]?.message ?? error.message);
        } else {
          const { fields, rest } = splitServerIssues(error, ['code']);
          setCodeError(fields.code);
          setFormError(rest);
        }
      },
    });
  };

  const body = () => {
    if (codes) {
      return (
        <RecoveryCodesPanel
          codes={codes}
          doneLabel="Done"
          onDone={() => {
            setCodes(undefined);
            notify('Two-factor sign-in is on.');
          }}
        />
      );
    }
    if (status.isPending) return <LoadingState label="Loading…" />;
    if (status.isError) {
      return (
        <LoadError onRetry={() => status.refetch()}>
          The two-factor status could not be loaded.
        </LoadError>
      );
    }
    if (status.data.enabled) return <EnabledState status={status.data} />;
    if (start.isPending || start.data) {
      return (
        <Stack spacing={2}>
          <FormAlert message={formError} />
          <EnrolmentPanel
            material={start.data}
            confirming={confirm.isPending}
            codeError={codeError}
            onConfirm={confirmCode}
          />
        </Stack>
      );
    }
    return (
      <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
        {status.data.required && (
          <Alert severity="warning">Two-factor sign-in is required for your role.</Alert>
        )}
        <Typography>
          With two-factor sign-in, your password alone no longer opens your account: signing in also
          asks for a 6-digit code from an authenticator app on your phone. You get recovery codes
          for when the phone is lost.
        </Typography>
        <Button
          variant="contained"
          startIcon={<PhonelinkLockIcon />}
          onClick={() => start.mutate()}
        >
          Set up two-factor sign-in
        </Button>
      </Stack>
    );
  };

  return (
    <Stack spacing={2.5}>
      <PageHeader
        title="Two-factor sign-in"
        description="A code from an authenticator app, asked for after your password when you sign in."
      />
      <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 }, maxWidth: 720 }}>
        {body()}
      </Paper>
    </Stack>
  );
}

function EnabledState({ status }: { status: TwoFactorStatus }) {
  return (
    <Stack spacing={2}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <CheckCircleIcon color="success" aria-hidden />
        <Typography sx={{ fontWeight: 600 }}>Two-factor sign-in is on</Typography>
        {status.required && <Chip size="small" variant="outlined" label="Required for your role" />}
      </Box>
      <Typography color="text.secondary">
        {status.enabledAt ? `Since ${formatShort(status.enabledAt)}. ` : ''}
        {status.recoveryCodesLeft === 1
          ? '1 recovery code left.'
          : `${status.recoveryCodesLeft} recovery codes left.`}
      </Typography>
      {status.recoveryCodesLeft <= 2 && (
        <Alert severity="warning">
          Few recovery codes are left. If you lose your phone as well, an admin can turn two-factor
          sign-in off for you under Staff, so you can set it up again.
        </Alert>
      )}
    </Stack>
  );
}
