import ShieldOutlinedIcon from '@mui/icons-material/ShieldOutlined';
import { Box, Paper, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';

interface PublicPageProps {
  /** The card's content: the page's h1 and its form. */
  children: ReactNode;
  maxWidth: number;
  /** Below the card, e.g. where to get an account. */
  footer?: ReactNode;
}

/** A page outside the app shell (sign-in, a set-password link): the brand over one card. */
export function PublicPage({ children, maxWidth, footer }: PublicPageProps) {
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
      <Stack spacing={3} sx={{ width: '100%', maxWidth }}>
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
          {children}
        </Paper>
        {footer}
      </Stack>
    </Box>
  );
}
