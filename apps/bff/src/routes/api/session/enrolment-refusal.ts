import type { FastifyRequest } from 'fastify';
import type { StaffRow } from '../../../db/repositories/staff.ts';
import { HttpError } from '../../../lib/errors.ts';
import type { RequestAudit } from '../../../services/audit.ts';
import type { EnrolmentOutcome } from '../../../services/credentials/two-factor.ts';

type Reason = Extract<EnrolmentOutcome, { ok: false }>['reason'];

/** A first code that did not confirm an enrolment: audited, and said under the code field. */
export async function enrolmentRefusal(
  audit: RequestAudit,
  request: FastifyRequest,
  staff: StaffRow,
  reason: Reason,
) {
  await audit(request, 'two-factor.enable-failed', {
    actorId: staff.id,
    subject: staff.id,
    details: { email: staff.email, reason },
  });
  if (reason === 'no-enrolment') {
    return new HttpError(
      409,
      'no-enrolment',
      'There is no two-factor setup to confirm. Start setting it up again.',
    );
  }
  const message =
    'Code: this is not the code your app shows now. Check that the phone’s clock is right and enter the current code.';
  return new HttpError(400, 'invalid-code', message, { issues: [{ path: 'code', message }] });
}
