import { Alert, AlertTitle, Box, Card, CardContent, Chip, Link, Typography } from '@mui/material';
import type { InspectResponse, TokenRecord } from '@ptd/contracts';
import { useId, type ReactNode } from 'react';
import { RouterLink } from '@/lib/navigation.tsx';
import { formatLocal, formatUtc } from '@/lib/format.ts';
import { describeTarget } from '@/lib/describe-target.ts';
import { ClaimsTable } from './claims-table.tsx';
import { JsonBlock } from './json-block.tsx';

const STATUS: Record<
  TokenRecord['status'],
  { label: string; color: 'success' | 'info' | 'default' | 'error' | 'warning' }
> = {
  active: { label: 'Active', color: 'success' },
  scheduled: { label: 'Scheduled', color: 'info' },
  expired: { label: 'Expired', color: 'default' },
  revoked: { label: 'Revoked', color: 'error' },
  'revocation-pending': { label: 'Revocation pending', color: 'warning' },
  'never-delivered': { label: 'Never delivered', color: 'warning' },
  issuing: { label: 'Being issued', color: 'info' },
};

/** "organisation b000… (streams PrtMd-…)": what the token says about its organisation. */
function otherOrganisation({ otherId, otherHash }: InspectResponse['organisation']) {
  const id = otherId ? `organisation ${otherId}` : 'another organisation';
  return otherHash ? `${id} (streams ${otherHash}-…)` : id;
}

/**
 * The token service's verdict. Its verify accepts any organisation's token, so a token of
 * another organisation is called that rather than "valid": it plays none of our streams.
 */
function Verdict({ result }: { result: InspectResponse }) {
  const { verdict, organisation } = result;
  const titleId = useId();
  const foreign = organisation.belongsTo === 'other';
  const title = foreign
    ? verdict.valid
      ? 'Valid, but for another organisation'
      : 'Invalid token of another organisation'
    : verdict.valid
      ? 'Valid token'
      : 'Invalid token';
  return (
    <Alert
      severity={verdict.valid ? (foreign ? 'warning' : 'success') : 'error'}
      role="status"
      variant="outlined"
      aria-labelledby={titleId}
    >
      <AlertTitle id={titleId}>{title}</AlertTitle>
      {foreign && (
        <Typography variant="body2" sx={{ mb: 0.5 }}>
          It belongs to {otherOrganisation(organisation)}, not to {organisation.name}: it cannot
          play streams of {organisation.name}.
        </Typography>
      )}
      {verdict.errorCode !== null && <strong>Error {verdict.errorCode}: </strong>}
      {verdict.message}
    </Alert>
  );
}

/** The token service's verdict, then what the ledger knows, then the decoded parts. */
export function InspectionResult({ result }: { result: InspectResponse }) {
  const { record } = result;
  return (
    <Box component="section" aria-label="Inspection result" sx={{ display: 'grid', gap: 2.5 }}>
      <Verdict result={result} />

      {result.decodeError && (
        <Alert severity="warning" role="status" variant="outlined">
          {result.decodeError}
        </Alert>
      )}

      {record ? (
        <LedgerSummary record={record} />
      ) : (
        <Typography color="text.secondary">
          This dashboard's ledger has no record of this token: it was created elsewhere (for example
          in the nanoStream dashboard or by another system).
        </Typography>
      )}

      <Box
        sx={{
          display: 'grid',
          gap: 2.5,
          gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 2fr) minmax(0, 1fr)' },
          alignItems: 'start',
        }}
      >
        {result.claims && (
          <ResultCard title="Claims">
            <ClaimsTable claims={result.claims} label="Claims" />
          </ResultCard>
        )}
        {result.header && (
          <ResultCard title="Header">
            <JsonBlock value={result.header} label="Header JSON" />
          </ResultCard>
        )}
      </Box>
    </Box>
  );
}

function LedgerSummary({ record }: { record: TokenRecord }) {
  const status = STATUS[record.status];
  const target = describeTarget(record.target);
  return (
    <ResultCard title="In the ledger">
      <Box
        component="dl"
        sx={{
          display: 'grid',
          gridTemplateColumns: { xs: '1fr', sm: '140px minmax(0, 1fr)' },
          columnGap: 2,
          rowGap: 0.75,
          m: 0,
          mb: 2,
        }}
      >
        <Term label="Status">
          <Chip size="small" variant="outlined" color={status.color} label={status.label} />
        </Term>
        <Term label="Target">{target}</Term>
        {record.tag && <Term label="Tag">{record.tag}</Term>}
        {record.user && <Term label="User ID">{record.user}</Term>}
        <Term label="Created by">{record.createdBy?.displayName ?? 'Unknown'}</Term>
        <Term label="Expires">
          {formatLocal(record.expiresAt)}{' '}
          <Typography component="span" variant="body2" color="text.secondary">
            · {formatUtc(record.expiresAt)}
          </Typography>
        </Term>
      </Box>
      <Link component={RouterLink} to={`/tokens?record=${encodeURIComponent(record.id)}`}>
        Open the record in Playback tokens
      </Link>
    </ResultCard>
  );
}

function Term({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <Typography component="dt" variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: 'anywhere' }}>
        {children}
      </Typography>
    </>
  );
}

export function ResultCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card component="section" aria-label={title}>
      <CardContent>
        <Typography variant="h2" component="h2" sx={{ mb: 1.5 }}>
          {title}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
}
