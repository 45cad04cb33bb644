import { Alert, AlertTitle } from '@mui/material';
import type { TokenRecord } from '@ptd/contracts';
import { formatLocal, formatRelative, formatUtc } from '@/lib/format.ts';

/**
 * What a status that is not about validity means, in the details: a token the service may have
 * minted but no one received, one being issued, or a revoke whose outcome is not known yet.
 */
export function TokenStatusNote({ record }: { record: TokenRecord }) {
  if (record.status === 'never-delivered') {
    return (
      <Alert severity="warning" variant="outlined">
        <AlertTitle>Never delivered</AlertTitle>
        The dashboard asked the token service for this token, but the answer never came back (the
        connection failed or timed out, the answer could not be read or recorded, or the dashboard
        stopped while waiting). So the token service may have created it, but no one received it:{' '}
        {record.kind === 'viewer' ? 'the viewer’s page got an error instead' : 'it was never shown'}
        . It is listed so that every token the service may have issued is accounted for. If it
        exists, it ends at the expiry below; nothing needs to be done.
      </Alert>
    );
  }
  if (record.status === 'issuing') {
    return (
      <Alert severity="info" variant="outlined">
        <AlertTitle>Being issued</AlertTitle>
        The dashboard is asking the token service for this token right now. Within seconds it
        becomes active, or “Never delivered” if no answer arrives.
      </Alert>
    );
  }
  if (record.status === 'revocation-pending' && record.revocationRequestedAt) {
    return (
      <Alert severity="warning" variant="outlined">
        <AlertTitle>Revocation pending</AlertTitle>
        Revoking was requested {formatRelative(record.revocationRequestedAt)} (
        {formatLocal(record.revocationRequestedAt)}, {formatUtc(record.revocationRequestedAt)}), but
        the token service’s answer never arrived, so it is not known yet whether the token was
        revoked. The dashboard asks the token service about it every half minute and when this token
        is opened; meanwhile you can try again.
      </Alert>
    );
  }
  return null;
}
