import type { Permission } from '@ptd/contracts';
import { useEffect, useRef, useState } from 'react';
import { sessionEndedNotice, useSession } from './auth/session.ts';
import { useCan } from './auth/use-can.ts';

const KEY = 'kept-across-sign-in';

interface Kept {
  staffId: string;
  path: string;
  values: unknown;
  /** What the form is for: a role without it cannot have the form back. */
  needs: Permission;
}

const here = () => window.location.pathname + window.location.search;

function stored(): Kept | null {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Kept | null;
  } catch {
    return null;
  }
}

function read(staffId: string): unknown {
  const kept = stored();
  return kept?.staffId === staffId && kept.path === here() ? kept.values : undefined;
}

/**
 * A form's values when the session ends under it (idle limit, signed out elsewhere), given back
 * once to the same person on the same page after signing in again. This tab only
 * (sessionStorage), and never a token: only what was typed into the form. `needs`: what the
 * form is for (see useForgetKeptOutOfReach).
 */
export function useKeptAcrossSignIn<T>(
  staffId: string | undefined,
  values: () => T,
  needs: Permission,
) {
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
      const entry: Kept = { staffId, path, values: latest.current(), needs };
      sessionStorage.setItem(KEY, JSON.stringify(entry));
    };
  }, [staffId, needs]);
  return kept;
}

/**
 * Once signed in, drops a kept form that is not for whoever signed in: someone else's at this
 * tab (what they typed is not theirs to see), or one the role no longer allows (lowered while
 * the form was open). Its page would never take it back, so it would stay in the tab.
 */
export function useForgetKeptOutOfReach() {
  const staffId = useSession().data?.user.id;
  const can = useCan();
  useEffect(() => {
    const kept = stored();
    if (!staffId || !kept) return;
    if (kept.staffId !== staffId || !kept.needs || !can(kept.needs)) {
      sessionStorage.removeItem(KEY);
    }
  }, [staffId, can]);
}
