import ApartmentIcon from '@mui/icons-material/Apartment';
import MenuIcon from '@mui/icons-material/Menu';
import ShieldOutlinedIcon from '@mui/icons-material/ShieldOutlined';
import {
  AppBar,
  Box,
  Divider,
  Drawer,
  IconButton,
  LinearProgress,
  Toolbar,
  Typography,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useLocation } from '@/lib/navigation.tsx';
import { AccountMenu } from './account-menu.tsx';
import type { NavSection, SignedInUser } from './nav-types.ts';
import { SideNav } from './side-nav.tsx';
import { SkipLink } from './skip-link.tsx';
import { ThemeToggle } from './theme-toggle.tsx';
import { ForeignText } from '@/components/foreign-text.tsx';

const DRAWER_WIDTH = 272;
const MAIN_ID = 'main-content';

interface AppLayoutProps {
  organisationName: string;
  user: SignedInUser;
  sections: NavSection[];
  onSignOut: () => void;
  signingOut: boolean;
  /** A route is loading: a thin progress bar runs under the app bar. */
  busy?: boolean;
  children: ReactNode;
}

/** Focus the new page's heading after a navigation, so screen readers start there. */
function useFocusOnNavigate(main: RefObject<HTMLElement | null>) {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = main.current?.querySelector('h1');
    if (heading) {
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    } else {
      main.current?.focus({ preventScroll: true });
    }
    window.scrollTo({ top: 0 });
  }, [pathname, main]);
}

/**
 * The signed-in frame: app bar (organisation, user and role, theme, sign out) and the side
 * navigation — permanent from the `md` breakpoint, a drawer behind a menu button below it.
 */
export function AppLayout({
  organisationName,
  user,
  sections,
  onSignOut,
  signingOut,
  busy = false,
  children,
}: AppLayoutProps) {
  const desktop = useMediaQuery((theme: Theme) => theme.breakpoints.up('md'), { noSsr: true });
  const [mobileOpen, setMobileOpen] = useState(false);
  const main = useRef<HTMLElement | null>(null);
  useFocusOnNavigate(main);

  const nav = (
    <SideNav sections={sections} onNavigate={desktop ? undefined : () => setMobileOpen(false)} />
  );

  return (
    <Box sx={{ display: 'flex', minHeight: '100vh' }}>
      <SkipLink targetId={MAIN_ID} />
      <AppBar position="fixed" sx={{ zIndex: (theme) => theme.zIndex.drawer + 1 }}>
        <Toolbar sx={{ gap: { xs: 0.5, sm: 1.5 } }}>
          {!desktop && (
            <IconButton
              edge="start"
              color="inherit"
              aria-label="Open navigation"
              aria-expanded={mobileOpen}
              onClick={() => setMobileOpen(true)}
            >
              <MenuIcon />
            </IconButton>
          )}
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, color: 'primary.main' }}>
            <ShieldOutlinedIcon aria-hidden />
            <Typography
              component="span"
              sx={{ fontWeight: 700, display: { xs: 'none', sm: 'inline' }, color: 'text.primary' }}
            >
              Playback Tokens
            </Typography>
          </Box>
          <Divider
            orientation="vertical"
            flexItem
            sx={{ mx: 1, my: 2, display: { xs: 'none', sm: 'block' } }}
          />
          <Box
            sx={{ display: 'flex', alignItems: 'center', gap: 0.75, minWidth: 0, flexGrow: 1 }}
            aria-label="Organisation"
            role="group"
          >
            <ApartmentIcon fontSize="small" sx={{ color: 'text.secondary' }} aria-hidden />
            <Typography noWrap sx={{ fontWeight: 500 }}>
              <ForeignText value={organisationName} />
            </Typography>
          </Box>
          <ThemeToggle />
          <AccountMenu
            user={user}
            organisationName={organisationName}
            onSignOut={onSignOut}
            signingOut={signingOut}
          />
        </Toolbar>
        {busy && (
          <LinearProgress
            aria-label="Loading the page"
            sx={{ position: 'absolute', left: 0, right: 0, bottom: 0, height: 2 }}
          />
        )}
      </AppBar>

      {desktop ? (
        <Drawer
          variant="permanent"
          sx={{
            width: DRAWER_WIDTH,
            flexShrink: 0,
            '& .MuiDrawer-paper': { width: DRAWER_WIDTH, boxSizing: 'border-box' },
          }}
        >
          <Toolbar />
          {nav}
        </Drawer>
      ) : (
        <Drawer
          variant="temporary"
          open={mobileOpen}
          onClose={() => setMobileOpen(false)}
          // Above the app bar (raised over the permanent drawer): the bar's buttons would
          // otherwise stay clickable over the open navigation and hide its heading.
          sx={{
            zIndex: (theme) => theme.zIndex.modal,
            '& .MuiDrawer-paper': { width: DRAWER_WIDTH, boxSizing: 'border-box' },
          }}
        >
          <Toolbar sx={{ gap: 1 }}>
            <ShieldOutlinedIcon color="primary" aria-hidden />
            <Typography sx={{ fontWeight: 700 }}>Playback Tokens</Typography>
          </Toolbar>
          <Divider />
          {nav}
        </Drawer>
      )}

      <Box
        component="main"
        id={MAIN_ID}
        ref={main}
        tabIndex={-1}
        sx={{
          flexGrow: 1,
          minWidth: 0,
          px: { xs: 2, sm: 3, lg: 4 },
          pb: 6,
          outline: 0,
        }}
      >
        <Toolbar />
        <Box sx={{ maxWidth: 1280, mx: 'auto', pt: { xs: 2, sm: 3 } }}>{children}</Box>
      </Box>
    </Box>
  );
}
