import type { AuditEntry, AuditList, Staff } from '@ptd/contracts';

const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();

/** Staff accounts; the first is the admin that `sessionFor('admin')` signs in. */
export const staffMembers = (): Staff[] => [
  {
    id: 'staff-admin',
    email: 'admin@example.com',
    displayName: 'Ada admin',
    role: 'admin',
    disabled: false,
    createdAt: at(90),
    lastSignInAt: at(0),
    twoFactor: true,
  },
  {
    id: 'staff-editor',
    email: 'editor@example.com',
    displayName: 'Eddie Editor',
    role: 'editor',
    disabled: false,
    createdAt: at(30),
    lastSignInAt: at(2),
    twoFactor: true,
  },
  {
    id: 'staff-viewer',
    email: 'vera@example.com',
    displayName: 'Vera Viewer',
    role: 'viewer',
    disabled: true,
    createdAt: at(10),
    lastSignInAt: null,
    twoFactor: false,
  },
];

export const auditEntries = (): AuditEntry[] => [
  {
    id: 'a-1',
    at: at(0),
    actor: { id: 'staff-admin', email: 'admin@example.com', displayName: 'Ada admin' },
    action: 'token.revoke',
    subject: 'tok-rev',
    ip: '203.0.113.7',
    details: { jti: 'jti-tok-rev', tag: 'vip-lounge' },
  },
  {
    id: 'a-2',
    at: at(1),
    actor: { id: 'staff-editor', email: 'editor@example.com', displayName: 'Eddie Editor' },
    action: 'token.create',
    subject: 'tok-rev',
    ip: '198.51.100.4',
    details: { target: 'streams', streams: ['DmoEv-Stage2'], revocable: true },
  },
  {
    id: 'a-3',
    at: at(2),
    actor: null,
    action: 'session.sign-in-failed',
    subject: 'mallory@example.com',
    ip: '192.0.2.66',
    details: { reason: 'bad-password' },
  },
];

export const auditPage = (
  items: AuditEntry[],
  page = 1,
  pageSize = 25,
  total = items.length,
): AuditList => ({
  items,
  page,
  pageSize,
  total,
});
