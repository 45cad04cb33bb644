import { Alert, Box, Button, Link, Stack, Typography } from '@mui/material';
import type { TokenRecord } from '@ptd/contracts';
import type { ReactNode } from 'react';
import { DetailGrid, DetailRow } from '@/components/detail-list.tsx';
import { EmailAddress } from '@/components/email-address.tsx';
import { ForeignText } from '@/components/foreign-text.tsx';
import { JsonBlock } from '@/components/json-block.tsx';
import { RouterLink } from '@/lib/navigation.tsx';
import { monospace } from '@/lib/theme.ts';
import { GroupDetail, WholeId } from './token-detail-ids.tsx';
import { DateDetail, dash, describeKind } from './token-display.tsx';
import { TokenStatusChip } from '@/components/token-status-chip.tsx';
import { TokenStatusNote } from './token-status-note.tsx';

interface Props {
  record: TokenRecord;
  canRevoke: boolean;
  /** Why a token offers no revoke, when it does not. */
  revokeHint: string | null;
  onRevoke: (record: TokenRecord) => void;
  /** Opens the token form with this token's options; absent for those who may not create. */
  onSimilar?: ((record: TokenRecord) => void) | undefined;
}

/** Every field of a ledger record, grouped, with the decoded claims. */
export function TokenDetails({ record, canRevoke, revokeHint, onRevoke, onSimilar }: Props) {
  const target = record.target;
  return (
    <Stack spacing={3}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, flexWrap: 'wrap' }}>
        <TokenStatusChip status={record.status} />
        <Typography variant="body2" color="text.secondary">
          <ForeignText value={describeKind(record)} /> token
        </Typography>
      </Box>

      <TokenStatusNote record={record} />

      {(canRevoke || onSimilar) && (
        <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
          {canRevoke && (
            <Button variant="contained" color="error" onClick={() => onRevoke(record)}>
              {record.status === 'revocation-pending' ? 'Try revoking again' : 'Revoke token'}
            </Button>
          )}
          {onSimilar && (
            <Button variant="outlined" onClick={() => onSimilar(record)}>
              Create a similar token
            </Button>
          )}
        </Box>
      )}
      {!canRevoke && revokeHint ? (
        <Alert severity="info" variant="outlined">
          {revokeHint}
        </Alert>
      ) : null}

      <Section title="Target">
        <DetailRow label="Applies to">
          {target.type === 'streams' ? (
            <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
              {target.streams.map((name) => (
                <li key={name}>
                  <Box component="span" sx={{ fontFamily: monospace }}>
                    <ForeignText value={name} />
                  </Box>
                </li>
              ))}
            </Box>
          ) : target.type === 'group' ? (
            <GroupDetail groupId={target.groupId} />
          ) : (
            'Entire organisation (every stream)'
          )}
        </DetailRow>
      </Section>

      <Section title="Validity">
        <DetailRow label="Valid from">
          <DateDetail value={record.notBefore} />
        </DetailRow>
        <DetailRow label="Expires">
          <DateDetail value={record.expiresAt} />
        </DetailRow>
        <DetailRow label="Issued">
          <DateDetail value={record.issuedAt} />
        </DetailRow>
        {record.revokedAt && (
          <DetailRow label="Revoked">
            <DateDetail value={record.revokedAt} />
            {record.revokedBy && (
              <>
                by <ForeignText value={record.revokedBy.displayName} />
              </>
            )}
          </DetailRow>
        )}
      </Section>

      <Section title="Restrictions">
        <DetailRow label="Client IP">{dash(record.ip)}</DetailRow>
        <DetailRow label="Domain">{dash(record.domain)}</DetailRow>
        <DetailRow label="User ID">
          {record.user ? <WholeId value={record.user} label="user ID" /> : dash(null)}
        </DetailRow>
        <DetailRow label="Tag">{dash(record.tag)}</DetailRow>
        <DetailRow label="Revocable">{record.revocable ? 'Yes' : 'No'}</DetailRow>
        <DetailRow label="Force disconnect">
          {record.forceDisconnect ? 'Yes, viewers are cut off at expiry' : 'No'}
        </DetailRow>
      </Section>

      <Section title="Ledger">
        <DetailRow label="Created by">
          {record.createdBy ? (
            <>
              <ForeignText value={record.createdBy.displayName} /> (
              <EmailAddress value={record.createdBy.email} />)
            </>
          ) : record.kind === 'viewer' ? (
            'A viewer’s page, through the public token endpoint'
          ) : (
            'Unknown'
          )}
        </DetailRow>
        {record.kind === 'viewer' && (
          <DetailRow label="Playback policy">
            {record.policyName ?? record.policyId ?? 'Deleted'}
          </DetailRow>
        )}
        {record.batchId && (
          <DetailRow label="Batch">
            <Link component={RouterLink} to={`/tokens?batch=${record.batchId}`}>
              Created in bulk: all tokens of this batch
            </Link>
          </DetailRow>
        )}
        <DetailRow label="Created">
          <DateDetail value={record.createdAt} />
        </DetailRow>
        <DetailRow label="Kind">{describeKind(record)}</DetailRow>
        <DetailRow label="Record ID">
          <WholeId value={record.id} label="record ID" monospaced />
        </DetailRow>
        <DetailRow label="JTI">
          {record.jti ? (
            <WholeId value={record.jti} label="JTI" monospaced />
          ) : (
            'Not known: the token service’s answer never arrived'
          )}
        </DetailRow>
      </Section>

      <Section title="Claims" list={false}>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {record.jti
            ? 'The decoded claims of the token as it was minted. The token itself is shown only once, when it is created.'
            : 'None known: they come with the token service’s answer. Target, validity and restrictions above are what was asked for.'}
        </Typography>
        <JsonBlock value={record.claims} label="Decoded claims" />
      </Section>
    </Stack>
  );
}

function Section({
  title,
  children,
  list = true,
}: {
  title: string;
  children: ReactNode;
  /** Whether the children are label/value rows. */
  list?: boolean;
}) {
  return (
    <Box component="section">
      <Typography variant="h3" component="h3" sx={{ mb: 1 }}>
        {title}
      </Typography>
      {!list ? children : <DetailGrid>{children}</DetailGrid>}
    </Box>
  );
}
