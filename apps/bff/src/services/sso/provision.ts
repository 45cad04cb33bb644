import { emailSchema, withoutControlCharacters, type Role } from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../db/repositories/audit.ts';
import type { StaffRepository, StaffRow } from '../../db/repositories/staff.ts';
import { endSessions, sessionEnder, type SessionEnder } from '../sessions/end.ts';
import { isLowerRole, mappedRole } from './role-mapping.ts';
import type { SsoConfig } from './sso-config.ts';

/** What provisioning works with: the sign-in route builds it once (`provisionDeps`). */
export interface ProvisionDeps {
  repos: { staff: StaffRepository; audit: AuditRepository };
  /** Ends the sessions of a role the provider lowered; its clock dates new accounts. */
  sessions: SessionEnder;
}

/** `sessions`: the sign-in routes' own, so that a plugin has one. */
export const provisionDeps = (
  app: FastifyInstance,
  sessions: SessionEnder = sessionEnder(app),
): ProvisionDeps => ({ repos: { staff: app.repos.staff, audit: app.repos.audit }, sessions });

/** Why a provider's sign-in is refused after its ID token was found valid. */
export type ProvisionRefusal =
  | 'email-missing'
  | 'email-invalid'
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

/**
 * Whether the provider says the address is not verified: `false`, or any other value than
 * true, such as the text "false" (Sign in with Apple sends the flag as a string). Saying nothing
 * is not saying no: Entra ID omits the claim.
 */
const saysUnverified = (flag: unknown) =>
  flag !== undefined && flag !== null && flag !== true && flag !== 'true';

/** The address as local accounts have it (trimmed, lower case, at most 254 characters, valid). */
const emailOf = (claims: IdentityClaims) => {
  if (typeof claims.email !== 'string' || claims.email.trim() === '') return undefined;
  const parsed = emailSchema.safeParse(claims.email);
  return parsed.success ? parsed.data : ('invalid' as const);
};

/**
 * The staff account for a provider's identity (issuer + subject): created at the first
 * sign-in with the mapped role, its role brought in line with the provider at every later one
 * (except the last active admin's, which stays admin).
 * An account disabled in the dashboard stays disabled; the provider cannot enable it. Audit
 * entries name the person signing in, from `ip`.
 */
export async function provisionStaff(
  deps: ProvisionDeps,
  ip: string | null,
  sso: SsoConfig,
  claims: IdentityClaims,
): Promise<Provisioned> {
  const email = emailOf(claims);
  if (!email) return { refused: 'email-missing' };
  if (email === 'invalid') return { refused: 'email-invalid' };
  // Providers that say nothing (Entra ID) are trusted for their own directory's addresses.
  if (saysUnverified(claims.email_verified)) return { refused: 'email-not-verified' };
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (sso.allowedEmailDomains.length > 0 && !sso.allowedEmailDomains.includes(domain)) {
    return { refused: 'email-domain' };
  }
  const role = mappedRole(sso, claims);
  const existing = await deps.repos.staff.bySsoIdentity(claims.iss, claims.sub);
  if (existing?.disabled) return { refused: 'account-disabled', staffId: existing.id };
  if (role === null) return existing ? withdrawRole(deps, ip, existing) : { refused: 'no-role' };
  if (existing) {
    // Without a role claim the provider says nothing about roles: admins set them here.
    if (sso.roleClaim === undefined) return { staff: existing };
    return { staff: await alignRole(deps, ip, existing, role) };
  }

  // A local account keeps its email: linking it to whoever the provider says owns the
  // address would hand the account over on the provider's word alone.
  if (await deps.repos.staff.byEmail(email)) return { refused: 'email-taken' };
  // The provider's name for the person, without what would reorder or hide text where it is shown.
  const given = typeof claims.name === 'string' ? withoutControlCharacters(claims.name) : '';
  const name = given || email;
  const created = await deps.repos.staff.insertSso({
    id: crypto.randomUUID(),
    email,
    display_name: name.slice(0, 100),
    password_hash: '',
    role,
    disabled: 0,
    created_at: deps.sessions.now(),
    last_sign_in_at: null,
    password_changed_at: null,
    sso_issuer: claims.iss,
    sso_subject: claims.sub,
  });
  if (!created) {
    // Another replica provisioned the same person a moment ago.
    const raced = await deps.repos.staff.bySsoIdentity(claims.iss, claims.sub);
    return raced ? { staff: raced } : { refused: 'email-taken' };
  }
  await deps.repos.audit.record({
    action: 'staff.sso-provision',
    actorId: created.id,
    subject: created.id,
    ip,
    details: { email, role, provider: sso.providerName },
  });
  return { staff: created };
}

/**
 * The provider gives the account no role any more: like the lowest demotion, its sessions end
 * and it keeps the lowest role (viewer), so that it counts as an admin nowhere, and its sign-in
 * is refused. The last active admin stays an admin and signs in, as with any lower role.
 */
async function withdrawRole(
  deps: ProvisionDeps,
  ip: string | null,
  staff: StaffRow,
): Promise<Provisioned> {
  const changed = await deps.repos.staff.updateKeepingAnAdmin(staff.id, { role: 'viewer' });
  if (changed === 'last-admin') {
    await recordRoleKept(deps, ip, staff, null);
    return { staff };
  }
  const ended = await endSessions(deps.sessions, { staffId: staff.id }, 'role-lowered', null);
  if (staff.role !== 'viewer' || ended.live.length > 0) {
    await recordRoleChange(deps, ip, staff, 'viewer', {
      noRole: true,
      sessionsEnded: ended.live.length,
    });
  }
  return { refused: 'no-role', staffId: staff.id };
}

/** The last active admin kept as admin against the provider's role (`null`: no role at all). */
const recordRoleKept = (
  deps: ProvisionDeps,
  ip: string | null,
  staff: StaffRow,
  providerRole: Role | null,
) =>
  deps.repos.audit.record({
    action: 'staff.sso-role-kept',
    actorId: staff.id,
    subject: staff.id,
    ip,
    details: { email: staff.email, kept: staff.role, providerRole },
  });

/** The provider's role applied to the account (`extra`: what else it did). */
const recordRoleChange = (
  deps: ProvisionDeps,
  ip: string | null,
  staff: StaffRow,
  to: Role,
  extra: Record<string, unknown>,
) =>
  deps.repos.audit.record({
    action: 'staff.sso-role-change',
    actorId: staff.id,
    subject: staff.id,
    ip,
    details: { email: staff.email, role: { from: staff.role, to }, ...extra },
  });

async function alignRole(
  deps: ProvisionDeps,
  ip: string | null,
  staff: StaffRow,
  role: Role,
): Promise<StaffRow> {
  if (staff.role === role) return staff;
  const changed = await deps.repos.staff.updateKeepingAnAdmin(staff.id, { role });
  if (changed === 'last-admin') {
    // As on the Staff page: the dashboard never goes without an active admin, on the
    // provider's word or anyone's. The admin stays one until another exists; audited each time.
    await recordRoleKept(deps, ip, staff, role);
    return staff;
  }
  const updated = changed ?? staff;
  // Like an admin lowering a role: sessions begun with more rights do not outlive them.
  const ended = isLowerRole(role, staff.role)
    ? await endSessions(deps.sessions, { staffId: staff.id }, 'role-lowered', null)
    : undefined;
  await recordRoleChange(deps, ip, staff, role, ended ? { sessionsEnded: ended.live.length } : {});
  return updated;
}
