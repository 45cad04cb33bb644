import AddIcon from '@mui/icons-material/Add';
import BlockIcon from '@mui/icons-material/Block';
import KeyIcon from '@mui/icons-material/Key';
import { Alert, Button, Stack, useMediaQuery, type Theme } from '@mui/material';
import {
  canRevokeToken,
  type Session,
  type StaffSummary,
  type TokenListQuery,
  type TokenRecord,
  tokenFilterSchema,
  tokenListQuerySchema,
} from '@ptd/contracts';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ExportCsvButton } from '@/components/list-page/list-actions.tsx';
import { ListEmptyState } from '@/components/list-page/list-empty-state.tsx';
import { ListPanel } from '@/components/list-page/list-panel.tsx';
import { PageHeader } from '@/components/page-header.tsx';
import { useListParams } from '@/components/list-page/use-list-params.ts';
import { useNotifier } from '@/components/notifier.tsx';
import { useSession } from '@/lib/auth/session.ts';
import { useCan } from '@/lib/auth/use-can.ts';
import { usePolicies } from '@/features/policies/api/list-policies.ts';
import { useToken } from '@/features/tokens/api/get-token.ts';
import { isBadCursor, useTokenList } from '@/features/tokens/api/list-tokens.ts';
import { useRevokeToken } from '@/features/tokens/api/revoke-token.ts';
import { READ_ONLY_CREDENTIAL } from '@/lib/read-only-credential.ts';
import { navigate } from '@/lib/navigation.tsx';
import { BulkRevokeDialog } from '../bulk-revoke/bulk-revoke-dialog.tsx';
import { useCreateAccess } from '../create-access.ts';
import { CreateTokenAction } from '../create-token-action.tsx';
import { BatchFilterChip, ExactStreamChip } from './filter-chips.tsx';
import { RevokeTokenDialog } from './revoke-token-dialog.tsx';
import { TokenDetailsDrawer } from './token-details-drawer.tsx';
import { TokenFilters } from './token-filters.tsx';
import { TokensPagination } from './tokens-pagination.tsx';
import { TokensTable } from './tokens-table.tsx';

/** How the filters are labelled on the page, for naming one the address got wrong. */
const FILTER_LABELS: Record<string, string> = {
  status: 'Status',
  stream: 'Stream',
  streamMatch: 'Stream match',
  targetType: 'Target',
  tag: 'Tag',
  user: 'User ID',
  policy: 'Policy',
  createdBy: 'Created by',
  batch: 'Batch',
  expiringWithin: 'Expiring within',
};

// The open record and a followed revoke by filter sit beside the list: they keep its page.
const LIST_PARAMS = {
  schema: tokenListQuerySchema,
  filters: tokenFilterSchema,
  position: 'cursor',
  side: ['record', 'bulk'],
} as const;

