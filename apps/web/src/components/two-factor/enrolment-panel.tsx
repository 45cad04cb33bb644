import { Box, Button, Skeleton, Stack, Typography } from '@mui/material';
import type { TwoFactorEnrolment } from '@ptd/contracts';
import { useRef, useState, type FormEvent } from 'react';
import { monospace } from '@/lib/theme.ts';
import { CopyButton } from '../copy-button.tsx';
import { CodeInput } from './code-input.tsx';

interface EnrolmentPanelProps {
  /** Undefined while the secret is being made. */
  material: TwoFactorEnrolment | undefined;
  confirming: boolean;
  /** The server's word on the last code tried, shown under the field. */
  codeError?: string | undefined;
  onConfirm: (code: string) => void;
}

/** "ABCD EFGH …": easier to type from the screen. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

/**
 * Two steps: scan the QR code (or type the key), then enter the first code the app shows,
 * which proves the app holds the secret before two-factor is turned on.
 */
export function EnrolmentPanel({
  material,
  confirming,
  codeError,
  onConfirm,
}: EnrolmentPanelProps) {
  const [code, setCode] = useState('');
  const [localError, setLocalError] = useState<string>();
  const input = useRef<HTMLInputElement>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const digits = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(digits)) {
      setLocalError('Code: enter the 6 digits your app shows.');
      input.current?.focus();
      return;
    }
    setLocalError(undefined);
    onConfirm(digits);
  };

  return (
    <Stack spacing={3}>
      <Box>
        <Typography variant="h3" component="h2" gutterBottom>
          1. Scan the QR code
        </Typography>
        <Typography color="text.secondary" sx={{ mb: 2 }}>
          Open an authenticator app on your phone (for example Google Authenticator, Microsoft
          Authenticator, 1Password or Aegis), add an account and scan this code.
        </Typography>
        <Box
          sx={{
            display: 'flex',
            flexDirection: { xs: 'column', sm: 'row' },
            gap: 3,
            alignItems: { xs: 'stretch', sm: 'center' },
          }}
        >
          {material ? (
            <Box
              component="img"
              src={material.qrCode}
              alt="QR code for your authenticator app"
              width={184}
              height={184}
              // White behind the code in the dark theme too: scanners need the contrast.
              sx={{ bgcolor: '#fff', p: 1, borderRadius: 1, alignSelf: 'center', flexShrink: 0 }}
            />
          ) : (
            <Skeleton
              variant="rectangular"
              width={184}
              height={184}
              aria-label="Making your QR code"
            />
          )}
          <Box sx={{ minWidth: 0 }}>
            <Typography variant="body2" color="text.secondary" id="two-factor-key-label">
              Cannot scan it? Enter this key in the app instead (time-based, 6 digits):
            </Typography>
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mt: 0.5 }}>
              <Typography
                component="code"
                aria-labelledby="two-factor-key-label"
                sx={{ fontFamily: monospace, fontSize: '1rem', overflowWrap: 'anywhere' }}
              >
                {material ? grouped(material.secret) : '…'}
              </Typography>
              {material && <CopyButton text={material.secret} label="Copy key" variant="icon" />}
            </Box>
          </Box>
        </Box>
      </Box>
      <Box component="form" noValidate onSubmit={submit}>
        <Typography variant="h3" component="h2" gutterBottom>
          2. Enter the code from the app
        </Typography>
        <Stack
          direction={{ xs: 'column', sm: 'row' }}
          spacing={2}
          sx={{ alignItems: { sm: 'flex-start' }, maxWidth: 480 }}
        >
          <CodeInput
            label="6-digit code"
            value={code}
            onChange={(value) => {
              setCode(value);
              setLocalError(undefined);
            }}
            error={localError ?? codeError}
            inputRef={input}
          />
          <Button
            type="submit"
            variant="contained"
            size="large"
            loading={confirming}
            disabled={!material}
            sx={{ flexShrink: 0, minHeight: 56 }}
          >
            Turn on
          </Button>
        </Stack>
      </Box>
    </Stack>
  );
}
