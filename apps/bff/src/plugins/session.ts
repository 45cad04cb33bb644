import secureSession from '@fastify/secure-session';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StaffRow } from '../db/repositories/staff.ts';
import { isApiRequest } from '../lib/api-path.ts';
import { sharedPlugin } from '../lib/plugin.ts';

/** lastSeen is rewritten at most this often, so not every request re-issues the cookie. */
const LAST_SEEN_STEP_MS = 60_000;

/** How far ahead of this server's clock a replica's may be when it writes a session time. */
const CLOCK_SKEW_MS = 60_000;

export const SESSION_COOKIE = { plain: 'ptd_session', hostOnly: '__Host-ptd_session' } as const;

const expiredRequests = new WeakSet<FastifyRequest>();

/** True when the request carried a session that has just been ended for age or idleness. */
export const sessionExpired = (request: FastifyRequest) => expiredRequests.has(request);

/**
 * The encrypted session cookie. The first key encrypts, every key decrypts: rotate by
 * prepending a new key and dropping the old one after SESSION_ABSOLUTE_HOURS.
 * The session holds the staff id only; role and disabled flag are re-read on each request.
 */
export const sessionPlugin = sharedPlugin<{ keys: Buffer[] }>(
  'session',
  async (app: FastifyInstance, { keys }) => {
    const { idleMinutes, absoluteHours, cookieSecure } = app.config.session;
    const absoluteMs = absoluteHours * 3_600_000;
    const idleMs = idleMinutes * 60_000;
    await app.register(secureSession, {
      key: keys,
      // `__Host-` requires Secure; without a guaranteed HTTPS origin the plain name is used.
      cookieName: cookieSecure === true ? SESSION_COOKIE.hostOnly : SESSION_COOKIE.plain,
      expiry: absoluteHours * 3600,
      cookie: {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: cookieSecure ?? 'auto',
        maxAge: absoluteHours * 3600,
      },
    });

    async function loadStaff(request: FastifyRequest): Promise<StaffRow | null> {
      const session = request.session;
      const staffId = session.get('staffId');
      if (!staffId) return null;
      // Sign-in always sets one: without it the CSRF check would have nothing to compare.
      if (!session.get('csrf')) {
        session.delete();
        return null;
      }
      const now = app.now();
      const createdAt = session.get('createdAt') ?? 0;
      const lastSeen = session.get('lastSeen') ?? 0;
      // A time in the future would stretch the idle or absolute limit by as much.
      if (
        now - createdAt >= absoluteMs ||
        now - lastSeen >= idleMs ||
        createdAt > now + CLOCK_SKEW_MS ||
        lastSeen > now + CLOCK_SKEW_MS
      ) {
        expiredRequests.add(request);
        session.delete();
        return null;
      }
      const staff = await app.repos.staff.byId(staffId);
      if (!staff || staff.disabled) {
        session.delete();
        return null;
      }
      if (now - lastSeen >= LAST_SEEN_STEP_MS) session.set('lastSeen', now);
      return staff;
    }

    app.decorateRequest('staff', null);
    app.addHook('onRequest', async (request) => {
      if (isApiRequest(request)) request.staff = await loadStaff(request);
    });
  },
);
