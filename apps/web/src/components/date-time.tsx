import { Box, Typography } from '@mui/material';
import { formatLocal, formatUntil, formatUtc } from '@/lib/format.ts';

interface DateTimeProps {
  value: string | Date | number;
  /** Add "in 14 days" / "3 hours ago". */
  relative?: boolean;
  now?: number;
}

/** A moment in local time with the UTC instant beside it (and optionally how far away it is). */
export function DateTime({ value, relative = false, now }: DateTimeProps) {
  return (
    <Box component="span" sx={{ display: 'inline-flex', flexDirection: 'column' }}>
      <Box component="time" dateTime={new Date(value).toISOString()}>
        {formatLocal(value)}
        {relative && (
          <Typography component="span" variant="body2" color="text.secondary">
            {' '}
            · {formatUntil(value, now)}
          </Typography>
        )}
      </Box>
      <Typography component="span" variant="body2" color="text.secondary">
        {formatUtc(value)}
      </Typography>
    </Box>
  );
}
