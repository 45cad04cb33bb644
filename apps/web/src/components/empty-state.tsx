import { Box, Typography } from '@mui/material';
import type { ReactNode } from 'react';

interface EmptyStateProps {
  icon?: ReactNode;
  title: string;
  /** What to do next. */
  description?: ReactNode;
  action?: ReactNode;
  /** `h1` when the empty state is the whole page (e.g. not found); a styled paragraph otherwise. */
  titleComponent?: 'h1' | 'h2' | 'p';
}

/** An empty list or area that says what to do next. */
export function EmptyState({
  icon,
  title,
  description,
  action,
  titleComponent = 'p',
}: EmptyStateProps) {
  return (
    <Box sx={{ textAlign: 'center', px: 3, py: 8 }}>
      {icon && <Box sx={{ color: 'text.disabled', mb: 1, '& svg': { fontSize: 48 } }}>{icon}</Box>}
      <Typography variant="h2" component={titleComponent} gutterBottom>
        {title}
      </Typography>
      {description && (
        <Typography color="text.secondary" sx={{ maxWidth: 520, mx: 'auto' }}>
          {description}
        </Typography>
      )}
      {action && <Box sx={{ mt: 3 }}>{action}</Box>}
    </Box>
  );
}
