import KeyIcon from '@mui/icons-material/Key';
import MoreVertIcon from '@mui/icons-material/MoreVert';
import PhonelinkEraseIcon from '@mui/icons-material/PhonelinkErase';
import { IconButton, ListItemIcon, Menu, MenuItem, Tooltip } from '@mui/material';
import type { Staff } from '@ptd/contracts';
import { foreignLabel } from '@ptd/contracts';
import { useMenu } from '@/components/use-menu.ts';

interface Props {
  member: Staff;
  onResetPassword: (member: Staff) => void;
  onResetTwoFactor: (member: Staff) => void;
}

/** The rarer ways to help a staff member back in: a set-password link, two-factor off. */
export function StaffMoreMenu({ member, onResetPassword, onResetTwoFactor }: Props) {
  const { button, menu, close } = useMenu();
  const label = `More actions for ${foreignLabel(member.displayName)}`;
  const pick = (action: (m: Staff) => void) => () => {
    close();
    action(member);
  };
  return (
    <>
      <Tooltip title={label}>
        <IconButton size="small" aria-label={label} {...button}>
          <MoreVertIcon fontSize="small" />
        </IconButton>
      </Tooltip>
      <Menu
        {...menu}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
      >
        <MenuItem disabled={member.disabled} onClick={pick(onResetPassword)}>
          <ListItemIcon>
            <KeyIcon fontSize="small" />
          </ListItemIcon>
          Make a set-password link
        </MenuItem>
        <MenuItem disabled={!member.twoFactor} onClick={pick(onResetTwoFactor)}>
          <ListItemIcon>
            <PhonelinkEraseIcon fontSize="small" />
          </ListItemIcon>
          Turn off two-factor sign-in
        </MenuItem>
      </Menu>
    </>
  );
}
