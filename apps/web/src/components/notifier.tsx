import { Alert, Portal, Snackbar } from '@mui/material';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

type Severity = 'success' | 'error' | 'info' | 'warning';
interface Notice {
  id: number;
  message: string;
  severity: Severity;
}
interface Notifier {
  notify: (message: string, severity?: Severity) => void;
  /** Shows a request error: the dashboard's message. */
  notifyError: (error: unknown) => void;
}

const NotifierContext = createContext<Notifier | null>(null);

/**
 * The dashboard's own message only. The BFF words every upstream failure itself (status and
 * nanoStream's code); upstream text is never shown, as it may echo a credential.
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

/** The one snackbar for request errors and confirmations. */
export function NotifierProvider({ children }: { children: ReactNode }) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const notify = useCallback((message: string, severity: Severity = 'success') => {
    setNotice({ id: Date.now(), message, severity });
  }, []);
  const value = useMemo<Notifier>(
    () => ({ notify, notifyError: (error) => notify(describeError(error), 'error') }),
    [notify],
  );
  return (
    <NotifierContext.Provider value={value}>
      {children}
      {/* In a portal so that a message raised while a dialog is open is not aria-hidden. */}
      <Portal>
        <Snackbar
          key={notice?.id}
          open={notice !== null}
          autoHideDuration={notice?.severity === 'error' ? null : 5000}
          onClose={(_, reason) => reason !== 'clickaway' && setNotice(null)}
          anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
        >
          {notice ? (
            <Alert
              severity={notice.severity}
              variant="filled"
              onClose={() => setNotice(null)}
              role={notice.severity === 'error' ? 'alert' : 'status'}
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
