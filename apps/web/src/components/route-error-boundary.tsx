import ErrorOutlineIcon from '@mui/icons-material/ErrorOutline';
import { Box, Button, Paper } from '@mui/material';
import { Component, type ReactNode } from 'react';
import { RouterLink, useLocation } from '@/lib/navigation.tsx';
import { EmptyState } from './empty-state.tsx';
import { describeError } from '@/lib/api-client.ts';
import { retryFailedLoads } from '@/lib/lazy-retrying.tsx';
import { askNow, onAnswersAgain } from '@/lib/server-answers.ts';
import { isNotLoaded, PROBE_MS, whyNotLoaded, type NotLoadedCause } from '@/lib/why-not-loaded.ts';
import { LoadingState } from './loading-state.tsx';

interface BoundaryProps {
  children: ReactNode;
  /** The error is forgotten when this changes (another page was opened). */
  resetKey: string;
}

interface BoundaryState {
  error: unknown;
  failed: boolean;
  /** Why the page's code could not be fetched, once the server was asked. */
  cause: NotLoadedCause | null;
}

class ErrorBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: null, failed: false, cause: null };
  private probing: ReturnType<typeof setInterval> | undefined;
  /** Counts the questions to the server: the answer to an earlier one is not acted on. */
  private asked = 0;

  static getDerivedStateFromError(error: unknown) {
    return { error, failed: true, cause: null };
  }

  /** Renders the page again, fetching anew the code that could not be fetched. */
  private readonly retry = () => {
    this.stopProbing();
    this.asked += 1;
    retryFailedLoads();
    this.setState({ error: null, failed: false, cause: null });
  };

  // Back online, a page whose code could not be fetched loads by itself.
  private readonly online = () => {
    if (this.state.failed && isNotLoaded(this.state.error)) this.retry();
  };

  // lib/reconnect.ts found the server answering first: the page loads now, not at its next turn.
  private readonly answersAgain = () => {
    if (this.state.failed && this.state.cause === 'unreachable') this.retry();
  };
  private stopListening = () => {};

  /**
   * Asks the server why the code could not be fetched. While it cannot be reached it is asked
   * again every few seconds (as lib/reconnect.ts does), and the page loads once it answers
   * with the same version.
   */
  private ask(error: unknown) {
    const question = ++this.asked;
    void whyNotLoaded(error).then((cause) => {
      if (question !== this.asked || !this.state.failed) return;
      if (cause === 'unreachable') {
        this.probing ??= setInterval(() => this.ask(error), PROBE_MS);
      } else {
        this.stopProbing();
      }
      if (cause === 'passing' && this.state.cause === 'unreachable') {
        this.retry();
        // What else failed meanwhile is asked again now too (lib/reconnect.ts).
        askNow();
      } else this.setState({ cause });
    });
  }

  private stopProbing() {
    clearInterval(this.probing);
    this.probing = undefined;
  }

  override componentDidCatch(error: unknown) {
    if (isNotLoaded(error)) this.ask(error);
  }

  override componentDidMount() {
    window.addEventListener('online', this.online);
    this.stopListening = onAnswersAgain(this.answersAgain);
  }

  override componentWillUnmount() {
    window.removeEventListener('online', this.online);
    this.stopListening();
    this.stopProbing();
    this.asked += 1;
  }

  override componentDidUpdate(previous: BoundaryProps) {
    if (this.state.failed && previous.resetKey !== this.props.resetKey) this.retry();
  }

  override render() {
    return this.state.failed ? (
      <RouteError error={this.state.error} cause={this.state.cause} onRetry={this.retry} />
    ) : (
      this.props.children
    );
  }
}

/**
 * What a page shows when it fails to render or its code fails to load; opening another page
 * tries again, and so does the browser coming back online, or the dashboard server answering
 * again, when the code could not be fetched.
 */
export function RouteErrorBoundary({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return <ErrorBoundary resetKey={pathname}>{children}</ErrorBoundary>;
}

/** What the user is told about a page that could not be shown, and whether to reload it. */
function describeFailure(error: unknown, cause: NotLoadedCause | null) {
  if (!isNotLoaded(error)) {
    return {
      title: 'This page could not be shown',
      description: `${describeError(error)} Reload to try again; if it keeps happening, tell your administrator.`,
      reload: true,
    };
  }
  switch (cause ?? (navigator.onLine ? null : 'offline')) {
    case 'offline':
      return {
        title: 'No connection',
        description:
          'This page could not be loaded: the browser is offline. It loads by itself once the connection is back.',
        reload: false,
      };
    case 'unreachable':
      return {
        title: 'The dashboard server cannot be reached',
        description:
          'This page could not be loaded: the dashboard server does not answer. It loads by itself once the server is back.',
        reload: false,
      };
    case 'updated':
      return {
        title: 'The dashboard was updated',
        description: 'Reload to get the new version.',
        reload: true,
      };
    case 'passing':
      return {
        title: 'This page could not be loaded',
        description: 'Its code could not be fetched. Try again; if it keeps happening, reload.',
        reload: false,
      };
    default:
      return null;
  }
}

function RouteError({
  error,
  cause,
  onRetry,
}: {
  error: unknown;
  cause: NotLoadedCause | null;
  onRetry: () => void;
}) {
  const failure = describeFailure(error, cause);
  // The server is being asked why (a moment): nothing to say yet.
  if (!failure) return <LoadingState label="Loading the page…" />;
  const { title, description, reload } = failure;
  return (
    <Box sx={{ p: { xs: 2, sm: 3 } }}>
      <Paper variant="outlined">
        <EmptyState
          icon={<ErrorOutlineIcon />}
          title={title}
          description={description}
          action={
            <Box sx={{ display: 'flex', gap: 1, justifyContent: 'center', flexWrap: 'wrap' }}>
              {reload ? (
                <Button variant="contained" onClick={() => window.location.reload()}>
                  Reload
                </Button>
              ) : (
                <Button variant="contained" onClick={onRetry}>
                  Try again
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
