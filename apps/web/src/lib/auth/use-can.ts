import { can, type Permission } from '@ptd/contracts';
import { useCallback } from 'react';
import { useSession } from './session.ts';

/**
 * What the signed-in staff member may do, from the contracts' role model (the BFF enforces the
 * same). Every component asks here instead of reading the role itself; nothing is allowed while
 * the session is unknown.
 */
export function useCan(): (permission: Permission) => boolean {
  const role = useSession().data?.user.role;
  return useCallback(
    (permission: Permission) => role !== undefined && can(role, permission),
    [role],
  );
}
