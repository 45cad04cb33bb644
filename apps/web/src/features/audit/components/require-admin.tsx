import LockIcon from '@mui/icons-material/Lock';
import { Box, CircularProgress, Paper, Typography } from '@mui/material';
import { can } from '@ptd/contracts';
import type { ReactNode } from 'react';
import { useSession } from '@/features/auth/api/session.ts';

/** The audit log is for admins; everyone else learns why they see nothing. */
export function RequireAuditAccess({ children }: { children: ReactNode }) {
  const session = useSession();
  if (session.isPending) {
    return (
      <Box sx={{ display: 'flex', justifyContent: 'center', py: 8 }}>
        <CircularProgress aria-label="Loading" />
      </Box>
    );
  }
  const role = session.data?.user.role;
  if (role && can(role, 'readAudit')) return children;
  return (
    <Paper variant="outlined" sx={{ textAlign: 'center', px: 3, py: 8 }}>
      <LockIcon color="disabled" sx={{ fontSize: 48, mb: 1 }} />
      <Typography variant="h1" gutterBottom>
        Audit log
      </Typography>
      <Typography variant="h2" component="p" gutterBottom>
        You are not allowed to see this page
      </Typography>
      <Typography color="text.secondary">
        Only admins can read the audit log. Ask an admin if you need access.
      </Typography>
    </Paper>
  );
}
