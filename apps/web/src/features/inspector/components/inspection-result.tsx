import { Alert, AlertTitle, Box, Card, CardContent, Link, Typography } from '@mui/material';
import type { InspectResponse, TokenRecord } from '@ptd/contracts';
import { useId, type ReactNode } from 'react';
import { DetailGrid, DetailRow } from '@/components/detail-list.tsx';
import { TokenStatusChip } from '@/components/token-status-chip.tsx';
import { RouterLink } from '@/lib/navigation.tsx';
import { formatLocal, formatUtc } from '@/lib/format.ts';
import { describeCreator } from '@/lib/describe-creator.ts';
import { ClaimsTable } from './claims-table.tsx';
import { JsonBlock } from '@/components/json-block.tsx';
import { ForeignText } from '@/components/foreign-text.tsx';
import { groupIdOf, TargetName } from '@/components/stream-group-name.tsx';
import { useStreamGroup } from '@/features/tokens/api/stream-groups.ts';

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
          It belongs to {otherOrganisation(organisation)}, not to{' '}
          <ForeignText value={organisation.name} />: it cannot play streams of{' '}
          <ForeignText value={organisation.name} />.
        </Typography>
      )}
      {verdict.errorCode !== null && <strong>Error {verdict.errorCode}: </strong>}
      {verdict.message}
    </Alert>
  );
}

/**
 * The token service's verdict, then what the ledger knows, then the decoded parts. Why a token
 * cannot be decoded is said under the Token field, not here.
 */
export function InspectionResult({ result }: { result: InspectResponse }) {
  const { record } = result;
  return (
    <Box component="section" aria-label="Inspection result" sx={{ display: 'grid', gap: 2.5 }}>
      <Verdict result={result} />

      {record ? (
        <LedgerSummary record={record} />
      ) : result.claims === null ? (
        // Nothing to look the token up by: no telling where it came from.
        <Typography color="text.secondary">
          Its claims cannot be read, so the ledger cannot be searched for it. A token cut short or
          changed when it was copied reads like this: ask for the whole token again.
        </Typography>
      ) : (
        <Typography color="text.secondary">
          This dashboard's ledger has no record of this token: it was created elsewhere (for example
          in the nanoStream dashboard or by another system).
        </Typography>
      )}

      <DecodedToken claims={result.claims} header={result.header} />
    </Box>
  );
}

function LedgerSummary({ record }: { record: TokenRecord }) {
  const group = useStreamGroup(groupIdOf(record.target)).data;
  return (
    <ResultCard title="In the ledger">
      <DetailGrid sx={{ mb: 2 }}>
        <DetailRow label="Status">
          <TokenStatusChip status={record.status} />
        </DetailRow>
        <DetailRow label="Target">
          <TargetName target={record.target} group={group} />
        </DetailRow>
        {record.tag && <DetailRow label="Tag">{record.tag}</DetailRow>}
        {record.user && <DetailRow label="User ID">{record.user}</DetailRow>}
        <DetailRow label="Created by">{describeCreator(record)}</DetailRow>
        <DetailRow label="Expires">
          {formatLocal(record.expiresAt)}{' '}
          <Typography component="span" variant="body2" color="text.secondary">
            · {formatUtc(record.expiresAt)}
          </Typography>
        </DetailRow>
      </DetailGrid>
      <Link component={RouterLink} to={`/tokens?record=${encodeURIComponent(record.id)}`}>
        Open the record in Playback tokens
      </Link>
    </ResultCard>
  );
}

/** A token's claims beside its header (below it on narrow screens). */
export function DecodedToken({
  claims,
  header,
}: {
  claims: Record<string, unknown> | null | undefined;
  header: Record<string, unknown> | null | undefined;
}) {
  return (
    <Box
      sx={{
        display: 'grid',
        gap: 2.5,
        gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 2fr) minmax(0, 1fr)' },
        alignItems: 'start',
      }}
    >
      {claims && (
        <ResultCard title="Claims">
          <ClaimsTable claims={claims} label="Claims" />
        </ResultCard>
      )}
      {header && (
        <ResultCard title="Header">
          <JsonBlock value={header} label="Header JSON" />
        </ResultCard>
      )}
    </Box>
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
