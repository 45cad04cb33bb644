import type { Role } from '@ptd/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StaffRow } from '../../db/repositories/staff.ts';
import { audit } from '../audit.ts';
import { endSessions, sessionEnder } from '../sessions/end.ts';
import { isLowerRole, mappedRole } from './role-mapping.ts';
import type { SsoConfig } from './sso-config.ts';

/** Why a provider's sign-in is refused after its ID token was found valid. */
export type ProvisionRefusal =
  | 'email-missing'
  | 'email-not-verified'
  | 'email-domain'
  | 'no-role'
  | 'email-taken'
  | 'account-disabled';

export type Provisioned = { staff: StaffRow } | { refused: ProvisionRefusal; staffId?: string };

/** The claims the dashboard reads from a validated ID token. */
export interface IdentityClaims {
  iss: string;
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
  [claim: string]: unknown;
}

const emailOf = (claims: IdentityClaims) =>
  typeof claims.email === 'string' && claims.email.includes('@')
    ? claims.email.trim().toLowerCase()
    : undefined;

/**
 * The staff account for a provider's identity (issuer + subject): created at the first
 * sign-in with the mapped role, its role brought in line with the provider at every later one.
 * An account disabled in the dashboard stays disabled; the provider cannot enable it.
 */
export async function provisionStaff(
  app: FastifyInstance,
  request: FastifyRequest,
  sso: SsoConfig,
  claims: IdentityClaims,
): Promise<Provisioned> {
  const email = emailOf(claims);
  if (!email) return { refused: 'email-missing' };
  // Providers that say nothing (Entra ID) are trusted for their own directory's addresses.
  if (claims.email_verified === false) return { refused: 'email-not-verified' };
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (sso.allowedEmailDomains.length > 0 && !sso.allowedEmailDomains.includes(domain)) {
    return { refused: 'email-domain' };
  }
  const role = mappedRole(sso, claims);
  const existing = await app.repos.staff.bySsoIdentity(claims.iss, claims.sub);
  if (existing?.disabled) return { refused: 'account-disabled', staffId: existing.id };
  if (role === null) return { refused: 'no-role', ...(existing ? { staffId: existing.id } : {}) };
  if (existing) {
    // Without a role claim the provider says nothing about roles: admins set them here.
    if (sso.roleClaim === undefined) return { staff: existing };
    return { staff: await alignRole(app, request, existing, role) };
  }

  // A local account keeps its email: linking it to whoever the provider says owns the
  // address would hand the account over on the provider's word alone.
  if (await app.repos.staff.byEmail(email)) return { refused: 'email-taken' };
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : email;
  const created = await app.repos.staff.insertSso({
    id: crypto.randomUUID(),
    email,
    display_name: name.slice(0, 100),
    password_hash: '',
    role,
    disabled: 0,
    created_at: app.now(),
    last_sign_in_at: null,
    password_changed_at: null,
    sso_issuer: claims.iss,
    sso_subject: claims.sub,
  });
  if (!created) {
    // Another replica provisioned the same person a moment ago.
    const raced = await app.repos.staff.bySsoIdentity(claims.iss, claims.sub);
    return raced ? { staff: raced } : { refused: 'email-taken' };
  }
  await audit(app, request, 'staff.sso-provision', {
    actorId: created.id,
    subject: created.id,
    details: { email, role, provider: sso.providerName },
  });
  return { staff: created };
}

async function alignRole(
  app: FastifyInstance,
  request: FastifyRequest,
  staff: StaffRow,
  role: Role,
): Promise<StaffRow> {
  if (staff.role === role) return staff;
  const updated = (await app.repos.staff.update(staff.id, { role })) ?? staff;
  // Like an admin lowering a role: sessions begun with more rights do not outlive them.
  const ended = isLowerRole(role, staff.role)
    ? await endSessions(sessionEnder(app), { staffId: staff.id }, 'role-lowered', null)
    : undefined;
  await audit(app, request, 'staff.sso-role-change', {
    actorId: staff.id,
    subject: staff.id,
    details: {
      email: staff.email,
      role: { from: staff.role, to: role },
      ...(ended ? { sessionsEnded: ended.live.length } : {}),
    },
  });
  return updated;
}
