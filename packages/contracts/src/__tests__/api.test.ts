import { describe, expect, it } from 'vitest';
import {
  can,
  createStaffRequestSchema,
  signInRequestSchema,
  streamListQuerySchema,
  tokenListQuerySchema,
  updateStaffRequestSchema,
} from '../api.ts';

describe('BFF API schemas', () => {
  it('should let editors create and only admins revoke any token, manage staff and read the audit log', () => {
    expect(can('viewer', 'createToken')).toBe(false);
    expect(can('editor', 'createToken')).toBe(true);
    expect(can('editor', 'revokeAnyToken')).toBe(false);
    expect(can('admin', 'revokeAnyToken')).toBe(true);
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
    expect(tokenListQuerySchema.parse({ cursor: 'next-page', pageSize: '50' })).toMatchObject({
      cursor: 'next-page',
      pageSize: 50,
      sort: 'createdAt',
      order: 'desc',
    });
    expect(tokenListQuerySchema.safeParse({ pageSize: '1000' }).success).toBe(false);
    // The token list pages by cursor: a page number is refused rather than ignored.
    expect(tokenListQuerySchema.safeParse({ page: '2' }).success).toBe(false);
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
    expect(result.error?.issues[0]?.message).toBe('Initial password: at least 12 characters.');
  });

  it('should refuse an email longer than 254 characters, naming the field', () => {
    // 254 is the longest address SMTP can carry (RFC 5321 path limit).
    const longest = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
    expect(longest).toHaveLength(254);
    const staff = { displayName: 'Op', role: 'editor', password: 'long enough password' };
    expect(createStaffRequestSchema.safeParse({ ...staff, email: longest }).success).toBe(true);
    for (const result of [
      createStaffRequestSchema.safeParse({ ...staff, email: `a${longest}` }),
      signInRequestSchema.safeParse({ email: `a${longest}`, password: 'x' }),
    ]) {
      expect(result.error?.issues.map((i) => i.message)).toEqual([
        'Email: at most 254 characters.',
      ]);
    }
  });

  it('should refuse a staff change that changes nothing, saying what may be changed', () => {
    const result = updateStaffRequestSchema.safeParse({});
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'Nothing to change: send "role", "disabled" or both.',
    ]);
    expect(updateStaffRequestSchema.safeParse({ disabled: false }).success).toBe(true);
  });
});
