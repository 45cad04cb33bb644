import type { Session } from '@ptd/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StaffRow } from '../../../db/repositories/staff.ts';

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
  };
}
