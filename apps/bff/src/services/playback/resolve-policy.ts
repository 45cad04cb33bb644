import type { PlaybackTokenRequest } from '@ptd/contracts';
import type { PolicyRepository } from '../../db/repositories/policies.ts';
import { policyOrigins, type PolicyRow } from '../../db/repositories/policy-record.ts';
import { HttpError } from '../../lib/errors.ts';

const notFound = (message: string) => new HttpError(404, 'policy-not-found', message);

/**
 * The policy a request names: by id, or the one policy targeting the stream group. Several
 * enabled policies may target one group (say, one per site): the requesting site's origin
 * picks one.
 */
export async function resolvePolicy(
  policies: Pick<PolicyRepository, 'cachedById' | 'cachedByGroup'>,
  body: PlaybackTokenRequest,
  origin: string | null,
): Promise<PolicyRow> {
  if (body.policy !== undefined) {
    const policy = await policies.cachedById(body.policy);
    if (!policy) throw notFound('There is no playback policy with this id.');
    return policy;
  }
  const candidates = await policies.cachedByGroup(body.groupid ?? '');
  if (candidates.length === 0) throw notFound('No playback policy covers this stream group.');
  const enabled = candidates.filter((policy) => policy.enabled);
  if (enabled.length === 0) return candidates[0] as PolicyRow;
  const forSite = enabled.filter((policy) => origin && policyOrigins(policy).includes(origin));
  if (forSite.length > 1) {
    throw new HttpError(
      409,
      'policy-ambiguous',
      'Several playback policies cover this stream group for this site: send the policy id instead.',
    );
  }
  return forSite[0] ?? (enabled[0] as PolicyRow);
}
