import type { IdentityView, JwksKeySummary, PlaybackPolicy } from '@ptd/contracts';
import { formatMinutes } from '@/lib/format.ts';

/** A token lifetime: 30 → "30 minutes", 90 → "1 hour 30 minutes". */
export const describeLifetime = formatMinutes;

export function describeIdentity(identity: IdentityView): string {
  if (identity.mode === 'secret') {
    return identity.secretSet
      ? 'Signed-in viewers only (JWT signed with the shared secret)'
      : 'Signed-in viewers only (no shared secret set)';
  }
  if (identity.mode === 'jwks')
    return `Signed-in viewers only (JWT checked with ${identity.jwksUrl})`;
  return 'Not required';
}

/** "site-key-1 (ES256), a key without id (RSA)": what staff need to match a site's keys. */
export function describeJwksKeys(keys: JwksKeySummary[]): string {
  if (keys.length === 0)
    return 'Keys found when saved: none recorded yet (save the policy to check)';
  const names = keys.map(
    (key) => `${key.kid ?? 'a key without id'} (${key.alg ?? key.crv ?? key.kty})`,
  );
  return `Keys found when saved: ${names.join(', ')}`;
}

export function describeBinding(
  policy: Pick<PlaybackPolicy, 'bindIp' | 'allowIpv6WithoutBinding'>,
) {
  if (!policy.bindIp) return 'Not bound to the viewer’s IP address';
  return policy.allowIpv6WithoutBinding
    ? 'Bound to the viewer’s IPv4 address; IPv6 viewers get an unbound token'
    : 'Bound to the viewer’s IPv4 address; IPv6 viewers are refused';
}
