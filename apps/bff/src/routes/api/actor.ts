import type { FastifyRequest } from 'fastify';
import type { StaffRow } from '../../db/repositories/staff.ts';
import { unauthenticated } from '../../lib/errors.ts';
import type { StaffActor } from '../../services/actor.ts';

/** The guard ran first: a signed-in request has its staff member. */
export function signedInStaff(request: FastifyRequest): StaffRow {
  if (!request.staff) throw unauthenticated();
  return request.staff;
}

/** The request's staff member as the services take them. */
export const staffActor = (request: FastifyRequest): StaffActor => ({
  staff: signedInStaff(request),
  ip: request.ip,
  log: request.log,
});
