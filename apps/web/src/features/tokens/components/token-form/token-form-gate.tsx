import LockOutlinedIcon from '@mui/icons-material/LockOutlined';
import WorkspacePremiumOutlinedIcon from '@mui/icons-material/WorkspacePremiumOutlined';
import { Box, Link, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useSession } from '@/lib/auth/session.ts';
import { useCan } from '@/lib/auth/use-can.ts';
import { READ_ONLY_CREDENTIAL } from '@/lib/read-only-credential.ts';
import { createAccessOf, SECURE_PLAYBACK_DOCS } from '../create-access.ts';
import { ForeignText } from '@/components/foreign-text.tsx';

function Panel({ icon, title, children }: { icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <Box sx={{ textAlign: 'center', px: 3, py: 6 }}>
      <Box sx={{ color: 'text.disabled', '& svg': { fontSize: 48 }, mb: 1 }}>{icon}</Box>
      <Typography variant="h2" component="p" gutterBottom>
        {title}
      </Typography>
      <Box sx={{ maxWidth: 560, mx: 'auto', color: 'text.secondary' }}>{children}</Box>
    </Box>
  );
}

/** Shown instead of the form when the organisation lacks the Secure Playback package. */
export function UpgradeNeeded({ organisationName }: { organisationName: string }) {
  return (
    <Panel icon={<WorkspacePremiumOutlinedIcon />} title="Upgrade needed">
      <Typography gutterBottom>
        Secure playback is not enabled for <ForeignText value={organisationName} />. Secure playback
        tokens need the Secure Playback package: with it, only viewers with a valid token can play
        your streams.
      </Typography>
      <Typography>
        Ask nanocosmos to enable it for your organisation.{' '}
        <Link href={SECURE_PLAYBACK_DOCS} target="_blank" rel="noreferrer noopener">
          About secure playback (opens in a new tab)
        </Link>
      </Typography>
    </Panel>
  );
}

/** Shown instead of the form to a viewer. */
export function NotAllowedToCreate() {
  return (
    <Panel icon={<LockOutlinedIcon />} title="You can’t create tokens">
      <Typography>
        Your role is Viewer: you can see streams and tokens, but creating a secure playback token
        needs the Editor or Admin role. Ask an admin of your organisation if you need it.
      </Typography>
    </Panel>
  );
}

/** Shown instead of the form while the dashboard's nanoStream credential is read-only. */
export function CreationOff() {
  return (
    <Panel icon={<LockOutlinedIcon />} title="Token creation is off">
      <Typography>{READ_ONLY_CREDENTIAL}</Typography>
    </Panel>
  );
}

/** The token form for those who may use it; everyone else learns why not. */
export function TokenFormGate({ children }: { children: ReactNode }) {
  const session = useSession().data;
  const can = useCan();
  if (!session) return null;
  // The package first: without it nobody can create, whatever their role.
  if (!session.organisation.securePackage) {
    return <UpgradeNeeded organisationName={session.organisation.name} />;
  }
  const access = createAccessOf(session, can);
  if (access === 'not-for-role') return <NotAllowedToCreate />;
  if (access === 'read-only-credential') return <CreationOff />;
  return children;
}
