import { Card, Stack } from '@mui/material';
import type { ReactNode } from 'react';

interface CardListProps<T extends { id: string }> {
  /** The list's accessible name, as its table's on wider screens. */
  label: string;
  items: readonly T[];
  /** One item's card content. */
  card: (item: T) => ReactNode;
}

/**
 * A list page's rows as cards, for phones: a labelled `ul` of cards. Apart from ListTable, so
 * that pages without cards do not load them.
 */
export function CardList<T extends { id: string }>({ label, items, card }: CardListProps<T>) {
  return (
    <Stack component="ul" aria-label={label} spacing={1.5} sx={{ p: 1.5, m: 0 }}>
      {items.map((item) => (
        <Card component="li" key={item.id} sx={{ listStyle: 'none' }}>
          {card(item)}
        </Card>
      ))}
    </Stack>
  );
}
