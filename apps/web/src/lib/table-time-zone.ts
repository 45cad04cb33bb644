import { useCallback, useSyncExternalStore } from 'react';
import { formatLocal, formatShort, formatShortUtc, formatUtc } from './format.ts';

/*
 * Whether tables show times in the browser's time zone or in UTC: each staff member's choice,
 * kept in this browser (localStorage) and followed by every open tab.
 */

export type TableTimeZone = 'local' | 'utc';

export const TABLE_TIME_ZONE_KEY = 'ptd.table-time-zone';
const listeners = new Set<() => void>();
/** The choice of this page, for browsers with storage switched off. */
let chosenHere: TableTimeZone = 'local';

function read(): TableTimeZone {
  try {
    return localStorage.getItem(TABLE_TIME_ZONE_KEY) === 'utc' ? 'utc' : 'local';
  } catch {
    return chosenHere;
  }
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const other = (event: StorageEvent) => {
    if (event.key === TABLE_TIME_ZONE_KEY || event.key === null) listener();
  };
  window.addEventListener('storage', other);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', other);
  };
}

export function useTableTimeZone(): [TableTimeZone, (zone: TableTimeZone) => void] {
  const zone = useSyncExternalStore(subscribe, read, () => 'local' as const);
  const choose = useCallback((next: TableTimeZone) => {
    chosenHere = next;
    try {
      localStorage.setItem(TABLE_TIME_ZONE_KEY, next);
    } catch {
      // Not kept beyond this page, which still switches.
    }
    for (const listener of listeners) listener();
  }, []);
  return [zone, choose];
}

/**
 * Table times in the chosen zone (`short`, `long`), and the same moment in the other one
 * (`otherLong`) for a tooltip or a second line.
 */
export function useTableTime() {
  const [zone] = useTableTimeZone();
  const utc = zone === 'utc';
  return {
    zone,
    short: utc ? formatShortUtc : formatShort,
    long: utc ? formatUtc : formatLocal,
    otherLong: utc ? formatLocal : formatUtc,
  };
}
