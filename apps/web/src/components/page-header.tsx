import { Box, Typography } from '@mui/material';
import type { ReactNode, Ref } from 'react';

interface PageHeaderProps {
  title: ReactNode;
  /** A string becomes a paragraph; anything else is rendered as given. */
  description?: ReactNode;
  /** Buttons on the right (below the title on phones). */
  actions?: ReactNode;
  /** Above the title: breadcrumbs or a back link. */
  overline?: ReactNode;
  /** Lets a page move focus to its heading, e.g. after a dialog closes. */
  headingRef?: Ref<HTMLHeadingElement>;
}

/** The one page heading (h1) with an optional description and actions. */
export function PageHeader({ title, description, actions, overline, headingRef }: PageHeaderProps) {
  return (
    <Box
      component="header"
      sx={{
        display: 'flex',
        alignItems: { xs: 'stretch', sm: 'flex-start' },
        justifyContent: 'space-between',
        flexDirection: { xs: 'column', sm: 'row' },
        gap: 2,
      }}
    >
      <Box sx={{ minWidth: 0 }}>
        {overline}
        <Typography variant="h1" gutterBottom ref={headingRef} tabIndex={-1} sx={{ outline: 0 }}>
          {title}
        </Typography>
        {typeof description === 'string' ? (
          <Typography color="text.secondary">{description}</Typography>
        ) : (
          description
        )}
      </Box>
      {actions && (
        <Box sx={{ display: 'flex', gap: 1, flexShrink: 0, flexWrap: 'wrap' }}>{actions}</Box>
      )}
    </Box>
  );
}
