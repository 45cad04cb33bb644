import ShieldOutlinedIcon from '@mui/icons-material/ShieldOutlined';
import { Box, Paper, Stack, Typography } from '@mui/material';
import { useEffect } from 'react';
import { Redirect, useLocation } from '../../../lib/navigation.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { useSession } from '../api/session.ts';
import { safeReturnTo, type SignInLocationState } from '../return-to.ts';
import { SignInForm } from './sign-in-form.tsx';

/** The way in. Signed-in visitors go straight on to where they were heading. */
export function SignInPage() {
  const session = useSession();
  const location = useLocation();
  const returnTo = safeReturnTo((location.state as SignInLocationState | null)?.from);
  useEffect(() => {
    document.title = 'Sign in · nanoStream Cloud';
  }, []);

  if (session.isPending) return <LoadingState label="Checking your session…" fullPage />;
  if (session.data) return <Redirect to={returnTo} replace />;

  return (
    <Box
      component="main"
      sx={{
        minHeight: '100vh',
        display: 'grid',
        placeItems: 'center',
        px: 2,
        py: 4,
        bgcolor: 'background.default',
      }}
    >
      <Stack spacing={3} sx={{ width: '100%', maxWidth: 420 }}>
        <Stack
          direction="row"
          spacing={1.5}
          sx={{ alignItems: 'center', justifyContent: 'center' }}
        >
          <ShieldOutlinedIcon color="primary" sx={{ fontSize: 36 }} aria-hidden />
          <Typography component="span" variant="h2">
            Playback Tokens
          </Typography>
        </Stack>
        <Paper variant="outlined" sx={{ p: { xs: 3, sm: 4 } }}>
          <Typography variant="h1" gutterBottom>
            Sign in
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 3 }}>
            Create and manage secure playback tokens for your nanoStream Cloud live streams.
          </Typography>
          <SignInForm returnTo={returnTo} />
        </Paper>
        <Typography variant="body2" color="text.secondary" sx={{ textAlign: 'center' }}>
          No account yet? Ask an admin of your organisation to add you.
        </Typography>
      </Stack>
    </Box>
  );
}
