import { Box, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { formatLocal, formatRelative, formatUtc } from '@/lib/format.ts';
import { monospace } from '@/lib/theme.ts';

const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat']);

const CLAIM_MEANINGS: Record<string, string> = {
  iss: 'Issuer',
  aud: 'Audience',
  sub: 'Subject',
  jti: 'Token ID',
  iat: 'Issued at',
  nbf: 'Not valid before',
  exp: 'Expires',
  streams: 'Streams it opens',
  groupid: 'Stream group it opens',
  orgawide: 'Opens every stream of the organisation',
  revocable: 'Revocable',
  forceDisconnect: 'Disconnect viewers at expiry',
  ip: 'Client IP binding',
  domain: 'Domain (referer) binding',
  tag: 'Tag',
  user: 'User ID',
};

const renderValue = (value: unknown) =>
  typeof value === 'string' ? value : JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ');

/** Claims with their meaning; UNIX times also as local time with the UTC instant beside it. */
export function ClaimsTable({ claims, label }: { claims: Record<string, unknown>; label: string }) {
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label={label}>
        <TableHead>
          <TableRow>
            <TableCell>Claim</TableCell>
            <TableCell>Value</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {Object.entries(claims).map(([name, value]) => (
            <TableRow key={name}>
              <TableCell sx={{ verticalAlign: 'top', whiteSpace: 'nowrap' }}>
                <Box component="code" sx={{ fontFamily: monospace }}>
                  {name}
                </Box>
                {CLAIM_MEANINGS[name] && (
                  <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
                    {CLAIM_MEANINGS[name]}
                  </Typography>
                )}
              </TableCell>
              <TableCell sx={{ verticalAlign: 'top', overflowWrap: 'anywhere' }}>
                <Box component="code" sx={{ fontFamily: monospace }}>
                  {renderValue(value)}
                </Box>
                {TIME_CLAIMS.has(name) && typeof value === 'number' && (
                  <Typography variant="body2" sx={{ display: 'block' }} component="span">
                    {formatLocal(value * 1000)}{' '}
                    <Typography component="span" variant="body2" color="text.secondary">
                      · {formatUtc(value * 1000)} · {formatRelative(value * 1000)}
                    </Typography>
                  </Typography>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
