import type { PlaybackPolicy, PolicyRequestInput } from '@ptd/contracts';
import { POLICY_LIMITS } from '@ptd/contracts';

export const NEW_POLICY: PolicyRequestInput = {
  name: '',
  target: { type: 'group', groupId: '' },
  lifetimeMinutes: POLICY_LIMITS.defaultLifetimeMinutes,
  bindIp: true,
  allowIpv6WithoutBinding: false,
  allowedOrigins: [],
  revocable: true,
  forceDisconnect: false,
  tag: '',
  identity: { mode: 'none' },
  enabled: true,
};

/** A saved policy as form values; the secret field starts empty (it is never sent back). */
export function formValuesOf(policy: PlaybackPolicy): PolicyRequestInput {
  const { identity } = policy;
  return {
    name: policy.name,
    target: policy.target,
    lifetimeMinutes: policy.lifetimeMinutes,
    bindIp: policy.bindIp,
    allowIpv6WithoutBinding: policy.allowIpv6WithoutBinding,
    allowedOrigins: policy.allowedOrigins,
    revocable: policy.revocable,
    forceDisconnect: policy.forceDisconnect,
    tag: policy.tag ?? '',
    identity:
      identity.mode === 'none'
        ? { mode: 'none' }
        : identity.mode === 'secret'
          ? {
              mode: 'secret',
              secret: '',
              issuer: identity.issuer ?? '',
              audience: identity.audience ?? '',
            }
          : {
              mode: 'jwks',
              jwksUrl: identity.jwksUrl,
              issuer: identity.issuer ?? '',
              audience: identity.audience ?? '',
            },
    enabled: policy.enabled,
  };
}

/** The form fields a server issue path belongs to: `allowedOrigins.2` → `allowedOrigins`. */
const FIELDS = [
  'name',
  'target.streams',
  'target.groupId',
  'lifetimeMinutes',
  'allowedOrigins',
  'tag',
  'identity.secret',
  'identity.jwksUrl',
  'identity.issuer',
  'identity.audience',
] as const;
export type PolicyField = (typeof FIELDS)[number];

export function policyFieldFor(path: string): PolicyField | null {
  return FIELDS.find((field) => path === field || path.startsWith(`${field}.`)) ?? null;
}