/** The ledger of every playback token this dashboard created. */
export function TokensOverviewPage() {
  const session = useSession().data;
  const user = session?.user;
  const readOnly = session?.organisation.credentialRole === 'nanoReadOnly';
  const createAccess = useCreateAccess();
  const can = useCan();
  const { notify } = useNotifier();
  const params = useListParams(LIST_PARAMS);
  const {
    query: filters,
    update,
    clearFilters,
    hasFilters,
    activeFilters,
    refusedFilters,
  } = params;
  const { record: selectedId, bulk: bulkId } = params.side;
  const [bulkOpen, setBulkOpen] = useState(false);
  const { cursor: _cursor, pageSize: _pageSize, sort, order, ...filter } = filters;
  const list = useTokenList(filters);
  const policies = usePolicies();
  const compact = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'));
  const badCursor = isBadCursor(list.error);
  useEffect(() => {
    if (badCursor) update({ cursor: undefined });
  }, [badCursor, update]);

  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const selected = useToken(
    selectedId,
    items.find((item) => item.id === selectedId),
  );

  const revoke = useRevokeToken();
  const [revoking, setRevoking] = useState<TokenRecord | null>(null);

  const canRevoke = useCallback(
    (record: TokenRecord) =>
      user !== undefined &&
      !readOnly &&
      canRevokeToken(user, record) &&
      record.revocable &&
      (record.status === 'active' || record.status === 'revocation-pending'),
    [user, readOnly],
  );

  const creators = useMemo(() => {
    const seen = new Map<string, StaffSummary>();
    for (const item of items) if (item.createdBy) seen.set(item.createdBy.id, item.createdBy);
    return [...seen.values()];
  }, [items]);

  const onSort = (sort: TokenListQuery['sort']) => {
    const order =
      filters.sort === sort
        ? filters.order === 'asc'
          ? 'desc'
          : 'asc'
        : sort === 'expiresAt'
          ? 'asc'
          : 'desc';
    update({ sort, order });
  };
  const openRecord = (record: TokenRecord) => update({ record: record.id });
  const closeRecord = () => update({ record: undefined });

  const confirmRevoke = (record: TokenRecord) =>
    revoke.mutate(record.id, {
      onSuccess: () => {
        setRevoking(null);
        notify('Token revoked. Viewers using it are being disconnected.');
      },
      // Close first: the snackbar would be hidden from assistive technology behind the dialog.
      onError: () => setRevoking(null),
    });

  // Nothing listed (none at all, or none matching the filters): nothing to export or revoke.
  const listedNone =
    list.data !== undefined && list.data.items.length === 0 && !list.data.prevCursor;
  // A filter the address names but cannot be used widens the list: no export or revoke of it.
  const widened = refusedFilters.length > 0;
  const mayRevoke = can('revokeToken') && !readOnly && !listedNone && !widened;
  const mayExport = can('exportTokens') && !listedNone && !widened;
  const onSimilar =
    createAccess === 'allowed'
      ? (record: TokenRecord) => navigate(`/tokens/new?similar=${encodeURIComponent(record.id)}`)
      : undefined;

  const viewProps = {
    items,
    sort: filters.sort,
    order: filters.order,
    onSort,
    onOpen: openRecord,
    onRevoke: setRevoking,
    canRevoke,
    onSimilar,
  };

  return (
    <Stack spacing={2.5}>
      <PageHeader
        title="Playback tokens"
        description="Every secure playback token created in this dashboard. The tokens themselves are shown only once, when they are created."
        actions={
          <>
            {createAccess === 'allowed' && (
              <CreateTokenAction label="Create in bulk" to="/tokens/bulk" variant="outlined" />
            )}
            {mayExport && (
              <ExportCsvButton path="/tokens/export.csv" query={{ ...filter, sort, order }} />
            )}
            {mayRevoke && (
              <Button
                variant="outlined"
                color="error"
                startIcon={<BlockIcon />}
                onClick={() => setBulkOpen(true)}
              >
                Revoke matching…
              </Button>
            )}
            <CreateTokenAction label="Create token" to="/tokens/new" startIcon={<AddIcon />} />
          </>
        }
      />

      {readOnly && (
        <Alert severity="info" role="note" aria-label="Read-only credential">
          {READ_ONLY_CREDENTIAL}
        </Alert>
      )}

      {widened && (
        <Alert
          severity="warning"
          role="alert"
          action={
            <Button
              color="inherit"
              size="small"
              onClick={() =>
                update(Object.fromEntries(refusedFilters.map((key) => [key, undefined])) as never)
              }
            >
              Remove
            </Button>
          }
        >
          This address has a filter the dashboard cannot use (
          {refusedFilters.map((key) => FILTER_LABELS[key] ?? key).join(', ')}: too long or not a
          value it knows), so the list below is not filtered by it. Exporting and revoking by filter
          are off until it is removed or changed.
        </Alert>
      )}

      {filters.batch && (
        <BatchFilterChip
          batchId={filters.batch}
          canOpen={can('createToken')}
          onClear={() => update({ batch: undefined })}
        />
      )}

      {filters.stream && filters.streamMatch === 'exact' && (
        <ExactStreamChip
          stream={filters.stream}
          onClear={() => update({ stream: undefined, streamMatch: undefined })}
        />
      )}

      <TokenFilters
        filters={filters}
        // How the stream matches is part of the Stream filter, not one of its own.
        active={activeFilters - (filters.streamMatch ? 1 : 0)}
        policies={policies.data ?? []}
        creators={creators}
        compact={compact}
        currentUserId={session?.user.id}
        onChange={update}
        onClear={clearFilters}
      />

      <ListPanel
        query={list}
        labels={{
          loading: 'Loading tokens…',
          updating: 'Updating tokens',
          failed: 'The tokens could not be loaded.',
        }}
        isEmpty={(data) => data.items.length === 0 && !data.prevCursor}
        empty={
          <ListEmptyState
            filtered={hasFilters}
            onClear={clearFilters}
            icon={<KeyIcon />}
            none={{
              title: 'No playback tokens yet',
              description: can('createToken')
                ? 'Every secure playback token created in this dashboard is listed here with its status, target and expiry.'
                : 'Every secure playback token created in this dashboard is listed here. Ask an editor or admin to create one.',
              // What stands in the way is said once, at the top of the page.
              action: createAccess === 'allowed' && (
                <CreateTokenAction to="/tokens/new" startIcon={<AddIcon />} />
              ),
            }}
            unmatched={{
              title: 'No tokens match these filters',
              description:
                'Stream, tag, user ID and creator match any part of what you type, in any case. Try fewer letters, another status, or clear the filters.',
            }}
          />
        }
      >
        {(data) => (
          <>
            {data.streamGroupsUnavailable && (
              <Alert severity="info" sx={{ borderRadius: 0 }}>
                The stream groups could not be read from nanoStream just now: group tokens are found
                by their group ID only.
              </Alert>
            )}
            <TokensTable {...viewProps} compact={compact} />
            <TokensPagination
              list={data}
              compact={compact}
              onCursor={(cursor) => update({ cursor })}
              onPageSize={(pageSize) => update({ pageSize })}
            />
          </>
        )}
      </ListPanel>

      <TokenDetailsDrawer
        open={selectedId !== null}
        record={selected.data}
        isLoading={selected.isPending}
        error={selected.error}
        canRevoke={selected.data ? canRevoke(selected.data) : false}
        revokeHint={selected.data && session ? revokeHint(selected.data, session) : null}
        onRevoke={setRevoking}
        onSimilar={onSimilar}
        onClose={closeRecord}
      />

      <BulkRevokeDialog
        open={bulkOpen || bulkId !== null}
        filter={filter}
        jobId={bulkId}
        onStarted={(id) => update({ bulk: id })}
        onClose={() => {
          setBulkOpen(false);
          if (bulkId !== null) update({ bulk: undefined });
        }}
      />

      <RevokeTokenDialog
        record={revoking}
        pending={revoke.isPending}
        onConfirm={confirmRevoke}
        onCancel={() => setRevoking(null)}
      />
    </Stack>
  );
}

/** Statuses with nothing to revoke (yet), or whose details say why. */
const NO_REVOKE_HINT = new Set<TokenRecord['status']>([
  'revoked',
  'expired',
  'never-delivered',
  'issuing',
]);

function revokeHint(record: TokenRecord, session: Session): string | null {
  if (NO_REVOKE_HINT.has(record.status)) return null;
  if (!record.revocable) {
    return 'This token is not revocable: it stays valid until it expires. Only tokens created with "Revocable" (valid for at most 24 hours) can be revoked.';
  }
  if (record.status !== 'active' && record.status !== 'revocation-pending') return null;
  if (session.organisation.credentialRole === 'nanoReadOnly') {
    return 'Revoking is off: the dashboard’s nanoStream credential is read-only (nanoReadOnly).';
  }
  if (canRevokeToken(session.user, record)) return null;
  return session.user.role === 'editor'
    ? 'Editors can revoke the tokens they created; this one needs an admin.'
    : 'Editors can revoke the tokens they created, admins any token; your role is Viewer.';
}
