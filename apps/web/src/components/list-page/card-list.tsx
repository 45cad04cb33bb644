import { Card, Stack } from '@mui/material';
import type { ReactNode } from 'react';

/** A list page's rows as cards, for phones: a labelled `ul` whose items are CardListItem. */
export function CardList({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack component="ul" aria-label={label} spacing={1.5} sx={{ p: 1.5, m: 0 }}>
      {children}
    </Stack>
  );
}

export function CardListItem({ children }: { children: ReactNode }) {
  return (
    <Card component="li" sx={{ listStyle: 'none' }}>
      {children}
    </Card>
  );
}
