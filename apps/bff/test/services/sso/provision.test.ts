import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/lib/secret.ts';
import { startSession } from '../../../src/services/sessions/start.ts';
import {
  provisionDeps,
  provisionStaff,
  type IdentityClaims,
  type ProvisionDeps,
} from '../../../src/services/sso/provision.ts';
import type { SsoConfig } from '../../../src/services/sso/sso-config.ts';
import { useTestApp } from '../../helpers/fixture.ts';
import { auditEntries } from '../../helpers/audit.ts';
import { insertStaffMember } from '../../helpers/staff-members.ts';

const { t } = useTestApp({ upstream: 'embedded' });
let deps: ProvisionDeps;
beforeAll(() => {
  deps = provisionDeps(t.app);
});

const ISSUER = 'https://idp.example';
const IP = '203.0.113.9';
const sso: SsoConfig = {
  issuer: new URL(ISSUER),
  clientId: 'dashboard',
  clientSecret: new Secret('not used here'),
  providerName: 'Example IdP',
  scopes: 'openid email profile',
  allowedEmailDomains: [],
  roleClaim: 'groups',
  roleMap: [
    ['dash-editors', 'editor'],
    ['dash-admins', 'admin'],
  ],
  defaultRole: null,
};

/** A new person at the provider, in these groups. */
const person = (groups: string[], email = `${randomUUID()}@Example.com`): IdentityClaims => ({
  iss: ISSUER,
  sub: randomUUID(),
  email,
  name: ' Ann Example ',
  groups,
});

const provisioned = async (claims: IdentityClaims) => {
  const outcome = await provisionStaff(deps, IP, sso, claims);
  if (!('staff' in outcome)) throw new Error(`refused: ${outcome.refused}`);
  return outcome.staff;
};

