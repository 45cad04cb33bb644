import type { AuditEntry } from '@ptd/contracts';
import { formatShort } from '@/lib/format.ts';

type Action = AuditEntry['action'];

export const ACTION_LABELS: Record<Action, string> = {
  'session.sign-in': 'Signed in',
  'session.sign-in-failed': 'Sign-in failed',
  'session.sign-out': 'Signed out',
  'session.end': 'Signed out a session',
  'session.end-others': 'Signed out their other sessions',
  'session.end-all': 'Signed a staff member out everywhere',
  'token.create': 'Created a token',
  'token.create-failed': 'Token creation failed',
  'token.ledger-write-failed': 'Token not recorded in the ledger',
  'token.never-delivered': 'Token never delivered',
  'token.revoke': 'Revoked a token',
  'token.revocation-settled': 'Pending revocation settled',
  'token.bulk-revoke': 'Revoked tokens by filter',
  'token.bulk-revoke-stop': 'Stopped a revoke by filter',
  'export.tokens': 'Exported tokens (CSV)',
  'export.audit': 'Exported the audit log (CSV)',
  'ledger.retention': 'Removed expired tokens (retention)',
  'stream.create': 'Created a stream',
  'staff.create': 'Added a staff member',
  'staff.update': 'Changed a staff member',
  'policy.create': 'Created a playback policy',
  'policy.update': 'Changed a playback policy',
  'policy.enable': 'Enabled a playback policy',
  'policy.disable': 'Disabled a playback policy',
  'session.two-factor-failed': 'Two-factor code refused',
  'password.change': 'Changed their password',
  'password.change-failed': 'Password change refused',
  'password.reset-link': 'Issued a set-password link',
  'password.reset': 'Set a password with a link',
  'password.reset-failed': 'Set-password link refused',
  'two-factor.enable': 'Turned on two-factor sign-in',
  'two-factor.enable-failed': 'Two-factor setup refused',
  'two-factor.reset': 'Turned off a staff member’s two-factor sign-in',
  'staff.sso-provision': 'Joined with single sign-on',
  'staff.sso-role-change': 'Role changed by the identity provider',
  'staff.sso-role-kept': 'Kept as the last admin against the identity provider’s role',
  'session.sso-failed': 'Single sign-on refused',
  'session.reauthenticate': 'Confirmed it was them',
  'session.reauthenticate-failed': 'Confirmation refused',
  'batch.create': 'Created a batch of tokens',
  'batch.finish': 'Batch of tokens ended',
  'batch.cancel': 'Cancelled a batch of tokens',
  'batch.retry': 'Retried the failed rows of a batch',
  'batch.resume': 'Minted the cancelled rows of a batch',
  'batch.download': 'Downloaded the tokens of a batch',
};

/** Failures stand out; everything else is routine. */
export const ACTION_TONE: Record<Action, 'default' | 'error' | 'warning' | 'info'> = {
  'session.sign-in': 'default',
  'session.sign-in-failed': 'warning',
  'session.sign-out': 'default',
  'session.end': 'warning',
  'session.end-others': 'default',
  'session.end-all': 'warning',
  'token.create': 'info',
  'token.create-failed': 'error',
  'token.ledger-write-failed': 'error',
  'token.never-delivered': 'warning',
  'token.revoke': 'warning',
  'token.revocation-settled': 'info',
  'token.bulk-revoke': 'warning',
  'token.bulk-revoke-stop': 'warning',
  'export.tokens': 'info',
  'export.audit': 'info',
  'ledger.retention': 'default',
  'stream.create': 'info',
  'staff.create': 'info',
  'staff.update': 'info',
  'policy.create': 'info',
  'policy.update': 'info',
  'policy.enable': 'info',
  'policy.disable': 'warning',
  'session.two-factor-failed': 'warning',
  'password.change': 'info',
  'password.change-failed': 'warning',
  'password.reset-link': 'warning',
  'password.reset': 'info',
  'password.reset-failed': 'warning',
  'two-factor.enable': 'info',
  'two-factor.enable-failed': 'warning',
  'two-factor.reset': 'warning',
  'staff.sso-provision': 'info',
  'staff.sso-role-change': 'info',
  'staff.sso-role-kept': 'warning',
  'session.sso-failed': 'warning',
  'session.reauthenticate': 'default',
  'session.reauthenticate-failed': 'warning',
  'batch.create': 'info',
  'batch.finish': 'default',
  'batch.cancel': 'warning',
  'batch.retry': 'default',
  'batch.resume': 'default',
  'batch.download': 'info',
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map(describeValue).join(', ');
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('from' in record && 'to' in record) {
      return `${describeValue(record.from)} → ${describeValue(record.to)}`;
    }
    // A person (who stopped a revoke by filter): as the Who column names them.
    if (typeof record.displayName === 'string' && typeof record.email === 'string') {
      return `${record.displayName} (${record.email})`;
    }
    // A batch's target keeps how many streams it names: { type: 'streams', streams: 3 }.
    if (record.type === 'streams' && typeof record.streams === 'number') {
      return `${record.streams} ${record.streams === 1 ? 'stream' : 'streams'}`;
    }
    // e.g. a token target: { type: 'streams', streams: [...] } → "streams a, b"
    if ('type' in record) return Object.values(record).map(describeValue).join(' ');
    // e.g. a filter: { tag: 'vip', createdBy: 'eddie' } → "tag vip, created by eddie"
    return Object.entries(record)
      .map(([key, inner]) => `${describeKey(key)} ${describeValue(inner)}`)
      .join(', ');
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' && ISO_INSTANT.test(value)) return formatShort(value);
  return String(value);
}

/** "expiresAt" → "expires at"; "jti" stays. */
const describeKey = (key: string) => key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/** [["role", "editor → admin"], ["email", "eddie@example.com"]] */
export const detailEntries = (details: Record<string, unknown>): Array<[string, string]> =>
  Object.entries(details).map(([key, value]) => [describeKey(key), describeValue(value)]);

/** "role: editor → admin · email: eddie@example.com" */
export function summariseDetails(details: Record<string, unknown>): string {
  return detailEntries(details)
    .map(([key, value]) => `${key}: ${value}`)
    .join(' · ');
}
