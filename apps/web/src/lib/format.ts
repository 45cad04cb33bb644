// dayjs's ES module build, so that the locale files loaded on demand (lib/date-locale.ts)
// register with this very instance.
import dayjs from 'dayjs/esm';
import localizedFormat from 'dayjs/esm/plugin/localizedFormat';
import relativeTime from 'dayjs/esm/plugin/relativeTime';
import utc from 'dayjs/esm/plugin/utc';
import { serverNow } from './server-clock.ts';

dayjs.extend(localizedFormat);
dayjs.extend(relativeTime);
dayjs.extend(utc);

type Moment = string | Date | number;

/**
 * Patterns per style. English keeps the dashboard's own (day month year, 24-hour clock); every
 * other locale gets its own date and time order, month names and clock ("ll", "LT", "LTS").
 */
const PATTERNS = {
  en: { long: 'ddd, D MMM YYYY HH:mm:ss', short: 'D MMM YYYY HH:mm' },
  localised: { long: 'ddd, ll LTS', short: 'll LT' },
};
const patterns = () => (dayjs.locale() === 'en' ? PATTERNS.en : PATTERNS.localised);

/** The one place dates are formatted: local time for people, the UTC instant beside it. */
export const formatLocal = (value: Moment) => dayjs(value).format(patterns().long);

export const formatUtc = (value: Moment) => dayjs(value).utc().format('YYYY-MM-DD HH:mm:ss [UTC]');

/**
 * "in 14 days", "3 hours ago" (in the browser's language), from now by the server's clock: the
 * moments are the server's, and a laptop clock a minute off would call a token created seconds
 * ago "2 minutes ago", or "in 2 minutes".
 */
export const formatRelative = (value: Moment, now: number = serverNow()) =>
  dayjs(value).from(dayjs(now));

export const formatShort = (value: Moment) => dayjs(value).format(patterns().short);

/** Like `formatShort`, in UTC: "30 Nov 2026 01:26 UTC". */
export const formatShortUtc = (value: Moment) =>
  `${dayjs(value).utc().format(patterns().short)} UTC`;

export { dayjs };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** Whole units, as `Intl.RelativeTimeFormat` words them in the browser's language. */
function inUnits(amount: number, unit: 'day' | 'hour' | 'minute') {
  const locale = dayjs.locale();
  if (locale === 'en') return `in ${plural(amount, unit)}`;
  return new Intl.RelativeTimeFormat(locale, { numeric: 'always' }).format(amount, unit);
}

/**
 * How long until a moment, in whole units people plan with: "in 14 days", "in 24 hours",
 * "in 5 minutes". Unlike `formatRelative` it never rounds 365 days to "a year". Past → "… ago".
 */
export function formatUntil(value: Moment, now: number = serverNow()): string {
  const ms = dayjs(value).valueOf() - now;
  if (ms < 0) return formatRelative(value, now);
  if (ms >= 2 * DAY) return inUnits(Math.round(ms / DAY), 'day');
  if (ms >= HOUR - MINUTE / 2) return inUnits(Math.round(ms / HOUR), 'hour');
  if (ms >= MINUTE) return inUnits(Math.round(ms / MINUTE), 'minute');
  return dayjs.locale() === 'en' ? 'in less than a minute' : inUnits(1, 'minute');
}

/** A length of time in whole minutes: 30 → "30 minutes", 90 → "1 hour 30 minutes", 1440 → "24 hours". */
export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return plural(rest, 'minute');
  return rest === 0 ? plural(hours, 'hour') : `${plural(hours, 'hour')} ${plural(rest, 'minute')}`;
}

/** The browser's time zone, e.g. "Europe/Berlin", to say which "local" is meant. */
export const localTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
