import type { Permission, Session } from '@ptd/contracts';
import { hasReadOnlyCredential } from '@/lib/read-only-credential.ts';
import { useSession } from '@/lib/auth/session.ts';
import { useCan } from '@/lib/auth/use-can.ts';

/**
 * Whether the signed-in staff member can create tokens here, and if not, why: the role
 * (nothing is offered), the organisation's missing Secure Playback package (say what is
 * missing and how to get it), or a read-only nanoStream credential (disabled, with the reason).
 */
export type CreateAccess = 'allowed' | 'not-for-role' | 'upgrade-needed' | 'read-only-credential';

/** `can` is `useCan()`'s answer for the same session. */
export function createAccessOf(
  session: Session,
  can: (permission: Permission) => boolean,
): CreateAccess {
  if (!can('createToken')) return 'not-for-role';
  if (!session.organisation.securePackage) return 'upgrade-needed';
  if (hasReadOnlyCredential(session)) return 'read-only-credential';
  return 'allowed';
}

/** `null` until the session is known. */
export function useCreateAccess(): CreateAccess | null {
  const session = useSession().data;
  const can = useCan();
  return session ? createAccessOf(session, can) : null;
}

/** nanoStream's page on the Secure Playback package. */
export const SECURE_PLAYBACK_DOCS = 'https://docs.nanocosmos.de/docs/dashboard/secure_playback';
