import { describe, expect, it } from 'vitest';
import { can, canRevokeToken } from '../api.ts';

const record = (createdBy: string | null) => ({
  createdBy:
    createdBy === null ? null : { id: createdBy, email: 'x@example.com', displayName: 'X' },
});

describe('revoking', () => {
  it('should let editors revoke the tokens they created and admins any token', () => {
    expect(canRevokeToken({ id: 'ed', role: 'editor' }, record('ed'))).toBe(true);
    expect(canRevokeToken({ id: 'ed', role: 'editor' }, record('someone-else'))).toBe(false);
    expect(canRevokeToken({ id: 'ed', role: 'editor' }, record(null))).toBe(false);
    expect(canRevokeToken({ id: 'ad', role: 'admin' }, record('someone-else'))).toBe(true);
    expect(canRevokeToken({ id: 'ad', role: 'admin' }, record(null))).toBe(true);
    expect(canRevokeToken({ id: 'vi', role: 'viewer' }, record('vi'))).toBe(false);
    expect(can('editor', 'revokeToken')).toBe(true);
    expect(can('editor', 'revokeAnyToken')).toBe(false);
  });
});
