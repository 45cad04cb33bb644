import ErrorOutlineIcon from '@mui/icons-material/ErrorOutline';
import { Box, Button, Paper, Typography } from '@mui/material';
import { Component, type ReactNode } from 'react';
import { retryFailedLoads } from '@/lib/lazy-retrying.tsx';
import { isNotLoaded, whyNotLoaded, type NotLoadedCause } from '@/lib/why-not-loaded.ts';

/** A part whose code could not be fetched: why (once the server was asked), and a new try. */
export interface LoadFailure {
  cause: NotLoadedCause | null;
  retry: () => void;
}

interface Props {
  children: ReactNode;
  /** What stands in the part's place while its code cannot be fetched. */
  fallback: (failure: LoadFailure) => ReactNode;
  /** The part is loaded again when this changes (a menu opened again, a new request). */
  resetKey?: unknown;
}

interface State {
  error: unknown;
  cause: NotLoadedCause | null;
}

/**
 * Around a part of a page loaded apart from it (a menu, a dialog): when its code cannot be
 * fetched, the part says so in place (`fallback`) and the page behind keeps its state, instead
 * of the route's error view taking the whole screen. Any other error goes on to the route's
 * boundary. Back online, the part loads by itself.
 */
export class LoadFailureBoundary extends Component<Props, State> {
  override state: State = { error: null, cause: null };
  /** Counts the questions to the server: the answer to an earlier one is not acted on. */
  private asked = 0;

  constructor(props: Props) {
    super(props);
    // Opened anew (the next request asking to confirm): code that failed before is fetched
    // anew, not the old failure shown again.
    retryFailedLoads();
  }

  static getDerivedStateFromError(error: unknown) {
    return { error, cause: null };
  }

  /** Renders the part again, fetching anew the code that could not be fetched. */
  private readonly retry = () => {
    this.asked += 1;
    retryFailedLoads();
    this.setState({ error: null, cause: null });
  };

  private readonly online = () => {
    if (this.state.error !== null) this.retry();
  };

  override componentDidCatch(error: unknown) {
    if (!isNotLoaded(error)) return;
    const question = ++this.asked;
    void whyNotLoaded(error).then((cause) => {
      if (question === this.asked && this.state.error !== null) this.setState({ cause });
    });
  }

  override componentDidMount() {
    window.addEventListener('online', this.online);
  }

  override componentWillUnmount() {
    window.removeEventListener('online', this.online);
    this.asked += 1;
  }

  override componentDidUpdate(previous: Props) {
    if (this.state.error !== null && !Object.is(previous.resetKey, this.props.resetKey)) {
      this.retry();
    }
  }

  override render() {
    const { error, cause } = this.state;
    if (error === null) return this.props.children;
    // Not a load failure: the route's error boundary says what went wrong.
    if (!isNotLoaded(error)) throw error;
    return this.props.fallback({ cause, retry: this.retry });
  }
}

/** Why `what` could not be loaded, and whether a reload (rather than a new try) is the way on. */
export function describeLoadFailure(what: string, cause: NotLoadedCause | null) {
  switch (cause ?? (navigator.onLine ? 'passing' : 'offline')) {
    case 'offline':
      return {
        message: `${what} could not be loaded: the browser is offline. Try again once the connection is back.`,
        reload: false,
      };
    case 'unreachable':
      return {
        message: `${what} could not be loaded: the dashboard server does not answer. Try again in a moment.`,
        reload: false,
      };
    case 'updated':
      return {
        message: `${what} could not be loaded: the dashboard was updated. Reload the page to get the new version (what you entered on this page is lost).`,
        reload: true,
      };
    default:
      return {
        message: `${what} could not be loaded. Try again; if it keeps happening, reload the page.`,
        reload: false,
      };
  }
}

interface NoteProps {
  /** What could not be loaded, as the start of a sentence: "The account menu". */
  what: string;
  failure: LoadFailure;
  /** The way out without it: closes the menu, cancels the action. */
  onClose: () => void;
  closeLabel: string;
}

/**
 * A part that could not be loaded says so where it would have opened, over the page (below the
 * top bar, at its end), with Try again (or Reload after an update) and a way out; Escape too.
 */
export function LoadFailureNote({ what, failure, onClose, closeLabel }: NoteProps) {
  const { message, reload } = describeLoadFailure(what, failure.cause);
  return (
    <Paper
      role="alert"
      elevation={8}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
      sx={{
        position: 'fixed',
        top: { xs: 60, sm: 68 },
        right: 8,
        zIndex: 'modal',
        width: 'min(360px, calc(100vw - 16px))',
        p: 2,
        display: 'flex',
        gap: 1.5,
      }}
    >
      <ErrorOutlineIcon color="error" aria-hidden sx={{ mt: 0.25 }} />
      <Box sx={{ minWidth: 0 }}>
        <Typography variant="body2">{message}</Typography>
        <Box sx={{ display: 'flex', gap: 1, mt: 1.5, flexWrap: 'wrap' }}>
          {reload ? (
            <Button
              variant="contained"
              size="small"
              autoFocus
              onClick={() => window.location.reload()}
            >
              Reload
            </Button>
          ) : (
            // Focus moves here: the note stands in for what the click opened.
            <Button variant="contained" size="small" autoFocus onClick={failure.retry}>
              Try again
            </Button>
          )}
          <Button size="small" onClick={onClose}>
            {closeLabel}
          </Button>
        </Box>
      </Box>
    </Paper>
  );
}
