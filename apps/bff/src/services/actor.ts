import type { FastifyBaseLogger } from 'fastify';
import type { AuditAction, AuditInput } from '../db/repositories/audit.ts';
import type { StaffRow } from '../db/repositories/staff.ts';
import type { AuditFacts } from './audit.ts';

/**
 * Who a service acts for: the signed-in staff member of a request (routes/api/actor.ts), with
 * the address their audit entries name and the log their failures go to.
 */
export interface StaffActor {
  staff: StaffRow;
  ip: string | null;
  log: FastifyBaseLogger;
}

/** What the actor did, as an entry of the audit log (as `audit()` records it of a request). */
export const actorEntry = (
  actor: Pick<StaffActor, 'staff' | 'ip'>,
  action: AuditAction,
  facts: Omit<AuditFacts, 'actorId'> = {},
): AuditInput => ({
  action,
  actorId: actor.staff.id,
  subject: facts.subject ?? null,
  ip: actor.ip,
  details: facts.details ?? {},
});
