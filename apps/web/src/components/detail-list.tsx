import { Box, type SxProps, type Theme } from '@mui/material';
import type { ReactNode } from 'react';
import { asForeignText } from './foreign-text.tsx';

export interface Detail {
  label: string;
  value: ReactNode;
}

interface DetailGridProps {
  children: ReactNode;
  /** Label column in px: stacked on phones. `auto`: label beside value on every screen. */
  labelWidth?: number | 'auto';
  /** `medium` for a dialog or card that is mostly these facts; `small` beside other content. */
  size?: 'small' | 'medium';
  'aria-label'?: string;
  sx?: SxProps<Theme>;
}

/** Label/value pairs as a description list (`dl`); fill it with DetailRow. */
export function DetailGrid({
  children,
  labelWidth = 140,
  size = 'small',
  'aria-label': label,
  sx,
}: DetailGridProps) {
  const stacked = labelWidth !== 'auto';
  const value = size === 'medium' ? 'body1' : 'body2';
  return (
    <Box
      component="dl"
      aria-label={label}
      sx={[
        {
          m: 0,
          display: 'grid',
          gridTemplateColumns: stacked
            ? { xs: '1fr', sm: `${labelWidth}px minmax(0, 1fr)` }
            : 'auto minmax(0, 1fr)',
          columnGap: 2,
          rowGap: stacked ? { xs: 0.25, sm: size === 'medium' ? 1.25 : 0.75 } : 0.75,
          alignItems: 'baseline',
          '& > dt': {
            typography: 'body2',
            color: 'text.secondary',
            pt: stacked ? { xs: 1, sm: 0 } : 0,
          },
          '& > dd': { typography: value, m: 0, minWidth: 0, overflowWrap: 'anywhere' },
        },
        ...(Array.isArray(sx) ? sx : [sx]),
      ]}
    >
      {children}
    </Box>
  );
}

/** A label and its value; a value given as a string is shown as ForeignText. */
export function DetailRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{asForeignText(children)}</dd>
    </>
  );
}

/** A DetailGrid from a list of pairs, for facts that are mostly plain values. */
export function DetailList({ items, labelWidth = 160 }: { items: Detail[]; labelWidth?: number }) {
  return (
    <DetailGrid labelWidth={labelWidth} size="medium">
      {items.map((item) => (
        <DetailRow key={item.label} label={item.label}>
          {item.value}
        </DetailRow>
      ))}
    </DetailGrid>
  );
}
