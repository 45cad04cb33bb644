import { z } from 'zod';

/** Schemas of the session lists (`/api/sessions`, `/api/staff/:id/sessions`). */

export const DEVICE_TYPES = ['desktop', 'mobile', 'tablet', 'tv', 'other'] as const;

export const staffSessionSchema = z.object({
  id: z.string(),
  /** The session of the request that asked ("this session"). */
  current: z.boolean(),
  /** "Chrome 131", "Safari 17.5"; another client's own name ("curl/8.5.0"); null without any. */
  browser: z.string().nullable(),
  /** "macOS", "Windows 10", "iOS 17.5"; null when the User-Agent does not say. */
  os: z.string().nullable(),
  device: z.enum(DEVICE_TYPES),
  /** The User-Agent as sent (cut at 512 characters). */
  userAgent: z.string().nullable(),
  /** The client address at sign-in. */
  ip: z.string().nullable(),
  createdAt: z.string(),
  /** The last request, to the minute (it is recorded at most once a minute). */
  lastSeenAt: z.string(),
  /** When it ends at the latest, however active (SESSION_ABSOLUTE_HOURS after sign-in). */
  expiresAt: z.string(),
});
export type StaffSession = z.infer<typeof staffSessionSchema>;

export const staffSessionListSchema = z.array(staffSessionSchema);

export const endSessionsResponseSchema = z.object({
  /** How many sessions were still signed in and are now signed out. */
  ended: z.number().int(),
});
export type EndSessionsResponse = z.infer<typeof endSessionsResponseSchema>;
