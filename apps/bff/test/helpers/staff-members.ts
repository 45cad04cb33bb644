import type { Role } from '@ptd/contracts';
import type { FastifyBaseLogger } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { StaffRepository } from '../../src/db/repositories/staff.ts';
import type { StaffActor } from '../../src/services/actor.ts';

/** A new staff member with that role, straight into the table: for services, not sign-in. */
export function insertStaffMember(staff: StaffRepository, role: Role) {
  return staff.insert({
    id: randomUUID(),
    email: `${randomUUID()}@example.com`,
    display_name: role,
    password_hash: 'not used here',
    role,
    disabled: 0,
    created_at: Date.now(),
    last_sign_in_at: null,
    password_changed_at: null,
    totp_secret: null,
    totp_enabled_at: null,
    totp_last_step: null,
    totp_pending_secret: null,
  });
}

/** A new staff member as the services take them (routes/api/actor.ts builds it from a request). */
export async function staffActorFor(
  staff: StaffRepository,
  role: Role,
  log: FastifyBaseLogger,
  ip: string | null = null,
): Promise<StaffActor> {
  return { staff: await insertStaffMember(staff, role), ip, log };
}
