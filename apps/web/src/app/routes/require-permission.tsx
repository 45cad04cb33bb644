import type { Permission } from '@ptd/contracts';
import type { ReactNode } from 'react';
import { NotAllowed } from '@/components/not-allowed.tsx';
import { rolesAllowedTo } from '@/lib/auth/roles.ts';
import { useCan } from '@/lib/auth/use-can.ts';

/**
 * The one guard of pages for some roles only (router.tsx's `requires`): the page itself never
 * checks again; others see why they cannot open it instead of the page.
 */
export function RequirePermission({
  permission,
  title,
  children,
}: {
  permission: Permission;
  title: string;
  children: ReactNode;
}) {
  const can = useCan();
  if (can(permission)) return children;
  const reason = `Only ${rolesAllowedTo(permission)} can open ${title}. Ask an admin of your organisation if you need access.`;
  return <NotAllowed title={title} reason={reason} />;
}
