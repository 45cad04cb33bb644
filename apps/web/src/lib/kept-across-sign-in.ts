import { useEffect, useRef, useState } from 'react';
import { sessionEndedNotice } from './auth/session.ts';

const KEY = 'kept-across-sign-in';

interface Kept {
  staffId: string;
  path: string;
  values: unknown;
}

const here = () => window.location.pathname + window.location.search;

function read(staffId: string): unknown {
  try {
    const kept = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Kept | null;
    // Someone else signed in at this tab: what the other person typed is not theirs to see.
    if (kept && kept.staffId !== staffId) sessionStorage.removeItem(KEY);
    return kept?.staffId === staffId && kept.path === here() ? kept.values : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A form's values when the session ends under it (idle limit, signed out elsewhere), given back
 * once to the same person on the same page after signing in again. This tab only
 * (sessionStorage), and never a token: only what was typed into the form.
 */
export function useKeptAcrossSignIn<T>(staffId: string | undefined, values: () => T) {
  const [kept] = useState(() => (staffId ? (read(staffId) as T | undefined) : undefined));
  const latest = useRef(values);
  latest.current = values;
  useEffect(() => {
    if (kept !== undefined) sessionStorage.removeItem(KEY);
  }, [kept]);
  useEffect(() => {
    if (!staffId) return;
    const path = here();
    // Runs when the session goes (the staff id changes), before the sign-in page replaces this one.
    return () => {
      if (!sessionEndedNotice()) return;
      const entry: Kept = { staffId, path, values: latest.current() };
      sessionStorage.setItem(KEY, JSON.stringify(entry));
    };
  }, [staffId]);
  return kept;
}
