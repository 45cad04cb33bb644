import { Box, Typography } from '@mui/material';

interface StackedTimeProps {
  /** The ISO instant, for the `<time>` element. */
  value: string;
  /** The first line, e.g. local time or "3 hours ago". */
  primary: string;
  /** The smaller second line, e.g. the UTC instant. */
  secondary: string;
  /** Keep the second line on one line (narrow table cells). */
  nowrapSecondary?: boolean;
}

/** A moment shown as two lines inside one `<time>` element, for tables and detail lists. */
export function StackedTime({ value, primary, secondary, nowrapSecondary }: StackedTimeProps) {
  return (
    <Box component="time" dateTime={value} sx={{ display: 'block' }}>
      <Typography variant="body2" component="span" sx={{ display: 'block' }}>
        {primary}
      </Typography>
      <Typography
        variant="caption"
        color="text.secondary"
        component="span"
        sx={{ display: 'block', whiteSpace: nowrapSecondary ? 'nowrap' : undefined }}
      >
        {secondary}
      </Typography>
    </Box>
  );
}
