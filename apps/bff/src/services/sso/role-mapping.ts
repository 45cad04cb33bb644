import type { Role } from '@ptd/contracts';
import type { SsoConfig } from './sso-config.ts';

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

/** A claim's values: a string (one or space-separated is not split), or an array of them. */
function valuesOf(claim: unknown): string[] {
  if (typeof claim === 'string') return [claim];
  if (Array.isArray(claim)) return claim.filter((v): v is string => typeof v === 'string');
  return [];
}

/**
 * The role the provider's claims give: the highest role any mapped value of the role claim
 * names, else the default role; null when neither applies (the sign-in is refused).
 */
export function mappedRole(
  sso: Pick<SsoConfig, 'roleClaim' | 'roleMap' | 'defaultRole'>,
  claims: Record<string, unknown>,
): Role | null {
  const values = new Set(sso.roleClaim ? valuesOf(claims[sso.roleClaim]) : []);
  let role: Role | null = null;
  for (const [value, mapped] of sso.roleMap) {
    if (values.has(value) && (role === null || RANK[mapped] > RANK[role])) role = mapped;
  }
  return role ?? sso.defaultRole;
}

export const isLowerRole = (to: Role, from: Role) => RANK[to] < RANK[from];
