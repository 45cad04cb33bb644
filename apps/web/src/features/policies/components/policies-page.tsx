import AddIcon from '@mui/icons-material/Add';
import PolicyOutlinedIcon from '@mui/icons-material/PolicyOutlined';
import { Button, Paper, Stack } from '@mui/material';
import { DEFAULT_PLAYER_CONFIG, foreignLabel, type PlaybackPolicy } from '@ptd/contracts';
import { useState } from 'react';
import { LoadError } from '@/components/load-error.tsx';
import { EmptyState } from '@/components/empty-state.tsx';
import { LoadingState } from '@/components/loading-state.tsx';
import { useNotifier } from '@/components/notifier.tsx';
import { PageHeader } from '@/components/page-header.tsx';
import { useSession } from '@/lib/auth/session.ts';
import { useCan } from '@/lib/auth/use-can.ts';
import { usePolicies } from '../api/list-policies.ts';
import { useSetPolicyEnabled } from '../api/set-policy-enabled.ts';
import { PolicyCard } from './policy-card.tsx';
import { PolicyDialog } from './policy-dialog.tsx';

/**
 * Playback policies: set once, they let the dashboard issue every viewer of a customer's page a
 * short-lived token bound to that viewer. Everyone reads; editors and admins change them.
 */
export function PoliciesPage() {
  const session = useSession().data;
  const policies = usePolicies();
  const toggle = useSetPolicyEnabled();
  const { notify } = useNotifier();
  const [editing, setEditing] = useState<PlaybackPolicy | null>(null);
  const [open, setOpen] = useState(false);

  const canManage = useCan()('managePolicies');
  const startCreate = () => {
    setEditing(null);
    setOpen(true);
  };
  const startEdit = (policy: PlaybackPolicy) => {
    setEditing(policy);
    setOpen(true);
  };
  const onToggle = (policy: PlaybackPolicy) =>
    toggle.mutate(
      { id: policy.id, enabled: !policy.enabled },
      {
        onSuccess: (updated) =>
          notify(
            updated.enabled
              ? `“${foreignLabel(updated.name)}” is enabled: viewers can get tokens again.`
              : `“${foreignLabel(updated.name)}” is disabled: no viewer gets a new token from it.`,
          ),
      },
    );

  const createButton = canManage && (
    <Button variant="contained" startIcon={<AddIcon />} onClick={startCreate}>
      New policy
    </Button>
  );

  return (
    <Stack spacing={2.5}>
      <PageHeader
        title="Playback policies"
        description="Set once, a policy lets your web pages get each viewer a short-lived token bound to that viewer’s IP address, your site and (if you want) the signed-in user."
        actions={createButton}
      />
      {policies.isPending ? (
        <LoadingState label="Loading playback policies…" />
      ) : policies.isError ? (
        <LoadError onRetry={() => policies.refetch()}>
          The playback policies could not be loaded.
        </LoadError>
      ) : policies.data.length === 0 ? (
        <Paper variant="outlined">
          <EmptyState
            icon={<PolicyOutlinedIcon />}
            title="No playback policies yet"
            description={
              canManage
                ? 'Create one for each site that plays your streams: pick the stream group, the site’s host name and how long viewers’ tokens last.'
                : 'Ask an editor or admin to create a policy for the site that plays your streams.'
            }
            action={createButton}
          />
        </Paper>
      ) : (
        <Stack component="ul" aria-label="Playback policies" spacing={2} sx={{ p: 0, m: 0 }}>
          {policies.data.map((policy) => (
            <PolicyCard
              key={policy.id}
              policy={policy}
              player={session?.player ?? DEFAULT_PLAYER_CONFIG}
              origin={window.location.origin}
              canManage={canManage}
              pending={toggle.isPending && toggle.variables?.id === policy.id}
              onEdit={startEdit}
              onToggle={onToggle}
            />
          ))}
        </Stack>
      )}
      <PolicyDialog open={open} policy={editing} onClose={() => setOpen(false)} />
    </Stack>
  );
}
