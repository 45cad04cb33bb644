import type { StaffRow } from '../../db/repositories/staff.ts';
import { isSsoAccount } from '../../db/repositories/staff.ts';
import { conflict } from '../../lib/errors.ts';

/**
 * Passwords, set-password links and authenticator codes belong to local accounts. An account
 * of the OpenID provider has none here: the provider's own sign-in and two-factor rules apply.
 */
export function assertLocalAccount(staff: Pick<StaffRow, 'sso_subject'>, what: string) {
  if (isSsoAccount(staff)) {
    throw conflict(
      'single-sign-on',
      `This account signs in with single sign-on: ${what} at the identity provider.`,
    );
  }
}
