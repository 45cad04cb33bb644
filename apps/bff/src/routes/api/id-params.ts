import { z } from 'zod';

/**
 * `:id` path parameters in the exact shape of the ids they name, so that anything else is a
 * 400 naming the parameter before it reaches a database lookup or an upstream URL.
 */

const HEX = '[0-9a-f]';
const uuidShape = (version: string) =>
  new RegExp(`^${HEX}{8}-${HEX}{4}-${version}${HEX}{3}-[89ab]${HEX}{3}-${HEX}{12}$`);

const idParam = (pattern: RegExp, what: string, example: string) =>
  z.object({
    id: z.string().regex(pattern, { error: `${what} is a UUID such as ${example}.` }),
  });

/**
 * bintu's stream (and stream group) ids: UUIDs in the 8-4-4-4-12 hex form, e.g.
 * b95225dd-3dd1-4d23-8eb0-232909aadab5. Their version and case are bintu's business.
 */
export const streamIdParams = idParam(
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  'A stream id',
  'a1000000-0000-4000-8000-000000000001',
);

/** Ledger rows: time-ordered UUIDv7 (lib/ids.ts), or v4 for rows written before those. */
export const tokenIdParams = idParam(
  uuidShape('[47]'),
  'A token id',
  '019ab5c2-0f4e-7c3a-9d2e-5b1f0a7c3e21',
);

/** Playback policies: crypto.randomUUID(), a lower-case UUIDv4. */
export const policyIdParams = idParam(
  uuidShape('4'),
  'A policy id',
  '3f2c1a9e-8b7d-4e6f-a5c4-1d2e3f4a5b6c',
);

/** Staff accounts: crypto.randomUUID(), a lower-case UUIDv4. */
export const staffIdParams = idParam(
  uuidShape('4'),
  'A staff id',
  '3f2c1a9e-8b7d-4e6f-a5c4-1d2e3f4a5b6c',
);

const sessionId = z.string().regex(uuidShape('7'), {
  error: 'A session id is a UUID such as 019ab5c2-0f4e-7c3a-9d2e-5b1f0a7c3e21.',
});

/** Staff sessions: time-ordered UUIDv7 (lib/ids.ts). */
export const sessionIdParams = z.object({ id: sessionId });

/** A session of a staff member: `/staff/:id/sessions/:sessionId`. */
export const staffSessionParams = staffIdParams.extend({ sessionId });

/** Revokes by filter: UUIDv7 (lib/ids.ts). */
export const bulkRevocationIdParams = idParam(
  uuidShape('7'),
  'A revoke-by-filter id',
  '019ab5c2-0f4e-7c3a-9d2e-5b1f0a7c3e21',
);
