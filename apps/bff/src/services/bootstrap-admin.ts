import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { AuditRepository } from '../db/repositories/audit.ts';
import { hasPassword, isSsoAccount } from '../db/repositories/staff.ts';
import { Secret } from '../lib/secret.ts';
import type { AdminBootstrap } from '../types.ts';
import { credentialDeps, type CredentialDeps } from './credentials/deps.ts';
import { replacePassword } from './credentials/replace-password.ts';
import { endSessions } from './sessions/end.ts';
import { removeTwoFactor } from './credentials/two-factor.ts';
import { generatePassword } from './passwords.ts';

// A reserved-looking address that the contracts' email rule accepts (it wants a dot).
export const DEFAULT_ADMIN_EMAIL = 'admin@dashboard.local';

/** What the start's admin bootstrap works with: the credential services' share and the audit log. */
export interface BootstrapDeps extends Pick<
  CredentialDeps,
  'repos' | 'passwords' | 'now' | 'sessions'
> {
  audit: AuditRepository;
  /** ADMIN_EMAIL + ADMIN_PASSWORD, when both are set. */
  admin: Config['admin'];
}

export const bootstrapDeps = (app: FastifyInstance): BootstrapDeps => ({
  ...credentialDeps(app),
  audit: app.repos.audit,
  admin: app.config.admin,
});

/** A new, enabled admin account with that password. */
const adminRow = async (deps: BootstrapDeps, email: string, password: string) => ({
  id: crypto.randomUUID(),
  email,
  display_name: 'Administrator',
  password_hash: await deps.passwords.hash(password, 'known'),
  role: 'admin' as const,
  disabled: 0,
  created_at: deps.now(),
  last_sign_in_at: null,
});

/**
 * ADMIN_EMAIL + ADMIN_PASSWORD create that admin or reset it (password, role, enabled) at each
 * start: the way back in when every admin is locked out. Without them, only the very first
 * start creates an admin, with a random password handed to server.ts to print once.
 * An account of the OpenID provider they name keeps its provider identity and gets the
 * password beside it (the way in while the provider fails) until a start no longer names it.
 */
export async function bootstrapAdmin(deps: BootstrapDeps): Promise<AdminBootstrap> {
  const removed = await removeSsoPasswords(deps);
  return {
    ...(await bootstrap(deps)),
    ...(removed.length > 0 ? { ssoPasswordsRemoved: removed } : {}),
  };
}

/**
 * The ADMIN_PASSWORD given to a provider's account lasts while ADMIN_EMAIL names it: once the
 * provider works again, the operator starts without the pair and people sign in only there.
 * Whoever signed in with that password is signed out.
 */
async function removeSsoPasswords(deps: BootstrapDeps): Promise<string[]> {
  const removed = await deps.repos.credentials.removeSsoPasswords(deps.admin?.email);
  for (const account of removed) {
    const { live } = await endSessions(
      deps.sessions,
      { staffId: account.id },
      'password-reset',
      null,
    );
    await deps.audit.record({
      action: 'staff.update',
      actorId: null,
      subject: account.id,
      details: { source: 'ADMIN_EMAIL', breakGlassRemoved: true, sessionsEnded: live.length },
    });
  }
  return removed.map((account) => account.email);
}

async function bootstrap(deps: BootstrapDeps): Promise<AdminBootstrap> {
  const { repos, audit, admin: configured } = deps;
  const { staff } = repos;
  if (configured) {
    const password = configured.password.reveal();
    let existing = await staff.byEmail(configured.email);
    if (!existing) {
      const row = await adminRow(deps, configured.email, password);
      if (await staff.insertIfAbsent(row)) {
        await audit.record({
          action: 'staff.create',
          actorId: null,
          subject: row.id,
          details: { source: 'ADMIN_EMAIL', role: 'admin' },
        });
        return { email: configured.email, generatedPassword: null, outcome: 'created' };
      }
      // Another replica starting at the same moment created it first.
      existing = await staff.byEmail(configured.email);
      if (!existing) throw new Error('The admin from ADMIN_EMAIL could not be created.');
    }
    // A provider's account keeps its identity: the operator named it, not the provider's word.
    const singleSignOn = isSsoAccount(existing) ? { singleSignOn: true as const } : {};
    const same =
      existing.role === 'admin' &&
      existing.disabled === 0 &&
      hasPassword(existing) &&
      (await deps.passwords.verify(existing.password_hash, password, 'known'));
    if (same) {
      return {
        email: configured.email,
        generatedPassword: null,
        outcome: 'unchanged',
        ...singleSignOn,
      };
    }
    await staff.update(existing.id, { role: 'admin', disabled: 0 });
    // The way back in covers a lost phone too: whoever sets ADMIN_PASSWORD controls the server
    // anyway. With two-factor required, the admin sets it up again at the next sign-in.
    const hadTwoFactor = existing.totp_enabled_at !== null;
    await removeTwoFactor(deps, existing.id);
    // A reset password is a way back in for its owner, not for whoever holds an old session.
    const { live } = await replacePassword(deps, existing, password, {
      reason: 'password-reset',
      endedBy: null,
    });
    await audit.record({
      action: 'staff.update',
      actorId: null,
      subject: existing.id,
      details: {
        source: 'ADMIN_EMAIL',
        reset: true,
        sessionsEnded: live.length,
        ...(hadTwoFactor ? { twoFactorRemoved: true } : {}),
        ...(singleSignOn.singleSignOn ? { breakGlass: true } : {}),
      },
    });
    return { email: configured.email, generatedPassword: null, outcome: 'reset', ...singleSignOn };
  }

  if ((await staff.count()) > 0) {
    return { email: DEFAULT_ADMIN_EMAIL, generatedPassword: null, outcome: 'existing-staff' };
  }
  const password = generatePassword();
  const row = {
    ...(await adminRow(deps, DEFAULT_ADMIN_EMAIL, password)),
    // Printed on the console: it opens the form for the admin's own password, once.
    must_change_password: 1,
  };
  // Only the replica whose insert wins hands out a password; the others found it there.
  if (!(await staff.insertIfAbsent(row))) {
    return { email: DEFAULT_ADMIN_EMAIL, generatedPassword: null, outcome: 'existing-staff' };
  }
  await audit.record({
    action: 'staff.create',
    actorId: null,
    subject: row.id,
    details: { source: 'first-start', role: 'admin' },
  });
  return {
    email: DEFAULT_ADMIN_EMAIL,
    generatedPassword: new Secret(password),
    outcome: 'created',
  };
}
