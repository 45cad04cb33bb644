import { Box, Link, Paper, Stack, Typography } from '@mui/material';
import type { Permission } from '@ptd/contracts';
import type { ReactNode } from 'react';
import { useCan } from '@/lib/auth/use-can.ts';
import { RouterLink } from '@/lib/navigation.tsx';

interface ChartCardProps {
  title: string;
  /** One line under the title: what is counted, over what time. */
  caption: ReactNode;
  /** Where the whole chart leads in Playback tokens, and the link's words. */
  link?: { to: string; label: string };
  actions?: ReactNode;
  children: ReactNode;
}

/** A titled panel around one chart, with a link to the matching tokens. */
export function ChartCard({ title, caption, link, actions, children }: ChartCardProps) {
  const id = `chart-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-labelledby={id}
      sx={{ p: { xs: 2, sm: 2.5 }, minWidth: 0, height: '100%' }}
    >
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={1}
        sx={{ justifyContent: 'space-between', alignItems: { sm: 'flex-start' }, mb: 1 }}
      >
        <Box sx={{ minWidth: 0 }}>
          <Typography variant="h2" id={id}>
            {title}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {caption}
          </Typography>
        </Box>
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', flexShrink: 0 }}>
          {actions}
          {link && (
            <Link component={RouterLink} to={link.to} variant="body2">
              {link.label}
            </Link>
          )}
        </Stack>
      </Stack>
      {children}
    </Paper>
  );
}

/** In place of an empty chart: says what will appear there. */
export function ChartEmpty({ children }: { children: ReactNode }) {
  return (
    <Box
      sx={{
        height: 160,
        display: 'grid',
        placeItems: 'center',
        textAlign: 'center',
        color: 'text.secondary',
        px: 2,
      }}
    >
      <Typography variant="body2">{children}</Typography>
    </Box>
  );
}

/** In an empty chart, the next step: only for staff whose role may take it. */
export function ChartEmptyAction({
  permission,
  to,
  children,
}: {
  permission: Permission;
  to: string;
  children: ReactNode;
}) {
  if (!useCan()(permission)) return null;
  return (
    <Link component={RouterLink} to={to} sx={{ display: 'block', mt: 1 }}>
      {children}
    </Link>
  );
}
