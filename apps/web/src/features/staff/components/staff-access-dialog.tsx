import type { Staff } from '@ptd/contracts';
import { ConfirmDialog, type ConfirmHandlers } from '@/components/confirm-dialog.tsx';
import { EmailAddress } from '@/components/email-address.tsx';
import { ForeignText } from '@/components/foreign-text.tsx';

interface Props extends ConfirmHandlers<Staff> {
  member: Staff | null;
}

/** Confirms disabling or enabling an account, with what it means for the person. */
export function StaffAccessDialog({ member, ...handlers }: Props) {
  return (
    <ConfirmDialog
      subject={member}
      {...handlers}
      content={({ displayName, email, role, disabled }) => {
        const name = <ForeignText value={displayName} />;
        const who = (
          <>
            {name} (<EmailAddress value={email} />)
          </>
        );
        return disabled
          ? {
              title: <>Enable {name}’s account?</>,
              text: (
                <>
                  {who} can sign in again with their password, as {role}.
                </>
              ),
              confirmLabel: 'Enable account',
              destructive: false,
            }
          : {
              title: <>Disable {name}’s account?</>,
              text: (
                <>
                  {who} is signed out everywhere at once and can no longer sign in. Enabling the
                  account later does not bring those sessions back. Playback tokens they created
                  stay valid until they expire.
                </>
              ),
              confirmLabel: 'Disable account',
            };
      }}
    />
  );
}
