import WorkspacePremiumOutlinedIcon from '@mui/icons-material/WorkspacePremiumOutlined';
import { Alert, AlertTitle, Box, Button, Link, Typography } from '@mui/material';
import { useId, type ReactNode } from 'react';
import { RouterLink } from '@/lib/navigation.tsx';
import { useSession } from '@/lib/auth/session.ts';
import { READ_ONLY_SHORT } from '@/lib/read-only-credential.ts';
import { SECURE_PLAYBACK_DOCS, useCreateAccess } from './create-access.ts';

/** What is missing and how to get it, where a create button would be. */
export function UpgradeNeededNote({ organisationName }: { organisationName: string }) {
  const titleId = useId();
  return (
    <Alert
      severity="info"
      variant="outlined"
      role="note"
      aria-labelledby={titleId}
      icon={<WorkspacePremiumOutlinedIcon fontSize="inherit" />}
      sx={{ maxWidth: 440, textAlign: 'left' }}
    >
      <AlertTitle id={titleId}>Upgrade needed</AlertTitle>
      Secure playback tokens need the Secure Playback package, which {organisationName} does not
      have. Ask nanocosmos to enable it.{' '}
      <Link href={SECURE_PLAYBACK_DOCS} target="_blank" rel="noreferrer noopener">
        About secure playback (opens in a new tab)
      </Link>
    </Alert>
  );
}

interface CreateTokenActionProps {
  label?: string;
  /** Opens the form in place (a dialog), or … */
  onClick?: () => void;
  /** … goes to the create page. */
  to?: string;
  startIcon?: ReactNode;
  variant?: 'contained' | 'outlined';
}

/**
 * "Create secure playback token" for those who may use it. Without the Secure Playback package
 * it says "Upgrade needed" instead; with a read-only credential the button is off and says why;
 * a viewer gets nothing.
 */
export function CreateTokenAction({
  label = 'Create secure playback token',
  onClick,
  to,
  startIcon,
  variant = 'contained',
}: CreateTokenActionProps) {
  const access = useCreateAccess();
  const session = useSession().data;
  const reasonId = useId();
  if (access === null || access === 'not-for-role' || !session) return null;
  if (access === 'upgrade-needed') {
    return <UpgradeNeededNote organisationName={session.organisation.name} />;
  }
  if (access === 'read-only-credential') {
    return (
      <Box sx={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: 0.5 }}>
        <Button variant={variant} startIcon={startIcon} disabled aria-describedby={reasonId}>
          {label}
        </Button>
        <Typography id={reasonId} variant="caption" color="text.secondary" sx={{ maxWidth: 320 }}>
          {READ_ONLY_SHORT}
        </Typography>
      </Box>
    );
  }
  return to ? (
    <Button
      variant={variant}
      startIcon={startIcon}
      component={RouterLink}
      to={to}
      sx={{ flexShrink: 0 }}
    >
      {label}
    </Button>
  ) : (
    <Button variant={variant} startIcon={startIcon} onClick={onClick} sx={{ flexShrink: 0 }}>
      {label}
    </Button>
  );
}
