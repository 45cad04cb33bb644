import { Box, Typography } from '@mui/material';
import type { ReactNode } from 'react';

export interface Detail {
  label: string;
  value: ReactNode;
}

/** Label/value pairs as a description list: two columns on wide screens, stacked on phones. */
export function DetailList({ items, labelWidth = 160 }: { items: Detail[]; labelWidth?: number }) {
  return (
    <Box
      component="dl"
      sx={{
        m: 0,
        display: 'grid',
        gridTemplateColumns: { xs: '1fr', sm: `${labelWidth}px minmax(0, 1fr)` },
        columnGap: 2,
        rowGap: { xs: 0.25, sm: 1.25 },
        alignItems: 'baseline',
      }}
    >
      {items.map((item) => (
        <Box key={item.label} sx={{ display: 'contents' }}>
          <Typography
            component="dt"
            variant="body2"
            color="text.secondary"
            sx={{ pt: { xs: 1, sm: 0 } }}
          >
            {item.label}
          </Typography>
          <Typography
            component="dd"
            variant="body1"
            sx={{ m: 0, minWidth: 0, overflowWrap: 'anywhere' }}
          >
            {item.value}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}