describe('single sign-on provisioning', () => {
  it('should create the account at the first sign-in with the mapped role, audited from the address', async () => {
    const claims = person(['dash-editors', 'dash-admins']);
    const staff = await provisioned(claims);
    const email = String(claims.email).toLowerCase();
    expect(staff).toMatchObject({
      email,
      display_name: 'Ann Example',
      role: 'admin',
      sso_issuer: ISSUER,
      sso_subject: claims.sub,
    });
    expect((await provisioned(claims)).id).toBe(staff.id);
    const entries = await auditEntries(t.app.db, { subject: staff.id });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'staff.sso-provision', actor_id: staff.id, ip: IP });
    expect(entries[0]!.details).toEqual({
      email,
      role: 'admin',
      provider: 'Example IdP',
    });
  });

  it('should lower the role the provider lowered and end the sessions begun with more rights', async () => {
    const claims = person(['dash-admins']);
    const staff = await provisioned(claims);
    const session = await startSession(deps.sessions.sessions, {
      staffId: staff.id,
      ip: IP,
      userAgent: undefined,
      now: deps.sessions.now(),
    });

    const lowered = await provisioned({ ...claims, groups: ['dash-editors'] });
    expect(lowered.role).toBe('editor');
    expect((await deps.sessions.sessions.byId(session.id))?.ended_at).not.toBeNull();
    const change = (await auditEntries(t.app.db, { subject: staff.id })).at(-1)!;
    expect(change).toMatchObject({ action: 'staff.sso-role-change', actor_id: staff.id, ip: IP });
    expect(change.details).toMatchObject({
      role: { from: 'admin', to: 'editor' },
      sessionsEnded: 1,
    });
  });

  it('should keep the last active admin an admin when the provider lowers the role, and audit it', async () => {
    const claims = person(['dash-admins']);
    const staff = await provisioned(claims);
    // Every other admin disabled: this one is the last.
    const others = await t.app.db
      .selectFrom('staff')
      .select('id')
      .where('role', '=', 'admin')
      .where('disabled', '=', 0)
      .where('id', '!=', staff.id)
      .execute();
    const ids = others.map((o) => o.id);
    if (ids.length > 0) {
      await t.app.db.updateTable('staff').set({ disabled: 1 }).where('id', 'in', ids).execute();
    }
    try {
      const kept = await provisioned({ ...claims, groups: ['dash-editors'] });
      expect(kept.role).toBe('admin');
      expect((await deps.repos.staff.byId(staff.id))?.role).toBe('admin');
      const entry = (await auditEntries(t.app.db, { subject: staff.id })).at(-1)!;
      expect(entry).toMatchObject({ action: 'staff.sso-role-kept', actor_id: staff.id, ip: IP });
      expect(entry.details).toEqual({
        email: staff.email,
        kept: 'admin',
        providerRole: 'editor',
      });
    } finally {
      if (ids.length > 0) {
        await t.app.db.updateTable('staff').set({ disabled: 0 }).where('id', 'in', ids).execute();
      }
    }
    // With another admin again, the provider's role applies at the next sign-in.
    expect((await provisioned({ ...claims, groups: ['dash-editors'] })).role).toBe('editor');
  });

  it('should end every session of an account the provider gives no role any more', async () => {
    const claims = person(['dash-admins']);
    const staff = await provisioned(claims);
    const session = await startSession(deps.sessions.sessions, {
      staffId: staff.id,
      ip: IP,
      userAgent: undefined,
      now: deps.sessions.now(),
    });

    expect(await provisionStaff(deps, IP, sso, { ...claims, groups: [] })).toEqual({
      refused: 'no-role',
      staffId: staff.id,
    });
    // No admin session outlives the role; what it keeps is the lowest role, and no session.
    expect((await deps.sessions.sessions.byId(session.id))?.ended_at).not.toBeNull();
    expect((await deps.repos.staff.byId(staff.id))?.role).toBe('viewer');
    const change = (await auditEntries(t.app.db, { subject: staff.id })).at(-1)!;
    expect(change).toMatchObject({ action: 'staff.sso-role-change', actor_id: staff.id, ip: IP });
    expect(change.details).toEqual({
      email: staff.email,
      role: { from: 'admin', to: 'viewer' },
      noRole: true,
      sessionsEnded: 1,
    });
    // A role again: it applies at the next sign-in.
    expect((await provisioned({ ...claims, groups: ['dash-editors'] })).role).toBe('editor');
  });

  it('should keep the last active admin an admin and signed in when the provider gives no role', async () => {
    const claims = person(['dash-admins']);
    const staff = await provisioned(claims);
    const session = await startSession(deps.sessions.sessions, {
      staffId: staff.id,
      ip: IP,
      userAgent: undefined,
      now: deps.sessions.now(),
    });
    const others = await t.app.db
      .selectFrom('staff')
      .select('id')
      .where('role', '=', 'admin')
      .where('disabled', '=', 0)
      .where('id', '!=', staff.id)
      .execute();
    const ids = others.map((o) => o.id);
    if (ids.length > 0) {
      await t.app.db.updateTable('staff').set({ disabled: 1 }).where('id', 'in', ids).execute();
    }
    try {
      const kept = await provisioned({ ...claims, groups: [] });
      expect(kept.role).toBe('admin');
      expect((await deps.sessions.sessions.byId(session.id))?.ended_at).toBeNull();
      const entry = (await auditEntries(t.app.db, { subject: staff.id })).at(-1)!;
      expect(entry).toMatchObject({ action: 'staff.sso-role-kept', actor_id: staff.id });
      expect(entry.details).toEqual({
        email: staff.email,
        kept: 'admin',
        providerRole: null,
      });
    } finally {
      if (ids.length > 0) {
        await t.app.db.updateTable('staff').set({ disabled: 0 }).where('id', 'in', ids).execute();
      }
    }
  });

  it('should hold the provider’s address to the rules of local accounts: 254 characters, a valid address', async () => {
    const address = (n: number) =>
      `${'a'.repeat(64)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(n)}.example.com`;
    const longest = address(55);
    expect(longest).toHaveLength(254);
    expect((await provisioned(person(['dash-editors'], ` ${longest.toUpperCase()} `))).email).toBe(
      longest,
    );
    for (const email of [
      address(56),
      'ada@@example.com',
      'ada example@example.com',
      '@example.com',
      'ada@',
    ]) {
      expect(await provisionStaff(deps, IP, sso, person(['dash-editors'], email))).toEqual({
        refused: 'email-invalid',
      });
    }
    expect(await provisionStaff(deps, IP, sso, { ...person(['dash-editors']), email: 42 })).toEqual(
      { refused: 'email-missing' },
    );
  });

  it('should refuse an address a local account holds, a disabled account and someone no group maps', async () => {
    const local = await insertStaffMember(deps.repos.staff, 'viewer');
    expect(await provisionStaff(deps, IP, sso, person(['dash-editors'], local.email))).toEqual({
      refused: 'email-taken',
    });

    const claims = person(['dash-editors']);
    const staff = await provisioned(claims);
    await deps.repos.staff.update(staff.id, { disabled: 1 });
    expect(await provisionStaff(deps, IP, sso, claims)).toEqual({
      refused: 'account-disabled',
      staffId: staff.id,
    });
    expect(await provisionStaff(deps, IP, sso, person(['other']))).toEqual({ refused: 'no-role' });
  });
});
