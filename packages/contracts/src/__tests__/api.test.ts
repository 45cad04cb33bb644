import { describe, expect, it } from 'vitest';
import {
  can,
  createStaffRequestSchema,
  signInRequestSchema,
  streamListQuerySchema,
  tokenListQuerySchema,
} from '../api.ts';

describe('BFF API schemas', () => {
  it('should let editors create and only admins revoke, manage staff and read the audit log', () => {
    expect(can('viewer', 'createToken')).toBe(false);
    expect(can('editor', 'createToken')).toBe(true);
    expect(can('editor', 'revokeToken')).toBe(false);
    expect(can('admin', 'revokeToken')).toBe(true);
    expect(can('editor', 'manageStaff')).toBe(false);
    expect(can('admin', 'readAudit')).toBe(true);
  });

  it('should normalise the sign-in email and name the field on bad input', () => {
    expect(signInRequestSchema.parse({ email: ' Ada@Example.com ', password: 'x' }).email).toBe(
      'ada@example.com',
    );
    const result = signInRequestSchema.safeParse({ email: 'nope', password: '' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'Email: enter a valid email address such as ada@example.com.',
      'Password: enter your password.',
    ]);
  });

  it('should coerce and bound paging from a query string', () => {
    expect(tokenListQuerySchema.parse({ page: '2', pageSize: '50' })).toMatchObject({
      page: 2,
      pageSize: 50,
      sort: 'createdAt',
      order: 'desc',
    });
    expect(tokenListQuerySchema.safeParse({ pageSize: '1000' }).success).toBe(false);
    expect(streamListQuerySchema.safeParse({ state: 'deleted' }).success).toBe(false);
    expect(streamListQuerySchema.safeParse({ unknown: '1' }).success).toBe(false);
  });

  it('should require a long enough initial password for staff', () => {
    const result = createStaffRequestSchema.safeParse({
      email: 'op@example.com',
      displayName: 'Op',
      role: 'editor',
      password: 'short',
    });
    expect(result.error?.issues[0]?.message).toBe('Password: at least 12 characters.');
  });
});
