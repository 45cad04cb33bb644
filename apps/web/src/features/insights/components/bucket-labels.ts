import { dayjs } from '@/lib/format.ts';
import type { TableTimeZone } from '@/lib/table-time-zone.ts';

/** A bucket's start (UTC on the server) in the staff member's chosen zone. */
const inZone = (iso: string, zone: TableTimeZone) =>
  zone === 'utc' ? dayjs(iso).utc() : dayjs(iso);

export const hourTick = (iso: string, zone: TableTimeZone) => inZone(iso, zone).format('HH:mm');

export const hourLong = (iso: string, zone: TableTimeZone) =>
  `${inZone(iso, zone).format('ddd D MMM, HH:mm')}${zone === 'utc' ? ' UTC' : ''}`;

export const minuteTick = hourTick;

/** Days are UTC days: they are named by their date, not moved into a zone. */
export const dayTick = (day: string) => dayjs(`${day}T00:00:00Z`).utc().format('D MMM');
export const dayLong = (day: string) => dayjs(`${day}T00:00:00Z`).utc().format('ddd D MMM YYYY');
