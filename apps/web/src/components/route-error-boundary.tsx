import ErrorOutlineIcon from '@mui/icons-material/ErrorOutline';
import { Box, Button, Paper } from '@mui/material';
import { Component, type ReactNode } from 'react';
import { RouterLink, useLocation } from '@/lib/navigation.tsx';
import { EmptyState } from './empty-state.tsx';
import { describeError } from '@/lib/api-client.ts';
import { retryFailedLoads } from '@/lib/lazy-retrying.tsx';

interface BoundaryProps {
  children: ReactNode;
  /** The error is forgotten when this changes (another page was opened). */
  resetKey: string;
}

// The page's code could not be fetched: offline, or a new deployment removed the chunk this
// tab still points at.
const notLoaded = (error: unknown) =>
  error instanceof TypeError &&
  /dynamically imported module|Importing a module/i.test(error.message);

class ErrorBoundary extends Component<BoundaryProps, { error: unknown; failed: boolean }> {
  override state = { error: null as unknown, failed: false };

  static getDerivedStateFromError(error: unknown) {
    return { error, failed: true };
  }

  /** Renders the page again, fetching anew the code that could not be fetched. */
  private readonly retry = () => {
    retryFailedLoads();
    this.setState({ error: null, failed: false });
  };

  // Back online, a page whose code could not be fetched loads by itself.
  private readonly online = () => {
    if (this.state.failed && notLoaded(this.state.error)) this.retry();
  };

  override componentDidMount() {
    window.addEventListener('online', this.online);
  }

  override componentWillUnmount() {
    window.removeEventListener('online', this.online);
  }

  override componentDidUpdate(previous: BoundaryProps) {
    if (this.state.failed && previous.resetKey !== this.props.resetKey) this.retry();
  }

  override render() {
    return this.state.failed ? (
      <RouteError error={this.state.error} onRetry={this.retry} />
    ) : (
      this.props.children
    );
  }
}

/**
 * What a page shows when it fails to render or its code fails to load; opening another page
 * tries again, and so does the browser coming back online when the code could not be fetched.
 */
export function RouteErrorBoundary({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return <ErrorBoundary resetKey={pathname}>{children}</ErrorBoundary>;
}

function RouteError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const chunk = notLoaded(error);
  const offline = chunk && !navigator.onLine;
  const [title, description] = offline
    ? [
        'No connection',
        'This page could not be loaded: the browser is offline. It loads by itself once the connection is back.',
      ]
    : chunk
      ? ['The dashboard was updated', 'Reload to get the new version.']
      : [
          'This page could not be shown',
          `${describeError(error)} Reload to try again; if it keeps happening, tell your administrator.`,
        ];
  return (
    <Box sx={{ p: { xs: 2, sm: 3 } }}>
      <Paper variant="outlined">
        <EmptyState
          icon={<ErrorOutlineIcon />}
          title={title}
          description={description}
          action={
            <Box sx={{ display: 'flex', gap: 1, justifyContent: 'center', flexWrap: 'wrap' }}>
              {offline ? (
                <Button variant="contained" onClick={onRetry}>
                  Try again
                </Button>
              ) : (
                <Button variant="contained" onClick={() => window.location.reload()}>
                  Reload
                </Button>
              )}
              <Button component={RouterLink} to="/streams">
                Go to streams
              </Button>
            </Box>
          }
        />
      </Paper>
    </Box>
  );
}
