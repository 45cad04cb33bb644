import { can, PERMISSIONS, type Permission, type Role } from '@ptd/contracts';
import type { ReactNode } from 'react';
import { NotAllowed } from '@/components/not-allowed.tsx';
import { useSession } from '@/features/auth/api/session.ts';

/** Pages for some roles only: others see why they cannot open them instead of the page. */
export function RequirePermission({
  permission,
  title,
  children,
}: {
  permission: Permission;
  title: string;
  children: ReactNode;
}) {
  const role = useSession().data?.user.role;
  if (role && can(role, permission)) return children;
  const who = (PERMISSIONS[permission] as readonly Role[]).includes('editor')
    ? 'editors and admins'
    : 'admins';
  return (
    <NotAllowed
      title={title}
      reason={`Only ${who} can open ${title}. Ask an admin of your organisation if you need access.`}
    />
  );
}
