import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditAction, AuditInput } from '../db/repositories/audit.ts';

export interface AuditFacts {
  subject?: string | null;
  /** Facts only: never a token, a password or a credential. */
  details?: Record<string, unknown>;
  /** Defaults to the signed-in staff member. */
  actorId?: string | null;
}

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

/** Records who did what from which address. */
export function audit(
  app: FastifyInstance,
  request: FastifyRequest,
  action: AuditAction,
  facts: AuditFacts = {},
) {
  return app.repos.audit.record(auditEntry(request, action, facts));
}
