import PersonAddIcon from '@mui/icons-material/PersonAdd';
import { Alert, Box, Button, Stack, Typography, useMediaQuery, type Theme } from '@mui/material';
import type { PasswordResetLink, Role, Staff } from '@ptd/contracts';
import { useState } from 'react';
import { foreignLabel } from '@ptd/contracts';
import { ListPanel } from '@/components/list-page/list-panel.tsx';
import { PageHeader } from '@/components/page-header.tsx';
import { useNotifier } from '@/components/notifier.tsx';
import { ROLE_LABELS } from '@/lib/auth/roles.ts';
import { useSession } from '@/lib/auth/session.ts';
import { useStaffList } from '../api/list-staff.ts';
import { useIssueResetLink, useResetTwoFactor } from '../api/staff-credentials.ts';
import { useUpdateStaff } from '../api/update-staff.ts';
import { AddStaffDialog } from './add-staff-dialog.tsx';
import { ResetLinkDialog } from './reset-link-dialog.tsx';
import { ResetTwoFactorDialog } from './reset-two-factor-dialog.tsx';
import { StaffAccessDialog } from './staff-access-dialog.tsx';
import { StaffList } from './staff-list.tsx';
import { StaffSessionsDialog } from './staff-sessions-dialog.tsx';

/**
 * Staff accounts: who may sign in to the dashboard, and with which role. Admins only (the
 * router's guard keeps everyone else out).
 */
export function StaffPage() {
  const session = useSession().data;
  const staff = useStaffList();
  const update = useUpdateStaff();
  const { notify } = useNotifier();
  const compact = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'));
  const [adding, setAdding] = useState(false);
  const [confirming, setConfirming] = useState<Staff | null>(null);
  const [showingSessions, setShowingSessions] = useState<Staff | null>(null);
  const issueLink = useIssueResetLink();
  const resetTwoFactor = useResetTwoFactor();
  const [link, setLink] = useState<{ member: Staff; issued: PasswordResetLink } | null>(null);
  const [resettingTwoFactor, setResettingTwoFactor] = useState<Staff | null>(null);

  const makeLink = (member: Staff) =>
    issueLink.mutate(member.id, {
      onSuccess: (issued) => setLink({ member, issued }),
    });

  const turnOffTwoFactor = (member: Staff) =>
    resetTwoFactor.mutate(member.id, {
      onSuccess: () => {
        setResettingTwoFactor(null);
        notify(
          `${foreignLabel(member.displayName)}’s two-factor sign-in is off, and they are signed out.`,
        );
      },
      // Close first, so the snackbar is not hidden behind the dialog.
      onError: () => setResettingTwoFactor(null),
    });

  const changeRole = (member: Staff, role: Role) => {
    if (role === member.role) return;
    update.mutate(
      { id: member.id, changes: { role } },
      {
        onSuccess: (updated) =>
          notify(`${foreignLabel(updated.displayName)} is now ${ROLE_LABELS[updated.role]}.`),
      },
    );
  };

  const toggleAccess = (member: Staff) =>
    update.mutate(
      { id: member.id, changes: { disabled: !member.disabled } },
      {
        onSuccess: (updated) => {
          setConfirming(null);
          notify(
            updated.disabled
              ? `${foreignLabel(updated.displayName)}’s account is disabled.`
              : `${foreignLabel(updated.displayName)}’s account is enabled.`,
          );
        },
        // Close first, so the snackbar is not hidden behind the dialog.
        onError: () => setConfirming(null),
      },
    );

  const list = (members: Staff[]) => (
    <StaffList
      staff={members}
      currentUserId={session?.user.id}
      pendingId={update.isPending ? (update.variables?.id ?? null) : null}
      compact={compact}
      onRoleChange={changeRole}
      onToggleAccess={setConfirming}
      onShowSessions={setShowingSessions}
      onResetPassword={makeLink}
      onResetTwoFactor={setResettingTwoFactor}
    />
  );

  return (
    <Stack spacing={2.5}>
      <PageHeader
        title="Staff"
        description={
          <>
            <Typography color="text.secondary">
              Who can sign in to this dashboard, and what they may do. Disabling an account or
              lowering its role signs it out everywhere at once.
            </Typography>
            {staff.data?.some((member) => member.singleSignOn) && (
              <Alert severity="info" sx={{ mt: 2 }}>
                Accounts marked <strong>Single sign-on</strong> sign in at your identity provider:
                their password and two-factor sign-in are the provider’s (TWO_FACTOR_REQUIRED does
                not cover them). Where the dashboard reads roles from the provider, their role
                follows the provider’s groups at each sign-in. Disabling one here keeps it out.
              </Alert>
            )}
          </>
        }
        actions={
          <Button variant="contained" startIcon={<PersonAddIcon />} onClick={() => setAdding(true)}>
            Add staff member
          </Button>
        }
      />

      <ListPanel
        query={staff}
        labels={{
          loading: 'Loading staff…',
          updating: 'Updating staff',
          failed: 'The staff list could not be loaded.',
        }}
        busy={update.isPending || issueLink.isPending}
      >
        {(members) =>
          members.length <= 1 ? (
            <>
              {list(members)}
              <Box sx={{ p: 3, textAlign: 'center', borderTop: 1, borderColor: 'divider' }}>
                <Typography color="text.secondary" sx={{ mb: 2 }}>
                  You are the only staff member. Add colleagues so they can create tokens with their
                  own account; every action is recorded in the audit log under their name.
                </Typography>
                <Button
                  variant="outlined"
                  startIcon={<PersonAddIcon />}
                  onClick={() => setAdding(true)}
                >
                  Add staff member
                </Button>
              </Box>
            </>
          ) : (
            list(members)
          )
        }
      </ListPanel>

      <AddStaffDialog open={adding} onClose={() => setAdding(false)} />
      <StaffAccessDialog
        member={confirming}
        pending={update.isPending}
        onConfirm={toggleAccess}
        onCancel={() => setConfirming(null)}
      />
      <StaffSessionsDialog member={showingSessions} onClose={() => setShowingSessions(null)} />
      <ResetTwoFactorDialog
        member={resettingTwoFactor}
        pending={resetTwoFactor.isPending}
        onConfirm={turnOffTwoFactor}
        onCancel={() => setResettingTwoFactor(null)}
      />
      {link && (
        <ResetLinkDialog
          member={link.member}
          issued={link.issued}
          onClose={() => {
            setLink(null);
            issueLink.reset();
          }}
        />
      )}
    </Stack>
  );
}
