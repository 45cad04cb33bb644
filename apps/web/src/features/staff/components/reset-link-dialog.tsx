import { Typography } from '@mui/material';
import type { PasswordResetLink, Staff } from '@ptd/contracts';
import { CodeBlock } from '@/components/code-block.tsx';
import { ForeignText } from '@/components/foreign-text.tsx';
import { ShowOnceDialog } from '@/components/show-once/show-once-dialog.tsx';
import { formatShort } from '@/lib/format.ts';

interface Props {
  member: Staff;
  issued: PasswordResetLink;
  /** The admin is done: the caller drops the link now. */
  onClose: () => void;
}

/**
 * A set-password link, shown once like a new token: copy it and hand it to the staff member
 * over a channel you trust.
 */
export function ResetLinkDialog({ member, issued, onClose }: Props) {
  const name = <ForeignText value={member.displayName} />;
  return (
    <ShowOnceDialog
      title={<>Set-password link for {name}</>}
      noun="link"
      warning={
        <>
          It works once, until {formatShort(issued.expiresAt)}. Whoever opens it can set {name}’s
          password, so send it only to them, over a channel you trust.
        </>
      }
      discardText="The link cannot be shown again. You would have to make a new one."
      onClose={onClose}
    >
      {() => (
        <>
          <CodeBlock label="Set-password link" code={issued.link} copyLabel="Copy link" wrap />
          <Typography variant="body2" color="text.secondary">
            Their current password keeps working until they use the link; then every session of
            theirs ends. An earlier link for them no longer works.
          </Typography>
        </>
      )}
    </ShowOnceDialog>
  );
}
