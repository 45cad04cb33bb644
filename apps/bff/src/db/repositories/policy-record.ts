import type { IdentityView, JwksKeySummary, PlaybackPolicy, TokenTarget } from '@ptd/contracts';
import type { Selectable } from 'kysely';
import type { PolicyTable } from '../schema.ts';

export type PolicyRow = Selectable<PolicyTable>;

/** A policy row with the staff it names joined in. */
export interface PolicyRowWithStaff extends PolicyRow {
  creator_email: string | null;
  creator_name: string | null;
  updater_email: string | null;
  updater_name: string | null;
}

const staff = (id: string | null, email: string | null, name: string | null) =>
  id && email && name !== null ? { id, email, displayName: name } : null;

const iso = (ms: number) => new Date(Number(ms)).toISOString();

/** How identity is checked, without the secret: only whether one is stored. */
export function identityView(row: PolicyRow): IdentityView {
  const claims = { issuer: row.identity_issuer, audience: row.identity_audience };
  if (row.identity_mode === 'secret') {
    return { mode: 'secret', secretSet: row.identity_secret !== null, ...claims };
  }
  if (row.identity_mode === 'jwks') {
    const keys = JSON.parse(row.identity_jwks_keys ?? '[]') as JwksKeySummary[];
    return { mode: 'jwks', jwksUrl: row.identity_jwks_url ?? '', keys, ...claims };
  }
  return { mode: 'none' };
}

export const policyTarget = (row: Pick<PolicyRow, 'target'>) =>
  JSON.parse(row.target) as TokenTarget;

export const policyOrigins = (row: Pick<PolicyRow, 'allowed_origins'>) =>
  JSON.parse(row.allowed_origins) as string[];

export function toPolicy(row: PolicyRowWithStaff): PlaybackPolicy {
  return {
    id: row.id,
    name: row.name,
    target: policyTarget(row),
    lifetimeMinutes: Number(row.lifetime_minutes),
    bindIp: Boolean(row.bind_ip),
    allowIpv6WithoutBinding: Boolean(row.allow_ipv6_without_binding),
    allowedOrigins: policyOrigins(row),
    revocable: Boolean(row.revocable),
    forceDisconnect: Boolean(row.force_disconnect),
    tag: row.tag,
    identity: identityView(row),
    enabled: Boolean(row.enabled),
    createdAt: iso(row.created_at),
    createdBy: staff(row.created_by, row.creator_email, row.creator_name),
    updatedAt: iso(row.updated_at),
    updatedBy: staff(row.updated_by, row.updater_email, row.updater_name),
  };
}
