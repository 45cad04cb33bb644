import { describe, expect, it } from 'vitest';
import { mappedRole } from '../../../src/services/sso/role-mapping.ts';

const sso = {
  roleClaim: 'groups',
  roleMap: [
    ['dash-editors', 'editor'],
    ['dash-admins', 'admin'],
  ] as const,
  defaultRole: null,
};

describe('mappedRole', () => {
  it('should give the highest role any group maps to', () => {
    expect(mappedRole(sso, { groups: ['dash-editors', 'dash-admins'] })).toBe('admin');
    expect(mappedRole(sso, { groups: ['other', 'dash-editors'] })).toBe('editor');
    expect(mappedRole(sso, { groups: 'dash-admins' })).toBe('admin');
  });

  it('should fall back to the default role, or refuse without one', () => {
    expect(mappedRole(sso, { groups: ['other'] })).toBeNull();
    expect(mappedRole({ ...sso, defaultRole: 'viewer' }, {})).toBe('viewer');
    expect(mappedRole(sso, { groups: [42, { name: 'dash-admins' }] })).toBeNull();
  });
});
