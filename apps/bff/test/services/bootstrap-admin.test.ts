import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/lib/secret.ts';
import {
  bootstrapAdmin,
  bootstrapDeps,
  type BootstrapDeps,
} from '../../src/services/bootstrap-admin.ts';
import { findResetLink, issueResetLink } from '../../src/services/credentials/reset-links.ts';
import { startSession } from '../../src/services/sessions/start.ts';
import { Client } from '../helpers/client.ts';
import { auditEntries } from '../helpers/audit.ts';
import { useTestApp } from '../helpers/fixture.ts';

const { t } = useTestApp({ upstream: 'embedded' });
let base: BootstrapDeps;

beforeAll(() => {
  base = bootstrapDeps(t.app);
});

/** The bootstrap as a start with ADMIN_EMAIL + ADMIN_PASSWORD would run it. */
const withAdmin = (email: string, password: string) =>
  bootstrapAdmin({ ...base, admin: { email, password: new Secret(password) } });

describe('the admin from ADMIN_EMAIL and ADMIN_PASSWORD', () => {
  it('should create that admin once and leave it alone while nothing changed', async () => {
    const email = `${randomUUID()}@example.com`;
    expect(await withAdmin(email, 'a first long passphrase')).toMatchObject({
      outcome: 'created',
      generatedPassword: null,
    });
    expect(await withAdmin(email, 'a first long passphrase')).toMatchObject({
      outcome: 'unchanged',
    });
    const admin = await base.repos.staff.byEmail(email);
    expect(admin).toMatchObject({ role: 'admin', disabled: 0 });
    expect(
      await auditEntries(t.app.db, { subject: admin!.id }, ['action', 'actor_id', 'details']),
    ).toEqual([
      {
        action: 'staff.create',
        actor_id: null,
        details: { source: 'ADMIN_EMAIL', role: 'admin' },
      },
    ]);
    const signIn = await new Client(t.app).signIn(email, 'a first long passphrase');
    expect(signIn.statusCode).toBe(200);
  });

  it('should reset a demoted, disabled admin: new password, no two-factor, no old sessions or set-password links', async () => {
    const email = `${randomUUID()}@example.com`;
    await withAdmin(email, 'a first long passphrase');
    const admin = (await base.repos.staff.byEmail(email))!;
    const session = await startSession(base.sessions.sessions, {
      staffId: admin.id,
      ip: '198.51.100.7',
      userAgent: undefined,
      now: base.now(),
    });
    const link = await issueResetLink(base, admin, null, 'https://dashboard.example');
    await base.repos.staff.update(admin.id, { role: 'editor', disabled: 1 });
    await t.app.db
      .updateTable('staff')
      .set({ totp_secret: 'v1.x.y.z', totp_enabled_at: base.now() })
      .where('id', '=', admin.id)
      .execute();

    expect(await withAdmin(email, 'a second long passphrase')).toMatchObject({
      outcome: 'reset',
    });

    expect(await base.repos.staff.byId(admin.id)).toMatchObject({
      role: 'admin',
      disabled: 0,
      must_change_password: 0,
      totp_enabled_at: null,
    });
    expect((await base.sessions.sessions.byId(session.id))?.ended_at).not.toBeNull();
    const token = new URL(link.link).hash.slice('#token='.length);
    expect(await findResetLink(base, token)).toMatchObject({ ok: false });
    expect(
      (await auditEntries(t.app.db, { subject: admin.id }, ['action', 'actor_id', 'details'])).at(
        -1,
      ),
    ).toEqual({
      action: 'staff.update',
      actor_id: null,
      details: { source: 'ADMIN_EMAIL', reset: true, sessionsEnded: 1, twoFactorRemoved: true },
    });
    const client = new Client(t.app);
    expect((await client.signIn(email, 'a first long passphrase')).statusCode).toBe(401);
    expect((await client.signIn(email, 'a second long passphrase')).statusCode).toBe(200);
  });
});
