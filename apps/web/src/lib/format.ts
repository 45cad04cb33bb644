import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import utc from 'dayjs/plugin/utc';

dayjs.extend(relativeTime);
dayjs.extend(utc);

/** The one place dates are formatted: local time for people, the UTC instant beside it. */
export const formatLocal = (value: string | Date | number) =>
  dayjs(value).format('ddd, D MMM YYYY HH:mm:ss');

export const formatUtc = (value: string | Date | number) =>
  dayjs(value).utc().format('YYYY-MM-DD HH:mm:ss [UTC]');

/** "in 14 days", "3 hours ago". */
export const formatRelative = (value: string | Date | number, now: number = Date.now()) =>
  dayjs(value).from(dayjs(now));

export const formatShort = (value: string | Date | number) =>
  dayjs(value).format('D MMM YYYY HH:mm');

export { dayjs };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * How long until a moment, in whole units people plan with: "in 14 days", "in 24 hours",
 * "in 5 minutes". Unlike `formatRelative` it never rounds 365 days to "a year". Past → "… ago".
 */
export function formatUntil(value: string | Date | number, now: number = Date.now()): string {
  const ms = dayjs(value).valueOf() - now;
  if (ms < 0) return formatRelative(value, now);
  if (ms >= 2 * DAY) return `in ${plural(Math.round(ms / DAY), 'day')}`;
  if (ms >= HOUR - MINUTE / 2) return `in ${plural(Math.round(ms / HOUR), 'hour')}`;
  if (ms >= MINUTE) return `in ${plural(Math.round(ms / MINUTE), 'minute')}`;
  return 'in less than a minute';
}

/** The browser's time zone, e.g. "Europe/Berlin", to say which "local" is meant. */
export const localTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
