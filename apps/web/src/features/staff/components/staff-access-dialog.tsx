import type { Staff } from '@ptd/contracts';
import { ConfirmDialog, type ConfirmHandlers } from '@/components/confirm-dialog.tsx';

interface Props extends ConfirmHandlers<Staff> {
  member: Staff | null;
}

/** Confirms disabling or enabling an account, with what it means for the person. */
export function StaffAccessDialog({ member, ...handlers }: Props) {
  return (
    <ConfirmDialog
      subject={member}
      {...handlers}
      content={({ displayName, email, role, disabled }) =>
        disabled
          ? {
              title: `Enable ${displayName}’s account?`,
              text: `${displayName} (${email}) can sign in again with their password, as ${role}.`,
              confirmLabel: 'Enable account',
              destructive: false,
            }
          : {
              title: `Disable ${displayName}’s account?`,
              text: `${displayName} (${email}) is signed out everywhere at once and can no longer sign in. Enabling the account later does not bring those sessions back. Playback tokens they created stay valid until they expire.`,
              confirmLabel: 'Disable account',
            }
      }
    />
  );
}
