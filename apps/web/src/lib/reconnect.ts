import type { QueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  answersAgain,
  api,
  outageOf,
  passesByItself,
  worseOutage,
  type Outage,
} from './api-client.ts';
import { noteAnswersAgain, onAskNow } from './server-answers.ts';
import { PROBE_MS } from './why-not-loaded.ts';

export { PROBE_MS };

/**
 * After a request got no answer at all (the browser offline, the server restarting), or the
 * server said its database is restarting, asks the
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
  /**
   * What failed during this outage, worst so far: the server itself, only its database, or it
   * was busy (the least, so also what is kept between outages).
   */
  let outage: Outage = 'busy';
  const stopProbing = () => {
    clearInterval(probing);
    probing = undefined;
    window.removeEventListener('online', probe);
  };
  function answered() {
    if (probing === undefined) return;
    stopProbing();
    notify(answersAgain(outage), 'success');
    outage = 'busy';
    noteAnswersAgain();
    void client.invalidateQueries({ predicate: (query) => query.state.status === 'error' });
  }
  // Any answer of the dashboard server will do (a 401 too: the next request sends the user to
  // sign in); the client tells it from a reverse proxy's page for a server that is not there.
  function probe() {
    api('/session', { schema: z.unknown() }).then(answered, (error: unknown) => {
      if (!passesByItself(error)) answered();
      else outage = worseOutage(outage, outageOf(error)) ?? outage;
    });
  }
  const failed = (error: unknown) => {
    if (!passesByItself(error)) return;
    outage = worseOutage(outage, outageOf(error)) ?? outage;
    if (probing !== undefined) return;
    probing = setInterval(probe, PROBE_MS);
    window.addEventListener('online', probe);
  };
  const stopQueries = client.getQueryCache().subscribe((event) => {
    if (event.type === 'updated' && event.action.type === 'error') failed(event.action.error);
  });
  const stopMutations = client.getMutationCache().subscribe((event) => {
    if (event.type === 'updated' && event.action.type === 'error') failed(event.action.error);
  });
  // A page whose code could not be fetched found the server answering first: ask now, not at
  // the next turn, so that the snackbar does not say for seconds more that it cannot be reached.
  const stopAsking = onAskNow(() => {
    if (probing !== undefined) probe();
  });
  return () => {
    stopQueries();
    stopMutations();
    stopAsking();
    stopProbing();
  };
}
