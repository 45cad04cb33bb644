import { Alert, Box, Button, Link, Stack, Typography } from '@mui/material';
import type { TokenRecord } from '@ptd/contracts';
import type { ReactNode } from 'react';
import { RouterLink } from '@/lib/navigation.tsx';
import { monospace } from '@/lib/theme.ts';
import { GroupDetail, WholeId } from './token-detail-ids.tsx';
import { DateDetail, dash, describeKind } from './token-display.tsx';
import { TokenStatusChip } from './token-status-chip.tsx';
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
          {describeKind(record)} token
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
        <Row label="Applies to">
          {target.type === 'streams' ? (
            <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
              {target.streams.map((name) => (
                <li key={name}>
                  <Box component="span" sx={{ fontFamily: monospace }}>
                    {name}
                  </Box>
                </li>
              ))}
            </Box>
          ) : target.type === 'group' ? (
            <GroupDetail groupId={target.groupId} />
          ) : (
            'Entire organisation (every stream)'
          )}
        </Row>
      </Section>

      <Section title="Validity">
        <Row label="Valid from">
          <DateDetail value={record.notBefore} />
        </Row>
        <Row label="Expires">
          <DateDetail value={record.expiresAt} />
        </Row>
        <Row label="Issued">
          <DateDetail value={record.issuedAt} />
        </Row>
        {record.revokedAt && (
          <Row label="Revoked">
            <DateDetail value={record.revokedAt} />
            {record.revokedBy && `by ${record.revokedBy.displayName}`}
          </Row>
        )}
      </Section>

      <Section title="Restrictions">
        <Row label="Client IP">{dash(record.ip)}</Row>
        <Row label="Domain">{dash(record.domain)}</Row>
        <Row label="User ID">
          {record.user ? <WholeId value={record.user} label="user ID" /> : dash(null)}
        </Row>
        <Row label="Tag">{dash(record.tag)}</Row>
        <Row label="Revocable">{record.revocable ? 'Yes' : 'No'}</Row>
        <Row label="Force disconnect">
          {record.forceDisconnect ? 'Yes, viewers are cut off at expiry' : 'No'}
        </Row>
      </Section>

      <Section title="Ledger">
        <Row label="Created by">
          {record.createdBy
            ? `${record.createdBy.displayName} (${record.createdBy.email})`
            : record.kind === 'viewer'
              ? 'A viewer’s page, through the public token endpoint'
              : 'Unknown'}
        </Row>
        {record.kind === 'viewer' && (
          <Row label="Playback policy">{record.policyName ?? record.policyId ?? 'Deleted'}</Row>
        )}
        {record.batchId && (
          <Row label="Batch">
            <Link component={RouterLink} to={`/tokens?batch=${record.batchId}`}>
              Created in bulk: all tokens of this batch
            </Link>
          </Row>
        )}
        <Row label="Created">
          <DateDetail value={record.createdAt} />
        </Row>
        <Row label="Kind">{describeKind(record)}</Row>
        <Row label="Record ID">
          <WholeId value={record.id} label="record ID" monospaced />
        </Row>
        <Row label="JTI">
          {record.jti ? (
            <WholeId value={record.jti} label="JTI" monospaced />
          ) : (
            'Not known: the token service’s answer never arrived'
          )}
        </Row>
      </Section>

      <Section title="Claims" list={false}>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {record.jti
            ? 'The decoded claims of the token as it was minted. The token itself is shown only once, when it is created.'
            : 'None known: they come with the token service’s answer. Target, validity and restrictions above are what was asked for.'}
        </Typography>
        <Box
          component="pre"
          aria-label="Decoded claims"
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
          {JSON.stringify(record.claims, null, 2)}
        </Box>
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
      {!list ? (
        children
      ) : (
        <Box
          component="dl"
          sx={{
            display: 'grid',
            gridTemplateColumns: { xs: '1fr', sm: '140px minmax(0, 1fr)' },
            columnGap: 2,
            rowGap: { xs: 0.25, sm: 1 },
            m: 0,
          }}
        >
          {children}
        </Box>
      )}
    </Box>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <Typography
        component="dt"
        variant="body2"
        color="text.secondary"
        sx={{ mt: { xs: 1, sm: 0 } }}
      >
        {label}
      </Typography>
      <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: 'anywhere' }}>
        {children}
      </Typography>
    </>
  );
}
