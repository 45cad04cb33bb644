import DevicesIcon from '@mui/icons-material/Devices';
import KeyIcon from '@mui/icons-material/Key';
import LogoutIcon from '@mui/icons-material/Logout';
import PhonelinkLockIcon from '@mui/icons-material/PhonelinkLock';
import {
  Avatar,
  Box,
  Button,
  Chip,
  Divider,
  ListItemIcon,
  Menu,
  MenuItem,
  Typography,
} from '@mui/material';
import { foreignLabel, withoutControlCharacters } from '@ptd/contracts';
import { EmailAddress } from '@/components/email-address.tsx';
import { ForeignText } from '@/components/foreign-text.tsx';
import { useMenu } from '@/components/use-menu.ts';
import { RouterLink } from '@/lib/navigation.tsx';
import { useTableTimeZone } from '@/lib/table-time-zone.ts';
import type { SignedInUser } from './nav-types.ts';
import { tableTimeMenuItems } from './table-time-menu-items.tsx';

/**
 * The first letter or digit of the name's first two words: not a direction override, a
 * zero-width character or a combining mark it may start with (a name a provider sent).
 */
const initials = (name: string) =>
  withoutControlCharacters(name)
    .split(/\s+/)
    .map((part) => /[\p{L}\p{N}]/u.exec(part)?.[0]?.toUpperCase())
    .filter(Boolean)
    .slice(0, 2)
    .join('') || '?';

interface AccountMenuProps {
  user: SignedInUser;
  organisationName: string;
  onSignOut: () => void;
  signingOut: boolean;
}

/**
 * Who is signed in (name and role), where else they are signed in, their password and
 * two-factor sign-in, and the way out.
 */
export function AccountMenu({ user, organisationName, onSignOut, signingOut }: AccountMenuProps) {
  const { button, menu, close } = useMenu();
  const [timeZone, chooseTimeZone] = useTableTimeZone();
  return (
    <>
      <Button
        color="inherit"
        aria-label={`Account: ${foreignLabel(user.displayName)}, ${user.roleLabel}`}
        {...button}
        sx={{ gap: 1, px: { xs: 0.5, sm: 1 }, minWidth: 0 }}
      >
        {/*
          Decorative, and drawn from an attribute: as text, the initials would be visible words
          missing from the button's accessible name (WCAG 2.5.3, label in name).
        */}
        <Avatar
          aria-hidden
          sx={{ width: 32, height: 32, fontSize: '0.875rem', bgcolor: 'primary.main' }}
        >
          <Box
            component="span"
            data-initials={initials(user.displayName)}
            sx={{ '&::before': { content: 'attr(data-initials)' } }}
          />
        </Avatar>
        <Box component="span" sx={{ display: { xs: 'none', sm: 'inline' }, maxWidth: 180 }}>
          <Typography component="span" noWrap sx={{ display: 'block', fontWeight: 500 }}>
            <ForeignText value={user.displayName} />
          </Typography>
        </Box>{' '}
        <Chip
          label={user.roleLabel}
          size="small"
          color="primary"
          variant="outlined"
          sx={{ display: { xs: 'none', sm: 'inline-flex' } }}
        />
      </Button>
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
        <MenuItem component={RouterLink} to="/account/sessions" onClick={close}>
          <ListItemIcon>
            <DevicesIcon fontSize="small" />
          </ListItemIcon>
          Your sessions
        </MenuItem>
        {/* The identity provider keeps the password and two-factor of a single sign-on account. */}
        {!user.singleSignOn && [
          <MenuItem key="password" component={RouterLink} to="/account/password" onClick={close}>
            <ListItemIcon>
              <KeyIcon fontSize="small" />
            </ListItemIcon>
            Change password
          </MenuItem>,
          <MenuItem
            key="two-factor"
            component={RouterLink}
            to="/account/two-factor"
            onClick={close}
          >
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
    </>
  );
}
