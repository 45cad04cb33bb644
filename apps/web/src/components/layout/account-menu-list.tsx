import DevicesIcon from '@mui/icons-material/Devices';
import KeyIcon from '@mui/icons-material/Key';
import LogoutIcon from '@mui/icons-material/Logout';
import PhonelinkLockIcon from '@mui/icons-material/PhonelinkLock';
import { Box, Chip, Divider, ListItemIcon, Menu, MenuItem, Typography } from '@mui/material';
import { EmailAddress } from '@/components/email-address.tsx';
import { ForeignText } from '@/components/foreign-text.tsx';
import type { useMenu } from '@/components/use-menu.ts';
import { RouterLink, useLocation } from '@/lib/navigation.tsx';
import { useTableTimeZone } from '@/lib/table-time-zone.ts';
import type { SignedInUser } from './nav-types.ts';
import { tableTimeMenuItems } from './table-time-menu-items.tsx';

interface AccountMenuListProps {
  menu: ReturnType<typeof useMenu>['menu'];
  close: () => void;
  user: SignedInUser;
  organisationName: string;
  onSignOut: () => void;
  signingOut: boolean;
}

/** The account menu once opened (its own chunk: no page waits for it before it renders). */
export function AccountMenuList({
  menu,
  close,
  user,
  organisationName,
  onSignOut,
  signingOut,
}: AccountMenuListProps) {
  const [timeZone, chooseTimeZone] = useTableTimeZone();
  const { pathname } = useLocation();
  /** An account page's item: marked when it is the page shown, as the side navigation does. */
  const page = (to: string) => {
    const current = pathname.replace(/(.)\/+$/, '$1').toLowerCase() === to;
    return {
      component: RouterLink,
      to,
      onClick: close,
      selected: current,
      'aria-current': current ? ('page' as const) : undefined,
    };
  };
  return (
    <Menu
      {...menu}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
      transformOrigin={{ vertical: 'top', horizontal: 'right' }}
    >
      <Box sx={{ px: 2, py: 1, maxWidth: 300 }}>
        <Typography sx={{ fontWeight: 600 }}>
          <ForeignText value={user.displayName} />
        </Typography>
        <Typography variant="body2" color="text.secondary" noWrap>
          <EmailAddress value={user.email} />
        </Typography>
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', mt: 1 }}>
          <Chip label={user.roleLabel} size="small" color="primary" variant="outlined" />
          <Typography variant="body2" color="text.secondary" noWrap>
            <ForeignText value={organisationName} />
          </Typography>
        </Box>
      </Box>
      <Divider />
      <MenuItem {...page('/account/sessions')}>
        <ListItemIcon>
          <DevicesIcon fontSize="small" />
        </ListItemIcon>
        Your sessions
      </MenuItem>
      {/* The identity provider keeps the password and two-factor of a single sign-on account. */}
      {!user.singleSignOn && [
        <MenuItem key="password" {...page('/account/password')}>
          <ListItemIcon>
            <KeyIcon fontSize="small" />
          </ListItemIcon>
          Change password
        </MenuItem>,
        <MenuItem key="two-factor" {...page('/account/two-factor')}>
          <ListItemIcon>
            <PhonelinkLockIcon fontSize="small" />
          </ListItemIcon>
          Two-factor sign-in
        </MenuItem>,
      ]}
      {tableTimeMenuItems(timeZone, (zone) => {
        chooseTimeZone(zone);
        close();
      })}
      <Divider />
      <MenuItem
        disabled={signingOut}
        onClick={() => {
          close();
          onSignOut();
        }}
      >
        <ListItemIcon>
          <LogoutIcon fontSize="small" />
        </ListItemIcon>
        Sign out
      </MenuItem>
    </Menu>
  );
}
