import { can, type Permission } from '@ptd/contracts';
import type { ReactNode } from 'react';
import { NotAllowed } from '../../components/not-allowed.tsx';
import { useSession } from '../../features/auth/api/session.ts';

/** Admin-only pages: others see why they cannot open them instead of the page. */
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
  return (
    <NotAllowed
      title={title}
      reason={`Only admins can open ${title}. Ask an admin of your organisation if you need access.`}
    />
  );
}
