import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../../../lib/errors.ts';
import {
  DEVICE_COOKIE_MAX_AGE_SECONDS,
  DEVICE_COOKIE_PATHS,
  deviceCookieName,
} from '../../../services/device-cookie.ts';
import type { CredentialDeps } from '../../../services/credentials/deps.ts';
import {
  checkSecondFactor,
  type SecondFactorOutcome,
} from '../../../services/credentials/two-factor.ts';
import { SignInThrottle, type SignInAttempt } from '../../../services/sign-in-throttle.ts';
import type { StaffRow } from '../../../db/repositories/staff.ts';

const PURGE_EVERY_MS = 10 * 60_000;

const inWords = (seconds: number) =>
  seconds < 120
    ? `${seconds} second${seconds === 1 ? '' : 's'}`
    : `${Math.ceil(seconds / 60)} minutes`;

/** 429 while a wait runs: the password was not checked, so nothing is said about it. */
export function tooManyFailures(waitMs: number, what = 'failed sign-ins') {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new HttpError(
    429,
    'rate-limited',
    `Too many ${what}. Try again in ${inWords(seconds)}.`,
    {},
    { 'retry-after': String(seconds) },
  );
}

/**
 * The sign-in throttle (counts in the database, shared by replicas) and device cookie, one
 * for sign-in, confirming it's you and changing one's password. Stale counts are purged now and then by each replica; deleting twice is harmless.
 */
export function signInLimits(app: FastifyInstance) {
  const throttle = new SignInThrottle(
    app.repos.signInThrottle,
    app.config.limits.signInThrottle,
    app.now,
  );
  const timer = setInterval(() => {
    throttle.purge().catch((error: unknown) => {
      app.log.warn({ err: error }, 'purging old sign-in failure counts failed');
    });
  }, PURGE_EVERY_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

  const { cookieSecure } = app.config.session;
  const cookieName = deviceCookieName(cookieSecure);

  /**
   * A code for this account from this address (device cookies do not apply to codes): wrong
   * authenticator or recovery codes are counted like wrong passwords, by the same throttle,
   * under keys of their own.
   */
  const codeAttemptOf = (request: FastifyRequest, email: string): SignInAttempt => ({
    email: `code:${email}`,
    ip: request.ip,
    deviceId: undefined,
  });

  const attemptOf = (request: FastifyRequest, email: string): SignInAttempt => {
    const deviceId = app.deviceCookies.verify(request.cookies[cookieName], email, app.now());
    return { email, ip: request.ip, deviceId };
  };

  return {
    throttle,
    codeAttemptOf,
    attemptOf,
    /**
     * The signed-in person's own password (confirming it's them, changing it), counted with
     * sign-in's failures under sign-in's keys before it is checked, so a session has no budget
     * of guesses of its own: whether it is right, or the wait (the password was not checked).
     * A signed-in browser is a known one: it takes its place in that line.
     */
    async checkOwnPassword(
      request: FastifyRequest,
      staff: StaffRow,
      password: string,
    ): Promise<{ ok: boolean } | { waitMs: number }> {
      const place = app.passwords.checks.place('known');
      try {
        const started = await throttle.begin(attemptOf(request, staff.email));
        if ('waitMs' in started) return { waitMs: started.waitMs };
        const ok = await app.passwords
          .verify(staff.password_hash, password, place)
          .catch(async (error: unknown) => {
            // Refused for want of a turn: not a wrong password.
            await throttle.release(started.claim);
            throw error;
          });
        if (ok) await throttle.succeeded(started.claim);
        return { ok };
      } finally {
        app.passwords.checks.leave(place);
      }
    },
    /**
     * `staff`'s authenticator or recovery code, counted by the throttle before it is checked:
     * the outcome, or the wait (the code was not checked).
     */
    async checkCode(
      request: FastifyRequest,
      deps: Pick<CredentialDeps, 'repos' | 'ledgerKeys' | 'now'>,
      staff: StaffRow,
      code: string,
    ): Promise<SecondFactorOutcome | { waitMs: number }> {
      const started = await throttle.begin(codeAttemptOf(request, staff.email));
      if ('waitMs' in started) return { waitMs: started.waitMs };
      const outcome = await checkSecondFactor(deps, staff, code);
      if (outcome.ok) await throttle.succeeded(started.claim);
      return outcome;
    },
    /** Marks this browser as a known device of the account (renewed on every sign-in). */
    rememberDevice(reply: FastifyReply, attempt: SignInAttempt) {
      const value = app.deviceCookies.issue(attempt.email, app.now(), attempt.deviceId);
      for (const path of DEVICE_COOKIE_PATHS) {
        reply.setCookie(cookieName, value, {
          path,
          httpOnly: true,
          sameSite: 'strict',
          secure: cookieSecure ?? 'auto',
          maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
        });
      }
    },
  };
}

export type SignInLimits = ReturnType<typeof signInLimits>;
