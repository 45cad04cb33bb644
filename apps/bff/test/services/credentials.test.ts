import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRow } from '../../src/db/repositories/staff.ts';
import { credentialDeps, type CredentialDeps } from '../../src/services/credentials/deps.ts';
import { replacePassword } from '../../src/services/credentials/replace-password.ts';
import { findResetLink, issueResetLink } from '../../src/services/credentials/reset-links.ts';
import {
  checkSecondFactor,
  confirmEnrolment,
  removeTwoFactor,
  startEnrolment,
} from '../../src/services/credentials/two-factor.ts';
import { startSession } from '../../src/services/sessions/start.ts';
import { totpCode } from '../helpers/credentials.ts';
import { useTestApp } from '../helpers/fixture.ts';
import { insertStaffMember } from '../helpers/staff-members.ts';

const { t } = useTestApp({ upstream: 'embedded' });
let deps: CredentialDeps;
let member: StaffRow;

const reread = async () => (await deps.repos.staff.byId(member.id)) ?? member;
const newSession = () =>
  startSession(deps.sessions.sessions, {
    staffId: member.id,
    ip: '198.51.100.7',
    userAgent: undefined,
    now: deps.now(),
  });

beforeAll(() => {
  deps = credentialDeps(t.app);
});
afterEach(() => t.clock.set(Date.now()));

describe('two-factor sign-in with explicit dependencies', () => {
  beforeAll(async () => {
    member = await insertStaffMember(deps.repos.staff, 'editor');
  });

  it('should turn two-factor on with the first code and take each code and recovery code once', async () => {
    const { secret } = await startEnrolment(deps, member);
    expect(await confirmEnrolment(deps, member.id, '000000')).toMatchObject({ ok: false });
    const enrolled = await confirmEnrolment(deps, member.id, totpCode(secret, deps.now()));
    if (!enrolled.ok) throw new Error(`enrolment refused: ${enrolled.reason}`);
    expect(enrolled.recoveryCodes).toHaveLength(10);

    t.clock.advance(30_000);
    const code = totpCode(secret, deps.now());
    expect(await checkSecondFactor(deps, await reread(), code)).toEqual({
      ok: true,
      method: 'totp',
    });
    expect(await checkSecondFactor(deps, await reread(), code)).toEqual({
      ok: false,
      reason: 'replayed',
    });
    const [recovery] = enrolled.recoveryCodes;
    expect(await checkSecondFactor(deps, await reread(), recovery ?? '')).toEqual({
      ok: true,
      method: 'recovery-code',
      recoveryCodesLeft: 9,
    });
    expect(await checkSecondFactor(deps, await reread(), recovery ?? '')).toEqual({
      ok: false,
      reason: 'used-recovery-code',
    });
  });

  it('should forget the secret and the recovery codes when two-factor is removed', async () => {
    await removeTwoFactor(deps, member.id);
    const after = await reread();
    expect(after).toMatchObject({ totp_secret: null, totp_enabled_at: null });
    expect(await deps.repos.recoveryCodes.countUnused(member.id)).toBe(0);
  });
});

describe('passwords and set-password links with explicit dependencies', () => {
  beforeAll(async () => {
    member = await insertStaffMember(deps.repos.staff, 'viewer');
  });

  it('should set the new password and end every other session of the account', async () => {
    const [kept, other] = [await newSession(), await newSession()];
    const { live } = await replacePassword(deps, member, 'a new password for the test', {
      reason: 'password-changed',
      endedBy: member.id,
      keepSessionId: kept.id,
    });
    expect(live.map((session) => session.id)).toEqual([other.id]);
    const after = await reread();
    expect(
      await deps.passwords.verify(after.password_hash, 'a new password for the test', 'known'),
    ).toBe(true);
    expect(await deps.sessions.sessions.byId(kept.id)).toMatchObject({ ended_at: null });
    expect(await deps.sessions.sessions.byId(other.id)).toMatchObject({
      end_reason: 'password-changed',
    });
  });

  it('should find a set-password link by its token for an hour, and withdraw it with a new password', async () => {
    const issued = await issueResetLink(deps, member, null, 'https://dashboard.example');
    const token = new URL(issued.link).hash.replace('#token=', '');
    expect(await findResetLink(deps, token)).toMatchObject({ ok: true, staff: { id: member.id } });
    expect(await findResetLink(deps, `${token}x`)).toEqual({ ok: false, problem: 'unknown' });
    t.clock.advance(60 * 60_000);
    expect(await findResetLink(deps, token)).toMatchObject({ ok: false, problem: 'expired' });
    t.clock.set(Date.now());
    await replacePassword(deps, member, 'another new password 42', {
      reason: 'password-reset',
      endedBy: null,
    });
    expect(await findResetLink(deps, token)).toEqual({ ok: false, problem: 'unknown' });
  });
});
