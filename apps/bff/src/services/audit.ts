import type { FastifyRequest } from 'fastify';
import type { AuditAction, AuditInput, AuditRepository } from '../db/repositories/audit.ts';

export interface AuditFacts {
  subject?: string | null;
  /** Facts only: never a token, a password or a credential. */
  details?: Record<string, unknown>;
  /** Defaults to the signed-in staff member. */
  actorId?: string | null;
}

/** Records who did what from which address (the request's signed-in staff member and address). */
export type RequestAudit = (
  request: FastifyRequest,
  action: AuditAction,
  facts?: AuditFacts,
) => ReturnType<AuditRepository['record']>;

/** Who did what from which address, as an entry of the audit log. */
function auditEntry(
  request: FastifyRequest,
  action: AuditAction,
  facts: AuditFacts = {},
): AuditInput {
  return {
    action,
    actorId: facts.actorId !== undefined ? facts.actorId : (request.staff?.id ?? null),
    subject: facts.subject ?? null,
    ip: request.ip,
    details: facts.details ?? {},
  };
}

/** The audit of requests into that log; routes build it once per plugin. */
export const requestAudit =
  (log: Pick<AuditRepository, 'record'>): RequestAudit =>
  (request, action, facts = {}) =>
    log.record(auditEntry(request, action, facts));
