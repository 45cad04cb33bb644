import { can, type Session } from '@ptd/contracts';
import { useSession } from '../../auth/api/session.ts';

/**
 * Whether the signed-in staff member can create tokens here, and if not, why: the role
 * (nothing is offered), the organisation's missing Secure Playback package (say what is
 * missing and how to get it), or a read-only nanoStream credential (disabled, with the reason).
 */
export type CreateAccess = 'allowed' | 'not-for-role' | 'upgrade-needed' | 'read-only-credential';

export function createAccessOf(session: Session): CreateAccess {
  if (!can(session.user.role, 'createToken')) return 'not-for-role';
  if (!session.organisation.securePackage) return 'upgrade-needed';
  if (session.organisation.credentialRole === 'nanoReadOnly') return 'read-only-credential';
  return 'allowed';
}

/** `null` until the session is known. */
export function useCreateAccess(): CreateAccess | null {
  const session = useSession().data;
  return session ? createAccessOf(session) : null;
}

export const READ_ONLY_CREDENTIAL =
  'The dashboard’s nanoStream credential is read-only (nanoReadOnly): it can list and inspect tokens but cannot create or revoke tokens. An administrator must configure a nanoUser or nanoAdmin bintu token, or the organisation API key.';

/** The short form, beside a disabled button. */
export const READ_ONLY_SHORT =
  'Off: the dashboard’s nanoStream credential is read-only (nanoReadOnly).';

/** nanoStream's page on the Secure Playback package. */
export const SECURE_PLAYBACK_DOCS = 'https://docs.nanocosmos.de/docs/dashboard/secure_playback';
