import { isIPv4, unmapIPv4, type Session } from '@ptd/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isSsoAccount, type StaffRow } from '../../../db/repositories/staff.ts';
import { classifyAddress } from '../../../lib/public-address.ts';
import { proofValidUntil } from '../../../plugins/auth.ts';

/**
 * The address a staff member's own browser reaches us from, when it is a public IPv4: what a
 * token bound to "this device" needs (the edge sees the same address, unless a proxy differs).
 */
function publicIpv4Of(request: FastifyRequest): string | null {
  const address = unmapIPv4(request.ip);
  return isIPv4(address) && classifyAddress(address) === 'public' ? address : null;
}

/** The who-am-I answer: the staff member, the organisation, the CSRF token, the player. */
export async function sessionBody(
  app: FastifyInstance,
  request: FastifyRequest,
  staff: StaffRow,
): Promise<Session> {
  return {
    user: { id: staff.id, email: staff.email, displayName: staff.display_name, role: staff.role },
    organisation: await app.organisation(),
    csrfToken: request.session.get('csrf') ?? '',
    player: app.upstreamInfo.player,
    upstream: app.upstreamInfo.mode,
    serverTime: new Date(app.now()).toISOString(),
    clientIpv4: publicIpv4Of(request),
    singleSignOn: isSsoAccount(staff) && app.config.sso !== undefined,
    sessionLimits: {
      idleMinutes: app.config.session.idleMinutes,
      absoluteHours: app.config.session.absoluteHours,
    },
    // Nothing the person does not know: when they last proved themselves, plus the window.
    ...(request.staffSession
      ? {
          proofValidUntil: new Date(
            proofValidUntil(app, request.staffSession.provedAt),
          ).toISOString(),
        }
      : {}),
  };
}
