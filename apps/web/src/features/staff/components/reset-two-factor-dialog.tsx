import type { Staff } from '@ptd/contracts';
import { ConfirmDialog, type ConfirmHandlers } from '@/components/confirm-dialog.tsx';
import { ForeignText } from '@/components/foreign-text.tsx';

interface Props extends ConfirmHandlers<Staff> {
  member: Staff | null;
}

/** Confirms turning a staff member's two-factor sign-in off (a lost phone). */
export function ResetTwoFactorDialog({ member, ...handlers }: Props) {
  return (
    <ConfirmDialog
      subject={member}
      {...handlers}
      content={({ displayName }) => {
        const name = <ForeignText value={displayName} />;
        return {
          title: <>Turn off {name}’s two-factor sign-in?</>,
          text: (
            <>
              For a lost or replaced phone. {name} is signed out everywhere, their authenticator app
              and recovery codes stop working, and they sign in with the password alone until they
              set two-factor up again (at once, where it is required).
            </>
          ),
          confirmLabel: 'Turn off two-factor',
        };
      }}
    />
  );
}
