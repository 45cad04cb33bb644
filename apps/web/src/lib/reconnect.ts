import type { QueryClient } from '@tanstack/react-query';
import type { ApiError } from './api-client.ts';

/** How often the server is asked again while it cannot be reached. */
export const PROBE_MS = 3_000;

// What api-client.ts throws when a request got no answer. Read by its code, not by importing
// the client: this module is loaded on its own (see app-shell.tsx), and an import would split
// the client out of the first chunk, adding to every page.
const unanswered = (error: unknown) => (error as Partial<ApiError> | null)?.code === 'network';

/**
 * After a request got no answer at all (the browser offline, the server restarting), asks the
 * server again every few seconds, and at once when the browser is back online. Once it answers,
 * every request that failed meanwhile is made again and the snackbar says so: a page left open
 * through an outage (an event overview on a wall, a batch being minted) catches up by itself
 * instead of keeping an error and the figures of before it. Returns the way to stop.
 */
export function watchConnection(
  client: QueryClient,
  notify: (message: string, severity: 'success') => void,
) {
  let probing: ReturnType<typeof setInterval> | undefined;
  const stopProbing = () => {
    clearInterval(probing);
    probing = undefined;
    window.removeEventListener('online', probe);
  };
  function answered() {
    if (probing === undefined) return;
    stopProbing();
    notify('Connected to the dashboard server again.', 'success');
    void client.invalidateQueries({ predicate: (query) => query.state.status === 'error' });
  }
  // Any answer will do (a 401 too: the next request sends the user to sign in).
  function probe() {
    fetch('/api/session', { credentials: 'include' }).then(answered, () => undefined);
  }
  const failed = (error: unknown) => {
    if (!unanswered(error) || probing !== undefined) return;
    probing = setInterval(probe, PROBE_MS);
    window.addEventListener('online', probe);
  };
  const stopQueries = client.getQueryCache().subscribe((event) => {
    if (event.type === 'updated' && event.action.type === 'error') failed(event.action.error);
  });
  const stopMutations = client.getMutationCache().subscribe((event) => {
    if (event.type === 'updated' && event.action.type === 'error') failed(event.action.error);
  });
  return () => {
    stopQueries();
    stopMutations();
    stopProbing();
  };
}
