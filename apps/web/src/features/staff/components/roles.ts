import type { Role } from '@ptd/contracts';

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
