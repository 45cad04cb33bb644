import { DEVICE_TYPES, type StaffSession } from '@ptd/contracts';
import Bowser from 'bowser';
import type { StaffSessionRow } from '../../db/repositories/staff-sessions.ts';
import type { SessionLimits } from './limits.ts';

type Device = StaffSession['device'];
const DEVICES = new Set<string>(DEVICE_TYPES);

const major = (version: string | undefined) => version?.split('.').slice(0, 2).join('.') ?? '';

/** Browser, system and kind of device, as far as the User-Agent tells. */
export function describeUserAgent(userAgent: string | null) {
  if (!userAgent) return { browser: null, os: null, device: 'other' as Device };
  const parsed = Bowser.parse(userAgent);
  const name = parsed.browser.name;
  // Not a browser bowser knows (curl, a script): its own first product token says enough.
  const browser = name
    ? `${name} ${parsed.browser.version?.split('.')[0] ?? ''}`.trim()
    : (userAgent.split(/\s/)[0]?.slice(0, 40) ?? null);
  const os = parsed.os.name
    ? // Browsers on macOS all claim 10.15.7 now, so a version there would mislead.
      parsed.os.name === 'macOS'
      ? 'macOS'
      : `${parsed.os.name} ${parsed.os.versionName ?? major(parsed.os.version)}`.trim()
    : null;
  const type = parsed.platform.type ?? '';
  return { browser, os, device: (DEVICES.has(type) ? type : 'other') as Device };
}

const iso = (ms: number | string) => new Date(Number(ms)).toISOString();

/** A session record as the API lists it; never its secret hash. */
export function toStaffSession(
  row: StaffSessionRow,
  currentId: string | undefined,
  limits: SessionLimits,
): StaffSession {
  return {
    id: row.id,
    current: row.id === currentId,
    ...describeUserAgent(row.user_agent),
    userAgent: row.user_agent,
    ip: row.ip,
    createdAt: iso(row.created_at),
    lastSeenAt: iso(row.last_seen_at),
    expiresAt: iso(Number(row.created_at) + limits.absoluteMs),
  };
}

/** "Firefox 133 on Windows 10": how an audit entry names a session. */
export function sessionLabel(row: { user_agent: string | null }) {
  const { browser, os } = describeUserAgent(row.user_agent);
  return [browser ?? 'unknown browser', os].filter(Boolean).join(' on ');
}
