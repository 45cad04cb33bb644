import { Avatar, Box, Button, Chip, Typography } from '@mui/material';
import { foreignLabel, withoutControlCharacters } from '@ptd/contracts';
import { Suspense, useState } from 'react';
import { ForeignText } from '@/components/foreign-text.tsx';
import { useIdlePreload } from '@/components/idle-warm-up.ts';
import { LoadFailureBoundary, LoadFailureNote } from '@/components/load-failure-boundary.tsx';
import { useMenu } from '@/components/use-menu.ts';
import { lazyRetrying } from '@/lib/lazy-retrying.tsx';
import { useLocation } from '@/lib/navigation.tsx';
import type { SignedInUser } from './nav-types.ts';

/**
 * Its own chunk, fetched once the page is idle (or at the first click, if sooner): it opens on
 * a click only, so no page waits for it, nor for MUI's Menu and Popover, before it renders.
 */
const AccountMenuList = lazyRetrying(() =>
  import('./account-menu-list.tsx').then((module) => module.AccountMenuList),
);

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
  // Mounted from its first opening on, so that it closes with its transition.
  const [opened, setOpened] = useState(false);
  if (menu.open && !opened) setOpened(true);
  useIdlePreload(AccountMenuList.preload);
  // On one of its pages, the button is marked as the side navigation marks its current entry.
  const onAccountPage = useLocation().pathname.toLowerCase().startsWith('/account/');
  return (
    <>
      <Button
        color="inherit"
        aria-label={`Account: ${foreignLabel(user.displayName)}, ${user.roleLabel}`}
        {...button}
        sx={{
          gap: 1,
          px: { xs: 0.5, sm: 1 },
          minWidth: 0,
          bgcolor: onAccountPage ? 'action.selected' : undefined,
        }}
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
      {opened && (
        // Its code not fetched (offline before the idle preload, a deployment that removed it):
        // the menu says so where it opens, the page stays; opening it again tries again.
        <LoadFailureBoundary
          resetKey={menu.open}
          fallback={(failure) =>
            menu.open && (
              <LoadFailureNote
                what="The account menu"
                failure={failure}
                onClose={close}
                closeLabel="Close"
              />
            )
          }
        >
          <Suspense fallback={null}>
            <AccountMenuList
              menu={menu}
              close={close}
              user={user}
              organisationName={organisationName}
              onSignOut={onSignOut}
              signingOut={signingOut}
            />
          </Suspense>
        </LoadFailureBoundary>
      )}
    </>
  );
}
