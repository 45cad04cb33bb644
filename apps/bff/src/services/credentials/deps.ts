import type { FastifyInstance } from 'fastify';
import type { PasswordResetRepository } from '../../db/repositories/password-resets.ts';
import type { RecoveryCodeRepository } from '../../db/repositories/recovery-codes.ts';
import type { SignInPendingRepository } from '../../db/repositories/sign-in-pending.ts';
import type { StaffCredentialRepository } from '../../db/repositories/staff-credentials.ts';
import type { StaffRepository } from '../../db/repositories/staff.ts';
import type { KeyList } from '../../lib/crypto.ts';
import type { PasswordHasher } from '../passwords.ts';
import { sessionEnder, type SessionEnder } from '../sessions/end.ts';

/**
 * What the password, reset-link and two-factor services work with, passed in rather than read
 * off the app: routes build it once (`credentialDeps`), tests from a test app. Each service
 * takes only its share (`Pick<CredentialDeps, …>`).
 */
export interface CredentialDeps {
  repos: {
    staff: StaffRepository;
    credentials: StaffCredentialRepository;
    recoveryCodes: RecoveryCodeRepository;
    passwordResets: PasswordResetRepository;
    pendingSignIns: SignInPendingRepository;
  };
  passwords: PasswordHasher;
  /** LEDGER_KEY: seals the TOTP secrets. */
  ledgerKeys: KeyList;
  /** Milliseconds; the one clock every decision reads. */
  now: () => number;
  /** Ends the sessions a new password or a removed second factor leaves behind. */
  sessions: SessionEnder;
}

/** The credential services' dependencies as the app has them. */
export function credentialDeps(app: FastifyInstance): CredentialDeps {
  const { staff, credentials, recoveryCodes, passwordResets, pendingSignIns } = app.repos;
  return {
    repos: { staff, credentials, recoveryCodes, passwordResets, pendingSignIns },
    passwords: app.passwords,
    ledgerKeys: app.ledgerKeys,
    now: app.now,
    sessions: sessionEnder(app),
  };
}
