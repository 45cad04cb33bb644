import { can, type Permission } from '@ptd/contracts';
import type {
  FastifyInstance,
  FastifyRequest,
  preHandlerHookHandler,
  preValidationHookHandler,
} from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { hasPassword, isSsoAccount, type StaffRow } from '../db/repositories/staff.ts';
import { isApiRequest } from '../lib/api-path.ts';
import { twoFactorOn } from '../services/credentials/two-factor.ts';
import { HttpError, unauthenticated } from '../lib/errors.ts';
import fp from 'fastify-plugin';
import { signInAgainMessage } from './session.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const csrfError = (message: string) => new HttpError(403, 'csrf', message);

const WHAT: Record<Permission, string> = {
  createToken: 'create tokens',
  createStream: 'create streams',
  revokeToken: 'revoke tokens',
  revokeAnyToken: 'revoke other staff members’ tokens',
  managePolicies: 'change playback policies',
  manageStaff: 'manage staff',
  readAudit: 'read the audit log',
  exportTokens: 'export tokens',
};

function sameText(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Where the browser says the request comes from: Origin, else the Referer's origin. */
function requestOrigin(request: FastifyRequest): string | undefined {
  const origin = request.headers.origin;
  if (typeof origin === 'string') {
    if (origin === 'null') return 'null';
    try {
      return new URL(origin).origin.toLowerCase();
    } catch {
      return 'invalid';
    }
  }
  const referer = request.headers.referer;
  if (typeof referer !== 'string') return undefined;
  try {
    return new URL(referer).origin.toLowerCase();
  } catch {
    return 'invalid';
  }
}

async function registerAuth(app: FastifyInstance) {
  const ownOrigin = (request: FastifyRequest) => {
    if (app.config.publicOrigin) return app.config.publicOrigin.toLowerCase();
    try {
      // URL drops a default port, as browsers do in Origin (Host may carry `:80`).
      return new URL(`${request.protocol}://${request.host}`).origin.toLowerCase();
    } catch {
      return 'invalid';
    }
  };

  /**
   * CSRF for every state-changing /api request: a browser's Origin (or Referer) must be this
   * app, and the session's token must come back in `x-csrf-token`, which another site cannot
   * read or set. Non-browser clients send no Origin and still need the token.
   */
  app.addHook('preValidation', async (request) => {
    if (SAFE_METHODS.has(request.method) || !isApiRequest(request)) return;
    // No route: nothing to protect, and the answer is 404 or 405, not a CSRF refusal.
    if (request.is404) return;
    const origin = requestOrigin(request);
    if (origin !== undefined && origin !== ownOrigin(request)) {
      throw csrfError('This request came from another site and was refused.');
    }
    if (request.routeOptions.config.csrf === 'origin-only') return;
    // Without a session there is no authority to borrow; the route's guard answers 401.
    if (!request.staff) return;
    const expected = request.session.get('csrf');
    const sent = request.headers['x-csrf-token'];
    // A session without a token of its own matches nothing (session.ts does not load one).
    if (!expected || typeof sent !== 'string' || !sameText(sent, expected)) {
      throw csrfError('Missing or wrong x-csrf-token header. Reload the page and try again.');
    }
  });

  app.decorate('guard', (permission?: Permission): preValidationHookHandler => {
    return async (request) => {
      const staff = request.staff;
      if (!staff) throw unauthenticated(signInAgainMessage(request));
      if (permission && !can(staff.role, permission)) {
        throw new HttpError(
          403,
          'forbidden',
          `Your role (${staff.role}) may not ${WHAT[permission]}.`,
        );
      }
    };
  });

  app.decorate('recentProof', (action: string): preHandlerHookHandler => {
    return async (request) => {
      const { staff, staffSession } = request;
      if (!staff || !staffSession) throw unauthenticated(signInAgainMessage(request));
      if (app.now() < proofValidUntil(app, staffSession.provedAt)) return;
      throw reauthenticationRequired(
        staff,
        action,
        app.config.session.reauthMinutes,
        app.config.sso?.providerName,
      );
    };
  });
}

/** Until when a proof of the person made at `provedAt` is recent (REAUTH_MINUTES later). */
export const proofValidUntil = (app: FastifyInstance, provedAt: number) =>
  provedAt + app.config.session.reauthMinutes * 60_000;

/** How `staff` proves themselves again: a password (and code), else the provider's sign-in. */
export function proofMethod(staff: StaffRow) {
  if (isSsoAccount(staff) && !hasPassword(staff)) return 'single-sign-on' as const;
  return twoFactorOn(staff) ? ('password-and-code' as const) : ('password' as const);
}

export const reauthenticationRequired = (
  staff: StaffRow,
  action: string,
  minutes: number,
  provider?: string,
) => {
  const method = proofMethod(staff);
  const how =
    method === 'single-sign-on'
      ? 'sign in at your single sign-on provider again'
      : method === 'password-and-code'
        ? 'enter your password and your authenticator code again'
        : 'enter your password again';
  return new HttpError(
    403,
    'reauthentication-required',
    `Confirm it’s you to ${action}: ${how}. This is asked when you last signed in or confirmed more than ${minutes} minutes ago.`,
    {
      reauthentication: {
        action,
        method,
        ...(method === 'single-sign-on' && provider ? { provider } : {}),
      },
    },
  );
};

export const authPlugin = fp(registerAuth, { name: 'auth' });

declare module 'fastify' {
  interface FastifyInstance {
    /** preValidation hook: signed in, and (when given) allowed to do `permission`. */
    guard(permission?: Permission): preValidationHookHandler;
    /**
     * preHandler hook (after the guard and the body's validation, before anything is done):
     * refuses with 403 `reauthentication-required` a session whose person last proved
     * themselves REAUTH_MINUTES ago or longer. `action` completes "Confirm it’s you to …".
     */
    recentProof(action: string): preHandlerHookHandler;
  }
}
