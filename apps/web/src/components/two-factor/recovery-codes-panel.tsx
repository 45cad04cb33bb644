import DownloadIcon from '@mui/icons-material/Download';
import { Alert, AlertTitle, Box, Button, Checkbox, FormControlLabel, Stack } from '@mui/material';
import { useState } from 'react';
import { monospace } from '@/lib/theme.ts';
import { CopyButton } from '../copy-button.tsx';

interface RecoveryCodesPanelProps {
  codes: string[];
  /** What the button says once the codes are saved ("Continue to the dashboard"). */
  doneLabel: string;
  onDone: () => void;
}

/** Recovery codes, shown once: copy or download them, and say so before going on. */
export function RecoveryCodesPanel({ codes, doneLabel, onDone }: RecoveryCodesPanelProps) {
  const [saved, setSaved] = useState(false);
  const text = `${codes.join('\n')}\n`;
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'playback-tokens-recovery-codes.txt';
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Stack spacing={2.5}>
      <Alert severity="warning" role="note">
        <AlertTitle>Save your recovery codes now: they are shown only once</AlertTitle>
        If you lose your phone, each code signs you in once in place of the app’s code. Keep them
        somewhere safe, apart from your password.
      </Alert>
      <Box
        component="ol"
        aria-label="Recovery codes"
        sx={{
          display: 'grid',
          gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' },
          gap: 1,
          m: 0,
          p: 2,
          listStyle: 'none',
          bgcolor: 'action.hover',
          borderRadius: 1,
          fontFamily: monospace,
          fontSize: '1rem',
        }}
      >
        {codes.map((code) => (
          <Box component="li" key={code} sx={{ textAlign: 'center' }}>
            {code}
          </Box>
        ))}
      </Box>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        <CopyButton text={text} label="Copy recovery codes" size="medium" />
        <Button variant="outlined" startIcon={<DownloadIcon />} onClick={download}>
          Download
        </Button>
      </Box>
      <Box
        sx={{
          display: 'flex',
          gap: 1,
          flexWrap: 'wrap',
          alignItems: 'center',
          justifyContent: 'space-between',
        }}
      >
        <FormControlLabel
          control={
            <Checkbox checked={saved} onChange={(event) => setSaved(event.target.checked)} />
          }
          label="I have saved my recovery codes"
        />
        <Button variant="contained" disabled={!saved} onClick={onDone}>
          {doneLabel}
        </Button>
      </Box>
    </Stack>
  );
}
