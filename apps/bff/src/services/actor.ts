import type { FastifyBaseLogger } from 'fastify';
import type { StaffRow } from '../db/repositories/staff.ts';

/**
 * Who a service acts for: the signed-in staff member of a request (routes/api/actor.ts), with
 * the address their audit entries name and the log their failures go to.
 */
export interface StaffActor {
  staff: StaffRow;
  ip: string | null;
  log: FastifyBaseLogger;
}
