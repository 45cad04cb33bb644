import { MutationCache, onlineManager, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError, passesByItself } from './api-client.ts';
import { noteSessionEnded, sessionQueryOptions } from './auth/session.ts';
import { noteWaiting } from './server-answers.ts';

/** What a query or mutation tells the one error path about itself (`meta`). */
export interface RequestMeta extends Record<string, unknown> {
  /**
   * The component shows this request's failure itself (a form's fields and alert, an inline
   * message): the snackbar stays quiet, so nothing is said twice. A function names the
   * failures it shows; the snackbar has the others.
   */
  showsOwnError?: boolean | ((error: unknown) => boolean);
}

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: RequestMeta;
    mutationMeta: RequestMeta;
  }
}

type ErrorSink = (error: unknown) => void;
const sinks = new WeakMap<QueryClient, ErrorSink>();

/** Where failures nobody shows end up: the notifier's snackbar registers itself here. */
export function reportRequestErrorsTo(client: QueryClient, sink: ErrorSink): () => void {
  sinks.set(client, sink);
  return () => {
    if (sinks.get(client) === sink) sinks.delete(client);
  };
}

/** 401s that refuse what was typed (confirming it's you), not the session. */
const WRONG_CREDENTIALS = new Set(['invalid-credentials', 'invalid-code']);

const sessionEnded = (error: unknown): error is ApiError =>
  error instanceof ApiError && error.status === 401 && !WRONG_CREDENTIALS.has(error.code);

/**
 * Clients whose snackbar has said the server cannot be reached (or its database is restarting),
 * until it answers again.
 */
const outages = new WeakSet<QueryClient>();

/**
 * The one path for failed requests: a 401 means the session ended (expired, signed out
 * elsewhere), so the session is forgotten and the route guard sends the user to sign in and back
 * afterwards; any other failure goes to the snackbar unless its component shows it.
 *
 * That the server cannot be reached, or that its database is restarting, is said once per outage
 * for queries: a page that refreshes by itself (the event overview every 10 s) would bring the
 * message back at each attempt, also after the user closed it. What the user does (a mutation) is always answered.
 */
function requestFailed(
  client: QueryClient,
  error: unknown,
  meta: RequestMeta | undefined,
  kind: 'query' | 'mutation',
) {
  noteWaiting(error);
  if (sessionEnded(error)) {
    if (client.getQueryData(sessionQueryOptions().queryKey)) noteSessionEnded(error.message);
    client.setQueryData(sessionQueryOptions().queryKey, null);
    return;
  }
  const shown = meta?.showsOwnError;
  if (shown === true || (typeof shown === 'function' && shown(error))) return;
  if (passesByItself(error)) {
    const said = outages.has(client);
    outages.add(client);
    if (said && kind === 'query') return;
  }
  sinks.get(client)?.(error);
}

/** The server answered: the next time it cannot be reached is a new outage. */
const serverAnswered = (client: QueryClient) => outages.delete(client);

export function createQueryClient() {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => requestFailed(client, error, query.meta, 'query'),
      onSuccess: () => serverAnswered(client),
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _result, mutation) =>
        requestFailed(client, error, mutation.meta, 'mutation'),
      onSuccess: () => serverAnswered(client),
    }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // A 4xx will not get better by asking again, nor anything while the browser is offline.
        retry: (count, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) &&
          count < 2 &&
          onlineManager.isOnline(),
        refetchOnWindowFocus: true,
        // Not paused while the browser says it is offline: a page kept what it showed without a
        // word (a changed filter over the old rows). Failing says the server cannot be reached;
        // lib/reconnect.ts loads it again once the server answers.
        networkMode: 'always',
      },
      // Sent even when the browser says it is offline: a paused one would leave its button
      // spinning without a word until the connection returns, then act unasked. Failing at once
      // says the server cannot be reached and keeps the form; its idempotency key makes the
      // retry safe.
      mutations: { retry: false, networkMode: 'always' },
    },
  });
  return client;
}
