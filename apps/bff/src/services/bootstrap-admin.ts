import type { FastifyInstance } from 'fastify';
import { Secret } from '../lib/secret.ts';
import type { AdminBootstrap } from '../types.ts';
import { credentialDeps } from './credentials/deps.ts';
import { removeTwoFactor } from './credentials/two-factor.ts';
import { generatePassword } from './passwords.ts';
import { endSessions } from './sessions/end.ts';

// A reserved-looking address that the contracts' email rule accepts (it wants a dot).
export const DEFAULT_ADMIN_EMAIL = 'admin@dashboard.local';

/** A new, enabled admin account with that password. */
const adminRow = async (app: FastifyInstance, email: string, password: string) => ({
  id: crypto.randomUUID(),
  email,
  display_name: 'Administrator',
  password_hash: await app.passwords.hash(password),
  role: 'admin' as const,
  disabled: 0,
  created_at: app.now(),
  last_sign_in_at: null,
});

/**
 * ADMIN_EMAIL + ADMIN_PASSWORD create that admin or reset it (password, role, enabled) at each
 * start: the way back in when every admin is locked out. Without them, only the very first
 * start creates an admin, with a random password handed to server.ts to print once.
 */
export async function bootstrapAdmin(app: FastifyInstance): Promise<AdminBootstrap> {
  const { staff, audit } = app.repos;
  const configured = app.config.admin;
  if (configured) {
    const password = configured.password.reveal();
    let existing = await staff.byEmail(configured.email);
    if (!existing) {
      const row = await adminRow(app, configured.email, password);
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
    const same =
      existing.role === 'admin' &&
      existing.disabled === 0 &&
      (await app.passwords.verify(existing.password_hash, password));
    if (same) return { email: configured.email, generatedPassword: null, outcome: 'unchanged' };
    await staff.update(existing.id, {
      role: 'admin',
      disabled: 0,
      password_hash: await app.passwords.hash(password),
      must_change_password: 0,
    });
    // The way back in covers a lost phone too: whoever sets ADMIN_PASSWORD controls the server
    // anyway. With two-factor required, the admin sets it up again at the next sign-in.
    const hadTwoFactor = existing.totp_enabled_at !== null;
    const credentials = credentialDeps(app);
    await removeTwoFactor(credentials, existing.id);
    // A reset password is a way back in for its owner, not for whoever holds an old session.
    const { live } = await endSessions(
      credentials.sessions,
      { staffId: existing.id },
      'password-reset',
      null,
    );
    await audit.record({
      action: 'staff.update',
      actorId: null,
      subject: existing.id,
      details: {
        source: 'ADMIN_EMAIL',
        reset: true,
        sessionsEnded: live.length,
        ...(hadTwoFactor ? { twoFactorRemoved: true } : {}),
      },
    });
    return { email: configured.email, generatedPassword: null, outcome: 'reset' };
  }

  if ((await staff.count()) > 0) {
    return { email: DEFAULT_ADMIN_EMAIL, generatedPassword: null, outcome: 'existing-staff' };
  }
  const password = generatePassword();
  const row = {
    ...(await adminRow(app, DEFAULT_ADMIN_EMAIL, password)),
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
