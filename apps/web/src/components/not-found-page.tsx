import SearchOffIcon from '@mui/icons-material/SearchOff';
import { Button, Paper } from '@mui/material';
import { RouterLink, useLocation } from '@/lib/navigation.tsx';
import { EmptyState } from './empty-state.tsx';

interface WayBack {
  to: string;
  label: string;
  /** Added to the description: where the section's pages are. */
  hint?: string;
}

/** The section an unknown address most likely meant, by its first path segment. */
const sections: Record<string, WayBack> = {
  streams: { to: '/streams', label: 'Go to streams' },
  tokens: { to: '/tokens', label: 'Go to Playback tokens' },
  policies: { to: '/policies', label: 'Go to Playback policies' },
  inspector: { to: '/inspector', label: 'Go to the token inspector' },
  staff: { to: '/staff', label: 'Go to Staff' },
  audit: { to: '/audit', label: 'Go to the audit log' },
  account: {
    to: '/account/sessions',
    label: 'Go to your sessions',
    hint: 'Your account’s pages are in the account menu at the top right.',
  },
};

const home: WayBack = { to: '/', label: 'Go to the event overview' };

interface NotFoundPageProps {
  /** What was not found; a page by default. */
  title?: string;
  description?: string;
}

/**
 * Any address the dashboard does not know, or a record that does not exist: it leads to the
 * section the address starts with, and to the event overview (the home page) otherwise.
 */
export function NotFoundPage({
  title = 'Page not found',
  description = 'There is no page at this address. It may have moved, or the link is mistyped.',
}: NotFoundPageProps) {
  const { pathname } = useLocation();
  const way = sections[pathname.split('/')[1] ?? ''] ?? home;
  return (
    <Paper variant="outlined">
      <EmptyState
        icon={<SearchOffIcon />}
        title={title}
        titleComponent="h1"
        description={way.hint ? `${description} ${way.hint}` : description}
        action={
          <Button variant="contained" component={RouterLink} to={way.to}>
            {way.label}
          </Button>
        }
      />
    </Paper>
  );
}
