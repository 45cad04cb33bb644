import { Box } from '@mui/material';
import { Fragment } from 'react';
import { monospace } from '@/lib/theme.ts';
import { withMarkers } from './foreign-text.tsx';

/**
 * Pretty-printed JSON in a scrollable, focusable block (claims, headers). Its strings come from
 * elsewhere (a user id, a tag): a direction or invisible character in one shows as a marker
 * instead of reordering the lines after it.
 */
export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  return (
    <Box
      component="pre"
      aria-label={label}
      tabIndex={0}
      sx={{
        fontFamily: monospace,
        fontSize: 13,
        m: 0,
        p: 1.5,
        borderRadius: 1,
        bgcolor: 'action.hover',
        overflowX: 'auto',
      }}
    >
      {/* The printed line breaks are the block's own; a string's own are escaped as \n. */}
      {JSON.stringify(value, null, 2)
        .split('\n')
        .map((line, index) => (
          <Fragment key={index}>
            {index > 0 && '\n'}
            {withMarkers(line)}
          </Fragment>
        ))}
    </Box>
  );
}
