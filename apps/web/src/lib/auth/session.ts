import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import {
  isPendingSignIn,
  sessionSchema,
  signInResponseSchema,
  type Session,
  type SignInRequest,
} from '@ptd/contracts';
import { z } from 'zod';
import {
  api,
  ApiError,
  sessionStaffId,
  setCsrfToken,
  SOMEONE_ELSE_SIGNED_IN,
  type ApiRequest,
} from '../api-client.ts';
import { noteServerTime } from '../server-clock.ts';

/** The session answer, with the server's clock noted on the way. */
async function fetchSession(request: Omit<ApiRequest<typeof sessionSchema>, 'schema'> = {}) {
  const sentAt = Date.now();
  const session = await api('/session', { ...request, schema: sessionSchema });
  noteServerTime(session.serverTime, sentAt, Date.now());
  return session;
}

let pendingHint = false;
let endedNotice: string | undefined;

/**
 * A request of a signed-in page was refused with 401: the server's reason ("Your session has
 * expired", "… has ended"), for the sign-in page to say. Forgotten on signing in or out.
 */
export function noteSessionEnded(message: string) {
  endedNotice = message;
}

export const sessionEndedNotice = () => endedNotice;

/**
 * Whether the last session check found this browser in the middle of a sign-in (between the
 * password and a further step): the sign-in page then picks that step up again.
 */
export const hasPendingSignIn = () => pendingHint;

/**
 * Back to email and password: the server forgets the unfinished sign-in too, so a reload does
 * not bring its step back.
 */
export function abandonSignIn() {
  pendingHint = false;
  void api('/session', { method: 'DELETE', schema: z.unknown() }).catch(() => undefined);
}

async function getSession() {
  try {
    const before = sessionStaffId();
    const session = await fetchSession();
    // The cookie is the browser's: another tab signed in as someone else. This tab's page is not
    // theirs to see (the form is kept for its author), so it ends as a session that ended does.
    if (before !== null && session.user.id !== before) {
      setCsrfToken(null);
      noteSessionEnded(SOMEONE_ELSE_SIGNED_IN);
      return null;
    }
    setCsrfToken(session.csrfToken, session.user.id);
    pendingHint = false;
    // A tab opened (or back from single sign-on) with a session: the others check theirs.
    if (before === null) announceSession(session.user.id);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      pendingHint = error.code === 'sign-in-pending';
      return null;
    }
    throw error;
  }
}

export const sessionQueryOptions = () =>
  queryOptions({ queryKey: ['session'], queryFn: getSession, staleTime: 60_000 });

/** The signed-in staff member, or null. */
export const useSession = () => useQuery(sessionQueryOptions());

/**
 * Where a tab says whose session it found or signed in to (the staff id); the other tabs of the
 * browser share its cookie.
 */
const SESSIONS = 'ptd-sessions';

function announceSession(staffId: string) {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(SESSIONS);
  channel.postMessage(staffId);
  channel.close();
}

/**
 * Another tab of this browser signed in as someone else (with the password, or back from single
 * sign-on): the session this tab's cookie names is theirs. Checked at once, not at this tab's
 * next request, and this tab's session ends (see getSession).
 */
export function useSessionsOfOtherTabs() {
  const client = useQueryClient();
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const channel = new BroadcastChannel(SESSIONS);
    channel.onmessage = (event: MessageEvent) => {
      if (event.data === sessionStaffId()) return;
      void client.invalidateQueries({ queryKey: sessionQueryOptions().queryKey });
    };
    return () => channel.close();
  }, [client]);
}

/** Signed in at last: the session replaces whatever the cache held. */
export function useSignedIn() {
  const client = useQueryClient();
  return (session: Session) => {
    announceSession(session.user.id);
    setCsrfToken(session.csrfToken, session.user.id);
    pendingHint = false;
    endedNotice = undefined;
    client.clear();
    client.setQueryData(sessionQueryOptions().queryKey, session);
  };
}

/** Email and password: signed in, or the next step of the sign-in (`pending`). */
export function useSignIn() {
  const signedIn = useSignedIn();
  return useMutation({
    // Its form shows the failure: under the fields, the rest in its alert.
    meta: { showsOwnError: true },
    mutationFn: async (body: SignInRequest) => {
      const sentAt = Date.now();
      const answer = await api('/session', { method: 'POST', body, schema: signInResponseSchema });
      if (!isPendingSignIn(answer)) noteServerTime(answer.serverTime, sentAt, Date.now());
      return answer;
    },
    onSuccess: (answer) => {
      if (!isPendingSignIn(answer)) signedIn(answer);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    // Signing out ends the session here whatever the server answers: nothing to show.
    meta: { showsOwnError: true },
    mutationFn: () => api('/session', { method: 'DELETE', schema: z.unknown() }),
    onSettled: () => {
      setCsrfToken(null);
      endedNotice = undefined;
      client.clear();
      client.setQueryData(sessionQueryOptions().queryKey, null);
    },
  });
}
