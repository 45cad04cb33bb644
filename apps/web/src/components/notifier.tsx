import { Alert, Box, Portal, Snackbar, useMediaQuery, type Theme } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { describeError } from '@/lib/api-client.ts';
import { reportRequestErrorsTo } from '@/lib/query-client.ts';

type Severity = 'success' | 'error' | 'info' | 'warning';
interface Notice {
  id: number;
  message: string;
  severity: Severity;
  /** Shown at the top: a full-screen dialog has its buttons where the message would be. */
  top: boolean;
}
/**
 * Confirmations. Failed requests reach the same snackbar through the query client
 * (`lib/query-client.ts`), unless their component shows them itself.
 */
interface Notifier {
  notify: (message: string, severity?: Severity) => void;
}

const NotifierContext = createContext<Notifier | null>(null);

/** How long a confirmation on a phone stays before scrolling puts it away. */
const READ_MS = 1_000;

/**
 * Whether a dialog fills the screen (a phone's): a message at the foot of the screen would cover
 * its buttons (Sign out, Save, Close) for as long as it is up.
 */
const fullScreenDialogOpen = () => document.querySelector('.MuiDialog-paperFullScreen') !== null;

/** The one snackbar for request errors and confirmations. */
export function NotifierProvider({ children }: { children: ReactNode }) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const notify = useCallback((message: string, severity: Severity = 'success') => {
    setNotice({ id: Date.now(), message, severity, top: fullScreenDialogOpen() });
  }, []);
  const client = useQueryClient();
  useEffect(
    () => reportRequestErrorsTo(client, (error) => notify(describeError(error), 'error')),
    [client, notify],
  );
  const value = useMemo<Notifier>(() => ({ notify }), [notify]);
  // On a phone a message spans the screen's width over what the person scrolls to. A
  // confirmation that has been up for a moment goes once they scroll on by hand (a touch or the
  // wheel, not a scroll of the page's own); an error stays until it is closed.
  const phone = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'), { noSsr: true });
  useEffect(() => {
    if (!phone || !notice || notice.severity === 'error') return;
    let read = false;
    const shown = setTimeout(() => (read = true), READ_MS);
    const scrolled = () => read && setNotice(null);
    window.addEventListener('touchmove', scrolled, { passive: true });
    window.addEventListener('wheel', scrolled, { passive: true });
    return () => {
      clearTimeout(shown);
      window.removeEventListener('touchmove', scrolled);
      window.removeEventListener('wheel', scrolled);
    };
  }, [phone, notice]);
  return (
    <NotifierContext.Provider value={value}>
      {children}
      {/*
       * While a message is shown, the page scrolls on past it: on a phone it spans the screen's
       * width, and would otherwise cover what ends the page (a list's paging, a form's button).
       */}
      {notice && !notice.top && <Box aria-hidden sx={{ height: { xs: 112, sm: 80 } }} />}
      {/* In a portal so that a message raised while a dialog is open is not aria-hidden. */}
      <Portal>
        <Snackbar
          key={notice?.id}
          open={notice !== null}
          autoHideDuration={notice?.severity === 'error' ? null : 5000}
          onClose={(_, reason) => reason !== 'clickaway' && setNotice(null)}
          anchorOrigin={{ vertical: notice?.top ? 'top' : 'bottom', horizontal: 'center' }}
        >
          {notice ? (
            <Alert
              severity={notice.severity}
              variant="filled"
              onClose={() => setNotice(null)}
              role={notice.severity === 'error' ? 'alert' : 'status'}
              // A long word (a name, an id) wraps instead of pushing the close button off screen.
              sx={{ overflowWrap: 'anywhere' }}
            >
              {notice.message}
            </Alert>
          ) : undefined}
        </Snackbar>
      </Portal>
    </NotifierContext.Provider>
  );
}

export function useNotifier(): Notifier {
  const value = useContext(NotifierContext);
  if (!value) throw new Error('useNotifier needs NotifierProvider');
  return value;
}
