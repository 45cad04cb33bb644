import { PERMISSIONS, type Permission, type Role } from '@ptd/contracts';

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  editor: 'Editor',
  viewer: 'Viewer',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: 'Everything, plus staff accounts, revoking tokens and the audit log',
  editor: 'Creates streams and playback tokens',
  viewer: 'Sees streams and tokens, creates nothing',
};

/** Who may do it, in words for a refusal: "editors and admins", "admins". */
export function rolesAllowedTo(permission: Permission): string {
  return (PERMISSIONS[permission] as readonly Role[]).includes('editor')
    ? 'editors and admins'
    : 'admins';
}
