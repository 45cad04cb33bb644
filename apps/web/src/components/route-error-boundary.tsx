import ErrorOutlineIcon from '@mui/icons-material/ErrorOutline';
import { Box, Button, Paper } from '@mui/material';
import { Component, type ReactNode } from 'react';
import { RouterLink, useLocation } from '@/lib/navigation.tsx';
import { EmptyState } from './empty-state.tsx';
import { describeError } from '@/lib/api-client.ts';

interface BoundaryProps {
  children: ReactNode;
  /** The error is forgotten when this changes (another page was opened). */
  resetKey: string;
}

class ErrorBoundary extends Component<BoundaryProps, { error: unknown; failed: boolean }> {
  override state = { error: null as unknown, failed: false };

  static getDerivedStateFromError(error: unknown) {
    return { error, failed: true };
  }

  override componentDidUpdate(previous: BoundaryProps) {
    if (this.state.failed && previous.resetKey !== this.props.resetKey) {
      this.setState({ error: null, failed: false });
    }
  }

  override render() {
    return this.state.failed ? <RouteError error={this.state.error} /> : this.props.children;
  }
}

/**
 * What a page shows when it fails to render or its code fails to load; opening another page
 * tries again.
 */
export function RouteErrorBoundary({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return <ErrorBoundary resetKey={pathname}>{children}</ErrorBoundary>;
}

function RouteError({ error }: { error: unknown }) {
  // The page's code could not be fetched: offline, or a new deployment removed the chunk this
  // tab still points at.
  const chunk =
    error instanceof TypeError &&
    /dynamically imported module|Importing a module/i.test(error.message);
  const [title, description] =
    chunk && !navigator.onLine
      ? [
          'No connection',
          'This page could not be loaded: the browser is offline. Reconnect, then reload.',
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
              <Button variant="contained" onClick={() => window.location.reload()}>
                Reload
              </Button>
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
